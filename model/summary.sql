-- Rebuild country_summary for the (publisher, period) pairs listed in
-- temp.summary_scope. Run inside the ingest transaction, after is_current
-- is up to date (merge.sql, or rebuild.sql for the whole table). Rules
-- (DESIGN.md):
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
--  * pct_disclosed is the mean of the percentages weighted by the requests
--    of the same source row (the middle of a band; plain mean when no row
--    has requests).
--
-- The facts are first counted in groups (temp.fact_groups): one row per
-- dataset, country, period, request type, metric, product and what the rules
-- above read of a fact (is_aggregate, reason 'TOTAL', a subcategory or not),
-- with the count, sum and count of the lows and highs, and for the
-- percentages the weight of the requests beside them. The writer counts the
-- groups of the file it loads as it stores the facts (model/fact_groups.c),
-- for the (dataset, period) pairs whose current facts are all that file's
-- (temp.summary_known, from merge.sql); the first statement counts the rest
-- from fact_rows. The joins run from the few (publisher, period) pairs in
-- scope to the facts through their (dataset, period) index (CROSS JOIN fixes
-- that order).

INSERT INTO temp.fact_groups (dataset_id, country, period_start, period_end, request_type, metric,
                              is_aggregate, is_total, no_sub, product, n, n_low, sum_low, n_high,
                              sum_high, sum_w, sum_lw)
SELECT dataset_id, country, period_start, period_end, request_type, metric, is_aggregate, is_total,
       no_sub, product, count(*), count(value_low), total(value_low), count(value_high),
       total(value_high), total(weight), total(value_low * weight)
FROM (
    SELECT f.dataset_id, f.country, f.period_start, f.period_end, f.request_type, f.metric,
           f.is_aggregate, f.reason IS 'TOTAL' AS is_total, f.subcategory IS NULL AS no_sub,
           f.product, f.value_low, f.value_high,
           -- a percentage's weight: the requests of its source row, of its request type
           -- and dimensions (the first such fact)
           CASE WHEN f.metric = 'pct_disclosed' AND f.value_low IS NOT NULL THEN
               (SELECT CASE WHEN q.value_high IS NULL THEN q.value_low
                            ELSE (q.value_low + q.value_high) / 2.0 END
                FROM fact_rows q
                WHERE q.file_id = f.file_id AND q.line = f.line AND q.metric = 'requests'
                  AND q.request_type = f.request_type
                  AND q.legal_process IS f.legal_process AND q.requester IS f.requester
                  AND q.product IS f.product AND q.reason IS f.reason
                ORDER BY q.id LIMIT 1) END AS weight
    FROM temp.summary_scope s
    CROSS JOIN publishers p ON p.name = s.publisher
    CROSS JOIN datasets d ON d.publisher_id = p.id AND d.in_summary
    CROSS JOIN fact_rows f
      ON f.dataset_id = d.id AND f.period_start = s.period_start AND f.period_end = s.period_end
    WHERE f.is_current AND f.country IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM temp.summary_known k
                      WHERE k.dataset_id = d.id AND k.period_start = s.period_start
                        AND k.period_end = s.period_end)
)
GROUP BY dataset_id, country, period_start, period_end, request_type, metric, is_aggregate,
         is_total, no_sub, product;

DELETE FROM country_summary
WHERE (publisher, period_start, period_end) IN
      (SELECT publisher, period_start, period_end FROM temp.summary_scope)
  AND measure != 'apps_removed_observed'; -- app records' own measure (app_summary.sql)

WITH base AS (
    SELECT g.dataset_id, g.country, g.period_start, g.period_end, p.name AS publisher,
           r.measure, g.request_type, g.metric, g.n, g.n_low, g.sum_low, g.n_high, g.sum_high,
           -- the rows of the highest level in their partition (ranked) count
           CASE WHEN r.prefer = 'finest' THEN -g.is_aggregate
                WHEN g.is_total THEN 2
                WHEN g.no_sub THEN 1
                ELSE 0 END AS level,
           CASE WHEN r.prefer = 'coarsest' THEN g.product END AS service
    FROM temp.fact_groups g
    JOIN datasets d ON d.id = g.dataset_id AND d.in_summary
    JOIN publishers p ON p.id = d.publisher_id
    JOIN measure_rules r ON r.request_type = g.request_type AND r.metric = g.metric
    WHERE NOT (r.prefer = 'coarsest' AND g.country = 'EU')
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
       CASE WHEN sum(n_low) = 0 THEN NULL ELSE total(sum_low) END,
       CASE WHEN sum(n_high) = sum(n) THEN total(sum_high) END,
       sum(n)
FROM ranked
WHERE level = keep
GROUP BY country, period_start, period_end, publisher, measure;

WITH pct AS (
    SELECT g.dataset_id, g.country, g.period_start, g.period_end, p.name AS publisher,
           g.request_type, g.is_aggregate, g.n_low, g.sum_low, g.sum_w, g.sum_lw
    FROM temp.fact_groups g
    JOIN datasets d ON d.id = g.dataset_id AND d.in_summary
    JOIN publishers p ON p.id = d.publisher_id
    WHERE g.metric = 'pct_disclosed' AND g.request_type IN ('user_data', 'emergency')
      AND g.n_low > 0
),
ranked AS (
    SELECT *, MIN(is_aggregate) OVER (
               PARTITION BY dataset_id, country, period_start, period_end, request_type) AS keep
    FROM pct
),
means AS (
    SELECT country, period_start, period_end, publisher,
           CASE WHEN total(sum_w) > 0 THEN total(sum_lw) / total(sum_w)
                ELSE total(sum_low) / sum(n_low) END AS mean,
           sum(n_low) AS n
    FROM ranked
    WHERE is_aggregate = keep
    GROUP BY country, period_start, period_end, publisher
)
INSERT INTO country_summary (country, period_start, period_end, publisher, measure, low, high,
                             n_facts)
SELECT country, period_start, period_end, publisher, 'pct_disclosed',
       round(mean, 1), round(mean, 1), n
FROM means;

-- the writer's groups served this file only
DELETE FROM temp.fact_groups;
DELETE FROM temp.summary_known;
