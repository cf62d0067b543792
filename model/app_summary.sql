-- app_summary.sql: rebuild the apps_removed_observed rows of country_summary
-- from every removal trdb knows (listed or derived): per storefront,
-- half-year of the removal date and the publisher that runs the store, the
-- number of distinct apps removed. Undated removals (a list that names the
-- app without a date) belong to no half-year and are not counted here.
--
-- After a file (:file_id > 0), a list's new removals were added already
-- (model/apps.c, from counts kept in memory); only the storefronts in
-- temp.app_storefronts are counted again: a forgotten load's (forget.sql),
-- and a file of captures' (apps.c: a file's derived removals are in
-- storefronts its own records name). For a
-- whole rebuild (:file_id = 0), every storefront. A storefront is counted
-- through the removals' (storefront, removed_on) index, so a capture file
-- costs milliseconds however many removals other storefronts hold.

CREATE TEMP TABLE IF NOT EXISTS app_storefronts (storefront TEXT PRIMARY KEY);

INSERT OR IGNORE INTO temp.app_storefronts (storefront)
SELECT DISTINCT storefront FROM app_removals WHERE :file_id = 0;
INSERT OR IGNORE INTO temp.app_storefronts (storefront)
SELECT DISTINCT country FROM country_summary
WHERE :file_id = 0 AND measure = 'apps_removed_observed';

DELETE FROM country_summary
WHERE measure = 'apps_removed_observed'
  AND country IN (SELECT storefront FROM temp.app_storefronts);

INSERT INTO country_summary (country, period_start, period_end, publisher, measure, low, high,
                             n_facts)
SELECT r.storefront,
       substr(r.removed_on, 1, 4) ||
           CASE WHEN substr(r.removed_on, 6, 2) <= '06' THEN '-01-01' ELSE '-07-01' END,
       substr(r.removed_on, 1, 4) ||
           CASE WHEN substr(r.removed_on, 6, 2) <= '06' THEN '-06-30' ELSE '-12-31' END,
       st.publisher, 'apps_removed_observed', count(DISTINCT r.app), count(DISTINCT r.app),
       count(*)
FROM temp.app_storefronts t
CROSS JOIN app_removals r ON r.storefront = t.storefront -- from the few storefronts, by index
JOIN apps a ON a.id = r.app
JOIN stores st ON st.store = a.store
WHERE r.kind = 'removed' AND r.removed_on IS NOT NULL
GROUP BY 1, 2, 3, 4;

DELETE FROM temp.app_storefronts;
