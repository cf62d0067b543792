-- rebuild.sql: the scope of a rebuild of the whole country_summary (trdb init
-- --rebuild-summary): every (publisher, period) that has facts, and every one
-- that has summary rows (so rows no fact supports any more go too). Then
-- summary.sql and app_summary.sql run over it, as after a file, counting
-- every fact from the rows (no writer's groups: temp.summary_known is empty).

CREATE TEMP TABLE IF NOT EXISTS summary_scope (
    publisher TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL
);

DELETE FROM temp.summary_scope;

INSERT INTO temp.summary_scope (publisher, period_start, period_end)
SELECT p.name, fp.period_start, fp.period_end
FROM file_periods fp
JOIN source_files s ON s.id = fp.file_id
JOIN datasets d ON d.id = s.dataset_id
JOIN publishers p ON p.id = d.publisher_id
UNION
SELECT publisher, period_start, period_end
FROM country_summary
WHERE measure != 'apps_removed_observed';

CREATE TEMP TABLE IF NOT EXISTS summary_known (
    dataset_id INTEGER NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    PRIMARY KEY (dataset_id, period_start, period_end)
) WITHOUT ROWID;

DELETE FROM temp.summary_known;

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
