-- name: breakdown
-- postgresql: yes
-- description: one country's figures broken down by legal process, requester, product or reason, rows that total others left out: per publisher, request type, metric and value, the half-years it covers, the last one, and the total over all of them (bands add up as bands; percentages and median times, which do not add up, are left out)
-- param: cc country required the country: an ISO code or a name
-- param: by choice:legal_process,requester,product,reason requester what to break the figures down by
SELECT publisher,
       request_type,
       metric,
       CASE :by WHEN 'legal_process' THEN legal_process WHEN 'requester' THEN requester
                WHEN 'product' THEN product ELSE reason END AS value,
       count(DISTINCT period_end) AS half_years,
       max(period_end) AS last_period_end,
       sum(value_low) AS total_low,
       CASE WHEN count(*) = count(value_high) THEN sum(value_high) END AS total_high
FROM facts
WHERE country = :cc AND is_aggregate = 0 AND metric NOT LIKE 'pct%'
  AND metric NOT IN (SELECT metric FROM metric_units) -- medians: not counts
  AND (value_low IS NOT NULL OR value_high IS NOT NULL)
  AND CASE :by WHEN 'legal_process' THEN legal_process WHEN 'requester' THEN requester
               WHEN 'product' THEN product ELSE reason END IS NOT NULL
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 7 DESC, 4;
