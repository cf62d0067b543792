-- name: countries
-- postgresql: yes
-- description: one row per country and publisher for one half-year (default: the latest with user-data figures): user-data requests, accounts named in them, and the percentage of requests where some data was disclosed
-- param: period period latest the period: an end date (2020-12-31), a label (2020H2) or latest
-- param: publisher publisher - only this publisher (default: all)
WITH chosen AS (
    SELECT coalesce(:period_end,
                    (SELECT max(period_end) FROM country_summary
                     WHERE measure = 'user_data_requests'
                       AND (:publisher IS NULL OR publisher = :publisher))) AS period_end
)
SELECT s.country,
       c.name AS country_name,
       s.period_start,
       s.period_end,
       s.publisher,
       max(CASE WHEN s.measure = 'user_data_requests' THEN s.low END) AS requests_low,
       max(CASE WHEN s.measure = 'user_data_requests' THEN s.high END) AS requests_high,
       max(CASE WHEN s.measure = 'user_data_accounts' THEN s.low END) AS accounts_low,
       max(CASE WHEN s.measure = 'user_data_accounts' THEN s.high END) AS accounts_high,
       max(CASE WHEN s.measure = 'pct_disclosed' THEN s.low END) AS pct_disclosed
FROM country_summary s
JOIN chosen ON s.period_end = chosen.period_end
LEFT JOIN countries c ON c.code = s.country
WHERE s.measure IN ('user_data_requests', 'user_data_accounts', 'pct_disclosed')
  AND (:period_start IS NULL OR s.period_start = :period_start)
  AND (:publisher IS NULL OR s.publisher = :publisher)
GROUP BY s.country, c.name, s.period_start, s.period_end, s.publisher
ORDER BY requests_low DESC NULLS LAST, s.country, s.publisher;
