-- name: overview
-- postgresql: yes
-- description: one row per country (or other requester) with data, all publishers together: for each headline measure the figure of its latest half-year (the latest any country has for that measure: see latest-periods) and the total over every half-year; bands add up as bands, pct_disclosed is weighted by requests
WITH latest AS (
    SELECT measure, max(period_end) AS period_end
    FROM country_summary
    GROUP BY measure
),
per AS (
    SELECT s.country, s.measure,
           sum(CASE WHEN s.period_end = l.period_end THEN s.low END) AS latest_low,
           CASE WHEN count(CASE WHEN s.period_end = l.period_end THEN 1 END)
                   = count(CASE WHEN s.period_end = l.period_end THEN s.high END)
                THEN sum(CASE WHEN s.period_end = l.period_end THEN s.high END) END AS latest_high,
           sum(s.low) AS total_low,
           CASE WHEN count(*) = count(s.high) THEN sum(s.high) END AS total_high
    FROM country_summary s
    JOIN latest l ON l.measure = s.measure
    WHERE s.measure != 'pct_disclosed'
    GROUP BY s.country, s.measure
),
pct AS (
    SELECT p.country,
           round(sum(CASE WHEN p.period_end = l.period_end THEN p.low * r.low END)
                 / sum(CASE WHEN p.period_end = l.period_end THEN 1.0 * r.low END), 1) AS latest,
           round(sum(p.low * r.low) / sum(1.0 * r.low), 1) AS total
    FROM country_summary p
    JOIN country_summary r ON r.country = p.country AND r.period_start = p.period_start
                          AND r.period_end = p.period_end AND r.publisher = p.publisher
                          AND r.measure = 'user_data_requests'
    JOIN latest l ON l.measure = 'pct_disclosed'
    WHERE p.measure = 'pct_disclosed' AND r.low > 0 AND p.low IS NOT NULL
    GROUP BY p.country
)
SELECT c.country,
       n.name AS country_name,
       max(CASE WHEN c.measure = 'user_data_requests' THEN c.latest_low END) AS user_data_requests_latest_low,
       max(CASE WHEN c.measure = 'user_data_requests' THEN c.latest_high END) AS user_data_requests_latest_high,
       max(CASE WHEN c.measure = 'user_data_requests' THEN c.total_low END) AS user_data_requests_total_low,
       max(CASE WHEN c.measure = 'user_data_requests' THEN c.total_high END) AS user_data_requests_total_high,
       max(CASE WHEN c.measure = 'user_data_accounts' THEN c.latest_low END) AS user_data_accounts_latest_low,
       max(CASE WHEN c.measure = 'user_data_accounts' THEN c.latest_high END) AS user_data_accounts_latest_high,
       max(CASE WHEN c.measure = 'user_data_accounts' THEN c.total_low END) AS user_data_accounts_total_low,
       max(CASE WHEN c.measure = 'user_data_accounts' THEN c.total_high END) AS user_data_accounts_total_high,
       (SELECT latest FROM pct WHERE pct.country = c.country) AS pct_disclosed_latest,
       (SELECT total FROM pct WHERE pct.country = c.country) AS pct_disclosed_total,
       max(CASE WHEN c.measure = 'removal_requests' THEN c.latest_low END) AS removal_requests_latest_low,
       max(CASE WHEN c.measure = 'removal_requests' THEN c.latest_high END) AS removal_requests_latest_high,
       max(CASE WHEN c.measure = 'removal_requests' THEN c.total_low END) AS removal_requests_total_low,
       max(CASE WHEN c.measure = 'removal_requests' THEN c.total_high END) AS removal_requests_total_high,
       max(CASE WHEN c.measure = 'apps_removed_reported' THEN c.latest_low END) AS apps_removed_reported_latest_low,
       max(CASE WHEN c.measure = 'apps_removed_reported' THEN c.latest_high END) AS apps_removed_reported_latest_high,
       max(CASE WHEN c.measure = 'apps_removed_reported' THEN c.total_low END) AS apps_removed_reported_total_low,
       max(CASE WHEN c.measure = 'apps_removed_reported' THEN c.total_high END) AS apps_removed_reported_total_high,
       max(CASE WHEN c.measure = 'apps_removed_observed' THEN c.latest_low END) AS apps_removed_observed_latest_low,
       max(CASE WHEN c.measure = 'apps_removed_observed' THEN c.latest_high END) AS apps_removed_observed_latest_high,
       max(CASE WHEN c.measure = 'apps_removed_observed' THEN c.total_low END) AS apps_removed_observed_total_low,
       max(CASE WHEN c.measure = 'apps_removed_observed' THEN c.total_high END) AS apps_removed_observed_total_high
FROM (SELECT DISTINCT country, CAST(NULL AS TEXT) AS measure,
             CAST(NULL AS NUMERIC) AS latest_low, CAST(NULL AS NUMERIC) AS latest_high,
             CAST(NULL AS NUMERIC) AS total_low, CAST(NULL AS NUMERIC) AS total_high
      FROM country_summary
      UNION ALL
      SELECT * FROM per) c
LEFT JOIN countries n ON n.code = c.country
GROUP BY c.country, n.name
ORDER BY c.country;
