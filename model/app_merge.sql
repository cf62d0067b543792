-- app_merge.sql: move a file's staged app records (temp.app_stage, one row per
-- record, as apps.c put them) into apps, app_observations and app_removals,
-- sorted, in a few statements. An app's details take the file's last
-- non-blank value, else keep what was known. Parameter: :file_id.

INSERT INTO apps (store, app_id, bundle_id, name, developer, category)
SELECT store, app_id,
       substr(max(CASE WHEN bundle_id IS NOT NULL THEN printf('%012d', line) || bundle_id END), 13),
       substr(max(CASE WHEN name IS NOT NULL THEN printf('%012d', line) || name END), 13),
       substr(max(CASE WHEN developer IS NOT NULL THEN printf('%012d', line) || developer END), 13),
       substr(max(CASE WHEN category IS NOT NULL THEN printf('%012d', line) || category END), 13)
FROM temp.app_stage
GROUP BY store, app_id
ORDER BY store, app_id
ON CONFLICT (store, app_id) DO UPDATE SET
    bundle_id = coalesce(excluded.bundle_id, bundle_id),
    name = coalesce(excluded.name, name),
    developer = coalesce(excluded.developer, developer),
    category = coalesce(excluded.category, category);

INSERT OR IGNORE INTO app_observations (app, storefront, observed_at, available, file_id, line)
SELECT a.id, s.storefront, s.at, CASE s.what WHEN '1' THEN 1 WHEN '0' THEN 0 END, :file_id, s.line
FROM temp.app_stage s
JOIN apps a ON a.store = s.store AND a.app_id = s.app_id
WHERE s.what IN ('1', '0', '?')
ORDER BY a.id, s.storefront, s.at, s.line;

INSERT OR IGNORE INTO app_removals (app, storefront, removed_on, kind, derived, reason,
                                    source_url, file_id, line)
SELECT a.id, s.storefront, s.at, s.what, 0, s.reason, s.source_url, :file_id, s.line
FROM temp.app_stage s
JOIN apps a ON a.store = s.store AND a.app_id = s.app_id
WHERE s.what IN ('removed', 'reinstated')
ORDER BY a.id, s.storefront, s.at, s.line;

-- the storefronts whose apps_removed_observed app_summary.sql counts again
CREATE TEMP TABLE IF NOT EXISTS app_storefronts (storefront TEXT PRIMARY KEY);
INSERT OR IGNORE INTO temp.app_storefronts (storefront)
SELECT DISTINCT storefront FROM temp.app_stage;

DELETE FROM temp.app_stage;
