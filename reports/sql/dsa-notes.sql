-- The texts the services published beside their DSA figures (the view
-- notes: "Contextual information on ..." columns, descriptions of a keyword
-- "Other") for one country, or for all Member States together with
-- :cc = 'EU'; the category and keyword by their labels (view
-- dsa_categories), else their codes.
SELECT coalesce(n.product, n.publisher) AS service,
       CASE WHEN substr(n.period_start, 1, 4) = substr(n.period_end, 1, 4)
                 AND substr(n.period_start, 5) = '-01-01' AND substr(n.period_end, 5) = '-06-30'
            THEN substr(n.period_start, 1, 4) || ' H1'
            WHEN substr(n.period_start, 1, 4) = substr(n.period_end, 1, 4)
                 AND substr(n.period_start, 5) = '-07-01' AND substr(n.period_end, 5) = '-12-31'
            THEN substr(n.period_start, 1, 4) || ' H2'
            ELSE n.period_start || ' to ' || n.period_end END AS half_year,
       coalesce(c.label, n.reason) AS category,
       coalesce(k.label, n.subcategory) AS keyword,
       n.column_name AS about,
       n.note
FROM notes n
LEFT JOIN dsa_categories c ON c.code = n.reason
LEFT JOIN dsa_categories k ON k.code = n.subcategory
WHERE n.country = :cc AND n.dataset = 'dsa-member-states-orders'
ORDER BY n.period_end DESC, service, n.source_line, n.column_name;
