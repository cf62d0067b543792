-- app_summary.sql: rebuild the apps_removed_observed rows of country_summary
-- from every removal trdb knows (listed or derived): per storefront,
-- half-year of the removal date and the publisher that runs the store, the
-- number of distinct apps removed. Undated removals (a list that names the
-- app without a date) belong to no half-year and are not counted here. Parameter :file_id is not used: the whole
-- measure is rebuilt, which a GROUP BY over the removals' index does quickly.

DELETE FROM country_summary WHERE measure = 'apps_removed_observed';

INSERT INTO country_summary (country, period_start, period_end, publisher, measure, low, high,
                             n_facts)
SELECT r.storefront,
       substr(r.removed_on, 1, 4) ||
           CASE WHEN substr(r.removed_on, 6, 2) <= '06' THEN '-01-01' ELSE '-07-01' END,
       substr(r.removed_on, 1, 4) ||
           CASE WHEN substr(r.removed_on, 6, 2) <= '06' THEN '-06-30' ELSE '-12-31' END,
       st.publisher, 'apps_removed_observed', count(DISTINCT r.app), count(DISTINCT r.app),
       count(*)
FROM app_removals r
JOIN apps a ON a.id = r.app
JOIN stores st ON st.store = a.store
WHERE r.kind = 'removed' AND r.removed_on IS NOT NULL AND :file_id IS NOT NULL
GROUP BY 1, 2, 3, 4;
