-- The maps' figures: per measure of country_summary (pct_disclosed aside:
-- a percentage does not add up over publishers) and country, the figure of
-- the measure's latest half-year (the latest any country has for it), all
-- publishers together; bands add up as bands.
WITH l AS (
    SELECT measure, max(period_end) AS period_end
    FROM country_summary
    WHERE measure != 'pct_disclosed'
    GROUP BY measure
)
SELECT s.measure,
       s.country,
       c.name AS country_name,
       min(s.period_start) AS period_start,
       l.period_end,
       sum(s.low) AS low,
       CASE WHEN count(*) = count(s.high) THEN sum(s.high) END AS high
-- CROSS JOIN: country_summary is read once and l looked up per row (through
-- an automatic index); the other way round it was read once per measure
FROM country_summary s
CROSS JOIN l
LEFT JOIN countries c ON c.code = s.country
WHERE l.measure = s.measure AND l.period_end = s.period_end
GROUP BY s.measure, s.country, c.name, l.period_end
ORDER BY s.measure, s.country;
