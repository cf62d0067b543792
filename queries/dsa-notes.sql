-- name: dsa-notes
-- postgresql: yes
-- description: the contextual texts services publish beside their DSA Table 3 figures ("Contextual information on ...", the description of a keyword "Other"), with the row and the figure each explains; for a country, also the texts on the rows of all Member States together, which speak for the whole report
-- param: cc country - the country: an ISO code or a name (default: every country); EU for the rows of all Member States alone
-- param: service text - only this service, as its report names it, in any case (default: every service)
-- param: period period latest the half-year: an end date or a label (2026H1), or latest (each service's latest with figures or notes for the country)
-- check: CASE WHEN :service IS NOT NULL AND NOT EXISTS (SELECT 1 FROM datasets d JOIN fact_rows f ON f.dataset_id = d.id WHERE d.name = 'dsa-member-states-orders' AND lower(f.product) = lower(:service)) THEN 'unknown service ''' || :service || ''' (trdb query dsa-services lists the services with DSA figures)' END
--
-- Returns publisher (the provider), service, period_start, period_end,
-- country (EU: all Member States together), category and category_label,
-- keyword and keyword_label, request_type and metric (the figure the text
-- explains; both empty when it is about the whole row), column_name (the
-- header of the text's cell), note, source_file, source_line. A text is
-- kept even when the figure it explains is empty. Ordered by service,
-- newest half-year first, the country's own texts before those of all
-- Member States, then as the file has them.
--
-- With cc, a service's texts on the rows of all Member States (country
-- EU) come along only for the half-years where it has figures or texts for
-- the country; "latest" is then each service's latest such half-year.
WITH n AS (
    SELECT n.*
    FROM datasets d
    JOIN fact_notes n ON n.dataset_id = d.id
    WHERE d.name = 'dsa-member-states-orders' AND n.is_current <> 0
      AND (:service IS NULL OR lower(n.product) = lower(:service))
),
-- the (service, half-year)s the country has figures or texts in (every one without cc)
slots AS (
    SELECT f.dataset_id, f.product, f.period_start, f.period_end
    FROM datasets d
    JOIN fact_rows f ON f.dataset_id = d.id
    WHERE d.name = 'dsa-member-states-orders' AND f.is_current <> 0
      AND f.country = coalesce(:cc, f.country)
      AND (:service IS NULL OR lower(f.product) = lower(:service))
    UNION
    SELECT dataset_id, product, period_start, period_end
    FROM n
    WHERE n.country = coalesce(:cc, n.country)
),
latest AS (
    SELECT dataset_id, product, max(period_end) AS period_end
    FROM slots
    GROUP BY dataset_id, product
),
picked AS (
    SELECT n.*
    FROM n
    JOIN slots sl ON sl.dataset_id = n.dataset_id AND sl.product IS NOT DISTINCT FROM n.product
                 AND sl.period_start = n.period_start AND sl.period_end = n.period_end
    JOIN latest l ON l.dataset_id = n.dataset_id AND l.product IS NOT DISTINCT FROM n.product
    WHERE (:cc IS NULL OR n.country = :cc OR n.country = 'EU')
      AND (:period_latest IS NULL OR n.period_end = l.period_end)
      AND (:period_end IS NULL OR (n.period_start = :period_start AND n.period_end = :period_end))
)
SELECT p.name AS publisher,
       x.product AS service,
       x.period_start,
       x.period_end,
       x.country,
       x.reason AS category,
       c.label AS category_label,
       x.subcategory AS keyword,
       k.label AS keyword_label,
       x.request_type,
       x.metric,
       x.column_name,
       x.note,
       s.path AS source_file,
       x.line AS source_line
FROM picked x
JOIN datasets d ON d.id = x.dataset_id
JOIN publishers p ON p.id = d.publisher_id
JOIN source_files s ON s.id = x.file_id
LEFT JOIN dsa_categories c ON c.code = x.reason
LEFT JOIN dsa_categories k ON k.code = x.subcategory
ORDER BY lower(x.product) NULLS FIRST, x.product NULLS FIRST, p.name, x.period_end DESC, x.period_start,
         x.country = 'EU', x.country NULLS FIRST, s.path, x.line, x.id;
