-- How many removals a storefront's list has (kind 'removed', listed or
-- derived: the removals-list query's rows with limit=0) and how many apps
-- they are, from the rollups kept at ingest: a page lists the newest and
-- gives these.
SELECT (SELECT sum(removals) FROM app_removal_months WHERE storefront = :cc) AS removals,
       (SELECT sum(apps) FROM app_removal_categories WHERE storefront = :cc) AS apps;
