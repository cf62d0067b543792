# lib-dsa-report.sh: sourced by tests of the report's DSA parts. dsa_fixture
# loads data/samples into $TRDB_DB and adds, with SQL, what the DSA bundles'
# ingest would: four services' Table 3 figures (facts under dataset
# dsa-member-states-orders: TOTAL, category and keyword rows, EU-wide rows of
# country 'EU'), notes, a Table 1 row, the template's category labels
# (data/vocabulary/dsa_categories.tsv, as every ingest keeps them) and the
# country_summary rows of the DSA measures (as model/summary.sql computes them
# from those facts: t0615 checks). The figures follow the shared
# real files where they exist (Temu's EU total 332 / 659 / 134, TikTok's
# 782 / 4495 / 10932, TikTok's DE 133 / 5086; see ../shared/realdata/dsa/README.md);
# the rest are made up so that each rule shows:
#   DE  Temu (Whaleco Technology Limited), 2026 H1: TOTAL row 40 orders to act,
#       90 items, 12 orders to provide information, median 20.5 h to give
#       effect; categories below it (speech 25, products 15; information:
#       products 12) never added to the TOTAL
#   DE  TikTok (TikTok Technology Limited), 2025 H2: TOTAL 133 / 5086; one
#       category row (a code the vocabulary does not have, so no label: shown
#       by its code) and keyword rows only under ANIMAL_WELFARE (30
#       information orders)
#   DE  Pinterest (Pinterest Europe Limited), 2026 H1: keyword rows only,
#       4 + 5 = 9 orders to act
#   FR  Pinterest: category rows only, 10 + 3 = 13; DK Temu 128; GR Temu 2 / 5
#   US  a DSA row (no Member State: no section on its page)
#   EU  Zalando (Zalando SE): 0 orders of either kind, empty items, no country
#       rows (as the real file)
# DSA measures in country_summary: DE 2026 H1 49 orders to act (40 + 9),
# 2025 H2 133; all half-years 182.
. "$TOP/tests/cli/lib-dsa.sh"

