-- merge.sql: run in a file's transaction once its facts are in. Records the
-- periods it reports and its counts, then, for every (dataset, period) the
-- file touches (and any a file forgotten by forget.sql touched), makes the
-- newest release of the dataset current, records in revisions what a newer
-- release restated or dropped, and lists the periods whose country_summary
-- rows must be rebuilt (temp.summary_scope, for summary.sql). Releases of
-- different parts of one dataset (source_files.part) never replace each other.
-- Parameters: :file_id, :rows_loaded, :rows_rejected, :rows_skipped, :facts,
-- :file_groups (1 when the writer counted the file's facts in summary.sql's
-- groups, model/fact_groups.c), and
-- :first_fact, :last_fact, :first_note, :last_note (the rowids of the file's
-- first and last fact_rows and fact_notes: a file's rows are written in one
-- transaction, so they lie together, and reading them in rowid order is a
-- scan, where the file index would fetch each row from wherever it is).
-- A release is newer when the latest period it reports is later; between two
-- files reporting the same latest period, the one loaded last.

-- a period only notes speak of is reported too (their figures may all be blank)
INSERT INTO file_periods (file_id, period_start, period_end)
SELECT file_id, period_start, period_end FROM fact_rows
WHERE id BETWEEN :first_fact AND :last_fact AND +file_id = :file_id
UNION
SELECT file_id, period_start, period_end FROM fact_notes
WHERE id BETWEEN :first_note AND :last_note AND +file_id = :file_id;

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

-- the newest release of each touched (dataset, period) and part of the dataset
-- (source_files.part: one DSA service of a provider that publishes several;
-- NULL for files of the whole dataset), and the release before it
DROP TABLE IF EXISTS temp.winners;
CREATE TEMP TABLE winners AS
SELECT t.dataset_id, t.period_start, t.period_end, pt.part,
       (SELECT f2.file_id
        FROM file_periods f2 JOIN source_files s2 ON s2.id = f2.file_id
        WHERE s2.dataset_id = t.dataset_id AND f2.period_start = t.period_start
          AND f2.period_end = t.period_end AND s2.part IS pt.part
        ORDER BY s2.coverage_end DESC, s2.id DESC LIMIT 1) AS winner,
       (SELECT f3.file_id
        FROM file_periods f3 JOIN source_files s3 ON s3.id = f3.file_id
        WHERE s3.dataset_id = t.dataset_id AND f3.period_start = t.period_start
          AND f3.period_end = t.period_end AND s3.part IS pt.part
        ORDER BY s3.coverage_end DESC, s3.id DESC LIMIT 1 OFFSET 1) AS previous
FROM temp.touched t
JOIN (SELECT DISTINCT s.dataset_id, fp.period_start, fp.period_end, s.part
      FROM temp.touched tt
      CROSS JOIN source_files s ON s.dataset_id = tt.dataset_id
      JOIN file_periods fp ON fp.file_id = s.id AND fp.period_start = tt.period_start
       AND fp.period_end = tt.period_end) pt
  ON pt.dataset_id = t.dataset_id AND pt.period_start = t.period_start
 AND pt.period_end = t.period_end;

-- Restatements: where this file is the newest release of a period, every
-- figure of the release before it that this one publishes differently, or
-- not at all. A key a file repeats is paired in line order. (A release that
-- arrives late, older than the current one, records nothing.)
WITH old AS (
    SELECT o.*, row_number() OVER (
               PARTITION BY o.request_type, o.country, o.legal_process, o.requester, o.product,
                            o.reason, o.subcategory, o.detail, o.metric, o.period_start,
                            o.period_end
               ORDER BY o.line) AS rn
    FROM temp.winners w
    CROSS JOIN fact_rows o
      ON o.dataset_id = w.dataset_id AND o.period_start = w.period_start
     AND o.period_end = w.period_end AND o.file_id = w.previous
    WHERE w.winner = :file_id AND w.previous IS NOT NULL
),
new AS (
    SELECT n.*, row_number() OVER (
               PARTITION BY n.request_type, n.country, n.legal_process, n.requester, n.product,
                            n.reason, n.subcategory, n.detail, n.metric, n.period_start,
                            n.period_end
               ORDER BY n.line) AS rn
    FROM temp.winners w
    CROSS JOIN fact_rows n
      ON n.dataset_id = w.dataset_id AND n.period_start = w.period_start
     AND n.period_end = w.period_end AND n.file_id = w.winner
    WHERE w.winner = :file_id AND w.previous IS NOT NULL
)
INSERT INTO revisions (run, kind, dataset_id, request_type, country, period_start, period_end,
                       legal_process, requester, product, reason, subcategory, detail, metric,
                       old_low, old_high, old_raw, new_low, new_high, new_raw,
                       old_file, old_line, new_file, new_line)
