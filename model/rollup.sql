-- rollup.sql: bring the app rollups (schema 0008: app_removal_months,
-- app_removal_categories, app_removal_files, app_observation_files) up to
-- date after a file's app records, in its transaction, before
-- app_summary.sql (which empties temp.app_storefronts). Each is what a
-- GROUP BY over app_removals / app_observations gives; the report reads
-- them instead of recounting.
--
-- After a file (:file_id > 0): a list's new removals were added already,
-- from the counts model/apps.c kept in memory. What such counts cannot know
-- is counted again here, from the (storefront, removed_on) index: the
-- storefronts in temp.app_storefronts (those of a forgotten load, by
-- forget.sql; those of a file of captures, whose derived removals may change
-- any file's, or of a file apps.c could not count, by apps.c) and those a
-- category change made stale (app_rollup_stale, by trigger). A recount
-- replaces whatever was added for its storefront. The observations are
-- counted for the file itself (observations are only ever added by their
-- own file and removed by forgetting it). For a whole rebuild (:file_id =
-- 0): everything.

CREATE TEMP TABLE IF NOT EXISTS app_storefronts (storefront TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS rollup_storefronts (storefront TEXT PRIMARY KEY);

INSERT OR IGNORE INTO temp.rollup_storefronts (storefront)
SELECT storefront FROM temp.app_storefronts WHERE :file_id > 0;
INSERT OR IGNORE INTO temp.rollup_storefronts (storefront)
SELECT storefront FROM app_rollup_stale WHERE :file_id > 0;
INSERT OR IGNORE INTO temp.rollup_storefronts (storefront)
SELECT DISTINCT storefront FROM app_removals WHERE :file_id = 0;
DELETE FROM app_rollup_stale;

DELETE FROM app_removal_months
WHERE :file_id = 0 OR storefront IN (SELECT storefront FROM temp.rollup_storefronts);
INSERT INTO app_removal_months (storefront, grp, apps, removals, first_removed_on,
                                last_removed_on)
SELECT r.storefront, coalesce(substr(r.removed_on, 1, 7), '(date unknown)'),
       count(DISTINCT r.app), count(*), min(r.removed_on), max(r.removed_on)
FROM temp.rollup_storefronts t
CROSS JOIN app_removals r ON r.storefront = t.storefront -- by index
WHERE r.kind = 'removed'
GROUP BY 1, 2;

DELETE FROM app_removal_categories
WHERE :file_id = 0 OR storefront IN (SELECT storefront FROM temp.rollup_storefronts);
INSERT INTO app_removal_categories (storefront, grp, apps, first_removed_on, last_removed_on)
SELECT r.storefront, coalesce(a.category, '(no category)'), count(DISTINCT r.app),
       min(r.removed_on), max(r.removed_on)
FROM temp.rollup_storefronts t
CROSS JOIN app_removals r ON r.storefront = t.storefront
LEFT JOIN apps a ON a.id = r.app
WHERE r.kind = 'removed'
GROUP BY 1, 2;

DELETE FROM app_removal_files
WHERE :file_id = 0 OR storefront IN (SELECT storefront FROM temp.rollup_storefronts);
INSERT INTO app_removal_files (storefront, file_id, removals)
SELECT r.storefront, r.file_id, count(*)
FROM temp.rollup_storefronts t
CROSS JOIN app_removals r ON r.storefront = t.storefront
GROUP BY 1, 2;

-- observations: the file's own, and none of a file that is gone (--force)
DELETE FROM app_observation_files
WHERE :file_id = 0 OR file_id = :file_id OR file_id NOT IN (SELECT id FROM source_files);
INSERT INTO app_observation_files (storefront, file_id, observations)
SELECT storefront, file_id, count(*) FROM app_observations WHERE file_id = :file_id GROUP BY 1, 2;
INSERT INTO app_observation_files (storefront, file_id, observations)
SELECT storefront, file_id, count(*) FROM app_observations WHERE :file_id = 0 GROUP BY 1, 2;

DELETE FROM temp.rollup_storefronts;
