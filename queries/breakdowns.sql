-- name: breakdowns
-- postgresql: yes
-- description: one country's figures broken down by legal process, requester, product and reason at once: the rows of the query breakdown for each, in that order, each with the breakdown it belongs to (a country page reads the country's figures once for all four)
-- param: cc country required the country: an ISO code or a name
--
-- The same rows as breakdown with by= each of the four, in the same order
-- within each: one read of the country's rows instead of four (a report
-- writes ~200 pages). Read from fact_rows, joined as the view facts joins it
-- (current rows, with their dataset, publisher and source file), so that the
-- four breakdowns are one pass over the rows rather than four.
SELECT CASE b.k WHEN 1 THEN 'legal_process' WHEN 2 THEN 'requester'
                WHEN 3 THEN 'product' ELSE 'reason' END AS breakdown,
       p.name AS publisher,
       f.request_type,
       f.metric,
       CASE b.k WHEN 1 THEN f.legal_process WHEN 2 THEN f.requester
                WHEN 3 THEN f.product ELSE f.reason END AS value,
       count(DISTINCT f.period_end) AS half_years,
       max(f.period_end) AS last_period_end,
       sum(f.value_low) AS total_low,
       CASE WHEN count(*) = count(f.value_high) THEN sum(f.value_high) END AS total_high
FROM fact_rows f
JOIN datasets d ON d.id = f.dataset_id
JOIN publishers p ON p.id = d.publisher_id
JOIN source_files s ON s.id = f.file_id
CROSS JOIN (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) b
WHERE f.country = :cc AND f.is_current <> 0 AND f.is_aggregate = 0 AND f.metric NOT LIKE 'pct%'
  AND f.metric NOT IN (SELECT metric FROM metric_units) -- medians: not counts
  AND (f.value_low IS NOT NULL OR f.value_high IS NOT NULL)
  AND CASE b.k WHEN 1 THEN f.legal_process WHEN 2 THEN f.requester
               WHEN 3 THEN f.product ELSE f.reason END IS NOT NULL
GROUP BY b.k, 2, 3, 4, 5
ORDER BY b.k, 2, 3, 4, 8 DESC, 5;
