-- pg/apps.sql: a file's app records, staged by COPY in pg_temp.app_stage
-- (model/store_pgw.c) in the file's order, written set-based into apps,
-- app_removals and app_observations, in the file's transaction, before
-- pg/derive.sql, pg/rollup.sql and pg/app_summary.sql. The rules are those
-- model/apps.c follows on SQLite record by record:
--   - an app's details take the file's last non-blank value, else keep what
--     was known; a new app gets its id in the order the file first names it;
--   - the same removal (app, storefront, date, kind) or observation (app,
--     storefront, time) listed twice is stored once, the first listed kept;
--   - an observation goes in the partition of its month, made when missing.
-- Every storefront the file names is noted in app_storefronts, so the
-- rollups and apps_removed_observed are counted again there (SQLite adds
-- counts kept in memory; the result is the same). Parameter (bigint):
-- :file_id.

-- the sorts below stay in memory for a file of a few million records
SET LOCAL work_mem = '64MB';

CREATE TEMP TABLE IF NOT EXISTS app_stage_apps (
    store TEXT COLLATE "C",
    app_id TEXT COLLATE "C",
    first_line BIGINT NOT NULL,
    bundle_id TEXT COLLATE "C",
    name TEXT COLLATE "C",
    developer TEXT COLLATE "C",
    category TEXT COLLATE "C"
);

DELETE FROM pg_temp.app_stage_apps;

INSERT INTO pg_temp.app_stage_apps (store, app_id, first_line, bundle_id, name, developer, category)
SELECT store, app_id, min(line),
       (array_agg(bundle_id ORDER BY line DESC) FILTER (WHERE bundle_id IS NOT NULL))[1],
       (array_agg(name ORDER BY line DESC) FILTER (WHERE name IS NOT NULL))[1],
       (array_agg(developer ORDER BY line DESC) FILTER (WHERE developer IS NOT NULL))[1],
       (array_agg(category ORDER BY line DESC) FILTER (WHERE category IS NOT NULL))[1]
FROM pg_temp.app_stage
GROUP BY store, app_id;

-- apps known before, with news (a changed category marks its storefronts stale, by trigger)
UPDATE apps a
SET bundle_id = coalesce(s.bundle_id, a.bundle_id), name = coalesce(s.name, a.name),
    developer = coalesce(s.developer, a.developer), category = coalesce(s.category, a.category)
FROM pg_temp.app_stage_apps s
WHERE a.store = s.store AND a.app_id = s.app_id
  AND ((s.bundle_id IS NOT NULL AND s.bundle_id IS DISTINCT FROM a.bundle_id)
       OR (s.name IS NOT NULL AND s.name IS DISTINCT FROM a.name)
       OR (s.developer IS NOT NULL AND s.developer IS DISTINCT FROM a.developer)
       OR (s.category IS NOT NULL AND s.category IS DISTINCT FROM a.category));

-- new apps (an app without an id fails the file, as on SQLite)
INSERT INTO apps (store, app_id, bundle_id, name, developer, category)
SELECT s.store, s.app_id, s.bundle_id, s.name, s.developer, s.category
FROM pg_temp.app_stage_apps s
WHERE NOT EXISTS (SELECT 1 FROM apps a WHERE a.store = s.store AND a.app_id = s.app_id)
ORDER BY s.first_line;

-- in the file's order: a removal listed again (the same key) is a conflict, and skipped
INSERT INTO app_removals (app, storefront, removed_on, kind, derived, reason, source_url, file_id,
                          line)
SELECT a.id, s.storefront, s.at, CASE s.flag WHEN 1 THEN 'reinstated' ELSE 'removed' END, 0,
       s.reason, s.source_url, :file_id, s.line
FROM pg_temp.app_stage s
JOIN apps a ON a.store = s.store AND a.app_id = s.app_id
WHERE s.kind = 'r'
ORDER BY s.line
ON CONFLICT DO NOTHING;

SELECT trdb_app_observations_month(m)
FROM (SELECT DISTINCT substr(at, 1, 7) AS m
      FROM pg_temp.app_stage
      WHERE kind = 'o' AND at ~ '^[0-9]{4}-(0[1-9]|1[0-2])') months
ORDER BY m;

INSERT INTO app_observations (app, storefront, observed_at, available, file_id, line)
SELECT a.id, s.storefront, s.at, s.flag, :file_id, s.line
FROM pg_temp.app_stage s
JOIN apps a ON a.store = s.store AND a.app_id = s.app_id
WHERE s.kind = 'o'
ORDER BY s.line
ON CONFLICT DO NOTHING;

CREATE TEMP TABLE IF NOT EXISTS app_storefronts (storefront TEXT COLLATE "C" PRIMARY KEY);

INSERT INTO pg_temp.app_storefronts (storefront)
SELECT DISTINCT storefront FROM pg_temp.app_stage WHERE storefront IS NOT NULL
ON CONFLICT DO NOTHING;

DELETE FROM pg_temp.app_stage_apps;
TRUNCATE pg_temp.app_stage;
