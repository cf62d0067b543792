-- A storefront's apps removed per category, from the rollup kept at ingest
-- (model/rollup.sql): the rows and columns of the apps-removed query with
-- by=category (the most removed first), without recounting the removals.
SELECT grp AS "group", apps AS apps_removed, first_removed_on, last_removed_on
FROM app_removal_categories
WHERE storefront = :cc
ORDER BY -apps, 1;
