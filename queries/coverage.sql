-- name: coverage
-- postgresql: yes
-- description: what the database holds, per publisher and dataset: files loaded, rows loaded and rejected, the first and last period its files report, when a file of it was last loaded
SELECT p.name AS publisher,
       d.name AS dataset,
       count(*) AS files,
       sum(s.rows_loaded) AS rows_loaded,
       sum(s.rows_rejected) AS rows_rejected,
       (SELECT min(fp.period_start) FROM file_periods fp
        JOIN source_files f ON f.id = fp.file_id WHERE f.dataset_id = d.id) AS first_period_start,
       (SELECT max(fp.period_end) FROM file_periods fp
        JOIN source_files f ON f.id = fp.file_id WHERE f.dataset_id = d.id) AS last_period_end,
       max(s.first_seen) AS last_loaded
FROM source_files s
JOIN datasets d ON d.id = s.dataset_id
JOIN publishers p ON p.id = d.publisher_id
GROUP BY d.id, p.name, d.name
ORDER BY p.name, d.name;
