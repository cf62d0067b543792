-- name: trend
-- description: one measure of country_summary across half-years, per publisher, for one country or for the world (every country and other requester added up); bands add up as bands, pct_disclosed is weighted by each country's user-data requests
-- param: measure choice:@measures user_data_requests the measure (data/vocabulary/measures.tsv)
-- param: cc country - one country: an ISO code (US) or a name (default: the world)
-- param: publisher publisher - only this publisher (default: each publisher on rows of its own)
-- param: since period - the first period: periods that start on or after its start (2021H1, 2021-06-30)
-- param: until period - the last period: periods that end on or before its end
-- check: CASE WHEN :since_latest = 1 OR :until_latest = 1 THEN 'since and until take a period (2021H1, 2021-06-30), not latest' END
-- check: CASE WHEN :since_start > :until_end THEN 'since (from ' || :since_start || ') is after until (to ' || :until_end || ')' END
--
-- Returns one row per period and publisher: period_start, period_end,
-- publisher, country (the cc given; empty for the world), measure,
-- value_low, value_high (one figure: a band when the facts were), countries
-- (how many were added up), n_facts; oldest period first.
--
-- Sums follow model/summary.sql: low is the sum of the lows (empty when no
-- figure has one), high the sum of the highs (empty when one is open or
-- unknown). pct_disclosed of several countries is their mean weighted by
-- their user_data_requests (the middle of a band); a plain mean when none
-- has requests.
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
           CASE WHEN count(low) > 0 THEN total(low) END AS low,
           CASE WHEN count(high) = count(*) THEN total(high) END AS high,
           round(CASE WHEN total(weight) > 0 THEN total(low * weight) / total(weight)
                      ELSE avg(low) END, 1) AS mean,
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
