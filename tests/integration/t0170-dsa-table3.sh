#!/bin/sh
# The EU's DSA transparency reports, Table 3 (Member States' orders), as six
# services publish it: every figure of the shared README's "Figures a test
# can check" table, read back by file, line and column; the category
# hierarchy (a keyword belongs to the category row above it, even one whose
# Scope is a placeholder); aggregates; Greece as EL; placeholder rows
# skipped; empty cells against 0; the contextual notes; a rerun; a corrected
# re-release made at run time from a real file; the provider from a loaded
# report identification.
. "$(dirname "$0")/../cli/lib.sh"
D="$REALDATA/dsa"
[ -d "$D/temu" ] || skip_all "no real DSA data at $D"

ZAL="$D/zalando/Zalando_Transparency_Report_August_2026 - 3_member_states_orders.csv"
BOO="$D/booking-com/3_member_states_orders.csv"
ALI="$D/aliexpress/3_member_states_order.csv"
PIN="$D/pinterest/Pinterest - H1 2026 DSA Transparency Report - 3. Member states.csv"
TEM="$D/temu/3_member_states_orders.csv"
TIK="$D/tiktok/DSA_Transparency_Report_TikTok_July_December_2025 - 3_member_states_orders.csv"

expect_exit 0 "the six Table 3 files load without a reject or a warning" \
    "$TRDB" ingest "$ZAL" "$BOO" "$ALI" "$PIN" "$TEM" "$TIK"
is "each is read by the Table 3 profile" \
    "$(sql "SELECT DISTINCT profile FROM source_files")" "dsa-member-states-orders"

# A figure of FILE at physical LINE in the README's column words: its value, or "empty"
# when the cell held no figure (no fact).
fig() {
    case $3 in
    act) rt=dsa_order_to_act m=orders ;;
    items) rt=dsa_order_to_act m=items ;;
    act-effect) rt=dsa_order_to_act m=median_hours_to_effect ;;
    info) rt=dsa_order_to_provide_information m=orders ;;
    info-effect) rt=dsa_order_to_provide_information m=median_hours_to_effect ;;
    esac
    v=$(sql "SELECT value_low FROM facts WHERE source_file = '$(printf %s "$1" | sed "s/'/''/g")'
             AND source_line = $2 AND request_type = '$rt' AND metric = '$m'")
    echo "${v:-empty}"
}
# the row's country, category and keyword
row() {
    sql "SELECT DISTINCT country || ' ' || reason || ' ' || coalesce(subcategory, '-')
         FROM facts WHERE source_file = '$(printf %s "$1" | sed "s/'/''/g")' AND source_line = $2"
}

is "zalando line 2: orders to act / items / median to give effect" \
    "$(fig "$ZAL" 2 act) / $(fig "$ZAL" 2 items) / $(fig "$ZAL" 2 act-effect)" "0 / empty / empty"
is "booking-com line 2: orders to act / items / orders to provide information" \
    "$(fig "$BOO" 2 act) / $(fig "$BOO" 2 items) / $(fig "$BOO" 2 info)" "43 / 1572 / 30"
is "booking-com line 180: orders to act / items" "$(fig "$BOO" 180 act) / $(fig "$BOO" 180 items)" "31 / 1560"
is "booking-com line 180 is Spain's KEYWORD_OTHER under UNSAFE_AND_PROHIBITED_PRODUCTS" \
    "$(row "$BOO" 180)" "ES STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS KEYWORD_OTHER"
is "aliexpress line 2: orders to act / items / orders to provide information" \
    "$(fig "$ALI" 2 act) / $(fig "$ALI" 2 items) / $(fig "$ALI" 2 info)" "547 / 1404 / 656"
is "aliexpress line 98: DE's TOTAL, orders to act" "$(row "$ALI" 98) $(fig "$ALI" 98 act)" "DE TOTAL - 159"
is "aliexpress line 104: GR's TOTAL, orders to act / median to give effect" \
    "$(row "$ALI" 104) $(fig "$ALI" 104 act) / $(fig "$ALI" 104 act-effect)" "GR TOTAL - 4 / 136.7"
is "pinterest line 2: orders to act / items / median to give effect" \
    "$(fig "$PIN" 2 act) / $(fig "$PIN" 2 items) / $(fig "$PIN" 2 act-effect)" "46 / 590 / 2.76"
is "pinterest line 115 (record 95): FR's TOTAL, orders to act / items" \
    "$(row "$PIN" 115) $(fig "$PIN" 115 act) / $(fig "$PIN" 115 items)" "FR TOTAL - 13 / 552"
is "temu line 2: orders to act / items / orders to provide information" \
    "$(fig "$TEM" 2 act) / $(fig "$TEM" 2 items) / $(fig "$TEM" 2 info)" "332 / 659 / 134"
