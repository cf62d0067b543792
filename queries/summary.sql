-- name: summary
-- postgresql: yes
-- description: the whole country_summary table, one row per country, period, publisher and measure (long form, as reports/ writes it)
-- param: cc country - only this country (default: all)
SELECT s.country,
       c.name AS country_name,
       s.period_start,
       s.period_end,
       s.publisher,
       s.measure,
       s.low,
       s.high,
       s.n_facts
FROM country_summary s
LEFT JOIN countries c ON c.code = s.country
-- a range rather than ":cc IS NULL OR ...", so that one country is read through the key
WHERE s.country BETWEEN coalesce(:cc, '') AND coalesce(:cc, 'ZZZZ')
ORDER BY s.country, s.period_end, s.publisher, s.measure;
