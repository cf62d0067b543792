-- Schema version 8: rollups of the app records, kept up to date at ingest
-- (model/rollup.sql, after each file with app records, and by
-- `trdb init --rebuild-summary`) so that the report reads a storefront's
-- counts instead of recounting its removals on every run. Internal: not
-- part of the public contract (docs/data-model.md says so); every figure in
-- them equals a GROUP BY over app_removals and app_observations
-- (tests/cli/t0430-rollups.sh checks it).

-- Apps removed from a storefront (kind 'removed', listed or derived) per
-- month of the removal: grp is 'YYYY-MM', or '(date unknown)' for removals
-- listed without a date; apps the distinct apps, first/last_removed_on the
-- range of their dates (NULL when undated). Exactly the apps-removed query
-- with by=month.
CREATE TABLE app_removal_months (
    storefront TEXT NOT NULL,
    grp TEXT NOT NULL,
    apps INTEGER NOT NULL,
    removals INTEGER NOT NULL,      -- rows: an app removed twice in the month is two
    first_removed_on TEXT,
    last_removed_on TEXT,
    PRIMARY KEY (storefront, grp)
) WITHOUT ROWID;

-- The same per category of the app (as apps holds it now; '(no category)'
-- when unknown): the apps-removed query with by=category.
CREATE TABLE app_removal_categories (
    storefront TEXT NOT NULL,
    grp TEXT NOT NULL,
    apps INTEGER NOT NULL,
    first_removed_on TEXT,
    last_removed_on TEXT,
    PRIMARY KEY (storefront, grp)
) WITHOUT ROWID;

-- Removals (of either kind) per storefront and source file, and
-- observations per storefront and source file: what the country-sources
-- query counts.
CREATE TABLE app_removal_files (
    storefront TEXT NOT NULL,
    file_id INTEGER NOT NULL,
    removals INTEGER NOT NULL,
    PRIMARY KEY (storefront, file_id)
) WITHOUT ROWID;
CREATE TABLE app_observation_files (
    storefront TEXT NOT NULL,
    file_id INTEGER NOT NULL,
    observations INTEGER NOT NULL,
    PRIMARY KEY (storefront, file_id)
) WITHOUT ROWID;

-- Storefronts whose rollups a change elsewhere made stale: an app's
-- category changed by a later file counts under another category in every
-- storefront it was removed from. Filled by the trigger below, emptied by
-- rollup.sql.
CREATE TABLE app_rollup_stale (storefront TEXT PRIMARY KEY) WITHOUT ROWID;

CREATE TRIGGER app_category_changed
AFTER UPDATE OF category ON apps
WHEN old.category IS NOT new.category
BEGIN
    INSERT OR IGNORE INTO app_rollup_stale (storefront)
    SELECT DISTINCT storefront FROM app_removals WHERE app = new.id AND kind = 'removed';
END;

-- A database from before this version: everything counted once (the same
-- statements as model/rollup.sql's for a whole rebuild).
INSERT INTO app_removal_months
SELECT storefront, coalesce(substr(removed_on, 1, 7), '(date unknown)'), count(DISTINCT app),
       count(*), min(removed_on), max(removed_on)
FROM app_removals
WHERE kind = 'removed'
GROUP BY 1, 2;
INSERT INTO app_removal_categories
SELECT r.storefront, coalesce(a.category, '(no category)'), count(DISTINCT r.app),
       min(r.removed_on), max(r.removed_on)
FROM app_removals r
LEFT JOIN apps a ON a.id = r.app
WHERE r.kind = 'removed'
GROUP BY 1, 2;
INSERT INTO app_removal_files
SELECT storefront, file_id, count(*) FROM app_removals GROUP BY 1, 2;
INSERT INTO app_observation_files
SELECT storefront, file_id, count(*) FROM app_observations GROUP BY 1, 2;
