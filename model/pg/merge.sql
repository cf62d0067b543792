-- pg/merge.sql: model/merge.sql in PostgreSQL's dialect, run in a file's
-- transaction once its facts are in (model/store_pgw.c). Records the periods
-- the file reports and its counts, then, for every (dataset, period) it
-- touches (and any a file forgotten by pg/forget.sql touched), makes the
-- newest release current, leaves in pg_temp.winners what pg/revise.sql
-- compares, and lists in summary_scope the periods pg/summary.sql rebuilds.
-- The rules are merge.sql's; the writer keeps no groups or row spans here,
-- so the file's rows are read through their file index.
-- Parameters (bigint): :file_id, :rows_loaded, :rows_rejected,
-- :rows_skipped, :facts.

-- a period only notes speak of is reported too (their figures may all be blank)
INSERT INTO file_periods (file_id, period_start, period_end)
SELECT file_id, period_start, period_end FROM fact_rows WHERE file_id = :file_id
UNION
SELECT file_id, period_start, period_end FROM fact_notes WHERE file_id = :file_id;

UPDATE source_files
SET rows_loaded = :rows_loaded, rows_rejected = :rows_rejected, rows_skipped = :rows_skipped,
    facts = :facts,
    coverage_end = (SELECT max(period_end) FROM file_periods WHERE file_id = :file_id)
WHERE id = :file_id;

CREATE TEMP TABLE IF NOT EXISTS touched (
    dataset_id BIGINT NOT NULL,
    period_start TEXT COLLATE "C" NOT NULL,
    period_end TEXT COLLATE "C" NOT NULL,
    UNIQUE (dataset_id, period_start, period_end)
);

INSERT INTO pg_temp.touched (dataset_id, period_start, period_end)
SELECT s.dataset_id, fp.period_start, fp.period_end
FROM file_periods fp JOIN source_files s ON s.id = fp.file_id
WHERE fp.file_id = :file_id
ON CONFLICT DO NOTHING;

-- the newest release of each touched (dataset, period) and part, and the one before it
DROP TABLE IF EXISTS pg_temp.winners;
CREATE TEMP TABLE winners AS
SELECT t.dataset_id, t.period_start, t.period_end, pt.part,
       (SELECT f2.file_id
        FROM file_periods f2 JOIN source_files s2 ON s2.id = f2.file_id
        WHERE s2.dataset_id = t.dataset_id AND f2.period_start = t.period_start
          AND f2.period_end = t.period_end AND s2.part IS NOT DISTINCT FROM pt.part
        ORDER BY s2.coverage_end DESC NULLS LAST, s2.id DESC LIMIT 1) AS winner,
       (SELECT f3.file_id
        FROM file_periods f3 JOIN source_files s3 ON s3.id = f3.file_id
        WHERE s3.dataset_id = t.dataset_id AND f3.period_start = t.period_start
          AND f3.period_end = t.period_end AND s3.part IS NOT DISTINCT FROM pt.part
        ORDER BY s3.coverage_end DESC NULLS LAST, s3.id DESC LIMIT 1 OFFSET 1) AS previous
FROM pg_temp.touched t
JOIN (SELECT DISTINCT s.dataset_id, fp.period_start, fp.period_end, s.part
      FROM pg_temp.touched tt
      JOIN source_files s ON s.dataset_id = tt.dataset_id
      JOIN file_periods fp ON fp.file_id = s.id AND fp.period_start = tt.period_start
       AND fp.period_end = tt.period_end) pt
  ON pt.dataset_id = t.dataset_id AND pt.period_start = t.period_start
 AND pt.period_end = t.period_end;

-- a new temporary table has no statistics: without them the joins below are planned blind
ANALYZE pg_temp.winners;

-- what each dataset first reported, and in which run ('trdb changes')
INSERT INTO first_seen (dataset_id, what, period_start, period_end, country, run, file_id)
SELECT s.dataset_id, 'period', fp.period_start, fp.period_end, '', s.run, s.id
FROM file_periods fp JOIN source_files s ON s.id = fp.file_id
WHERE fp.file_id = :file_id
ON CONFLICT DO NOTHING;

INSERT INTO first_seen (dataset_id, what, period_start, period_end, country, run, file_id)
SELECT DISTINCT f.dataset_id, 'country', '', '', f.country, s.run, s.id
FROM fact_rows f JOIN source_files s ON s.id = f.file_id
WHERE f.file_id = :file_id AND f.country IS NOT NULL
ON CONFLICT DO NOTHING;

-- Which rows are current: the newest release's of each period and part. Only
-- the rows of the newest release (when it is not this file), the release
-- before it and this file's can change; they are read through the file index.
UPDATE fact_rows f SET is_current = (f.file_id IS NOT DISTINCT FROM w.winner)::integer
FROM pg_temp.winners w, source_files s
WHERE f.file_id IN (SELECT winner FROM pg_temp.winners WHERE winner IS DISTINCT FROM :file_id
                    UNION SELECT previous FROM pg_temp.winners WHERE previous IS NOT NULL
                    UNION SELECT :file_id WHERE EXISTS (SELECT 1 FROM pg_temp.winners
                                                        WHERE winner IS DISTINCT FROM :file_id))
  AND s.id = f.file_id
  AND w.dataset_id = f.dataset_id AND w.period_start = f.period_start
  AND w.period_end = f.period_end AND w.part IS NOT DISTINCT FROM s.part
  AND f.is_current <> (f.file_id IS NOT DISTINCT FROM w.winner)::integer;

-- notes follow their file's facts: the newest release's are current
UPDATE fact_notes SET is_current = (fact_notes.file_id IS NOT DISTINCT FROM w.winner)::integer
FROM pg_temp.winners AS w
WHERE NOT (w.winner = :file_id AND w.previous IS NULL)
  AND fact_notes.dataset_id = w.dataset_id
  AND fact_notes.period_start = w.period_start AND fact_notes.period_end = w.period_end
  AND (SELECT s.part FROM source_files s WHERE s.id = fact_notes.file_id)
      IS NOT DISTINCT FROM w.part
  AND fact_notes.is_current <> (fact_notes.file_id IS NOT DISTINCT FROM w.winner)::integer;

CREATE TEMP TABLE IF NOT EXISTS summary_scope (
    publisher TEXT COLLATE "C" NOT NULL,
    period_start TEXT COLLATE "C" NOT NULL,
    period_end TEXT COLLATE "C" NOT NULL
);

DELETE FROM pg_temp.summary_scope;

INSERT INTO pg_temp.summary_scope (publisher, period_start, period_end)
SELECT DISTINCT p.name, t.period_start, t.period_end
FROM pg_temp.touched t
JOIN datasets d ON d.id = t.dataset_id
JOIN publishers p ON p.id = d.publisher_id;

DELETE FROM pg_temp.touched;
