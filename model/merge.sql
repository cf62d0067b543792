-- merge.sql: run in a file's transaction once its facts are in. Records the
-- periods it reports and its counts, then, for every (dataset, period) the
-- file touches (and any a file forgotten by forget.sql touched), makes the
-- newest release of the dataset current, and lists the periods whose
-- country_summary rows must be rebuilt (temp.summary_scope, for summary.sql).
-- Parameters: :file_id, :rows_loaded, :rows_rejected, :rows_skipped, :facts.
-- A release is newer when the latest period it reports is later; between two
-- files reporting the same latest period, the one loaded last.

INSERT INTO file_periods (file_id, period_start, period_end)
SELECT DISTINCT file_id, period_start, period_end FROM fact_rows WHERE file_id = :file_id;

UPDATE source_files
SET rows_loaded = :rows_loaded, rows_rejected = :rows_rejected, rows_skipped = :rows_skipped,
    facts = :facts,
    coverage_end = (SELECT max(period_end) FROM file_periods WHERE file_id = :file_id)
WHERE id = :file_id;

CREATE TEMP TABLE IF NOT EXISTS touched (
    dataset_id INTEGER NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    UNIQUE (dataset_id, period_start, period_end)
);

INSERT OR IGNORE INTO temp.touched (dataset_id, period_start, period_end)
SELECT s.dataset_id, fp.period_start, fp.period_end
FROM file_periods fp JOIN source_files s ON s.id = fp.file_id
WHERE fp.file_id = :file_id;

UPDATE fact_rows SET is_current = (fact_rows.file_id IS w.winner)
FROM (SELECT t.dataset_id, t.period_start, t.period_end,
             (SELECT f2.file_id
              FROM file_periods f2 JOIN source_files s2 ON s2.id = f2.file_id
              WHERE s2.dataset_id = t.dataset_id AND f2.period_start = t.period_start
                AND f2.period_end = t.period_end
              ORDER BY s2.coverage_end DESC, s2.id DESC LIMIT 1) AS winner
      FROM temp.touched t) AS w
WHERE fact_rows.dataset_id = w.dataset_id
  AND fact_rows.period_start = w.period_start AND fact_rows.period_end = w.period_end
  AND fact_rows.is_current != (fact_rows.file_id IS w.winner);

CREATE TEMP TABLE IF NOT EXISTS summary_scope (
    publisher TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL
);

DELETE FROM temp.summary_scope;

INSERT INTO temp.summary_scope (publisher, period_start, period_end)
SELECT DISTINCT p.name, t.period_start, t.period_end
FROM temp.touched t
JOIN datasets d ON d.id = t.dataset_id
JOIN publishers p ON p.id = d.publisher_id;

DELETE FROM temp.touched;
