-- The DSA page: every service with DSA figures (Table 3 of its
-- transparency report), its provider and half-year, when the report was
-- published (Table 1, dsa_reports, when loaded), its EU-wide totals (the
-- rows of Scope TOTAL, country 'EU': category TOTAL, no keyword) and the
-- Member States it has figures for.
-- PostgreSQL's text of reports/sql/dsa-services.sql: IS NOT DISTINCT FROM
-- for SQLite's IS, lower() for COLLATE NOCASE, string_agg in code order.
WITH f AS MATERIALIZED (
    SELECT publisher, product, period_start, period_end, country, reason, subcategory,
           request_type, metric, value_low, value_high
    FROM facts
    WHERE dataset = 'dsa-member-states-orders'
      AND request_type IN ('dsa_order_to_act', 'dsa_order_to_provide_information')
),
t AS (
    SELECT publisher, product, period_start, period_end, request_type, metric, value_low, value_high
    FROM f
    WHERE country = 'EU' AND reason = 'TOTAL' AND subcategory IS NULL
)
SELECT coalesce(s.product, s.publisher) AS service,
       s.publisher AS provider,
       CASE WHEN substr(s.period_start, 1, 4) = substr(s.period_end, 1, 4)
                 AND substr(s.period_start, 5) = '-01-01' AND substr(s.period_end, 5) = '-06-30'
            THEN substr(s.period_start, 1, 4) || ' H1'
            WHEN substr(s.period_start, 1, 4) = substr(s.period_end, 1, 4)
                 AND substr(s.period_start, 5) = '-07-01' AND substr(s.period_end, 5) = '-12-31'
            THEN substr(s.period_start, 1, 4) || ' H2'
            ELSE s.period_start || ' to ' || s.period_end END AS half_year,
       (SELECT max(r.published_on) FROM dsa_reports r
        WHERE lower(r.service) = lower(s.product) AND r.period_start = s.period_start) AS published_on,
       (SELECT sum(value_low) FROM t WHERE t.publisher = s.publisher AND t.product IS NOT DISTINCT FROM s.product
          AND t.period_start = s.period_start AND t.period_end = s.period_end
          AND t.request_type = 'dsa_order_to_act' AND t.metric = 'orders') AS orders_to_act,
       (SELECT sum(value_low) FROM t WHERE t.publisher = s.publisher AND t.product IS NOT DISTINCT FROM s.product
          AND t.period_start = s.period_start AND t.period_end = s.period_end
          AND t.request_type = 'dsa_order_to_act' AND t.metric = 'items') AS items,
       (SELECT sum(value_low) FROM t WHERE t.publisher = s.publisher AND t.product IS NOT DISTINCT FROM s.product
          AND t.period_start = s.period_start AND t.period_end = s.period_end
          AND t.request_type = 'dsa_order_to_provide_information' AND t.metric = 'orders')
           AS orders_to_provide_information,
       (SELECT max(value_low) FROM t WHERE t.publisher = s.publisher AND t.product IS NOT DISTINCT FROM s.product
          AND t.period_start = s.period_start AND t.period_end = s.period_end
          AND t.request_type = 'dsa_order_to_act' AND t.metric = 'median_hours_to_inform')
           AS "act: median hours to inform*",
       (SELECT max(value_low) FROM t WHERE t.publisher = s.publisher AND t.product IS NOT DISTINCT FROM s.product
          AND t.period_start = s.period_start AND t.period_end = s.period_end
          AND t.request_type = 'dsa_order_to_act' AND t.metric = 'median_hours_to_effect')
           AS "act: median hours to give effect*",
       (SELECT max(value_low) FROM t WHERE t.publisher = s.publisher AND t.product IS NOT DISTINCT FROM s.product
          AND t.period_start = s.period_start AND t.period_end = s.period_end
          AND t.request_type = 'dsa_order_to_provide_information' AND t.metric = 'median_hours_to_inform')
           AS "information: median hours to inform*",
       (SELECT max(value_low) FROM t WHERE t.publisher = s.publisher AND t.product IS NOT DISTINCT FROM s.product
          AND t.period_start = s.period_start AND t.period_end = s.period_end
          AND t.request_type = 'dsa_order_to_provide_information' AND t.metric = 'median_hours_to_effect')
           AS "information: median hours to give effect*",
       coalesce(c.member_states, 0) AS member_states,
       c.codes AS member_state_codes
FROM (SELECT publisher, product, period_start, period_end
      FROM f
      GROUP BY publisher, product, period_start, period_end) s
LEFT JOIN (
    SELECT publisher, product, period_start, period_end,
           count(*) AS member_states, string_agg(country, ' ' ORDER BY country) AS codes
    FROM (SELECT DISTINCT publisher, product, period_start, period_end, country
          FROM f
          WHERE country != 'EU') d
    GROUP BY publisher, product, period_start, period_end
) c ON c.publisher = s.publisher AND c.product IS NOT DISTINCT FROM s.product
   AND c.period_start = s.period_start AND c.period_end = s.period_end
ORDER BY s.period_end DESC, service;
