-- name: removals-list
-- description: the apps removed from one storefront, newest first, one row per removal: when (blank: the list gave no date), the app, its developer and category, why, listed by a monitor or derived from captures, and the source file
-- param: cc country required the storefront: an ISO code or a name
-- param: limit int 100 how many rows (0: all)
SELECT removed_on,
       app_id,
       app_name,
       developer,
       category,
       reason,
       CASE WHEN derived THEN 'derived from captures' ELSE 'listed' END AS how,
       last_seen_available,
       source_file
FROM app_removal_list
WHERE storefront = :cc
ORDER BY removed_on IS NULL, removed_on DESC, app_id
LIMIT CASE WHEN :limit > 0 THEN :limit ELSE -1 END;
