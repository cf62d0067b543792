-- name: sources
-- postgresql: yes
-- description: the source files loaded: path, sha256, size, profile, publisher and dataset, rows loaded and rejected, when first seen
-- param: publisher publisher - only this publisher (default: all)
SELECT s.path,
       coalesce(s.content_sha256, s.sha256) AS sha256,
       s.bytes,
       s.profile,
       s.publisher,
       d.name AS dataset,
       s.rows_loaded,
       s.rows_rejected,
       s.facts,
       s.coverage_end,
       s.first_seen
FROM source_files s
JOIN datasets d ON d.id = s.dataset_id
WHERE :publisher IS NULL OR s.publisher = :publisher
ORDER BY s.id;
