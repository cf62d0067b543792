-- pg/rebuild.sql: model/rebuild.sql in PostgreSQL's dialect: the scope of a
-- rebuild of the whole country_summary (trdb init --rebuild-summary): every
-- (publisher, period) that has facts, and every one that has summary rows
-- (so rows no fact supports any more go too). Then pg/summary.sql (which
-- always counts from the rows), pg/rollup.sql and pg/app_summary.sql run
-- over it.

CREATE TEMP TABLE IF NOT EXISTS summary_scope (
    publisher TEXT COLLATE "C" NOT NULL,
    period_start TEXT COLLATE "C" NOT NULL,
    period_end TEXT COLLATE "C" NOT NULL
);

DELETE FROM pg_temp.summary_scope;

INSERT INTO pg_temp.summary_scope (publisher, period_start, period_end)
SELECT p.name, fp.period_start, fp.period_end
FROM file_periods fp
JOIN source_files s ON s.id = fp.file_id
JOIN datasets d ON d.id = s.dataset_id
JOIN publishers p ON p.id = d.publisher_id
UNION
SELECT publisher, period_start, period_end
FROM country_summary
WHERE measure <> 'apps_removed_observed';
