-- pg/app_summary.sql: model/app_summary.sql in PostgreSQL's dialect:
-- rebuild the apps_removed_observed rows of country_summary (per
-- storefront, half-year of the removal date and the publisher that runs the
-- store, the number of distinct apps removed; undated removals count in no
-- half-year) for the storefronts in app_storefronts (pg/apps.sql notes
-- every storefront of the file; pg/forget.sql those of a forgotten load),
-- or for every storefront in a whole rebuild (:file_id = 0). Parameter
-- (bigint): :file_id.

CREATE TEMP TABLE IF NOT EXISTS app_storefronts (storefront TEXT COLLATE "C" PRIMARY KEY);

INSERT INTO pg_temp.app_storefronts (storefront)
SELECT DISTINCT storefront FROM app_removals WHERE :file_id = 0
ON CONFLICT DO NOTHING;
INSERT INTO pg_temp.app_storefronts (storefront)
SELECT DISTINCT country FROM country_summary
WHERE :file_id = 0 AND measure = 'apps_removed_observed'
ON CONFLICT DO NOTHING;

DELETE FROM country_summary
WHERE measure = 'apps_removed_observed'
  AND country IN (SELECT storefront FROM pg_temp.app_storefronts);

INSERT INTO country_summary (country, period_start, period_end, publisher, measure, low, high,
                             n_facts)
SELECT r.storefront,
       substr(r.removed_on, 1, 4) ||
           CASE WHEN substr(r.removed_on, 6, 2) <= '06' THEN '-01-01' ELSE '-07-01' END,
       substr(r.removed_on, 1, 4) ||
           CASE WHEN substr(r.removed_on, 6, 2) <= '06' THEN '-06-30' ELSE '-12-31' END,
       st.publisher, 'apps_removed_observed', count(DISTINCT r.app), count(DISTINCT r.app),
       count(*)
FROM pg_temp.app_storefronts t
JOIN app_removals r ON r.storefront = t.storefront
JOIN apps a ON a.id = r.app
JOIN stores st ON st.store = a.store
WHERE r.kind = 'removed' AND r.removed_on IS NOT NULL
GROUP BY 1, 2, 3, 4;

DELETE FROM pg_temp.app_storefronts;
