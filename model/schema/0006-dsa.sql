-- Schema version 6: the EU's DSA harmonised transparency reports (Commission
-- Implementing Regulation (EU) 2024/2835). Table 3 of a report counts the
-- orders Member States' authorities sent a service, per category of illegal
-- content (STATEMENT_CATEGORY_*), keyword under it (KEYWORD_*) and Member
-- State. They land in fact_rows like any publisher's figures: publisher =
-- the provider, product = the service, reason = the category code,
-- subcategory = the keyword code (NULL on a category's own row).

-- A second level under reason: the DSA keyword a figure counts, under the
-- category in reason. Part of a fact's identity, as reason is.
ALTER TABLE fact_rows ADD COLUMN subcategory TEXT;
ALTER TABLE revisions ADD COLUMN subcategory TEXT;

-- The unit of a metric's figures where it is not a count, and whether the
-- publisher said it (assumed 0) or trdb assumes it (assumed 1, with why).
CREATE TABLE metric_units (
    metric TEXT PRIMARY KEY,
    unit TEXT NOT NULL,
    assumed INTEGER NOT NULL CHECK (assumed IN (0, 1)),
    why TEXT
) WITHOUT ROWID;
INSERT INTO metric_units VALUES
    ('median_hours_to_inform', 'hours', 1,
     'the DSA template names no unit; the services'' own notes say hours'),
    ('median_hours_to_effect', 'hours', 1,
     'the DSA template names no unit; the services'' own notes say hours');

-- Free text a file publishes beside its figures (the DSA tables'
-- "Contextual information on ..." columns, the description of a keyword
-- "Other"), kept with the row and the figure it explains, even when the
-- figure's own cell is empty. metric NULL: the text is about the whole row.
-- is_current follows the file's facts (a newer release replaces both).
CREATE TABLE fact_notes (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES source_files(id),
    line INTEGER NOT NULL,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id),
    request_type TEXT,
    country TEXT,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    product TEXT,
    reason TEXT,
    subcategory TEXT,
    metric TEXT,
    column_name TEXT NOT NULL,      -- the header of the cell the text is in
    note TEXT NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX fact_notes_file ON fact_notes(file_id, line);
CREATE INDEX fact_notes_country ON fact_notes(country, period_end);

-- Readable names of the DSA category and keyword codes: the template's own
-- (data/vocabulary/dsa_categories.tsv, file_id NULL) and each loaded Table 2
-- ("2_categories_names.csv", file_id its file).
CREATE TABLE category_labels (
    code TEXT NOT NULL,             -- TOTAL, STATEMENT_CATEGORY_*, KEYWORD_*
    parent TEXT,                    -- a keyword's category in the template; NULL otherwise
    label TEXT NOT NULL,            -- 'Animal welfare'
    template_label TEXT,            -- 'Category 1', 'Category 1a'
    note TEXT,
    file_id INTEGER REFERENCES source_files(id)
);
CREATE UNIQUE INDEX category_labels_key
    ON category_labels(ifnull(file_id, 0), code, ifnull(parent, ''), ifnull(template_label, ''));

-- Table 1 of a DSA report ("1_report_identification.csv"): who publishes
-- which service's report for which half-year, and when.
CREATE TABLE dsa_reports (
    file_id INTEGER PRIMARY KEY REFERENCES source_files(id),
    service TEXT NOT NULL,
    provider TEXT,
    published_on TEXT,
    previous_published_on TEXT,
    period_start TEXT,
    period_end TEXT
);
CREATE INDEX dsa_reports_service ON dsa_reports(service, period_start);

-- A measure adds up the finest rows a country's figures are published in
-- (prefer 'finest': Google's "All" rows count only when they stand alone),
-- or the coarsest (prefer 'coarsest': a DSA Table 3's TOTAL row of a
-- country, else its category rows, else its keyword rows; a service's
-- categories and keywords need not add up to its totals).
ALTER TABLE measure_rules ADD COLUMN prefer TEXT NOT NULL DEFAULT 'finest'
    CHECK (prefer IN ('finest', 'coarsest'));
INSERT INTO measure_rules (measure, request_type, metric, prefer) VALUES
    ('dsa_orders_to_act', 'dsa_order_to_act', 'orders', 'coarsest'),
    ('dsa_order_items', 'dsa_order_to_act', 'items', 'coarsest'),
    ('dsa_orders_to_provide_information', 'dsa_order_to_provide_information', 'orders',
     'coarsest');

-- The public views gain the keyword (after reason) and the unit (after
-- metric); their other columns are unchanged.
DROP VIEW facts;
CREATE VIEW facts AS
SELECT p.name AS publisher,
       d.name AS dataset,
       f.request_type,
       f.country,
       c.name AS country_name,
       f.period_start,
       f.period_end,
       f.legal_process,
       f.requester,
       f.product,
       f.reason,
       f.subcategory,
       f.metric,
       u.unit,
       f.value_low,
       f.value_high,
       f.value_raw,
       f.is_aggregate,
       s.path AS source_file,
       f.line AS source_line
FROM fact_rows f
JOIN datasets d ON d.id = f.dataset_id
JOIN publishers p ON p.id = d.publisher_id
JOIN source_files s ON s.id = f.file_id
LEFT JOIN countries c ON c.code = f.country
LEFT JOIN metric_units u ON u.metric = f.metric
WHERE f.is_current;

DROP VIEW revision_list;
CREATE VIEW revision_list AS
SELECT r.run,
       r.kind,
       p.name AS publisher,
       d.name AS dataset,
       r.request_type,
       r.country,
       r.period_start,
       r.period_end,
       r.legal_process,
       r.requester,
       r.product,
       r.reason,
       r.subcategory,
       r.metric,
       r.old_low,
       r.old_high,
       r.old_raw,
       r.new_low,
       r.new_high,
       r.new_raw,
       so.path AS old_file,
       r.old_line,
       sn.path AS new_file,
       r.new_line
FROM revisions r
JOIN datasets d ON d.id = r.dataset_id
JOIN publishers p ON p.id = d.publisher_id
JOIN source_files so ON so.id = r.old_file
JOIN source_files sn ON sn.id = r.new_file;

-- The notes, public: current ones, with their file's path and the label of
-- their category and keyword.
CREATE VIEW notes AS
SELECT p.name AS publisher,
       d.name AS dataset,
       n.request_type,
       n.country,
       n.period_start,
       n.period_end,
       n.product,
       n.reason,
       n.subcategory,
       n.metric,
       n.column_name,
       n.note,
       s.path AS source_file,
       n.line AS source_line
FROM fact_notes n
JOIN datasets d ON d.id = n.dataset_id
JOIN publishers p ON p.id = d.publisher_id
JOIN source_files s ON s.id = n.file_id
WHERE n.is_current;

-- One readable label per code: the template's (vocabulary) when it has one,
-- else the first loaded Table 2's.
CREATE VIEW dsa_categories AS
SELECT code,
       coalesce((SELECT label FROM category_labels v
                 WHERE v.code = c.code AND v.file_id IS NULL LIMIT 1),
                (SELECT label FROM category_labels t
                 WHERE t.code = c.code AND t.file_id IS NOT NULL ORDER BY t.file_id LIMIT 1))
           AS label,
       (SELECT parent FROM category_labels v
        WHERE v.code = c.code AND v.file_id IS NULL LIMIT 1) AS parent
FROM (SELECT DISTINCT code FROM category_labels) c;
