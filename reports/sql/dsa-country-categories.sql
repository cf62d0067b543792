-- A country's DSA section: per service and half-year, the five categories
-- of illegal content with the most orders from the country's authorities
-- (orders to act and to provide information together), each category from
-- its own row, else the sum of its keywords' rows; the label from the view
-- dsa_categories, else the code. :cc the country.
WITH f AS (
    SELECT publisher, product, period_start, period_end, request_type, reason, value_low,
           CASE WHEN subcategory IS NULL THEN 1 ELSE 0 END AS level
    FROM facts
    WHERE country = :cc
      AND request_type IN ('dsa_order_to_act', 'dsa_order_to_provide_information')
      AND metric = 'orders' AND reason IS NOT NULL AND reason != 'TOTAL'
),
best AS (
    SELECT publisher, product, period_start, period_end, request_type, reason, max(level) AS level
    FROM f
    GROUP BY publisher, product, period_start, period_end, request_type, reason
),
cat AS (
    SELECT f.publisher, f.product, f.period_start, f.period_end, f.reason,
           sum(CASE WHEN f.request_type = 'dsa_order_to_act' THEN f.value_low END) AS act,
           sum(CASE WHEN f.request_type = 'dsa_order_to_provide_information' THEN f.value_low END) AS info
    FROM f
    JOIN best b ON b.publisher = f.publisher AND b.product IS NOT DISTINCT FROM f.product
               AND b.period_start = f.period_start AND b.period_end = f.period_end
               AND b.request_type = f.request_type AND b.reason = f.reason AND b.level = f.level
    GROUP BY f.publisher, f.product, f.period_start, f.period_end, f.reason
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY publisher, product, period_start, period_end
                                 ORDER BY coalesce(act, 0) + coalesce(info, 0) DESC, reason) AS n
    FROM cat
    WHERE coalesce(act, 0) + coalesce(info, 0) > 0
)
SELECT coalesce(r.product, r.publisher) AS service,
       CASE WHEN substr(r.period_start, 1, 4) = substr(r.period_end, 1, 4)
                 AND substr(r.period_start, 5) = '-01-01' AND substr(r.period_end, 5) = '-06-30'
            THEN substr(r.period_start, 1, 4) || ' H1'
            WHEN substr(r.period_start, 1, 4) = substr(r.period_end, 1, 4)
                 AND substr(r.period_start, 5) = '-07-01' AND substr(r.period_end, 5) = '-12-31'
            THEN substr(r.period_start, 1, 4) || ' H2'
            ELSE r.period_start || ' to ' || r.period_end END AS half_year,
       r.n AS rank,
       coalesce(l.label, r.reason) AS category,
       r.act AS orders_to_act,
       r.info AS orders_to_provide_information
FROM ranked r
LEFT JOIN dsa_categories l ON l.code = r.reason
WHERE r.n <= 5
ORDER BY r.period_end DESC, service, r.n;
