# lib-dsa.sh: sourced by tests that need DSA Table 3 figures without the
# profiles that read them. dsa_fixture_db [DB] writes into a database that
# `trdb init` created (default $TRDB_DB) what loading a few small DSA bundles
# would (the data contract of model/schema/0006-dsa.sql), then rebuilds
# country_summary:
#   provider 'Alpha Commerce SE', service Alphashop, 2026H1 (Table 1 too): a
#     grand TOTAL and category/keyword rows of Scope TOTAL (country EU), DE
#     with its TOTAL row and categories and keywords that do not add up to it,
#     FR with categories only (and a keyword), ES with keywords only (two
#     KEYWORD_OTHER under two categories), IT with a TOTAL of 0 and no items;
#     an older release of the same file whose facts are no longer current;
#   provider 'Beta Media Ltd', services BetaTube (2025H2 and 2026H1, Table 1
#     for 2026H1) and BetaChat (2026H1, no Table 1; DE has category rows only);
#   the template's labels (file_id NULL) as data/vocabulary/dsa_categories.tsv
#   has them (what every ingest keeps there: dsa_template_labels) and one
#   Table 2's label; notes on rows and figures, one on a figure whose cell is empty. The database may hold
#   other data already (file ids follow its files'); run it once per database.
# What the summary must hold (dsa_orders_to_act / dsa_order_items /
# dsa_orders_to_provide_information), per publisher and 2026H1:
#   Alpha DE 50/120/20 (TOTAL row), FR 10/11/5 (categories), ES 13/28/-
#   (keywords), IT 0/-/2; Beta DE 127/400/280 (BetaTube TOTAL + BetaChat
#   category), FR 80/200/100; Beta 2025H2: DE 90/-/150, PL 5/-/1. No EU row.
# Requires sqlite3 and $TRDB.

# dsa_facts N SERVICE PERIOD_START PERIOD_END < rows: one line per row
# of a Table 3, "LINE CC REASON KEYWORD AGG ACT ITEMS INFORM EFFECT INFO
# INFO_INFORM INFO_EFFECT", '-' for no keyword or an empty cell; prints the
# INSERTs of its facts (category codes without STATEMENT_CATEGORY_ and
# keywords without KEYWORD_, as written in the lines) for the file numbered N
# in temp.fx.
dsa_facts() {
    awk -v file="$1" -v svc="$2" -v ps="$3" -v pe="$4" '
        function q(s) { return s == "-" ? "NULL" : "'\''" s "'\''" }
        function fact(rt, metric, v) {
            if (v == "-") return
            printf "INSERT INTO fact_rows (file_id, line, dataset_id, request_type, country, " \
                   "period_start, period_end, product, reason, subcategory, metric, value_low, " \
                   "value_high, value_raw, is_aggregate) VALUES (%s, %d, " \
                   "(SELECT dataset_id FROM source_files WHERE id = %s), %s, %s, %s, %s, %s, %s, " \
                   "%s, %s, %s, %s, %s, %d);\n",
                   id, line, id, q(rt), q(cc), q(ps), q(pe), q(svc), q(reason), q(kw),
                   q(metric), v, v, q(v), agg
        }
        BEGIN { id = "(SELECT id FROM temp.fx WHERE n = " file ")" }
        NF == 12 {
            line = $1; cc = $2; agg = $5
            reason = $3 == "TOTAL" ? "TOTAL" : "STATEMENT_CATEGORY_" $3
            kw = $4 == "-" ? "-" : "KEYWORD_" $4
            fact("dsa_order_to_act", "orders", $6)
            fact("dsa_order_to_act", "items", $7)
            fact("dsa_order_to_act", "median_hours_to_inform", $8)
            fact("dsa_order_to_act", "median_hours_to_effect", $9)
            fact("dsa_order_to_provide_information", "orders", $10)
            fact("dsa_order_to_provide_information", "median_hours_to_inform", $11)
            fact("dsa_order_to_provide_information", "median_hours_to_effect", $12)
        }'
}

# dsa_template_labels: prints the SQL that puts the template's labels of
# $TRDB_DATA/vocabulary/dsa_categories.tsv into category_labels (file_id NULL,
# in the file's order, an empty cell NULL) as an ingest does
# (records_sync_categories); rows already there are left as they are.
dsa_template_labels() {
    awk -F '\t' '
        function q(s) { gsub(/'\''/, "'\'''\''", s); return s == "" ? "NULL" : "'\''" s "'\''" }
        /^#/ || NF < 4 { next }
        { printf "INSERT OR IGNORE INTO category_labels (file_id, code, parent, label, " \
                 "template_label) VALUES (NULL, %s, %s, %s, %s);\n", q($1), q($2), q($4), q($3) }
    ' "${TRDB_DATA:-$TOP/data}/vocabulary/dsa_categories.tsv"
}

