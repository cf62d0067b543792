-- Schema version 3: apps, their availability per storefront, and removals
-- (listed by monitoring services, or derived from consecutive observations).

CREATE TABLE apps (
    id INTEGER PRIMARY KEY,
    store TEXT NOT NULL,            -- 'apple', 'google'
    app_id TEXT NOT NULL,           -- the store's own id, as text
    bundle_id TEXT,
    name TEXT,
    developer TEXT,
    category TEXT,
    UNIQUE (store, app_id)
);

CREATE TABLE app_observations (
    id INTEGER PRIMARY KEY,
    app INTEGER NOT NULL REFERENCES apps(id),
    storefront TEXT NOT NULL REFERENCES countries(code),
    observed_at TEXT NOT NULL,      -- ISO 8601, UTC when the source said the zone
    available INTEGER CHECK (available IN (0, 1)),  -- NULL: the capture failed (unknown)
    file_id INTEGER NOT NULL REFERENCES source_files(id),
    line INTEGER NOT NULL,
    UNIQUE (app, storefront, observed_at, file_id)  -- two sources may see the same moment
);
CREATE INDEX app_observations_file ON app_observations(file_id);

-- kind 'removed' or 'reinstated'; derived 1 when trdb inferred it from
-- observations (then last_seen_available is the last capture that had it).
-- removed_on is NULL when a removal list names the app without a date: it
-- is counted as removed, in no half-year.
CREATE TABLE app_removals (
    id INTEGER PRIMARY KEY,
    app INTEGER NOT NULL REFERENCES apps(id),
    storefront TEXT NOT NULL REFERENCES countries(code),
    removed_on TEXT,                -- YYYY-MM-DD, or NULL: the list gave no date
    kind TEXT NOT NULL CHECK (kind IN ('removed', 'reinstated')),
    derived INTEGER NOT NULL DEFAULT 0,
    last_seen_available TEXT,
    reason TEXT,
    source_url TEXT,
    file_id INTEGER NOT NULL REFERENCES source_files(id),
    line INTEGER NOT NULL
);
-- one row per removal: an undated one listed twice is still one
CREATE UNIQUE INDEX app_removals_key
    ON app_removals(app, storefront, ifnull(removed_on, ''), kind, derived);
CREATE INDEX app_removals_storefront ON app_removals(storefront, removed_on);

-- The store each publisher runs: observed removals are counted against it.
CREATE TABLE stores (
    store TEXT PRIMARY KEY,
    publisher TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO stores VALUES ('apple', 'Apple'), ('google', 'Google');

CREATE VIEW app_status AS
SELECT a.store, a.app_id, a.bundle_id, a.name AS app_name, o.storefront, o.observed_at,
       o.available, s.path AS source_file
FROM app_observations o
JOIN apps a ON a.id = o.app
JOIN source_files s ON s.id = o.file_id;

CREATE VIEW app_removal_list AS
SELECT a.store, a.app_id, a.bundle_id, a.name AS app_name, a.developer, a.category,
       r.storefront, r.removed_on, r.last_seen_available, r.reason, r.source_url, r.derived,
       s.path AS source_file
FROM app_removals r
JOIN apps a ON a.id = r.app
JOIN source_files s ON s.id = r.file_id
WHERE r.kind = 'removed';
