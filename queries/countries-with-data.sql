-- name: countries-with-data
-- description: every country (or other requester) with a row in country_summary, with its name, the periods covered and the publishers
SELECT s.country,
       c.name AS country_name,
       min(s.period_start) AS first_period_start,
       max(s.period_end) AS last_period_end,
       -- in byte order (queries/pg/countries-with-data.sql gives the same with string_agg)
       (SELECT group_concat(publisher) FROM
            (SELECT DISTINCT publisher FROM country_summary
             WHERE country = s.country ORDER BY publisher)) AS publishers
FROM country_summary s
LEFT JOIN countries c ON c.code = s.country
GROUP BY s.country
ORDER BY s.country;
