-- name: country
-- postgresql: yes
-- description: one country's time series: per period and publisher, user-data requests and accounts, % disclosed, emergency and preservation requests
-- param: cc country required the country: an ISO code (US) or a name
-- param: publisher publisher - only this publisher (default: all)
SELECT s.period_start,
       s.period_end,
       s.publisher,
       max(CASE WHEN s.measure = 'user_data_requests' THEN s.low END) AS requests_low,
       max(CASE WHEN s.measure = 'user_data_requests' THEN s.high END) AS requests_high,
       max(CASE WHEN s.measure = 'user_data_accounts' THEN s.low END) AS accounts_low,
       max(CASE WHEN s.measure = 'user_data_accounts' THEN s.high END) AS accounts_high,
       max(CASE WHEN s.measure = 'pct_disclosed' THEN s.low END) AS pct_disclosed,
       max(CASE WHEN s.measure = 'emergency_requests' THEN s.low END) AS emergency_low,
       max(CASE WHEN s.measure = 'emergency_requests' THEN s.high END) AS emergency_high,
       max(CASE WHEN s.measure = 'preservation_requests' THEN s.low END) AS preservation_low,
       max(CASE WHEN s.measure = 'preservation_requests' THEN s.high END) AS preservation_high
FROM country_summary s
WHERE s.country = :cc
  AND (:publisher IS NULL OR s.publisher = :publisher)
GROUP BY s.period_start, s.period_end, s.publisher
ORDER BY s.period_end, s.publisher;
