-- name: top
-- postgresql: yes
-- description: countries ranked by one measure of country_summary for one half-year, each publisher ranked on its own (figures of different publishers never add up); ties share a rank; a band stays a band (value_low, value_high), an open band ranks above a closed one with the same low, an unknown figure last
-- param: measure choice:@measures user_data_requests the measure to rank by (data/vocabulary/measures.tsv)
-- param: period period latest the period: an end date (2022-06-30), a label (2022H1) or latest (the latest with figures for the measure)
-- param: publisher publisher - only this publisher (default: every publisher, each ranked on its own)
-- param: limit int 10 how many ranks per publisher, ties at the last rank included (0: all)
--
-- Returns one row per country and publisher: rank, country, country_name,
-- period_start, period_end, publisher, measure, value_low, value_high,
-- n_facts (the facts added up), ordered by publisher and rank.
WITH chosen AS (
    SELECT coalesce(:period_end,
                    (SELECT max(period_end) FROM country_summary
                     WHERE measure = :measure
                       AND (:publisher IS NULL OR publisher = :publisher))) AS period_end
),
ranked AS (
    SELECT s.*,
           rank() OVER (PARTITION BY s.publisher, s.period_start
                        ORDER BY s.low DESC NULLS LAST,
                                 s.high IS NULL AND s.low IS NOT NULL DESC,
                                 s.high DESC) AS rank
    FROM country_summary s
    JOIN chosen ON s.period_end = chosen.period_end
    WHERE s.measure = :measure
      AND (:period_start IS NULL OR s.period_start = :period_start)
      AND (:publisher IS NULL OR s.publisher = :publisher)
)
SELECT r.rank,
       r.country,
       c.name AS country_name,
       r.period_start,
       r.period_end,
       r.publisher,
       r.measure,
       r.low AS value_low,
       r.high AS value_high,
       r.n_facts
FROM ranked r
LEFT JOIN countries c ON c.code = r.country
WHERE :limit = 0 OR r.rank <= :limit
ORDER BY r.publisher, r.period_start, r.rank, r.country;