SELECT (SELECT run FROM source_files WHERE id = :file_id),
       CASE WHEN n.id IS NULL THEN 'vanished' ELSE 'changed' END,
       o.dataset_id, o.request_type, o.country, o.period_start, o.period_end,
       o.legal_process, o.requester, o.product, o.reason, o.subcategory, o.detail, o.metric,
       o.value_low, o.value_high, o.value_raw, n.value_low, n.value_high, n.value_raw,
       o.file_id, o.line, :file_id, n.line
FROM old o
LEFT JOIN new n
  ON n.period_start = o.period_start AND n.period_end = o.period_end
 AND n.request_type = o.request_type AND n.country IS o.country
 AND n.legal_process IS o.legal_process AND n.requester IS o.requester
 AND n.product IS o.product AND n.reason IS o.reason AND n.subcategory IS o.subcategory
 AND n.detail IS o.detail
 AND n.metric = o.metric AND n.rn = o.rn
WHERE n.id IS NULL OR n.value_low IS NOT o.value_low OR n.value_high IS NOT o.value_high;

-- what each dataset first reported, and in which run: 'trdb changes' reads it,
-- and forgetting a file (ingest --force) does not make old news new
INSERT OR IGNORE INTO first_seen (dataset_id, what, period_start, period_end, country, run,
                                  file_id)
SELECT s.dataset_id, 'period', fp.period_start, fp.period_end, '', s.run, s.id
FROM file_periods fp JOIN source_files s ON s.id = fp.file_id
WHERE fp.file_id = :file_id;

INSERT OR IGNORE INTO first_seen (dataset_id, what, period_start, period_end, country, run,
                                  file_id)
SELECT DISTINCT f.dataset_id, 'country', '', '', f.country, s.run, s.id
FROM fact_rows f JOIN source_files s ON s.id = f.file_id
WHERE f.id BETWEEN :first_fact AND :last_fact AND +f.file_id = :file_id
  AND f.country IS NOT NULL;

-- (a file's rows are stored current: where it is the only release of a
-- period and part, nothing changes)
UPDATE fact_rows SET is_current = (fact_rows.file_id IS w.winner)
FROM temp.winners AS w
WHERE NOT (w.winner = :file_id AND w.previous IS NULL)
  AND fact_rows.dataset_id = w.dataset_id
  AND fact_rows.period_start = w.period_start AND fact_rows.period_end = w.period_end
  AND (SELECT s.part FROM source_files s WHERE s.id = fact_rows.file_id) IS w.part
  AND fact_rows.is_current != (fact_rows.file_id IS w.winner);

-- notes follow their file's facts: the newest release's are current
UPDATE fact_notes SET is_current = (fact_notes.file_id IS w.winner)
FROM temp.winners AS w
WHERE NOT (w.winner = :file_id AND w.previous IS NULL)
  AND fact_notes.dataset_id = w.dataset_id
  AND fact_notes.period_start = w.period_start AND fact_notes.period_end = w.period_end
  AND (SELECT s.part FROM source_files s WHERE s.id = fact_notes.file_id) IS w.part
  AND fact_notes.is_current != (fact_notes.file_id IS w.winner);

CREATE TEMP TABLE IF NOT EXISTS summary_scope (
    publisher TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL
);

DELETE FROM temp.summary_scope;

-- the (dataset, period) pairs whose current facts are all this file's, of every
-- part (it is the newest release of each): summary.sql takes their counts from
-- the writer's groups (temp.fact_groups) instead of the rows
CREATE TEMP TABLE IF NOT EXISTS summary_known (
    dataset_id INTEGER NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    PRIMARY KEY (dataset_id, period_start, period_end)
) WITHOUT ROWID;

DELETE FROM temp.summary_known;

INSERT INTO temp.summary_known (dataset_id, period_start, period_end)
SELECT dataset_id, period_start, period_end FROM temp.winners
WHERE :file_groups
GROUP BY dataset_id, period_start, period_end
HAVING min(winner IS :file_id) = 1;

CREATE TEMP TABLE IF NOT EXISTS fact_groups (
    dataset_id INTEGER NOT NULL,
    country TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    request_type TEXT NOT NULL,
    metric TEXT NOT NULL,
    is_aggregate INTEGER NOT NULL,
    is_total INTEGER NOT NULL,
    no_sub INTEGER NOT NULL,
    product TEXT,
    n INTEGER NOT NULL,
    n_low INTEGER NOT NULL,
    sum_low REAL NOT NULL,
    n_high INTEGER NOT NULL,
    sum_high REAL NOT NULL,
    sum_w REAL NOT NULL,
    sum_lw REAL NOT NULL
);

DELETE FROM temp.fact_groups;

INSERT INTO temp.summary_scope (publisher, period_start, period_end)
SELECT DISTINCT p.name, t.period_start, t.period_end
FROM temp.touched t
JOIN datasets d ON d.id = t.dataset_id
JOIN publishers p ON p.id = d.publisher_id;

DELETE FROM temp.touched;
