-- name: world
-- postgresql: yes
-- description: world totals per period and publisher: each measure summed over every country and requester (pct_disclosed left out: it does not add up); bands add up as bands
SELECT measure,
       period_start,
       period_end,
       publisher,
       sum(low) AS value_low,
       CASE WHEN count(*) = count(high) THEN sum(high) END AS value_high,
       count(DISTINCT country) AS countries
FROM country_summary
WHERE measure != 'pct_disclosed'
GROUP BY measure, period_start, period_end, publisher
ORDER BY measure, period_end, period_start, publisher;
