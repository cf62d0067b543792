-- name: agg
-- description: one measure of country_summary added up along one or two axes (period, country, publisher), in long form like OONI's aggregation API: one row per value of axis_x and of axis_y, with the sum (a band when the facts were; pct_disclosed weighted by user-data requests) and the facts behind it
-- param: measure choice:@measures user_data_requests the measure (data/vocabulary/measures.tsv)
-- param: axis_x choice:period,country,publisher period the first axis
-- param: axis_y choice:none,period,country,publisher none the second axis (none: one row per value of axis_x)
-- param: publisher publisher - only this publisher (default: all, added up unless an axis is publisher)
-- param: cc countries - only these countries: codes or names, comma-separated (default: all)
-- param: since period - the first period: periods that start on or after its start (2021H1, 2021-06-30)
-- param: until period - the last period: periods that end on or before its end
-- check: CASE WHEN :axis_x = :axis_y THEN 'axis_x and axis_y must differ (both are ' || :axis_x || ')' END
-- check: CASE WHEN :since_latest = 1 OR :until_latest = 1 THEN 'since and until take a period (2021H1, 2021-06-30), not latest' END
-- check: CASE WHEN :since_start > :until_end THEN 'since (from ' || :since_start || ') is after until (to ' || :until_end || ')' END
--
-- Returns x (the axis_x value), y (the axis_y value; empty for none),
-- value_low, value_high, n_facts, ordered by x then y. A period is written
-- as its start and end, ISO 8601 style: 2021-01-01/2021-06-30; a country as
-- its code. Sums follow model/summary.sql: low is the sum of the lows
-- (empty when no figure has one), high the sum of the highs (empty when one
-- is open or unknown); pct_disclosed is the mean weighted by each row's
-- user_data_requests (the middle of a band), a plain mean when none has
-- requests.
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
      AND (:cc IS NULL OR s.country IN (SELECT value FROM json_each(:cc)))
      AND (:since_start IS NULL OR s.period_start >= :since_start)
      AND (:until_end IS NULL OR s.period_end <= :until_end)
),
g AS (
    SELECT x, y,
           CASE WHEN count(low) > 0 THEN total(low) END AS low,
           CASE WHEN count(high) = count(*) THEN total(high) END AS high,
           round(CASE WHEN total(weight) > 0 THEN total(low * weight) / total(weight)
                      ELSE avg(low) END, 1) AS mean,
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
