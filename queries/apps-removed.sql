-- name: apps-removed
-- postgresql: yes
-- description: apps removed from a storefront (listed by monitors, or seen to vanish between captures), counted per day, month, category or developer (the removals-list query lists them one per app); a removal listed without a date counts under '(date unknown)' and is left out when since or until is given
-- param: cc country required the storefront: an ISO code (CN) or a name
-- param: since date - the first day (YYYY-MM-DD)
-- param: until date - the last day (YYYY-MM-DD)
-- param: by choice:day,month,category,developer day how to count: per day, month, category or developer
WITH r AS (
    -- from the (storefront, removed_on, kind, app) index alone
    SELECT DISTINCT r.app, r.removed_on
    FROM app_removals r
    WHERE r.kind = 'removed' AND r.storefront = :cc
      AND (:since IS NULL OR r.removed_on >= :since)
      AND (:until IS NULL OR r.removed_on <= :until)
),
g AS (
    -- an app's details are looked up only when the count is by them
    SELECT CASE :by WHEN 'day' THEN coalesce(removed_on, '(date unknown)')
                    WHEN 'month' THEN coalesce(substr(removed_on, 1, 7), '(date unknown)')
                    WHEN 'category' THEN
                        coalesce((SELECT category FROM apps WHERE id = r.app), '(no category)')
                    ELSE coalesce((SELECT developer FROM apps WHERE id = r.app), '(no developer)')
           END AS grp,
           app, removed_on
    FROM r
)
SELECT grp AS "group",
       count(DISTINCT app) AS apps_removed,
       min(removed_on) AS first_removed_on,
       max(removed_on) AS last_removed_on
FROM g
GROUP BY 1
ORDER BY CASE WHEN :by IN ('category', 'developer') THEN -count(DISTINCT app) END, 1;
