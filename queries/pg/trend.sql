-- queries/trend.sql on PostgreSQL (its header, parameters and checks are that
-- file's): coalesce(sum(x), 0.0) for SQLite's total(x), round() of a numeric
WITH s AS (
    SELECT s.period_start, s.period_end, s.publisher, s.country, s.low, s.high, s.n_facts,
           CASE WHEN :measure = 'pct_disclosed' THEN w.weight END AS weight
    FROM country_summary s
    LEFT JOIN summary_weight w
      ON w.country = s.country AND w.period_start = s.period_start
     AND w.period_end = s.period_end AND w.publisher = s.publisher
    WHERE s.measure = :measure
      AND (:cc IS NULL OR s.country = :cc)
      AND (:publisher IS NULL OR s.publisher = :publisher)
      AND (:since_start IS NULL OR s.period_start >= :since_start)
      AND (:until_end IS NULL OR s.period_end <= :until_end)
),
g AS (
    SELECT period_start, period_end, publisher,
           CASE WHEN count(low) > 0 THEN coalesce(sum(low), 0.0) END AS low,
           CASE WHEN count(high) = count(*) THEN coalesce(sum(high), 0.0) END AS high,
           round(CAST(CASE WHEN coalesce(sum(weight), 0.0) > 0
                           THEN coalesce(sum(low * weight), 0.0) / sum(weight)
                           ELSE avg(low) END AS numeric), 1) AS mean,
           count(DISTINCT country) AS countries,
           sum(n_facts) AS n_facts
    FROM s
    GROUP BY period_start, period_end, publisher
)
SELECT period_start,
       period_end,
       publisher,
       :cc AS country,
       :measure AS measure,
       CASE WHEN :measure = 'pct_disclosed' THEN mean ELSE low END AS value_low,
       CASE WHEN :measure = 'pct_disclosed' THEN mean ELSE high END AS value_high,
       countries,
       n_facts
FROM g
ORDER BY period_end, period_start, publisher;
