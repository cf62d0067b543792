-- queries/agg.sql on PostgreSQL (its header, parameters and checks are that
-- file's): coalesce(sum(x), 0.0) for SQLite's total(x), round() of a numeric,
-- json_array_elements_text for json_each
WITH s AS (
    SELECT CASE :axis_x WHEN 'period' THEN s.period_start || '/' || s.period_end
                        WHEN 'country' THEN s.country
                        ELSE s.publisher END AS x,
           CASE :axis_y WHEN 'period' THEN s.period_start || '/' || s.period_end
                        WHEN 'country' THEN s.country
                        WHEN 'publisher' THEN s.publisher END AS y,
           s.low, s.high, s.n_facts,
           CASE WHEN :measure = 'pct_disclosed' THEN w.weight END AS weight
    FROM country_summary s
    LEFT JOIN summary_weight w
      ON w.country = s.country AND w.period_start = s.period_start
     AND w.period_end = s.period_end AND w.publisher = s.publisher
    WHERE s.measure = :measure
      AND (:publisher IS NULL OR s.publisher = :publisher)
      AND (:cc IS NULL OR s.country IN (SELECT json_array_elements_text(CAST(:cc AS json))))
      AND (:since_start IS NULL OR s.period_start >= :since_start)
      AND (:until_end IS NULL OR s.period_end <= :until_end)
),
g AS (
    SELECT x, y,
           CASE WHEN count(low) > 0 THEN coalesce(sum(low), 0.0) END AS low,
           CASE WHEN count(high) = count(*) THEN coalesce(sum(high), 0.0) END AS high,
           round(CAST(CASE WHEN coalesce(sum(weight), 0.0) > 0
                           THEN coalesce(sum(low * weight), 0.0) / sum(weight)
                           ELSE avg(low) END AS numeric), 1) AS mean,
           sum(n_facts) AS n_facts
    FROM s
    GROUP BY x, y
)
SELECT x,
       y,
       CASE WHEN :measure = 'pct_disclosed' THEN mean ELSE low END AS value_low,
       CASE WHEN :measure = 'pct_disclosed' THEN mean ELSE high END AS value_high,
       n_facts
FROM g
ORDER BY x, y;
