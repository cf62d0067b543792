-- A country's DSA section: per service (product, with its provider) and
-- half-year, the orders the country's authorities sent it (Table 3 of the
-- services' DSA transparency reports): orders to act (Art. 9) and the items
-- they named, orders to provide information (Art. 10), each from the
-- coarsest rows the service published for the country (its TOTAL row, else
-- the sum of its category rows, else of its keyword rows, as
-- country_summary counts them), and the median times of its TOTAL row
-- (medians do not add up). :cc the country; the facts' country index
-- keeps this to the country's rows.
WITH f AS (
    SELECT publisher, product, period_start, period_end, request_type, metric,
           value_low, value_high,
           CASE WHEN reason = 'TOTAL' THEN 2 WHEN subcategory IS NULL THEN 1 ELSE 0 END AS level
    FROM facts
    WHERE country = :cc
      AND request_type IN ('dsa_order_to_act', 'dsa_order_to_provide_information')
),
best AS (
    SELECT publisher, product, period_start, period_end, request_type, metric, max(level) AS level
    FROM f
    WHERE metric IN ('orders', 'items')
    GROUP BY publisher, product, period_start, period_end, request_type, metric
),
v AS (
    SELECT f.publisher, f.product, f.period_start, f.period_end, f.request_type, f.metric,
           sum(f.value_low) AS low,
           CASE WHEN count(*) = count(f.value_high) THEN sum(f.value_high) END AS high
    FROM f
    JOIN best b ON b.publisher = f.publisher AND b.product IS NOT DISTINCT FROM f.product
               AND b.period_start = f.period_start AND b.period_end = f.period_end
               AND b.request_type = f.request_type AND b.metric = f.metric AND b.level = f.level
    GROUP BY f.publisher, f.product, f.period_start, f.period_end, f.request_type, f.metric
    UNION ALL
    SELECT publisher, product, period_start, period_end, request_type, metric, value_low, value_high
    FROM f
    WHERE level = 2 AND metric IN ('median_hours_to_inform', 'median_hours_to_effect')
),
s AS (
    SELECT coalesce(product, publisher) AS service,
           publisher AS provider,
           CASE WHEN substr(period_start, 1, 4) = substr(period_end, 1, 4)
                     AND substr(period_start, 5) = '-01-01' AND substr(period_end, 5) = '-06-30'
                THEN substr(period_start, 1, 4) || ' H1'
                WHEN substr(period_start, 1, 4) = substr(period_end, 1, 4)
                     AND substr(period_start, 5) = '-07-01' AND substr(period_end, 5) = '-12-31'
                THEN substr(period_start, 1, 4) || ' H2'
                ELSE period_start || ' to ' || period_end END AS half_year,
           period_start, period_end,
           max(CASE WHEN request_type = 'dsa_order_to_act' AND metric = 'orders' THEN low END) AS orders_to_act_low,
           max(CASE WHEN request_type = 'dsa_order_to_act' AND metric = 'orders' THEN high END) AS orders_to_act_high,
           max(CASE WHEN request_type = 'dsa_order_to_act' AND metric = 'items' THEN low END) AS items_low,
           max(CASE WHEN request_type = 'dsa_order_to_act' AND metric = 'items' THEN high END) AS items_high,
           max(CASE WHEN request_type = 'dsa_order_to_provide_information' AND metric = 'orders' THEN low END)
               AS orders_to_provide_information_low,
           max(CASE WHEN request_type = 'dsa_order_to_provide_information' AND metric = 'orders' THEN high END)
               AS orders_to_provide_information_high,
           max(CASE WHEN request_type = 'dsa_order_to_act' AND metric = 'median_hours_to_inform' THEN low END)
               AS "act: median hours to inform*",
           max(CASE WHEN request_type = 'dsa_order_to_act' AND metric = 'median_hours_to_effect' THEN low END)
               AS "act: median hours to give effect*",
           max(CASE WHEN request_type = 'dsa_order_to_provide_information' AND metric = 'median_hours_to_inform' THEN low END)
               AS "information: median hours to inform*",
           max(CASE WHEN request_type = 'dsa_order_to_provide_information' AND metric = 'median_hours_to_effect' THEN low END)
               AS "information: median hours to give effect*"
    FROM v
    GROUP BY publisher, product, period_start, period_end
)
SELECT service, provider, half_year,
       orders_to_act_low, orders_to_act_high, items_low, items_high,
       orders_to_provide_information_low, orders_to_provide_information_high,
       "act: median hours to inform*", "act: median hours to give effect*",
       "information: median hours to inform*", "information: median hours to give effect*"
FROM s
ORDER BY period_end DESC, coalesce(orders_to_act_low, 0) + coalesce(orders_to_provide_information_low, 0) DESC,
         service;
