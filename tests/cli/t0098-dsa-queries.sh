#!/bin/sh
# DSA Table 3 figures in country_summary and the named queries: the coarsest
# rows of each service per country (TOTAL, else categories, else keywords),
# never the rows of all Member States (EU), never mixed into the companies'
# own measures; dsa-orders, dsa-services and dsa-notes in every format; the
# three DSA measures in top, trend, compare and agg. The database is built
# by tests/cli/lib-dsa.sh (its header lists the figures) over the samples.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-dsa.sh"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
export TRDB_DATA="${TRDB_DATA:-$TOP/data}"

"$TRDB" ingest "$TOP/data/samples" >/dev/null
own="SELECT country, period_end, publisher, measure, low, high, n_facts FROM country_summary
     ORDER BY 1, 2, 3, 4"
sql "$own" >own-before.csv
check "the fixture loads" dsa_fixture_db

# the fixture's template labels are those an ingest keeps (it would rewrite others)
"$TRDB" --db labels.sqlite init >/dev/null
dsa_template_labels | sqlite3 -bail labels.sqlite
labels() { sqlite3 labels.sqlite "SELECT rowid, code, quote(parent), label, quote(template_label), quote(file_id)
                                  FROM category_labels ORDER BY rowid"; }
labels >labels-fixture.txt
is "the fixture writes every label of the vocabulary" "$(wc -l <labels-fixture.txt | tr -d ' ')" \
    "$(grep -cv '^#' "$TRDB_DATA/vocabulary/dsa_categories.tsv")"
"$TRDB" --db labels.sqlite ingest "$TOP/data/samples" >/dev/null
is "and an ingest leaves them as they are" "$(labels)" "$(cat labels-fixture.txt)"

# --- country_summary -------------------------------------------------------
cell() { # PUBLISHER-PREFIX CC PERIOD_END MEASURE
    sql "SELECT coalesce(low, 'null') || '/' || n_facts FROM country_summary
         WHERE publisher LIKE '$1%' AND country = '$2' AND period_end = '$3' AND measure = '$4'"
}
is "a TOTAL row wins over its categories (30+15) and keywords" \
    "$(cell Alpha DE 2026-06-30 dsa_orders_to_act)" "50/1"
is "and so for the items" "$(cell Alpha DE 2026-06-30 dsa_order_items)" "120/1"
is "a country without a TOTAL row adds up its categories, not their keywords" \
    "$(cell Alpha FR 2026-06-30 dsa_orders_to_act)" "10/2"
is "only the figures there are: one category has items" "$(cell Alpha FR 2026-06-30 dsa_order_items)" "11/1"
is "a country with keyword rows only adds them up (KEYWORD_OTHER under two categories)" \
    "$(cell Alpha ES 2026-06-30 dsa_orders_to_act)" "13/2"
is "a TOTAL of 0 is a figure of 0" "$(cell Alpha IT 2026-06-30 dsa_orders_to_act)" "0/1"
is "an empty cell is no figure" "$(cell Alpha IT 2026-06-30 dsa_order_items)" ""
is "each service its own coarsest rows: BetaTube's TOTAL and BetaChat's category" \
    "$(cell Beta DE 2026-06-30 dsa_orders_to_act)" "127/2"
is "orders to provide information likewise" \
    "$(cell Beta DE 2026-06-30 dsa_orders_to_provide_information)" "280/2"
is "an older half-year of its own" "$(cell Beta DE 2025-12-31 dsa_orders_to_act)" "90/1"
is "the first release's figures, replaced, count nowhere" \
    "$(sql "SELECT count(*) FROM country_summary WHERE low = 999")" "0"
is "the rows of all Member States are facts" \
    "$(sql "SELECT count(*) FROM facts WHERE country = 'EU' AND request_type LIKE 'dsa%'")" "56"
is "but never a country of country_summary" \
    "$(sql "SELECT count(*) FROM country_summary WHERE country = 'EU'")" "0"
is "the DSA providers have the three DSA measures and no other" \
    "$(sql "SELECT group_concat(DISTINCT measure) FROM (SELECT measure FROM country_summary
            WHERE publisher IN ('Alpha Commerce SE', 'Beta Media Ltd') ORDER BY 1)")" \
    "dsa_order_items,dsa_orders_to_act,dsa_orders_to_provide_information"
sql "SELECT country, period_end, publisher, measure, low, high, n_facts FROM country_summary
     WHERE measure NOT LIKE 'dsa%' ORDER BY 1, 2, 3, 4" >own-after.csv
check "the companies' own measures are as they were (removal_requests, user_data_requests, ...)" \
    cmp own-before.csv own-after.csv
is "and were there to compare" "$(grep -c user_data_requests own-after.csv)" "$(grep -c user_data_requests own-before.csv)"
sql "SELECT * FROM country_summary ORDER BY 1, 2, 3, 4, 5" >summary1.csv
"$TRDB" init --rebuild-summary >/dev/null
sql "SELECT * FROM country_summary ORDER BY 1, 2, 3, 4, 5" >summary2.csv
check "a rebuild gives the same summary" cmp summary1.csv summary2.csv

# --- dsa-orders --------------------------------------------------------------
cat >want.csv <<'EOF'
publisher,service,period_start,period_end,category,category_label,keyword,keyword_label,orders_to_act,items,act_median_hours_to_inform,act_median_hours_to_effect,orders_to_provide_information,info_median_hours_to_inform,info_median_hours_to_effect,notes,source_file,source_line
Alpha Commerce SE,Alphashop,2026-01-01,2026-06-30,TOTAL,All the entries,,,50,120,3,36,20,2,72,1,alpha/3_member_states_orders.csv,8
Alpha Commerce SE,Alphashop,2026-01-01,2026-06-30,STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,Illegal or harmful speech,,,30,70,2,30,15,2,70,0,alpha/3_member_states_orders.csv,10
Alpha Commerce SE,Alphashop,2026-01-01,2026-06-30,STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,Illegal or harmful speech,KEYWORD_HATE_SPEECH,Illegal incitement to violence and hatred based on protected characteristics (hate speech),25,60,2,28,,,,0,alpha/3_member_states_orders.csv,12
Alpha Commerce SE,Alphashop,2026-01-01,2026-06-30,STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,Illegal or harmful speech,KEYWORD_OTHER,Not captured by any other sub-category,5,10,4,40,,,,0,alpha/3_member_states_orders.csv,14
Alpha Commerce SE,Alphashop,2026-01-01,2026-06-30,STATEMENT_CATEGORY_SCAMS_AND_FRAUD,Scams and/or fraud,,,15,40,4,48,5,1,80,0,alpha/3_member_states_orders.csv,16
Alpha Commerce SE,Alphashop,2026-01-01,2026-06-30,STATEMENT_CATEGORY_SCAMS_AND_FRAUD,Scams and/or fraud,KEYWORD_OTHER,Not captured by any other sub-category,15,40,4,48,,,,0,alpha/3_member_states_orders.csv,18
Beta Media Ltd,BetaChat,2026-01-01,2026-06-30,STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,Illegal or harmful speech,,,7,,,,30,3,200,0,betachat/3_member_states_orders.csv,3
Beta Media Ltd,BetaChat,2026-01-01,2026-06-30,STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,Illegal or harmful speech,KEYWORD_OTHER,Not captured by any other sub-category,7,,,,,,,0,betachat/3_member_states_orders.csv,4
Beta Media Ltd,BetaTube,2026-01-01,2026-06-30,TOTAL,All the entries,,,120,400,1.5,10,250,0,100,0,betatube/3_member_states_orders.csv,3
Beta Media Ltd,BetaTube,2026-01-01,2026-06-30,STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,Illegal or harmful speech,,,120,400,1.5,10,250,0,100,0,betatube/3_member_states_orders.csv,6
Beta Media Ltd,BetaTube,2026-01-01,2026-06-30,STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,Illegal or harmful speech,KEYWORD_HATE_SPEECH,Illegal incitement to violence and hatred based on protected characteristics (hate speech),100,350,1,9,,,,0,betatube/3_member_states_orders.csv,8
Beta Media Ltd,BetaTube,2026-01-01,2026-06-30,STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,Illegal or harmful speech,KEYWORD_OTHER,Not captured by any other sub-category,20,50,2,11,,,,1,betatube/3_member_states_orders.csv,9
EOF
check "dsa-orders cc=DE as CSV" "$TRDB" query --format csv dsa-orders cc=DE
tr -d '\r' <"$OUT" >got.csv
check "gives each service's latest rows, TOTAL first, categories by orders, keywords under them" \
    cmp got.csv want.csv
check "dsa-orders cc=Germany as JSON" "$TRDB" query --format json dsa-orders cc=Germany
cp "$OUT" got.json
js() { sqlite3 :memory: "SELECT $1 FROM json_each(readfile('got.json'))"; }
is "has the same rows" "$(js "count(*)")" "12"
is "with numbers as numbers" "$(js "json_extract(value, '\$.orders_to_act')" | head -n 1)" "50"
is "and an empty cell as null, not 0" \
    "$(js "json_type(value, '\$.items')" | sed -n 7p)" "null"
is "a median with decimals" \
    "$(js "json_extract(value, '\$.act_median_hours_to_inform')" | sed -n 9p)" "1.5"
check "dsa-orders cc=de as a table" "$TRDB" query dsa-orders cc=de
cp "$OUT" got.txt
cp "$ERR" got.err
check "has the header" grep -Eq "^publisher +service +period_start +period_end +category " got.txt
check "and the TOTAL row of BetaTube" \
    grep -Eq "^Beta Media Ltd +BetaTube +2026-01-01 +2026-06-30 +TOTAL +All the entries +120 +400 +1\.5 +10 +250 +0 +100 +0 " got.txt
check "says how many rows" grep -q "^(12 rows)" got.txt got.err

expect_out "service= in any case" "^Beta Media Ltd,BetaChat,.*,7,,,,30,3,200,0," \
    "$TRDB" query --format csv dsa-orders cc=DE service=BETACHAT
is "and only that service" "$(tail -n +2 "$OUT" | grep -vc BetaChat)" "0"
expect_err 2 "an unknown service is a usage error" \
    "unknown service 'Gamma' \(trdb query dsa-services lists the services with DSA figures\)" \
    "$TRDB" query dsa-orders cc=DE service=Gamma
expect_out "period= picks a half-year" "^Beta Media Ltd,BetaTube,2025-07-01,2025-12-31,TOTAL,All the entries,,,90,,,,150," \
    "$TRDB" query --format csv dsa-orders cc=DE period=2025H2
is "and only that one" "$(tail -n +2 "$OUT" | wc -l)" "1"
expect_out "latest is each service's own latest" "^Beta Media Ltd,BetaTube,2025-07-01,2025-12-31,TOTAL,All the entries,,,5," \
    "$TRDB" query --format csv dsa-orders cc=PL
check "a half-year without figures: no rows" "$TRDB" query --format csv dsa-orders cc=DE period=2024H1
is "not even one" "$(tail -n +2 "$OUT" | wc -l)" "0"
check "keyword rows only (ES): the category with more orders first" \
    "$TRDB" query --format csv dsa-orders cc=ES
is "SCAMS_AND_FRAUD's 9 before ILLEGAL_OR_HARMFUL_SPEECH's 4" \
    "$(tail -n +2 "$OUT" | cut -d, -f5,7,9 | tr '\n' ' ')" \
    "STATEMENT_CATEGORY_SCAMS_AND_FRAUD,KEYWORD_OTHER,9 STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,KEYWORD_OTHER,4 "
expect_out "cc=EU: the rows of all Member States together" \
    "^Alpha Commerce SE,Alphashop,2026-01-01,2026-06-30,TOTAL,All the entries,,,100,250,2.5,24,40,1,48,1," \
    "$TRDB" query --format csv dsa-orders cc=EU service=alphashop
is "with its six rows" "$(tail -n +2 "$OUT" | wc -l)" "6"
expect_err 2 "cc is required" "cc" "$TRDB" query dsa-orders

# --- dsa-services -------------------------------------------------------------
cat >want.csv <<'EOF'
publisher,service,period_start,period_end,published_on,countries,orders_to_act,items,orders_to_provide_information,notes,source_file
Alpha Commerce SE,Alphashop,2026-01-01,2026-06-30,2026-08-29,4,100,250,40,3,alpha/3_member_states_orders.csv
Beta Media Ltd,BetaChat,2026-01-01,2026-06-30,,1,7,,30,0,betachat/3_member_states_orders.csv
Beta Media Ltd,BetaTube,2025-07-01,2025-12-31,,2,200,,300,0,betatube-2025/3_member_states_orders.csv
Beta Media Ltd,BetaTube,2026-01-01,2026-06-30,2026-08-31,2,300,900,500,1,betatube/3_member_states_orders.csv
EOF
check "dsa-services as CSV" "$TRDB" query --format csv dsa-services
tr -d '\r' <"$OUT" >got.csv
check "lists every service and half-year: provider, Table 1's date, countries, EU-wide totals" \
    cmp got.csv want.csv
check "dsa-services period=latest as JSON" "$TRDB" query --format json dsa-services period=latest
cp "$OUT" got.json
is "each service once" "$(js "group_concat(json_extract(value, '\$.service'))")" "Alphashop,BetaChat,BetaTube"
is "in its latest half-year" "$(js "json_extract(value, '\$.period_end')" | sort -u)" "2026-06-30"
is "Table 1 missing: null" "$(js "json_type(value, '\$.published_on')" | sed -n 2p)" "null"
expect_out "dsa-services as a table" "^Beta Media Ltd +BetaTube +2025-07-01 +2025-12-31 +2 +200 +300 +0 " \
    "$TRDB" query dsa-services service=betatube
expect_err 2 "an unknown service is a usage error here too" "unknown service 'Gamma'" \
    "$TRDB" query dsa-services service=Gamma

# --- dsa-notes ---------------------------------------------------------------
check "dsa-notes cc=DE as CSV" "$TRDB" query --format csv dsa-notes cc=DE
tr -d '\r' <"$OUT" >got.csv
is "the country's notes and its services' notes on all Member States" \
    "$(tail -n +2 got.csv | cut -d, -f2,5,11,15)" \
    "Alphashop,DE,median_hours_to_effect,8
Alphashop,EU,orders,2
BetaTube,DE,,9"
check "with the text and its column, quoted as CSV wants" \
    grep -qF ',KEYWORD_OTHER,Not captured by any other sub-category,,,"Description of the sub-category ""Other""",Insults against public officials,' got.csv
check "a note on a figure whose cell is empty is kept" \
    "$TRDB" query --format json dsa-notes cc=FR
cp "$OUT" got.json
is "FR's own note first, then the report's" \
    "$(js "json_extract(value, '\$.note')")" "Figures withheld under national law.
Orders are counted once per authority request."
is "the first release's note is gone" \
    "$("$TRDB" query --format csv dsa-notes | grep -c "first release")" "0"
expect_out "dsa-notes as a table" "^Beta Media Ltd +BetaTube .* Insults against public officials " \
    "$TRDB" query dsa-notes service=BetaTube
check "a country with figures but no notes: none" "$TRDB" query --format csv dsa-notes cc=PL
is "no rows" "$(tail -n +2 "$OUT" | wc -l)" "0"

# --- the DSA measures in top, trend, compare and agg -----------------------------
expect_out "top ranks countries by dsa_orders_to_act" "^1,DE,Germany,2026-01-01,2026-06-30,Beta Media Ltd,dsa_orders_to_act,127,127,2" \
    "$TRDB" query --format csv top measure=dsa_orders_to_act
tr -d '\r' <"$OUT" >got.csv
is "EU never among the countries" "$(grep -c ',EU,' got.csv)" "0"
is "each provider ranked on its own" \
    "$(grep 'Alpha' got.csv | cut -d, -f1,2,8 | tr '\n' ' ')" "1,DE,50 2,ES,13 3,FR,10 4,IT,0 "
expect_out "top by dsa_order_items" "^1,DE,Germany,2026-01-01,2026-06-30,Beta Media Ltd,dsa_order_items,400,400,1" \
    "$TRDB" query --format csv top measure=dsa_order_items publisher="Beta Media Ltd"
check "trend of dsa_orders_to_provide_information for DE" \
    "$TRDB" query --format csv trend measure=dsa_orders_to_provide_information cc=DE
is "per half-year and provider" "$(tail -n +2 "$OUT" | cut -d, -f2,3,6 | tr -d '\r' | tr '\n' ' ')" \
    "2025-12-31,Beta Media Ltd,150 2026-06-30,Alpha Commerce SE,20 2026-06-30,Beta Media Ltd,280 "
check "trend of the world adds the countries, not the rows of all Member States" \
    "$TRDB" query --format csv trend measure=dsa_orders_to_act publisher="Alpha Commerce SE"
is "Alpha's world in 2026H1: 50+13+10+0 from four countries" \
    "$(tail -n +2 "$OUT" | cut -d, -f6,8 | tr -d '\r')" "73,4"
check "compare DE, FR, ES on dsa_order_items" \
    "$TRDB" query --format csv compare cc=DE,FR,ES measure=dsa_order_items publisher="Beta Media Ltd"
is "ES has no figure there: empty, not 0" "$(tail -n +2 "$OUT" | cut -d, -f4,7,9 | tr -d '\r' | tr '\n' ' ')" \
    "DE,400,1 FR,200,2 ES,, "
check "agg of dsa_orders_to_act per country and provider" \
    "$TRDB" query --format json agg measure=dsa_orders_to_act axis_x=country
cp "$OUT" got.json
is "DE adds both providers and both half-years: 50+127+90" \
    "$(js "json_extract(value, '\$.value_low')" | head -n 1)" "267"
is "EU is no country of it" "$(js "group_concat(json_extract(value, '\$.x'))")" "DE,ES,FR,IT,PL"
expect_out "agg as a table" "^2026-01-01/2026-06-30 +Beta Media Ltd +207 " \
    "$TRDB" query agg measure=dsa_orders_to_act axis_x=period axis_y=publisher

# --- breakdown (the country page's) adds keyword rows, never median times ---------
check "breakdown cc=DE by=reason" "$TRDB" query --format csv breakdown cc=DE by=reason
tr -d '\r' <"$OUT" >got.csv
is "no median is added up" "$(grep -c median got.csv)" "0"
is "a category's keywords are (25 + 5)" \
    "$(grep '^Alpha Commerce SE,dsa_order_to_act,orders,STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH,' got.csv | cut -d, -f7)" "30"

# --- breakdowns: breakdown's rows for each of the four, keywords and medians alike ---
for by in legal_process requester product reason; do
    "$TRDB" query --format csv breakdown cc=DE by="$by" | tail -n +2 | sed "s/^/$by,/"
done >want.csv
"$TRDB" query --format csv breakdowns cc=DE | tail -n +2 >got.csv
check "breakdowns cc=DE: the rows of breakdown by each" cmp want.csv got.csv
check "(with the reason rows)" grep -q '^reason,Alpha Commerce SE,' got.csv

# --- the list ---------------------------------------------------------------------
"$TRDB" query --list >list.txt
check "query --list names dsa-orders with its parameters" \
    grep -Eq "^dsa-orders +cc=country service=\[text\] period=\[period, default latest\] +the orders one Member State" list.txt
check "and dsa-services" grep -Eq "^dsa-services +service=\[text\] period=\[period\] +the services whose DSA Table 3" list.txt
check "and dsa-notes" grep -Eq "^dsa-notes +cc=\[country\] .* +the contextual texts" list.txt
for q in top trend compare agg; do
    check "$q takes the three DSA measures" grep -Eq \
        "^$q .*measure=\[[^]]*dsa_orders_to_act,dsa_order_items,dsa_orders_to_provide_information" list.txt
done
finish
