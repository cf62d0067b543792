-- queries/compare.sql on PostgreSQL (its header and parameters are that file's):
-- json_array_elements_text WITH ORDINALITY for SQLite's json_each
WITH chosen AS (
    SELECT code, pos FROM json_array_elements_text(CAST(:cc AS json)) WITH ORDINALITY AS j(code, pos)
),
s AS (
    SELECT s.*
    FROM country_summary s
    JOIN chosen ON chosen.code = s.country
    WHERE s.measure = :measure
      AND (:publisher IS NULL OR s.publisher = :publisher)
),
slots AS (
    SELECT DISTINCT period_start, period_end, publisher
    FROM s
    WHERE (:period_end IS NULL OR (period_start = :period_start AND period_end = :period_end))
      AND (:period_latest IS NULL OR period_end = (SELECT max(period_end) FROM s))
),
side AS (
    SELECT sl.period_start, sl.period_end, sl.publisher, ch.code AS country, ch.pos,
           s.low, s.high, s.n_facts
    FROM slots sl
    CROSS JOIN chosen ch
    LEFT JOIN s ON s.country = ch.code AND s.period_start = sl.period_start
               AND s.period_end = sl.period_end AND s.publisher = sl.publisher
)
SELECT d.period_start,
       d.period_end,
       d.publisher,
       d.country,
       c.name AS country_name,
       :measure AS measure,
       d.low AS value_low,
       d.high AS value_high,
       CASE WHEN d.low IS NOT NULL OR d.high IS NOT NULL THEN
           rank() OVER (PARTITION BY d.period_start, d.period_end, d.publisher
                        ORDER BY d.low DESC NULLS LAST,
                                 d.high IS NULL AND d.low IS NOT NULL DESC,
                                 d.high DESC)
       END AS rank,
       d.n_facts
FROM side d
LEFT JOIN countries c ON c.code = d.country
ORDER BY d.period_end, d.period_start, d.publisher, d.pos;
