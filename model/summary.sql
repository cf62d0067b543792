-- Rebuild country_summary for the (publisher, period) pairs listed in
-- temp.summary_scope. Run inside the ingest transaction, after is_current
-- is up to date. Rules (DESIGN.md):
--  * only current facts of datasets marked in_summary, with a country;
--  * within one dataset, country, period, request type and metric, rows that
--    are not aggregates are added up; aggregate rows count only when they
--    stand alone (Google's "All" rows for the years before a breakdown). An
--    aggregate stands for its own request type: an "All" row of user-data
--    requests beside an emergency row of the same half-year adds to it.
--    That is measure_rules.prefer 'finest';
--  * prefer 'coarsest' (the DSA measures) turns it round, per service
--    (product) as well: of a country's rows only those of the coarsest level
--    present count, the category TOTAL row (level 2), else the category rows
--    (1: no keyword), else the keyword rows (0), for a service's categories
--    and keywords need not add up to its totals. Their rows of all Member
--    States together (country EU, Scope TOTAL) are no country's and stay out;
--  * sums are floating point (total()), so no input can overflow them;
--  * bands add up as bands: low is the sum of the lows (NULL when no fact
--    has one), high the sum of the highs (NULL when any is open or unknown);
--  * the joins run from the few (publisher, period) pairs in scope to the
--    facts through their (dataset, period) index (CROSS JOIN fixes that order);
--  * pct_disclosed is the mean of the percentages weighted by the requests
--    of the same source row (the middle of a band; plain mean when no row
--    has requests).

DELETE FROM country_summary
WHERE (publisher, period_start, period_end) IN
      (SELECT publisher, period_start, period_end FROM temp.summary_scope)
  AND measure != 'apps_removed_observed'; -- app records' own measure (app_summary.sql)

WITH base AS (
    SELECT f.dataset_id, f.country, f.period_start, f.period_end, p.name AS publisher,
           r.measure, f.request_type, f.metric, f.value_low, f.value_high,
           -- the rows of the highest level in their partition (ranked) count
           CASE WHEN r.prefer = 'finest' THEN -f.is_aggregate
                WHEN f.reason = 'TOTAL' THEN 2
                WHEN f.subcategory IS NULL THEN 1
                ELSE 0 END AS level,
           CASE WHEN r.prefer = 'coarsest' THEN f.product END AS service
    FROM temp.summary_scope s
    CROSS JOIN publishers p ON p.name = s.publisher
    CROSS JOIN datasets d ON d.publisher_id = p.id AND d.in_summary
    CROSS JOIN fact_rows f
      ON f.dataset_id = d.id AND f.period_start = s.period_start AND f.period_end = s.period_end
    JOIN measure_rules r ON r.request_type = f.request_type AND r.metric = f.metric
    WHERE f.is_current AND f.country IS NOT NULL
      AND NOT (r.prefer = 'coarsest' AND f.country = 'EU')
),
ranked AS (
    SELECT *, MAX(level) OVER (
               PARTITION BY dataset_id, country, period_start, period_end, measure,
                            request_type, metric, service) AS keep
    FROM base
)
INSERT INTO country_summary (country, period_start, period_end, publisher, measure, low, high,
                             n_facts)
SELECT country, period_start, period_end, publisher, measure,
       CASE WHEN count(value_low) = 0 THEN NULL ELSE total(value_low) END,
       CASE WHEN count(value_high) = count(*) THEN total(value_high) END,
       count(*)
FROM ranked
WHERE level = keep
GROUP BY country, period_start, period_end, publisher, measure;

WITH pct AS (
    SELECT f.dataset_id, f.country, f.period_start, f.period_end, p.name AS publisher,
           f.request_type, f.value_low AS pct, f.is_aggregate,
           (SELECT CASE WHEN q.value_high IS NULL THEN q.value_low
                        ELSE (q.value_low + q.value_high) / 2.0 END
            FROM fact_rows q
            WHERE q.file_id = f.file_id AND q.line = f.line AND q.metric = 'requests'
              AND q.request_type = f.request_type
              AND q.legal_process IS f.legal_process AND q.requester IS f.requester
              AND q.product IS f.product AND q.reason IS f.reason) AS weight
    FROM temp.summary_scope s
    CROSS JOIN publishers p ON p.name = s.publisher
    CROSS JOIN datasets d ON d.publisher_id = p.id AND d.in_summary
    CROSS JOIN fact_rows f
      ON f.dataset_id = d.id AND f.period_start = s.period_start AND f.period_end = s.period_end
    WHERE f.is_current AND f.country IS NOT NULL AND f.metric = 'pct_disclosed'
      AND f.request_type IN ('user_data', 'emergency') AND f.value_low IS NOT NULL
),
ranked AS (
    SELECT *, MIN(is_aggregate) OVER (
               PARTITION BY dataset_id, country, period_start, period_end, request_type) AS keep
    FROM pct
),
means AS (
    SELECT country, period_start, period_end, publisher,
           CASE WHEN total(weight) > 0 THEN total(pct * weight) / total(weight)
                ELSE avg(pct) END AS mean,
           count(*) AS n
    FROM ranked
    WHERE is_aggregate = keep
    GROUP BY country, period_start, period_end, publisher
)
INSERT INTO country_summary (country, period_start, period_end, publisher, measure, low, high,
                             n_facts)
SELECT country, period_start, period_end, publisher, 'pct_disclosed',
       round(mean, 1), round(mean, 1), n
FROM means;
