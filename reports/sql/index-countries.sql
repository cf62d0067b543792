-- The index's country table: every row of the named query overview
-- (queries/overview.sql, whose rows report.c puts in front of this text as
-- the table "overview"), with the two DSA measures beside its measures:
-- orders Member States' authorities sent the services under Articles 9 and
-- 10 DSA, their latest half-year (the latest any country has for that
-- measure) and every half-year. Never added to the companies' own removal
-- and user-data figures: other columns, other legal instruments.
SELECT o.*,
       d.dsa_orders_to_act_latest_low,
       d.dsa_orders_to_act_latest_high,
       d.dsa_orders_to_act_total_low,
       d.dsa_orders_to_act_total_high,
       d.dsa_orders_to_provide_information_latest_low,
       d.dsa_orders_to_provide_information_latest_high,
       d.dsa_orders_to_provide_information_total_low,
       d.dsa_orders_to_provide_information_total_high
FROM overview o
LEFT JOIN (
    SELECT s.country,
           sum(CASE WHEN s.measure = 'dsa_orders_to_act' AND s.period_end = l.period_end
                    THEN s.low END) AS dsa_orders_to_act_latest_low,
           CASE WHEN count(CASE WHEN s.measure = 'dsa_orders_to_act' AND s.period_end = l.period_end THEN 1 END)
                   = count(CASE WHEN s.measure = 'dsa_orders_to_act' AND s.period_end = l.period_end THEN s.high END)
                THEN sum(CASE WHEN s.measure = 'dsa_orders_to_act' AND s.period_end = l.period_end
                              THEN s.high END) END AS dsa_orders_to_act_latest_high,
           sum(CASE WHEN s.measure = 'dsa_orders_to_act' THEN s.low END) AS dsa_orders_to_act_total_low,
           CASE WHEN count(CASE WHEN s.measure = 'dsa_orders_to_act' THEN 1 END)
                   = count(CASE WHEN s.measure = 'dsa_orders_to_act' THEN s.high END)
                THEN sum(CASE WHEN s.measure = 'dsa_orders_to_act' THEN s.high END) END
               AS dsa_orders_to_act_total_high,
           sum(CASE WHEN s.measure = 'dsa_orders_to_provide_information' AND s.period_end = l.period_end
                    THEN s.low END) AS dsa_orders_to_provide_information_latest_low,
           CASE WHEN count(CASE WHEN s.measure = 'dsa_orders_to_provide_information' AND s.period_end = l.period_end THEN 1 END)
                   = count(CASE WHEN s.measure = 'dsa_orders_to_provide_information' AND s.period_end = l.period_end THEN s.high END)
                THEN sum(CASE WHEN s.measure = 'dsa_orders_to_provide_information' AND s.period_end = l.period_end
                              THEN s.high END) END AS dsa_orders_to_provide_information_latest_high,
           sum(CASE WHEN s.measure = 'dsa_orders_to_provide_information' THEN s.low END)
               AS dsa_orders_to_provide_information_total_low,
           CASE WHEN count(CASE WHEN s.measure = 'dsa_orders_to_provide_information' THEN 1 END)
                   = count(CASE WHEN s.measure = 'dsa_orders_to_provide_information' THEN s.high END)
                THEN sum(CASE WHEN s.measure = 'dsa_orders_to_provide_information' THEN s.high END) END
               AS dsa_orders_to_provide_information_total_high
    FROM country_summary s
    JOIN (SELECT measure, max(period_end) AS period_end
          FROM country_summary
          WHERE measure IN ('dsa_orders_to_act', 'dsa_orders_to_provide_information')
          GROUP BY measure) l ON l.measure = s.measure
    GROUP BY s.country
) d ON d.country = o.country
ORDER BY o.country;