dsa_fixture_db() {
    _db=${1:-$TRDB_DB}
    {
        cat <<'EOF'
BEGIN;
INSERT OR IGNORE INTO countries (code, name, kind) VALUES
    ('DE', 'Germany', 'country'), ('FR', 'France', 'country'), ('ES', 'Spain', 'country'),
    ('IT', 'Italy', 'country'), ('PL', 'Poland', 'country'),
    ('EU', 'European Union', 'supranational');
INSERT INTO publishers (name) VALUES ('Alpha Commerce SE'), ('Beta Media Ltd');
INSERT INTO datasets (publisher_id, name, in_summary)
SELECT id, 'dsa-member-states-orders', 1 FROM publishers WHERE name IN ('Alpha Commerce SE', 'Beta Media Ltd');
INSERT INTO datasets (publisher_id, name, in_summary)
SELECT id, 'dsa-report-identification', 0 FROM publishers WHERE name IN ('Alpha Commerce SE', 'Beta Media Ltd');
INSERT INTO datasets (publisher_id, name, in_summary)
SELECT id, 'dsa-category-names', 0 FROM publishers WHERE name = 'Alpha Commerce SE';
CREATE TEMP TABLE fx (n, path, pub, ds, ps, pe, id);
INSERT INTO temp.fx (n, path, pub, ds, ps, pe) VALUES
    (1, 'alpha/3_member_states_orders.csv', 'Alpha Commerce SE', 'dsa-member-states-orders', '2026-01-01', '2026-06-30'),
    (2, 'alpha/1_report_identification.csv', 'Alpha Commerce SE', 'dsa-report-identification', '2026-01-01', '2026-06-30'),
    (3, 'betatube/3_member_states_orders.csv', 'Beta Media Ltd', 'dsa-member-states-orders', '2026-01-01', '2026-06-30'),
    (4, 'betachat/3_member_states_orders.csv', 'Beta Media Ltd', 'dsa-member-states-orders', '2026-01-01', '2026-06-30'),
    (5, 'betatube-2025/3_member_states_orders.csv', 'Beta Media Ltd', 'dsa-member-states-orders', '2025-07-01', '2025-12-31'),
    (6, 'betatube/1_report_identification.csv', 'Beta Media Ltd', 'dsa-report-identification', '2026-01-01', '2026-06-30'),
    (7, 'alpha/2_categories_names.csv', 'Alpha Commerce SE', 'dsa-category-names', '2026-01-01', '2026-06-30'),
    (8, 'alpha-first-release/3_member_states_orders.csv', 'Alpha Commerce SE', 'dsa-member-states-orders', '2026-01-01', '2026-06-30');
UPDATE temp.fx SET id = n + (SELECT coalesce(max(id), 0) FROM source_files);
INSERT INTO source_files (id, path, sha256, content_sha256, bytes, profile, publisher, dataset_id, first_seen)
SELECT fx.id, fx.path, printf('%064d', fx.id), printf('%064d', fx.id), 1000, 'dsa-fixture', fx.pub, d.id,
       '2026-09-0' || fx.n || 'T00:00:00Z'
FROM temp.fx fx
JOIN publishers p ON p.name = fx.pub
JOIN datasets d ON d.publisher_id = p.id AND d.name = fx.ds;
INSERT INTO file_periods (file_id, period_start, period_end) SELECT id, ps, pe FROM temp.fx;
EOF
        # Alphashop 2026H1: line cc category keyword agg | act items inform effect | info inform effect
        dsa_facts 1 Alphashop 2026-01-01 2026-06-30 <<'EOF'
2  EU TOTAL - 1 100 250 2.5 24 40 1 48
3  EU ILLEGAL_OR_HARMFUL_SPEECH - 1 60 150 2 20 30 1 40
4  EU ILLEGAL_OR_HARMFUL_SPEECH HATE_SPEECH 1 50 120 2 20 - - -
5  EU ILLEGAL_OR_HARMFUL_SPEECH OTHER 1 10 30 3 30 - - -
6  EU SCAMS_AND_FRAUD - 1 40 100 3 30 10 1 50
7  EU SCAMS_AND_FRAUD OTHER 1 40 100 3 30 10 1 50
8  DE TOTAL - 1 50 120 3 36 20 2 72
9  IT TOTAL - 1 0 - - - 2 - -
10 DE ILLEGAL_OR_HARMFUL_SPEECH - 1 30 70 2 30 15 2 70
11 FR ILLEGAL_OR_HARMFUL_SPEECH - 1 7 11 1.5 12 5 0.5 24
12 DE ILLEGAL_OR_HARMFUL_SPEECH HATE_SPEECH 0 25 60 2 28 - - -
13 FR ILLEGAL_OR_HARMFUL_SPEECH HATE_SPEECH 0 6 9 - - - - -
14 DE ILLEGAL_OR_HARMFUL_SPEECH OTHER 0 5 10 4 40 - - -
15 ES ILLEGAL_OR_HARMFUL_SPEECH OTHER 0 4 8 - - - - -
16 DE SCAMS_AND_FRAUD - 1 15 40 4 48 5 1 80
17 FR SCAMS_AND_FRAUD - 1 3 - - - - - -
18 DE SCAMS_AND_FRAUD OTHER 0 15 40 4 48 - - -
19 ES SCAMS_AND_FRAUD OTHER 0 9 20 - - - - -
EOF
        # its first release, replaced by file 1 (facts not current)
        dsa_facts 8 Alphashop 2026-01-01 2026-06-30 <<'EOF'
2  EU TOTAL - 1 999 999 - - 999 - -
3  DE TOTAL - 1 999 999 - - 999 - -
EOF
        dsa_facts 3 BetaTube 2026-01-01 2026-06-30 <<'EOF'
2  EU TOTAL - 1 300 900 1 12 500 0.5 96
3  DE TOTAL - 1 120 400 1.5 10 250 0 100
4  FR TOTAL - 1 80 200 1 8 100 0 90
5  EU ILLEGAL_OR_HARMFUL_SPEECH - 1 300 900 1 12 500 0.5 96
6  DE ILLEGAL_OR_HARMFUL_SPEECH - 1 120 400 1.5 10 250 0 100
7  FR ILLEGAL_OR_HARMFUL_SPEECH - 1 80 200 1 8 100 0 90
8  DE ILLEGAL_OR_HARMFUL_SPEECH HATE_SPEECH 0 100 350 1 9 - - -
9  DE ILLEGAL_OR_HARMFUL_SPEECH OTHER 0 20 50 2 11 - - -
EOF
        dsa_facts 4 BetaChat 2026-01-01 2026-06-30 <<'EOF'
2  EU TOTAL - 1 7 - - - 30 3 200
3  DE ILLEGAL_OR_HARMFUL_SPEECH - 1 7 - - - 30 3 200
4  DE ILLEGAL_OR_HARMFUL_SPEECH OTHER 0 7 - - - - - -
EOF
        dsa_facts 5 BetaTube 2025-07-01 2025-12-31 <<'EOF'
2  EU TOTAL - 1 200 - - - 300 - -
3  DE TOTAL - 1 90 - - - 150 - -
4  PL TOTAL - 1 5 - - - 1 - -
EOF
        dsa_template_labels
        cat <<'EOF'
UPDATE fact_rows SET is_current = 0 WHERE file_id = (SELECT id FROM temp.fx WHERE n = 8);
INSERT INTO fact_notes (file_id, line, dataset_id, request_type, country, period_start, period_end,
                        product, reason, subcategory, metric, column_name, note, is_current)
WITH n (file, line, rt, cc, svc, reason, kw, metric, col, note) AS (VALUES
    (1, 2, 'dsa_order_to_act', 'EU', 'Alphashop', 'TOTAL', NULL, 'orders',
     'Contextual information on number of orders to act against illegal content received',
     'Orders are counted once per authority request.'),
    (1, 8, 'dsa_order_to_act', 'DE', 'Alphashop', 'TOTAL', NULL, 'median_hours_to_effect',
     'Contextual information on Median time to give effect to the order to act against illegal content',
     'The median time is indicated in hours.'),
    (1, 17, 'dsa_order_to_provide_information', 'FR', 'Alphashop', 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', NULL, 'orders',
     'Contextual information on Number of orders to provide information',
     'Figures withheld under national law.'),
    (3, 9, NULL, 'DE', 'BetaTube', 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH', 'KEYWORD_OTHER', NULL,
     'Description of the sub-category "Other"', 'Insults against public officials'),
    (8, 3, 'dsa_order_to_act', 'DE', 'Alphashop', 'TOTAL', NULL, 'orders',
     'Contextual information on number of orders to act against illegal content received',
     'A note of the first release, replaced.')
)
SELECT fx.id, n.line, s.dataset_id, n.rt, n.cc, fx.ps, fx.pe, n.svc, n.reason, n.kw, n.metric,
       n.col, n.note, fx.n != 8
FROM n
JOIN temp.fx fx ON fx.n = n.file
JOIN source_files s ON s.id = fx.id;
INSERT INTO dsa_reports (file_id, service, provider, published_on, previous_published_on, period_start, period_end)
SELECT id, 'Alphashop', 'Alpha Commerce SE', '2026-08-29', '2026-02-27', '2026-01-01', '2026-06-30' FROM temp.fx WHERE n = 2
UNION ALL
SELECT id, 'BetaTube', 'Beta Media Ltd', '2026-08-31', NULL, '2026-01-01', '2026-06-30' FROM temp.fx WHERE n = 6;
INSERT INTO category_labels (code, parent, label, template_label, note, file_id) VALUES
    ('STATEMENT_CATEGORY_SCAMS_AND_FRAUD', NULL, 'Scams and fraud (Alpha)', 'Category 12', NULL,
     (SELECT id FROM temp.fx WHERE n = 7));
COMMIT;
EOF
    } | sqlite3 -bail "$_db" || return 1
    "$TRDB" --db "$_db" init --rebuild-summary >/dev/null
}
