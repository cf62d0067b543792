-- name: latest-periods
-- postgresql: yes
-- description: for each measure of country_summary, the latest half-year any country has figures for, and how many countries have them then
SELECT s.measure,
       s.period_start,
       s.period_end,
       count(DISTINCT s.country) AS countries
FROM country_summary s
JOIN (SELECT measure, max(period_end) AS period_end FROM country_summary GROUP BY measure) l
  ON l.measure = s.measure AND l.period_end = s.period_end
GROUP BY s.measure, s.period_start, s.period_end
ORDER BY s.measure, s.period_start;
