-- pg/summary.sql: model/summary.sql in PostgreSQL's dialect: rebuild
-- country_summary for the (publisher, period) pairs in summary_scope
-- (pg/merge.sql), after is_current is up to date. The rules are
-- summary.sql's; the groups are always counted from fact_rows (the writer
-- keeps none on PostgreSQL), and sums are NUMERIC, exact.

CREATE TEMP TABLE IF NOT EXISTS fact_groups (
    dataset_id BIGINT NOT NULL,
    country TEXT COLLATE "C" NOT NULL,
    period_start TEXT COLLATE "C" NOT NULL,
    period_end TEXT COLLATE "C" NOT NULL,
    request_type TEXT COLLATE "C" NOT NULL,
    metric TEXT COLLATE "C" NOT NULL,
    is_aggregate INTEGER NOT NULL,
    is_total INTEGER NOT NULL,
    no_sub INTEGER NOT NULL,
    product TEXT COLLATE "C",
    n BIGINT NOT NULL,
    n_low BIGINT NOT NULL,
    sum_low NUMERIC NOT NULL,
    n_high BIGINT NOT NULL,
    sum_high NUMERIC NOT NULL,
    sum_w NUMERIC NOT NULL,
    sum_lw NUMERIC NOT NULL
);

DELETE FROM pg_temp.fact_groups;

INSERT INTO pg_temp.fact_groups (dataset_id, country, period_start, period_end, request_type,
                                 metric, is_aggregate, is_total, no_sub, product, n, n_low,
                                 sum_low, n_high, sum_high, sum_w, sum_lw)
SELECT dataset_id, country, period_start, period_end, request_type, metric, is_aggregate, is_total,
       no_sub, product, count(*), count(value_low), coalesce(sum(value_low), 0),
       count(value_high), coalesce(sum(value_high), 0), coalesce(sum(weight), 0),
       coalesce(sum(value_low * weight), 0)
FROM (
    SELECT f.dataset_id, f.country, f.period_start, f.period_end, f.request_type, f.metric,
           f.is_aggregate, (f.reason IS NOT DISTINCT FROM 'TOTAL')::integer AS is_total,
           (f.subcategory IS NULL)::integer AS no_sub, f.product, f.value_low, f.value_high,
           -- a percentage's weight: the requests of its source row, of its request type
           -- and dimensions (the first such fact)
           CASE WHEN f.metric = 'pct_disclosed' AND f.value_low IS NOT NULL THEN
               (SELECT CASE WHEN q.value_high IS NULL THEN q.value_low
                            ELSE (q.value_low + q.value_high) / 2.0 END
                FROM fact_rows q
                WHERE q.file_id = f.file_id AND q.line = f.line AND q.metric = 'requests'
                  AND q.request_type = f.request_type
                  AND q.legal_process IS NOT DISTINCT FROM f.legal_process
                  AND q.requester IS NOT DISTINCT FROM f.requester
                  AND q.product IS NOT DISTINCT FROM f.product
                  AND q.reason IS NOT DISTINCT FROM f.reason
                ORDER BY q.id LIMIT 1) END AS weight
    FROM pg_temp.summary_scope s
    JOIN publishers p ON p.name = s.publisher
    JOIN datasets d ON d.publisher_id = p.id AND d.in_summary <> 0
    JOIN fact_rows f
      ON f.dataset_id = d.id AND f.period_start = s.period_start AND f.period_end = s.period_end
    WHERE f.is_current <> 0 AND f.country IS NOT NULL
) g0
GROUP BY dataset_id, country, period_start, period_end, request_type, metric, is_aggregate,
         is_total, no_sub, product;

DELETE FROM country_summary
WHERE (publisher, period_start, period_end) IN
      (SELECT publisher, period_start, period_end FROM pg_temp.summary_scope)
  AND measure <> 'apps_removed_observed'; -- app records' own measure (app_summary.sql)

WITH base AS (
    SELECT g.dataset_id, g.country, g.period_start, g.period_end, p.name AS publisher,
           r.measure, g.request_type, g.metric, g.n, g.n_low, g.sum_low, g.n_high, g.sum_high,
           -- the rows of the highest level in their partition (ranked) count
           CASE WHEN r.prefer = 'finest' THEN -g.is_aggregate
                WHEN g.is_total <> 0 THEN 2
                WHEN g.no_sub <> 0 THEN 1
                ELSE 0 END AS level,
           CASE WHEN r.prefer = 'coarsest' THEN g.product END AS service
    FROM pg_temp.fact_groups g
    JOIN datasets d ON d.id = g.dataset_id AND d.in_summary <> 0
    JOIN publishers p ON p.id = d.publisher_id
    JOIN measure_rules r ON r.request_type = g.request_type AND r.metric = g.metric
    WHERE NOT (r.prefer = 'coarsest' AND g.country = 'EU')
),
ranked AS (
    SELECT *, max(level) OVER (
               PARTITION BY dataset_id, country, period_start, period_end, measure,
                            request_type, metric, service) AS keep
    FROM base
)
INSERT INTO country_summary (country, period_start, period_end, publisher, measure, low, high,
                             n_facts)
SELECT country, period_start, period_end, publisher, measure,
       CASE WHEN sum(n_low) = 0 THEN NULL ELSE coalesce(sum(sum_low), 0) END,
       CASE WHEN sum(n_high) = sum(n) THEN coalesce(sum(sum_high), 0) END,
       sum(n)
FROM ranked
WHERE level = keep
GROUP BY country, period_start, period_end, publisher, measure;

WITH pct AS (
    SELECT g.dataset_id, g.country, g.period_start, g.period_end, p.name AS publisher,
           g.request_type, g.is_aggregate, g.n_low, g.sum_low, g.sum_w, g.sum_lw
    FROM pg_temp.fact_groups g
    JOIN datasets d ON d.id = g.dataset_id AND d.in_summary <> 0
    JOIN publishers p ON p.id = d.publisher_id
    WHERE g.metric = 'pct_disclosed' AND g.request_type IN ('user_data', 'emergency')
      AND g.n_low > 0
),
ranked AS (
    SELECT *, min(is_aggregate) OVER (
               PARTITION BY dataset_id, country, period_start, period_end, request_type) AS keep
    FROM pct
),
means AS (
    SELECT country, period_start, period_end, publisher,
           CASE WHEN coalesce(sum(sum_w), 0) > 0 THEN sum(sum_lw) / sum(sum_w)
                ELSE coalesce(sum(sum_low), 0) / sum(n_low) END AS mean,
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

DELETE FROM pg_temp.fact_groups;