is "temu line 100 (record 98): DK's TOTAL, orders to act" "$(row "$TEM" 100) $(fig "$TEM" 100 act)" "DK TOTAL - 128"
is "temu line 102 (record 100): EL is Greece, GR: orders to act / items" \
    "$(row "$TEM" 102) $(fig "$TEM" 102 act) / $(fig "$TEM" 102 items)" "GR TOTAL - 2 / 5"
is "temu's 291.10 is a number" "$(fig "$TEM" 100 info-effect)" "291.1"
is "tiktok line 2: orders to act / items / orders to provide information / median to give effect to them" \
    "$(fig "$TIK" 2 act) / $(fig "$TIK" 2 items) / $(fig "$TIK" 2 info) / $(fig "$TIK" 2 info-effect)" \
    "782 / 4495 / 10932 / 97"
is "tiktok line 98: DE's TOTAL, orders to act / to provide information" \
    "$(row "$TIK" 98) $(fig "$TIK" 98 act) / $(fig "$TIK" 98 info)" "DE TOTAL - 133 / 5086"
is "no country is EL" "$(sql "SELECT count(*) FROM facts WHERE country = 'EL'")" "0"

# the hierarchy
is "TikTok's KEYWORD_OTHER rows with figures are under 10 categories, in the TOTAL block as for DE" \
    "$(sql "SELECT group_concat(n, ' ') FROM (SELECT count(DISTINCT reason) AS n FROM facts
            WHERE product = 'TikTok' AND country IN ('EU', 'DE') AND subcategory = 'KEYWORD_OTHER'
            GROUP BY country ORDER BY country)")" "10 10"
is "and under 14 in AliExpress's and Temu's" \
    "$(sql "SELECT group_concat(n, ' ') FROM (SELECT count(DISTINCT reason) AS n FROM facts
            WHERE product IN ('Aliexpress', 'Temu') AND country = 'EU' AND subcategory = 'KEYWORD_OTHER'
            GROUP BY product ORDER BY product)")" "14 14"
is "TikTok line 6 is KEYWORD_OTHER under ANIMAL_WELFARE (line 3): 30 orders, median 142" \
    "$(row "$TIK" 6) $(fig "$TIK" 6 info) $(fig "$TIK" 6 info-effect)" \
    "EU STATEMENT_CATEGORY_ANIMAL_WELFARE KEYWORD_OTHER 30 142"
is "every keyword fact has a category" \
    "$(sql "SELECT count(*) FROM facts WHERE dataset = 'dsa-member-states-orders' AND subcategory IS NOT NULL
            AND reason NOT LIKE 'STATEMENT_CATEGORY_%'")" "0"

# aggregates: TOTAL rows, category rows and Scope TOTAL rows total others; keyword rows of one country do not
agg() { sql "SELECT group_concat(DISTINCT is_aggregate) FROM facts WHERE product = '$1' AND $2"; }
is "the grand total is an aggregate" "$(agg Temu "source_line = 2")" "1"
is "a country's TOTAL row is an aggregate" "$(agg Temu "source_line = 100")" "1"
is "category rows are aggregates" "$(agg Temu "subcategory IS NULL AND reason != 'TOTAL'")" "1"
is "keyword rows of Scope TOTAL are aggregates" "$(agg Temu "subcategory IS NOT NULL AND country = 'EU'")" "1"
is "keyword rows of one country are not" "$(agg Temu "subcategory IS NOT NULL AND country != 'EU'")" "0"
sumtotal() {
    sql "SELECT sum(value_low) FROM facts WHERE product = '$1' AND reason = 'TOTAL' AND country != 'EU'
         AND request_type = 'dsa_order_to_act' AND metric = 'orders'"
}
is "the countries' TOTAL rows add up to the grand total: AliExpress, Temu, TikTok, Pinterest" \
    "$(sumtotal Aliexpress) $(sumtotal Temu) $(sumtotal TikTok) $(sumtotal Pinterest)" "547 332 782 46"

# placeholder scopes, empty against 0
skipped() { sql "SELECT rows_skipped FROM source_files WHERE path = '$1'"; }
is "placeholder rows are skipped and counted: AliExpress 86, Booking.com 89, Temu 81" \
    "$(skipped "$ALI") $(skipped "$BOO") $(skipped "$TEM")" "86 89 81"
is "no fact is without a country" "$(sql "SELECT count(*) FROM facts WHERE country IS NULL")" "0"
is "Zalando: orders are 0, items and medians empty (no facts)" \
    "$(sql "SELECT group_concat(DISTINCT metric || '=' || value_low) FROM facts WHERE product = 'Zalando'")" "orders=0"
is "the median times are in hours, assumed" \
    "$(sql "SELECT DISTINCT unit FROM facts WHERE metric LIKE 'median_hours_%'")" "hours"

