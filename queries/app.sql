-- name: app
-- postgresql: yes
-- description: one app's history across storefronts: every capture (available, not available, unknown) and every removal or reinstatement, listed or derived, in time order
-- param: id text required the store's app id (e.g. 1276263909)
-- param: store text apple the store (apple, google)
SELECT o.observed_at AS "when",
       o.storefront,
       CASE o.available WHEN 1 THEN 'available' WHEN 0 THEN 'not available'
                        ELSE 'unknown (capture failed)' END AS event,
       a.name AS app_name,
       NULL AS reason,
       s.path AS source_file
FROM app_observations o
JOIN apps a ON a.id = o.app
JOIN source_files s ON s.id = o.file_id
WHERE a.app_id = :id AND a.store = :store
UNION ALL
SELECT r.removed_on,
       r.storefront,
       r.kind || CASE WHEN r.derived <> 0 THEN ' (derived from captures)' ELSE ' (listed)' END,
       a.name,
       r.reason,
       s.path
FROM app_removals r
JOIN apps a ON a.id = r.app
JOIN source_files s ON s.id = r.file_id
WHERE a.app_id = :id AND a.store = :store
ORDER BY 1 NULLS FIRST, 2, 3;
