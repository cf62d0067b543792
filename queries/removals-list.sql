-- name: removals-list
-- postgresql: yes
-- description: the apps removed from one storefront, newest first, one row per removal: when (blank: the list gave no date), the app, its developer and category, why, listed by a monitor or derived from captures, and the source file
-- param: cc country required the storefront: an ISO code or a name
-- param: limit int 100 how many rows (0: all)
--
-- The newest are picked from the (storefront, removed_on, kind, app) index
-- (ties on a day by trdb's own app number), the undated after them; only
-- the rows shown are joined to their app and file.
WITH lim AS (
    SELECT CASE WHEN :limit > 0 THEN :limit ELSE 9223372036854775807 END AS n
),
picked AS (
    SELECT * FROM (
        SELECT r.id, r.removed_on, r.app
        FROM app_removals r
        WHERE r.storefront = :cc AND r.kind = 'removed' AND r.removed_on IS NOT NULL
        ORDER BY r.removed_on DESC, r.app
        LIMIT (SELECT n FROM lim)) AS dated
    UNION ALL
    SELECT * FROM (
        SELECT r.id, r.removed_on, r.app
        FROM app_removals r
        WHERE r.storefront = :cc AND r.kind = 'removed' AND r.removed_on IS NULL
        ORDER BY r.app
        LIMIT (SELECT n FROM lim)) AS undated
)
SELECT r.removed_on,
       a.app_id,
       a.name AS app_name,
       a.developer,
       a.category,
       r.reason,
       CASE WHEN r.derived <> 0 THEN 'derived from captures' ELSE 'listed' END AS how,
       r.last_seen_available,
       s.path AS source_file
FROM picked p
JOIN app_removals r ON r.id = p.id
JOIN apps a ON a.id = r.app
JOIN source_files s ON s.id = r.file_id
ORDER BY p.removed_on IS NULL, p.removed_on DESC, p.app
LIMIT (SELECT n FROM lim);
