-- queries/reconcile.sql on PostgreSQL (its header and parameters are that file's):
-- coalesce and chr for SQLite's ifnull and char, no unary + (SQLite's hint to
-- leave an index alone)
SELECT coalesce(rep.country, obs.country) AS country,
       c.name AS country_name,
       coalesce(rep.period_start, obs.period_start) AS period_start,
       coalesce(rep.period_end, obs.period_end) AS period_end,
       rep.low AS reported_low,
       rep.high AS reported_high,
       obs.low AS observed,
       obs.low - rep.low AS difference
FROM (SELECT * FROM country_summary
      WHERE measure = 'apps_removed_reported' AND publisher = :publisher
        AND country BETWEEN coalesce(:cc, '') AND coalesce(:cc, chr(1114111))) rep
FULL JOIN (SELECT * FROM country_summary
           WHERE measure = 'apps_removed_observed' AND publisher = :publisher
             AND country BETWEEN coalesce(:cc, '') AND coalesce(:cc, chr(1114111))) obs
  ON obs.country = rep.country AND obs.period_start = rep.period_start
 AND obs.period_end = rep.period_end
LEFT JOIN countries c ON c.code = coalesce(rep.country, obs.country)
WHERE :cc IS NULL OR coalesce(rep.country, obs.country) = :cc
ORDER BY 1, 3;
