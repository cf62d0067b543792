-- Schema version 1: sources, facts, rejects, runs and the country summary.
-- Applied once to an empty database (PRAGMA user_version 0 -> 1); later
-- versions add files 0002-..., never edit this one.
-- The public contract is the facts view and the country_summary table
-- (DESIGN.md); the tables behind them may change with a migration.

CREATE TABLE countries (
    code TEXT PRIMARY KEY,         -- ISO 3166-1 alpha-2, or XK, EU, UN, XE, XI, ZZ
    name TEXT NOT NULL,
    kind TEXT NOT NULL             -- country, territory, supranational, unspecified
) WITHOUT ROWID;

CREATE TABLE publishers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    publisher_id INTEGER NOT NULL REFERENCES publishers(id),
    name TEXT NOT NULL,
    in_summary INTEGER NOT NULL DEFAULT 1,   -- feeds country_summary
    UNIQUE (publisher_id, name)
);

CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    files_seen INTEGER NOT NULL DEFAULT 0,
    files_loaded INTEGER NOT NULL DEFAULT 0,
    files_unchanged INTEGER NOT NULL DEFAULT 0,
    files_failed INTEGER NOT NULL DEFAULT 0,
    rows_loaded INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    exit_code INTEGER
);

CREATE TABLE source_files (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    bytes INTEGER NOT NULL,
    profile TEXT NOT NULL,
    publisher TEXT NOT NULL,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    first_seen TEXT NOT NULL,
    run INTEGER REFERENCES ingest_runs(id),
    rows_loaded INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    rows_skipped INTEGER NOT NULL DEFAULT 0,
    facts INTEGER NOT NULL DEFAULT 0,
    coverage_end TEXT              -- the latest period end in the file: orders releases
);
CREATE INDEX source_files_dataset ON source_files(dataset_id);

-- The periods each file reports: a newer release of a dataset replaces an
-- older one's figures for every period both cover.
CREATE TABLE file_periods (
    file_id INTEGER NOT NULL REFERENCES source_files(id),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    PRIMARY KEY (file_id, period_start, period_end)
) WITHOUT ROWID;
CREATE INDEX file_periods_period ON file_periods(period_start, period_end);

CREATE TABLE fact_rows (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES source_files(id),
    line INTEGER NOT NULL,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    request_type TEXT NOT NULL,
    country TEXT REFERENCES countries(code),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    legal_process TEXT,
    requester TEXT,
    product TEXT,
    reason TEXT,
    detail TEXT,                   -- item-level records: what identifies the item
    metric TEXT NOT NULL,
    value_low NUMERIC,
    value_high NUMERIC,
    value_raw TEXT,
    is_aggregate INTEGER NOT NULL DEFAULT 0,
    footnote INTEGER NOT NULL DEFAULT 0,
    is_current INTEGER NOT NULL DEFAULT 1   -- 0 once a newer release covers the period
);
CREATE INDEX fact_rows_period ON fact_rows(dataset_id, period_start, period_end);
CREATE INDEX fact_rows_file ON fact_rows(file_id, line);
CREATE INDEX fact_rows_country ON fact_rows(country, period_end);

CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES source_files(id),
    run INTEGER REFERENCES ingest_runs(id),
    line INTEGER NOT NULL,
    column_name TEXT,
    reason TEXT NOT NULL,
    raw TEXT
);
CREATE INDEX rejects_file ON rejects(file_id);

-- Which facts each summary measure adds up (pct_disclosed is computed apart:
-- it is a request-weighted mean, not a sum).
CREATE TABLE measure_rules (
    measure TEXT NOT NULL,
    request_type TEXT NOT NULL,
    metric TEXT NOT NULL,
    PRIMARY KEY (measure, request_type, metric)
) WITHOUT ROWID;
INSERT INTO measure_rules VALUES
    ('user_data_requests', 'user_data', 'requests'),
    ('user_data_requests', 'emergency', 'requests'),
    ('user_data_accounts', 'user_data', 'accounts'),
    ('user_data_accounts', 'emergency', 'accounts'),
    ('emergency_requests', 'emergency', 'requests'),
    ('preservation_requests', 'preservation', 'requests'),
    ('removal_requests', 'content_removal', 'requests'),
    ('removal_items', 'content_removal', 'items'),
    ('apps_removed_reported', 'app_removal', 'apps_removed');

CREATE TABLE country_summary (
    country TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    publisher TEXT NOT NULL,
    measure TEXT NOT NULL,
    low NUMERIC,
    high NUMERIC,
    n_facts INTEGER NOT NULL,
    PRIMARY KEY (country, period_start, period_end, publisher, measure)
) WITHOUT ROWID;

CREATE VIEW facts AS
SELECT p.name AS publisher,
       d.name AS dataset,
       f.request_type,
       f.country,
       c.name AS country_name,
       f.period_start,
       f.period_end,
       f.legal_process,
       f.requester,
       f.product,
       f.reason,
       f.metric,
       f.value_low,
       f.value_high,
       f.value_raw,
       f.is_aggregate,
       s.path AS source_file,
       f.line AS source_line
FROM fact_rows f
JOIN datasets d ON d.id = f.dataset_id
JOIN publishers p ON p.id = d.publisher_id
JOIN source_files s ON s.id = f.file_id
LEFT JOIN countries c ON c.code = f.country
WHERE f.is_current;
