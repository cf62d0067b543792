-- name: country-sources
-- postgresql: yes
-- description: the source files behind one country's figures and app records: path, sha256, publisher, dataset, profile, how many of its records are about the country, when the file was first seen
-- param: cc country required the country: an ISO code or a name
--
-- The app records are counted from the rollups kept at ingest
-- (model/rollup.sql), not recounted: a storefront of a long removal list
-- costs no more than any other.
WITH f AS (
    SELECT file_id, count(*) AS n FROM fact_rows WHERE country = :cc AND is_current <> 0 GROUP BY file_id
    UNION ALL
    SELECT file_id, removals FROM app_removal_files WHERE storefront = :cc
    UNION ALL
    SELECT file_id, observations FROM app_observation_files WHERE storefront = :cc
)
SELECT s.path,
       coalesce(s.content_sha256, s.sha256) AS sha256,
       p.name AS publisher,
       d.name AS dataset,
       s.profile,
       sum(f.n) AS records,
       s.first_seen
FROM f
JOIN source_files s ON s.id = f.file_id
JOIN datasets d ON d.id = s.dataset_id
JOIN publishers p ON p.id = d.publisher_id
GROUP BY s.id, p.name, d.name
ORDER BY p.name, d.name, s.path;