# notes
is "Pinterest's note that the median time is in hours goes with a median" \
    "$(sql "SELECT count(*) > 0 FROM notes WHERE product = 'Pinterest' AND metric LIKE 'median_hours_%'
            AND note LIKE '%median time is indicated in hours%'")" "1"
is "Booking.com's description of its KEYWORD_OTHER (line 84) is a note on the row" \
    "$(sql "SELECT reason || ' ' || subcategory || ' ' || coalesce(metric, 'row') || ' ' || substr(note, 1, 23)
            AS r FROM notes WHERE product = 'Booking.com' AND source_line = 84 AND metric IS NULL")" \
    "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS KEYWORD_OTHER row Listings of goods or se"
is "Temu line 86's 'Informational non-compliance'" \
    "$(sql "SELECT note FROM notes WHERE product = 'Temu' AND source_line = 86 AND metric IS NULL")" \
    "Informational non-compliance"
is "the template's own text is no note" "$(sql "SELECT count(*) FROM notes WHERE note LIKE 'Text to detail%'")" "0"
is "a note is kept where its figure is empty (TikTok line 2: both medians to inform)" \
    "$(sql "SELECT group_concat(t, ' ') FROM (SELECT n.request_type AS t FROM notes n
            WHERE n.product = 'TikTok' AND n.source_line = 2 AND n.metric = 'median_hours_to_inform'
            AND NOT EXISTS (SELECT 1 FROM facts f WHERE f.source_file = n.source_file AND f.source_line = 2
            AND f.metric = n.metric AND f.request_type = n.request_type) ORDER BY t)")" \
    "dsa_order_to_act dsa_order_to_provide_information"

expect_out "a rerun says unchanged" "^unchanged .*3_member_states_order.csv" "$TRDB" ingest "$ALI"

# a corrected re-release, made from Temu's file: LV's animal-harm orders 1 -> 2 (line 118)
mkdir later
NEWTEM="later/3_member_states_orders (corrected 2026-09-15).csv"
sed '118s/,KEYWORD_ANIMAL_HARM,,LV,1,/,KEYWORD_ANIMAL_HARM,,LV,2,/' "$TEM" >"$NEWTEM"
is "the copy differs in one line" "$(cmp -l "$TEM" "$NEWTEM" | wc -l | tr -d ' ')" "1"
notes_before=$(sql "SELECT count(*) FROM notes WHERE product = 'Temu'")
expect_exit 0 "the corrected release loads" "$TRDB" ingest "$NEWTEM"
is "the revision names the category and the keyword" \
    "$(sql "SELECT kind || ' ' || country || ' ' || reason || ' ' || subcategory || ' ' || metric || ' '
            || old_low || ' -> ' || new_low || ' ' || old_line || ' ' || new_line AS r FROM revision_list")" \
    "changed LV STATEMENT_CATEGORY_ANIMAL_WELFARE KEYWORD_ANIMAL_HARM orders 1 -> 2 118 118"
is "facts show the corrected figure" "$(fig "$NEWTEM" 118 act)" "2"
is "and none of the older release's" "$(sql "SELECT count(*) FROM facts WHERE source_file = '$TEM'")" "0"
is "the notes are the newer release's" \
    "$(sql "SELECT count(*) || ' ' || count(DISTINCT source_file) FROM notes WHERE product = 'Temu'")" \
    "$notes_before 1"
is "the older release's notes are kept, not current" \
    "$(sql "SELECT count(*) FROM fact_notes n JOIN source_files s ON s.id = n.file_id
            WHERE s.path = '$TEM' AND n.is_current = 0")" "$notes_before"
expect_exit 0 "loading the older file again with --force" "$TRDB" ingest --force "$TEM"
is "forgetting a file takes its notes with it (one set per file)" \
    "$(sql "SELECT count(*) FROM fact_notes n JOIN source_files s ON s.id = n.file_id WHERE s.path = '$TEM'")" \
    "$notes_before"

# the provider from a loaded report identification, before the services table
if command -v sqlite3 >/dev/null; then
    export TRDB_DB="$WORK/table1.sqlite"
    check "a fresh database" "$TRDB" init
    sqlite3 "$TRDB_DB" "INSERT INTO dsa_reports (file_id, service, provider, period_start, period_end)
                        VALUES (9999, 'Zalando', 'Zalando SE (Table 1)', '2026-01-01', '2026-06-30')"
    expect_exit 0 "Zalando's Table 3 loads" "$TRDB" ingest "$ZAL"
    is "its publisher is the provider Table 1 names" "$(sql "SELECT DISTINCT publisher FROM facts")" \
        "Zalando SE (Table 1)"
    expect_exit 0 "Booking.com's, with no Table 1 loaded" "$TRDB" ingest "$BOO"
    is "takes its provider from data/dsa/services.tsv" \
        "$(sql "SELECT DISTINCT publisher FROM facts WHERE product = 'Booking.com'")" "Booking.com B.V"
fi
finish
