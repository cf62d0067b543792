-- name: dsa-orders
-- postgresql: yes
-- description: the orders one Member State's authorities sent each service under the EU's DSA (its Table 3): per service and published row (the TOTAL row, each category, each keyword under its category), orders to act, the items they named, orders to provide information, the median hours to inform and to give effect, and how many notes the row has
-- param: cc country required the country: an ISO code (DE) or a name; EU for the rows of all Member States together
-- param: service text - only this service, as its report names it, in any case (default: every service; trdb query dsa-services lists them)
-- param: period period latest the half-year: an end date or a label (2026H1), or latest (each service's latest with figures for the country)
-- check: CASE WHEN :service IS NOT NULL AND NOT EXISTS (SELECT 1 FROM datasets d JOIN fact_rows f ON f.dataset_id = d.id WHERE d.name = 'dsa-member-states-orders' AND lower(f.product) = lower(:service)) THEN 'unknown service ''' || :service || ''' (trdb query dsa-services lists the services with DSA figures)' END
--
-- Returns one row per row of a service's Table 3 for the country: publisher
-- (the provider), service, period_start, period_end, category (TOTAL or a
-- STATEMENT_CATEGORY_* code) and category_label, keyword (a KEYWORD_* code,
-- empty on the TOTAL and category rows) and keyword_label, orders_to_act,
-- items, act_median_hours_to_inform, act_median_hours_to_effect,
-- orders_to_provide_information, info_median_hours_to_inform,
-- info_median_hours_to_effect (hours, a unit assumed: metric_units), notes
-- (the contextual texts of the row: trdb query dsa-notes), source_file,
-- source_line. An empty cell is no figure, 0 is zero. A service's categories
-- and keywords need not add up to its TOTAL row (country_summary takes the
-- coarsest rows there are, model/summary.sql).
--
-- Ordered by service, newest half-year first, then the TOTAL row, then the
-- categories by their orders to act (a category without a row of its own by
-- its keywords'), each followed by its keywords, the most orders first.
-- A row of notes alone (every figure of it empty) is listed too.
WITH src AS (
    SELECT f.dataset_id, f.file_id, f.line, f.product, f.period_start, f.period_end, f.reason,
           f.subcategory, f.request_type, f.metric, f.value_low AS v, 0 AS is_note
    FROM datasets d
    JOIN fact_rows f ON f.dataset_id = d.id
    WHERE d.name = 'dsa-member-states-orders' AND f.is_current <> 0 AND f.country = :cc
      AND (:service IS NULL OR lower(f.product) = lower(:service))
    UNION ALL
    SELECT n.dataset_id, n.file_id, n.line, n.product, n.period_start, n.period_end, n.reason,
           n.subcategory, n.request_type, n.metric, NULL, 1
    FROM datasets d
    JOIN fact_notes n ON n.dataset_id = d.id
    WHERE d.name = 'dsa-member-states-orders' AND n.is_current <> 0 AND n.country = :cc
      AND (:service IS NULL OR lower(n.product) = lower(:service))
),
picked AS (
    SELECT *, max(period_end) OVER (PARTITION BY dataset_id, product) AS latest_end
    FROM src
),
r AS (
    SELECT dataset_id, file_id, line, product, period_start, period_end, reason, subcategory,
           max(CASE WHEN request_type = 'dsa_order_to_act' AND metric = 'orders' THEN v END)
               AS orders_to_act,
           max(CASE WHEN request_type = 'dsa_order_to_act' AND metric = 'items' THEN v END)
               AS items,
           max(CASE WHEN request_type = 'dsa_order_to_act'
                     AND metric = 'median_hours_to_inform' THEN v END) AS act_inform,
           max(CASE WHEN request_type = 'dsa_order_to_act'
                     AND metric = 'median_hours_to_effect' THEN v END) AS act_effect,
           max(CASE WHEN request_type = 'dsa_order_to_provide_information'
                     AND metric = 'orders' THEN v END) AS info_orders,
           max(CASE WHEN request_type = 'dsa_order_to_provide_information'
                     AND metric = 'median_hours_to_inform' THEN v END) AS info_inform,
           max(CASE WHEN request_type = 'dsa_order_to_provide_information'
                     AND metric = 'median_hours_to_effect' THEN v END) AS info_effect,
           sum(is_note) AS notes
    FROM picked
    WHERE (:period_latest IS NULL OR period_end = latest_end)
      AND (:period_end IS NULL OR (period_start = :period_start AND period_end = :period_end))
    GROUP BY dataset_id, file_id, line, product, period_start, period_end, reason, subcategory
),
ranked AS (
    SELECT r.*,
           coalesce(max(CASE WHEN subcategory IS NULL THEN orders_to_act END)
                        OVER (PARTITION BY dataset_id, product, period_end, reason),
                    sum(orders_to_act)
                        OVER (PARTITION BY dataset_id, product, period_end, reason))
               AS category_orders
    FROM r
)
SELECT p.name AS publisher,
       x.product AS service,
       x.period_start,
       x.period_end,
       x.reason AS category,
       c.label AS category_label,
       x.subcategory AS keyword,
       k.label AS keyword_label,
       x.orders_to_act,
       x.items,
       x.act_inform AS act_median_hours_to_inform,
       x.act_effect AS act_median_hours_to_effect,
       x.info_orders AS orders_to_provide_information,
       x.info_inform AS info_median_hours_to_inform,
       x.info_effect AS info_median_hours_to_effect,
       x.notes,
       s.path AS source_file,
       x.line AS source_line
FROM ranked x
JOIN datasets d ON d.id = x.dataset_id
JOIN publishers p ON p.id = d.publisher_id
JOIN source_files s ON s.id = x.file_id
LEFT JOIN dsa_categories c ON c.code = x.reason
LEFT JOIN dsa_categories k ON k.code = x.subcategory
ORDER BY lower(x.product) NULLS FIRST, x.product NULLS FIRST, p.name, x.period_end DESC, x.period_start,
         x.reason = 'TOTAL' DESC, x.category_orders DESC NULLS LAST, x.reason NULLS FIRST,
         x.subcategory IS NOT NULL, x.orders_to_act DESC NULLS LAST, x.subcategory NULLS FIRST, x.line;