dsa_fixture() {
    "$TRDB" init >/dev/null
    "$TRDB" ingest "$TOP/data/samples" >/dev/null || true
    sqlite3 "$TRDB_DB" <<'SQL'
BEGIN;
INSERT INTO publishers (name) VALUES ('Whaleco Technology Limited'), ('TikTok Technology Limited'),
    ('Pinterest Europe Limited'), ('Zalando SE');
INSERT INTO datasets (publisher_id, name)
    SELECT id, 'dsa-member-states-orders' FROM publishers
    WHERE name IN ('Whaleco Technology Limited', 'TikTok Technology Limited', 'Pinterest Europe Limited',
                   'Zalando SE');
CREATE TEMP TABLE ds AS
    SELECT d.id AS dataset_id, p.name AS publisher FROM datasets d JOIN publishers p ON p.id = d.publisher_id
    WHERE d.name = 'dsa-member-states-orders';
INSERT INTO source_files (path, sha256, bytes, profile, publisher, dataset_id, first_seen)
    SELECT 'dsa/' || publisher || '/3_member_states_orders.csv', 'fixture-' || dataset_id, 100,
           'dsa-member-states-orders', publisher, dataset_id, '2026-09-01T00:00:00Z' FROM ds;
INSERT INTO source_files (path, sha256, bytes, profile, publisher, dataset_id, first_seen)
    SELECT 'dsa/temu/1_report_identification.csv', 'fixture-table1', 10, 'dsa-report-identification',
           publisher, dataset_id, '2026-09-01T00:00:00Z' FROM ds WHERE publisher = 'Whaleco Technology Limited';
CREATE TEMP TABLE src AS
    SELECT s.id AS file_id, ds.dataset_id, ds.publisher FROM source_files s JOIN ds ON ds.dataset_id = s.dataset_id
    WHERE s.sha256 LIKE 'fixture-%' AND s.sha256 != 'fixture-table1';
CREATE TEMP TABLE rows (publisher TEXT, product TEXT, ps TEXT, pe TEXT, country TEXT, reason TEXT,
    subcategory TEXT, rt TEXT, metric TEXT, v NUMERIC, agg INTEGER);
INSERT INTO rows VALUES
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'EU', 'TOTAL', NULL, 'dsa_order_to_act', 'orders', 332, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'EU', 'TOTAL', NULL, 'dsa_order_to_act', 'items', 659, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'EU', 'TOTAL', NULL, 'dsa_order_to_provide_information', 'orders', 134, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'EU', 'TOTAL', NULL, 'dsa_order_to_act', 'median_hours_to_effect', 17.22, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'DE', 'TOTAL', NULL, 'dsa_order_to_act', 'orders', 40, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'DE', 'TOTAL', NULL, 'dsa_order_to_act', 'items', 90, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'DE', 'TOTAL', NULL, 'dsa_order_to_provide_information', 'orders', 12, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'DE', 'TOTAL', NULL, 'dsa_order_to_act', 'median_hours_to_effect', 20.5, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'DE', 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', NULL, 'dsa_order_to_act', 'orders', 25, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'DE', 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS', NULL, 'dsa_order_to_act', 'orders', 15, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'DE', 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS', NULL, 'dsa_order_to_provide_information', 'orders', 12, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'DE', 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS', 'KEYWORD_OTHER', 'dsa_order_to_act', 'orders', 15, 0),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'DK', 'TOTAL', NULL, 'dsa_order_to_act', 'orders', 128, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'GR', 'TOTAL', NULL, 'dsa_order_to_act', 'orders', 2, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'GR', 'TOTAL', NULL, 'dsa_order_to_act', 'items', 5, 1),
 ('Whaleco Technology Limited', 'Temu', '2026-01-01', '2026-06-30', 'US', 'TOTAL', NULL, 'dsa_order_to_act', 'orders', 77, 1),
 ('TikTok Technology Limited', 'TikTok', '2025-07-01', '2025-12-31', 'EU', 'TOTAL', NULL, 'dsa_order_to_act', 'orders', 782, 1),
 ('TikTok Technology Limited', 'TikTok', '2025-07-01', '2025-12-31', 'EU', 'TOTAL', NULL, 'dsa_order_to_act', 'items', 4495, 1),
 ('TikTok Technology Limited', 'TikTok', '2025-07-01', '2025-12-31', 'EU', 'TOTAL', NULL, 'dsa_order_to_provide_information', 'orders', 10932, 1),
 ('TikTok Technology Limited', 'TikTok', '2025-07-01', '2025-12-31', 'EU', 'TOTAL', NULL, 'dsa_order_to_provide_information', 'median_hours_to_effect', 97, 1),
 ('TikTok Technology Limited', 'TikTok', '2025-07-01', '2025-12-31', 'DE', 'TOTAL', NULL, 'dsa_order_to_act', 'orders', 133, 1),
 ('TikTok Technology Limited', 'TikTok', '2025-07-01', '2025-12-31', 'DE', 'TOTAL', NULL, 'dsa_order_to_provide_information', 'orders', 5086, 1),
 ('TikTok Technology Limited', 'TikTok', '2025-07-01', '2025-12-31', 'DE', 'STATEMENT_CATEGORY_NOT_IN_THE_TEMPLATE', NULL, 'dsa_order_to_act', 'orders', 133, 1),
 ('TikTok Technology Limited', 'TikTok', '2025-07-01', '2025-12-31', 'DE', 'STATEMENT_CATEGORY_ANIMAL_WELFARE', 'KEYWORD_OTHER', 'dsa_order_to_provide_information', 'orders', 18, 0),
 ('TikTok Technology Limited', 'TikTok', '2025-07-01', '2025-12-31', 'DE', 'STATEMENT_CATEGORY_ANIMAL_WELFARE', 'KEYWORD_ANIMAL_HARM', 'dsa_order_to_provide_information', 'orders', 12, 0),
 ('Pinterest Europe Limited', 'Pinterest', '2026-01-01', '2026-06-30', 'EU', 'TOTAL', NULL, 'dsa_order_to_act', 'orders', 46, 1),
 ('Zalando SE', 'Zalando', '2026-01-01', '2026-06-30', 'EU', 'TOTAL', NULL, 'dsa_order_to_act', 'orders', 0, 1),
 ('Zalando SE', 'Zalando', '2026-01-01', '2026-06-30', 'EU', 'TOTAL', NULL, 'dsa_order_to_provide_information', 'orders', 0, 1),
 ('Pinterest Europe Limited', 'Pinterest', '2026-01-01', '2026-06-30', 'DE', 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', 'KEYWORD_HATE_SPEECH', 'dsa_order_to_act', 'orders', 4, 0),
 ('Pinterest Europe Limited', 'Pinterest', '2026-01-01', '2026-06-30', 'DE', 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', 'KEYWORD_DEFAMATION', 'dsa_order_to_act', 'orders', 5, 0),
 ('Pinterest Europe Limited', 'Pinterest', '2026-01-01', '2026-06-30', 'FR', 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', NULL, 'dsa_order_to_act', 'orders', 10, 1),
 ('Pinterest Europe Limited', 'Pinterest', '2026-01-01', '2026-06-30', 'FR', 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', NULL, 'dsa_order_to_act', 'orders', 3, 1);
INSERT INTO fact_rows (file_id, line, dataset_id, request_type, country, period_start, period_end, product,
                       reason, subcategory, metric, value_low, value_high, value_raw, is_aggregate)
    SELECT src.file_id, r.rowid + 1, src.dataset_id, r.rt, r.country, r.ps, r.pe, r.product, r.reason,
           r.subcategory, r.metric, r.v, r.v, CAST(r.v AS TEXT), r.agg
    FROM rows r JOIN src ON src.publisher = r.publisher;
INSERT INTO fact_notes (file_id, line, dataset_id, request_type, country, period_start, period_end, product,
                        reason, subcategory, metric, column_name, note)
    SELECT file_id, 2, dataset_id, 'dsa_order_to_act', 'EU', '2026-01-01', '2026-06-30', 'Temu', 'TOTAL', NULL,
           'items', 'Contextual information on number of specific items of information',
           'Items at the total level are de-duplicated.'
    FROM src WHERE publisher = 'Whaleco Technology Limited'
    UNION ALL
    SELECT file_id, 7, dataset_id, 'dsa_order_to_act', 'DE', '2026-01-01', '2026-06-30', 'Temu',
           'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS', 'KEYWORD_OTHER', NULL,
           'Description of the sub-category "Other"', 'Informational non-compliance <script>alert(3)</script>'
    FROM src WHERE publisher = 'Whaleco Technology Limited';
INSERT INTO dsa_reports (file_id, service, provider, published_on, previous_published_on, period_start, period_end)
    SELECT id, 'Temu', 'Whaleco Technology Limited', '2026-08-31', '2026-02-27', '2026-01-01', '2026-06-30'
    FROM source_files WHERE sha256 = 'fixture-table1';
INSERT INTO country_summary (country, period_start, period_end, publisher, measure, low, high, n_facts) VALUES
 ('DE', '2026-01-01', '2026-06-30', 'Whaleco Technology Limited', 'dsa_orders_to_act', 40, 40, 1),
 ('DE', '2026-01-01', '2026-06-30', 'Whaleco Technology Limited', 'dsa_order_items', 90, 90, 1),
 ('DE', '2026-01-01', '2026-06-30', 'Whaleco Technology Limited', 'dsa_orders_to_provide_information', 12, 12, 1),
 ('DE', '2026-01-01', '2026-06-30', 'Pinterest Europe Limited', 'dsa_orders_to_act', 9, 9, 2),
 ('DE', '2025-07-01', '2025-12-31', 'TikTok Technology Limited', 'dsa_orders_to_act', 133, 133, 1),
 ('DE', '2025-07-01', '2025-12-31', 'TikTok Technology Limited', 'dsa_orders_to_provide_information', 5086, 5086, 1),
 ('DK', '2026-01-01', '2026-06-30', 'Whaleco Technology Limited', 'dsa_orders_to_act', 128, 128, 1),
 ('GR', '2026-01-01', '2026-06-30', 'Whaleco Technology Limited', 'dsa_orders_to_act', 2, 2, 1),
 ('GR', '2026-01-01', '2026-06-30', 'Whaleco Technology Limited', 'dsa_order_items', 5, 5, 1),
 ('FR', '2026-01-01', '2026-06-30', 'Pinterest Europe Limited', 'dsa_orders_to_act', 13, 13, 2),
 ('US', '2026-01-01', '2026-06-30', 'Whaleco Technology Limited', 'dsa_orders_to_act', 77, 77, 1);
COMMIT;
SQL
    dsa_template_labels | sqlite3 -bail "$TRDB_DB"
}
