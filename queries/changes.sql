-- name: changes
-- postgresql: yes
-- description: what ingest runs since RUN brought: new periods and new countries per dataset, columns no profile reads that a dataset's files did not have before, and restatements (figures a newer release changed or dropped, with old and new values and both files; figures a newer file of another layout breaks down differently, counted on one 'new layout' line per period)
-- param: since int - the first run to look at (default: the latest run that loaded a file)
WITH since AS (
    SELECT coalesce(:since,
                    (SELECT max(id) FROM ingest_runs WHERE files_loaded > 0), 0) AS run
),
first_period AS (
    SELECT dataset_id, period_start, period_end, run, file_id
    FROM first_seen WHERE what = 'period'
),
-- restatements; a figure a newer file of another layout (profile) no longer
-- has, for a country and period the newer file does give, is not listed one
-- by one: the newer layout breaks it down differently (Google's removal
-- requests by requester group, then by requester), so it is one 'new
-- layout' line per period and pair of files. A country the newer file
-- leaves out altogether is still 'dropped', figure by figure.
revs AS (
    SELECT r.*, p.name AS publisher, d.name AS dataset, so.path AS old_path,
           sn.path AS new_path,
           so.profile IS DISTINCT FROM sn.profile AND r.kind = 'vanished' AND EXISTS (
               -- through the index on (country, period_end): a file's own rows are many
               SELECT 1 FROM fact_rows f
               WHERE +f.file_id = r.new_file AND f.country = r.country
                 AND f.period_start = r.period_start AND f.period_end = r.period_end
           ) AS relaid
    FROM revisions r
    JOIN datasets d ON d.id = r.dataset_id
    JOIN publishers p ON p.id = d.publisher_id
    JOIN source_files so ON so.id = r.old_file
    JOIN source_files sn ON sn.id = r.new_file, since
    WHERE r.run >= since.run
),
first_country AS (
    SELECT dataset_id, country, run, file_id
    FROM first_seen WHERE what = 'country'
)
SELECT fp.run, 'new period' AS change, p.name AS publisher, d.name AS dataset,
       CAST(NULL AS TEXT) AS country, fp.period_start, fp.period_end,
       CAST(NULL AS TEXT) AS what, CAST(NULL AS NUMERIC) AS old_low,
       CAST(NULL AS NUMERIC) AS old_high, CAST(NULL AS NUMERIC) AS new_low,
       CAST(NULL AS NUMERIC) AS new_high, sf.path AS file, CAST(NULL AS TEXT) AS old_file
FROM first_period fp
JOIN datasets d ON d.id = fp.dataset_id
JOIN publishers p ON p.id = d.publisher_id
LEFT JOIN source_files sf ON sf.id = fp.file_id, since
WHERE fp.run >= since.run
UNION ALL
SELECT fc.run, 'new country', p.name, d.name, fc.country, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, sf.path, NULL
FROM first_country fc
JOIN datasets d ON d.id = fc.dataset_id
JOIN publishers p ON p.id = d.publisher_id
LEFT JOIN source_files sf ON sf.id = fc.file_id, since
WHERE fc.run >= since.run
UNION ALL
SELECT r.run, CASE r.kind WHEN 'changed' THEN 'restated' ELSE 'dropped' END, r.publisher,
       r.dataset, r.country, r.period_start, r.period_end,
       trim(r.metric || ' ' || coalesce(r.legal_process, '') || ' ' ||
            coalesce(r.requester, '') || ' ' || coalesce(r.product, '') || ' ' ||
            coalesce(r.reason, '')),
       r.old_low, r.old_high, r.new_low, r.new_high, r.new_path, r.old_path
FROM revs r
WHERE NOT (r.kind = 'vanished' AND r.relaid)
UNION ALL
SELECT r.run, 'new layout', r.publisher, r.dataset, NULL, r.period_start, r.period_end,
       count(*) || ' figures of the older layout, which the newer one breaks down differently',
       NULL, NULL, NULL, NULL, r.new_path, r.old_path
FROM revs r
WHERE r.kind = 'vanished' AND r.relaid
GROUP BY r.run, r.dataset_id, r.period_start, r.period_end, r.old_file, r.new_file,
         r.publisher, r.dataset, r.new_path, r.old_path
UNION ALL
-- a column nothing reads, in the first file of its dataset that has it
SELECT sf.run, 'new column', p.name, d.name, NULL, NULL, NULL,
       'column ' || fc.position || ' ''' || fc.name || ''' is not read (profile ' || sf.profile || ')',
       NULL, NULL, NULL, NULL, sf.path, NULL
FROM file_columns fc
JOIN source_files sf ON sf.id = fc.file_id
JOIN datasets d ON d.id = sf.dataset_id
JOIN publishers p ON p.id = d.publisher_id, since
WHERE fc.status = 'unread' AND sf.run >= since.run
  AND NOT EXISTS (
      SELECT 1 FROM file_columns e JOIN source_files se ON se.id = e.file_id
      WHERE e.name = fc.name AND se.dataset_id = sf.dataset_id AND se.id < sf.id
  )
ORDER BY 1, 2, 3, 4, 5 NULLS FIRST, 6 NULLS FIRST, 7 NULLS FIRST, 8 NULLS FIRST, 9 NULLS FIRST,
         10 NULLS FIRST, 11 NULLS FIRST, 12 NULLS FIRST, 13 NULLS FIRST, 14 NULLS FIRST;
