-- pg/rollup.sql: model/rollup.sql in PostgreSQL's dialect: bring the app
-- rollups up to date after a file's app records, in its transaction, before
-- pg/app_summary.sql (which empties app_storefronts). On PostgreSQL no
-- counts are kept in memory: pg/apps.sql notes every storefront the file
-- names, and those are counted again here with the ones a forgotten load
-- (pg/forget.sql) or a category change (app_rollup_stale, by trigger)
-- noted. For a whole rebuild (:file_id = 0): everything. Parameter
-- (bigint): :file_id.

CREATE TEMP TABLE IF NOT EXISTS app_storefronts (storefront TEXT COLLATE "C" PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS rollup_storefronts (storefront TEXT COLLATE "C" PRIMARY KEY);

INSERT INTO pg_temp.rollup_storefronts (storefront)
SELECT storefront FROM pg_temp.app_storefronts WHERE :file_id > 0
ON CONFLICT DO NOTHING;
INSERT INTO pg_temp.rollup_storefronts (storefront)
SELECT storefront FROM app_rollup_stale WHERE :file_id > 0
ON CONFLICT DO NOTHING;
INSERT INTO pg_temp.rollup_storefronts (storefront)
SELECT DISTINCT storefront FROM app_removals WHERE :file_id = 0
ON CONFLICT DO NOTHING;
DELETE FROM app_rollup_stale;

DELETE FROM app_removal_months
WHERE :file_id = 0 OR storefront IN (SELECT storefront FROM pg_temp.rollup_storefronts);
INSERT INTO app_removal_months (storefront, grp, apps, removals, first_removed_on,
                                last_removed_on)
SELECT r.storefront, coalesce(substr(r.removed_on, 1, 7), '(date unknown)'),
       count(DISTINCT r.app), count(*), min(r.removed_on), max(r.removed_on)
FROM pg_temp.rollup_storefronts t
JOIN app_removals r ON r.storefront = t.storefront
WHERE r.kind = 'removed'
GROUP BY 1, 2;

DELETE FROM app_removal_categories
WHERE :file_id = 0 OR storefront IN (SELECT storefront FROM pg_temp.rollup_storefronts);
INSERT INTO app_removal_categories (storefront, grp, apps, first_removed_on, last_removed_on)
SELECT r.storefront, coalesce(a.category, '(no category)'), count(DISTINCT r.app),
       min(r.removed_on), max(r.removed_on)
FROM pg_temp.rollup_storefronts t
JOIN app_removals r ON r.storefront = t.storefront
LEFT JOIN apps a ON a.id = r.app
WHERE r.kind = 'removed'
GROUP BY 1, 2;

DELETE FROM app_removal_files
WHERE :file_id = 0 OR storefront IN (SELECT storefront FROM pg_temp.rollup_storefronts);
INSERT INTO app_removal_files (storefront, file_id, removals)
SELECT r.storefront, r.file_id, count(*)
FROM pg_temp.rollup_storefronts t
JOIN app_removals r ON r.storefront = t.storefront
GROUP BY 1, 2;

-- observations: the file's own, and none of a file that is gone (--force)
DELETE FROM app_observation_files
WHERE :file_id = 0 OR file_id = :file_id OR file_id NOT IN (SELECT id FROM source_files);
INSERT INTO app_observation_files (storefront, file_id, observations)
SELECT storefront, file_id, count(*) FROM app_observations WHERE file_id = :file_id GROUP BY 1, 2;
INSERT INTO app_observation_files (storefront, file_id, observations)
SELECT storefront, file_id, count(*) FROM app_observations WHERE :file_id = 0 GROUP BY 1, 2;

DELETE FROM pg_temp.rollup_storefronts;
