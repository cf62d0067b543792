-- A storefront's apps removed per month, from the rollup kept at ingest
-- (model/rollup.sql): the rows and columns of the apps-removed query with
-- by=month, without recounting the removals.
SELECT grp AS "group", apps AS apps_removed, first_removed_on, last_removed_on
FROM app_removal_months
WHERE storefront = :cc
ORDER BY 1;
