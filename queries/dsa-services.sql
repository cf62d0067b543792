-- name: dsa-services
-- postgresql: yes
-- description: the services whose DSA Table 3 (Member States' orders) is loaded: per service and half-year its provider, when the report was published (Table 1, where loaded), how many Member States it gives figures for, and its totals for all Member States together (its TOTAL row: orders to act, items, orders to provide information)
-- param: service text - only this service, in any case (default: every service)
-- param: period period - only this half-year: an end date, a label (2026H1) or latest (each service's latest) (default: every half-year)
-- check: CASE WHEN :service IS NOT NULL AND NOT EXISTS (SELECT 1 FROM datasets d JOIN fact_rows f ON f.dataset_id = d.id WHERE d.name = 'dsa-member-states-orders' AND lower(f.product) = lower(:service)) THEN 'unknown service ''' || :service || ''' (trdb query dsa-services lists the services with DSA figures)' END
--
-- Returns publisher (the provider), service, period_start, period_end,
-- published_on (from the report's Table 1; empty when none is loaded),
-- countries (Member States with a figure of any row), orders_to_act, items,
-- orders_to_provide_information (the row of Category TOTAL and Scope TOTAL:
-- country EU), notes (contextual texts: trdb query dsa-notes), source_file
-- (the Table 3 file); ordered by service, then half-year.
WITH f AS (
    SELECT f.dataset_id, f.product, f.period_start, f.period_end, f.country, f.reason,
           f.subcategory, f.request_type, f.metric, f.value_low, f.file_id,
           max(f.period_end) OVER (PARTITION BY f.dataset_id, f.product) AS latest_end
    FROM datasets d
    JOIN fact_rows f ON f.dataset_id = d.id
    WHERE d.name = 'dsa-member-states-orders' AND f.is_current <> 0
      AND (:service IS NULL OR lower(f.product) = lower(:service))
),
g AS (
    SELECT dataset_id, product, period_start, period_end,
           count(DISTINCT CASE WHEN country != 'EU' THEN country END) AS countries,
           max(CASE WHEN country = 'EU' AND reason = 'TOTAL' AND subcategory IS NULL
                     AND request_type = 'dsa_order_to_act' AND metric = 'orders'
                    THEN value_low END) AS orders_to_act,
           max(CASE WHEN country = 'EU' AND reason = 'TOTAL' AND subcategory IS NULL
                     AND request_type = 'dsa_order_to_act' AND metric = 'items'
                    THEN value_low END) AS items,
           max(CASE WHEN country = 'EU' AND reason = 'TOTAL' AND subcategory IS NULL
                     AND request_type = 'dsa_order_to_provide_information'
                     AND metric = 'orders' THEN value_low END) AS info_orders,
           max(file_id) AS file_id
    FROM f
    WHERE (:period_latest IS NULL OR period_end = latest_end)
      AND (:period_end IS NULL OR (period_start = :period_start AND period_end = :period_end))
    GROUP BY dataset_id, product, period_start, period_end
)
SELECT p.name AS publisher,
       g.product AS service,
       g.period_start,
       g.period_end,
       (SELECT r.published_on FROM dsa_reports r
        WHERE lower(r.service) = lower(g.product) AND r.period_start = g.period_start
          AND r.period_end = g.period_end
        ORDER BY r.file_id DESC LIMIT 1) AS published_on,
       g.countries,
       g.orders_to_act,
       g.items,
       g.info_orders AS orders_to_provide_information,
       (SELECT count(*) FROM fact_notes n
        WHERE n.dataset_id = g.dataset_id AND n.is_current <> 0 AND n.product IS NOT DISTINCT FROM g.product
          AND n.period_start = g.period_start AND n.period_end = g.period_end) AS notes,
       s.path AS source_file
FROM g
JOIN datasets d ON d.id = g.dataset_id
JOIN publishers p ON p.id = d.publisher_id
JOIN source_files s ON s.id = g.file_id
ORDER BY lower(g.product) NULLS FIRST, g.product NULLS FIRST, p.name, g.period_end, g.period_start;
