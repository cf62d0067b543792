-- merge.sql: run in a file's transaction once its facts are in. Records the
-- periods it reports and its counts, then, for every (dataset, period) the
-- file touches (and any a file forgotten by forget.sql touched), makes the
-- newest release of the dataset current, records in revisions what a newer
-- release restated or dropped, and lists the periods whose country_summary
-- rows must be rebuilt (temp.summary_scope, for summary.sql). Releases of
-- different parts of one dataset (source_files.part) never replace each other.
-- Parameters: :file_id, :rows_loaded, :rows_rejected, :rows_skipped, :facts,
-- :file_groups (1 when the writer counted the file's facts in summary.sql's
-- groups, model/fact_groups.c), :file_seen (1 when it noted the file's
-- periods and countries in temp.seen_periods and temp.seen_countries, so
-- that they need not be read from the rows), and
-- :first_fact, :last_fact, :first_note, :last_note (the rowids of the file's
-- first and last fact_rows and fact_notes: a file's rows are written in one
-- transaction, so they lie together, and reading them in rowid order is a
-- scan, where the file index would fetch each row from wherever it is).
-- A release is newer when the latest period it reports is later; between two
-- files reporting the same latest period, the one loaded last.

-- a period only notes speak of is reported too (their figures may all be blank)
INSERT INTO file_periods (file_id, period_start, period_end)
SELECT :file_id, period_start, period_end FROM temp.seen_periods
WHERE :file_seen
UNION
SELECT file_id, period_start, period_end FROM fact_rows
WHERE NOT :file_seen AND id BETWEEN :first_fact AND :last_fact AND +file_id = :file_id
UNION
SELECT file_id, period_start, period_end FROM fact_notes
WHERE NOT :file_seen AND id BETWEEN :first_note AND :last_note AND +file_id = :file_id;

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
-- arrives late, older than the current one, records nothing.) The periods
-- and their previous release go in temp.revised; store_revise.c compares
-- the rows into temp.revised_rows and records them in revisions (or runs
-- revise.sql).
CREATE TEMP TABLE IF NOT EXISTS revised (
    dataset_id INTEGER NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    previous INTEGER NOT NULL,
    PRIMARY KEY (dataset_id, period_start, period_end, previous)
) WITHOUT ROWID;

DELETE FROM temp.revised;

INSERT INTO temp.revised (dataset_id, period_start, period_end, previous)
SELECT DISTINCT dataset_id, period_start, period_end, previous FROM temp.winners
WHERE winner = :file_id AND previous IS NOT NULL;

CREATE TEMP TABLE IF NOT EXISTS revised_rows (
    kind TEXT NOT NULL,
    dataset_id INTEGER NOT NULL,
    request_type TEXT NOT NULL,
    country TEXT,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    legal_process TEXT,
    requester TEXT,
    product TEXT,
    reason TEXT,
    subcategory TEXT,
    detail TEXT,
    metric TEXT NOT NULL,
    old_low NUMERIC,
    old_high NUMERIC,
    old_raw TEXT,
    new_low NUMERIC,
    new_high NUMERIC,
    new_raw TEXT,
    old_file INTEGER NOT NULL,
    old_line INTEGER NOT NULL,
    new_line INTEGER
);

DELETE FROM temp.revised_rows;

-- what each dataset first reported, and in which run: 'trdb changes' reads it,
-- and forgetting a file (ingest --force) does not make old news new
INSERT OR IGNORE INTO first_seen (dataset_id, what, period_start, period_end, country, run,
                                  file_id)
SELECT s.dataset_id, 'period', fp.period_start, fp.period_end, '', s.run, s.id
FROM file_periods fp JOIN source_files s ON s.id = fp.file_id
WHERE fp.file_id = :file_id;

INSERT OR IGNORE INTO first_seen (dataset_id, what, period_start, period_end, country, run,
                                  file_id)
SELECT c.dataset_id, 'country', '', '', c.country, s.run, s.id
FROM temp.seen_countries c JOIN source_files s ON s.id = :file_id
WHERE :file_seen
UNION ALL
SELECT DISTINCT f.dataset_id, 'country', '', '', f.country, s.run, s.id
FROM fact_rows f JOIN source_files s ON s.id = f.file_id
WHERE NOT :file_seen AND f.id BETWEEN :first_fact AND :last_fact AND +f.file_id = :file_id
  AND f.country IS NOT NULL;

-- Which rows are current. Before this file, the newest of the other releases
-- of each period and part was current, and this file's rows are stored
-- current; so the rows that change are the newest release's (when it is not
-- this file), the release's before it (which was the newest), and this
-- file's where it is not the newest. They are read by rowid (a file's rows
-- lie together), not through the period index.
DROP TABLE IF EXISTS temp.flip;
CREATE TEMP TABLE flip AS
SELECT f.file_id, s.part,
       (SELECT min(id) FROM fact_rows WHERE file_id = f.file_id) AS first_id,
       (SELECT max(id) FROM fact_rows WHERE file_id = f.file_id) AS last_id
FROM (SELECT winner AS file_id FROM temp.winners WHERE winner IS NOT :file_id
      UNION SELECT previous FROM temp.winners WHERE previous IS NOT NULL
      UNION SELECT :file_id WHERE EXISTS (SELECT 1 FROM temp.winners WHERE winner IS NOT :file_id)) f
JOIN source_files s ON s.id = f.file_id;

UPDATE fact_rows SET is_current = NOT is_current
WHERE id IN (
    SELECT f.id
    FROM temp.flip fl
    CROSS JOIN fact_rows f ON f.id BETWEEN fl.first_id AND fl.last_id AND +f.file_id = fl.file_id
    CROSS JOIN temp.winners w
      ON w.dataset_id = f.dataset_id AND w.period_start = f.period_start
     AND w.period_end = f.period_end AND w.part IS fl.part
    WHERE f.is_current != (f.file_id IS w.winner));

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
