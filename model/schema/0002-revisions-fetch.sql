-- Schema version 2: restatements between releases, and the state of fetched
-- downloads.

-- A figure a newer release of a dataset published differently from the
-- release it replaced (kind 'changed'), or no longer published at all
-- (kind 'vanished', new_* NULL). The key is the fact's: dataset, country,
-- period and dimensions, metric.
CREATE TABLE revisions (
    id INTEGER PRIMARY KEY,
    run INTEGER REFERENCES ingest_runs(id),
    kind TEXT NOT NULL CHECK (kind IN ('changed', 'vanished')),
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    request_type TEXT NOT NULL,
    country TEXT,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    legal_process TEXT,
    requester TEXT,
    product TEXT,
    reason TEXT,
    detail TEXT,
    metric TEXT NOT NULL,
    old_low NUMERIC,
    old_high NUMERIC,
    old_raw TEXT,
    new_low NUMERIC,
    new_high NUMERIC,
    new_raw TEXT,
    old_file INTEGER NOT NULL REFERENCES source_files(id),
    old_line INTEGER NOT NULL,
    new_file INTEGER NOT NULL REFERENCES source_files(id),
    new_line INTEGER
);
CREATE INDEX revisions_run ON revisions(run);

-- Comparing two releases looks a figure up by its file, country and metric;
-- rebuilding the summary finds its rows by publisher and period.
CREATE INDEX fact_rows_key ON fact_rows(file_id, country, metric);
CREATE INDEX country_summary_period ON country_summary(publisher, period_start, period_end);

-- When each dataset first reported a period or a country (for 'trdb changes').
-- file_id is kept only as a pointer: the file may since have been forgotten.
CREATE TABLE first_seen (
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    what TEXT NOT NULL CHECK (what IN ('period', 'country')),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    country TEXT NOT NULL,
    run INTEGER,
    file_id INTEGER,
    PRIMARY KEY (dataset_id, what, period_start, period_end, country)
) WITHOUT ROWID;

-- Each URL of data/sources.json trdb fetched: what the server said last
-- time, for conditional requests, and where the download landed.
CREATE TABLE fetch_state (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    path TEXT,
    fetched_at TEXT,
    status TEXT
) WITHOUT ROWID;

-- The public list of revisions, with the files' paths.
CREATE VIEW revision_list AS
SELECT r.run,
       r.kind,
       p.name AS publisher,
       d.name AS dataset,
       r.request_type,
       r.country,
       r.period_start,
       r.period_end,
       r.legal_process,
       r.requester,
       r.product,
       r.reason,
       r.metric,
       r.old_low,
       r.old_high,
       r.old_raw,
       r.new_low,
       r.new_high,
       r.new_raw,
       so.path AS old_file,
       r.old_line,
       sn.path AS new_file,
       r.new_line
FROM revisions r
JOIN datasets d ON d.id = r.dataset_id
JOIN publishers p ON p.id = d.publisher_id
JOIN source_files so ON so.id = r.old_file
JOIN source_files sn ON sn.id = r.new_file;
