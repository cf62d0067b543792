-- queries/countries-with-data.sql on PostgreSQL: string_agg in place of group_concat, its order pinned
SELECT s.country,
       c.name AS country_name,
       min(s.period_start) AS first_period_start,
       max(s.period_end) AS last_period_end,
       string_agg(DISTINCT s.publisher, ',' ORDER BY s.publisher) AS publishers
FROM country_summary s
LEFT JOIN countries c ON c.code = s.country
GROUP BY s.country, c.name
ORDER BY s.country;
