#!/bin/sh
# A DSA Table 3 with bad rows: an unknown Scope code, a negative count, a
# period that is not a half-year, a category code of no level, a second
# service: a clear reject each, the rest of the file loaded; a service no
# table knows is kept under its own name with one warning. The fixture
# (tests/data/dsa/3_member_states_orders.csv, made up, with the real header)
# always runs; the same cases are then made from a real Table 3 when the
# shared data is there.
. "$(dirname "$0")/lib.sh"
F="$TOP/tests/data/dsa/3_member_states_orders.csv"
cp "$F" table3.csv

expect_err 1 "an unknown service is a warning naming it" \
    "warning: table3.csv: no provider known for 'Examplo' in column 'Service' .*loaded under 'Examplo'" \
    "$TRDB" ingest table3.csv
warnings=$(grep -c "no provider known" "$ERR")
check "the good rows load, five rejected" grep -q "^loaded table3.csv profile=dsa-member-states-orders rows=7 rejected=5$" "$OUT"
is "one warning for the file, not one per row" "$warnings" "1"
is "the figures are kept under the service's own name" \
    "$(sql "SELECT DISTINCT publisher || ' / ' || product FROM facts")" "Examplo / Examplo"
reject() { sql "SELECT column_name || ': ' || reason FROM rejects WHERE line = $1"; }
is "an unknown Scope code" "$(reject 6)" "Scope: unknown country 'XX' in column 'Scope'"
is "a negative count" "$(reject 7)" \
    "Number of orders to act against illegal content received: not a number: '-3' in column 'Number of orders to act against illegal content received'"
is "a period that is not a half-year" "$(reject 8)" \
    "Reporting period: period '2026-01-01/2026-03-31' in column 'Reporting period' is not a half-year (January to June or July to December of one year)"
is "a category code of no level" "$(reject 12)" \
    "Category of illegal content: 'SCAMS' in column 'Category of illegal content' is of no level of the hierarchy"
is "a row of another service" "$(reject 14)" \
    "Service: 'Other Service' in column 'Service' is not the file's 'Examplo' (its first row's): a file is one publisher's"
is "the placeholder row is skipped, not rejected" "$(sql "SELECT rows_skipped FROM source_files")" "1"
is "the keyword after it belongs to the placeholder's category" \
    "$(sql "SELECT DISTINCT reason || ' ' || subcategory || ' ' || is_aggregate FROM facts WHERE source_line = 10")" \
    "STATEMENT_CATEGORY_SCAMS_AND_FRAUD KEYWORD_OTHER 0"
is "EL is Greece" "$(sql "SELECT DISTINCT country FROM facts WHERE source_line = 13")" "GR"
is "decimals are read: 24.00 hours, 1.5" \
    "$(sql "SELECT group_concat(value_low, ' ') FROM (SELECT value_low FROM facts WHERE source_line = 2
            AND request_type = 'dsa_order_to_act' AND metric LIKE 'median%' ORDER BY metric)")" "24 1.5"
is "the description of 'Other' is a note; the template text is not" \
    "$(sql "SELECT group_concat(source_line || ':' || note, ' ') FROM notes WHERE metric IS NULL")" "4:Fake shops"
is "the note on a median goes with it" \
    "$(sql "SELECT metric || ' ' || request_type || ' ' || note FROM notes WHERE metric IS NOT NULL")" \
    "median_hours_to_effect dsa_order_to_provide_information Times are in hours."

# a category row rejected before its place is known (not UTF-8, a cell too many) is still
# the category of the keyword rows under it, not the category before it
export TRDB_DB="$WORK/placed.sqlite"
cr=$(printf '\r')
ff=$(printf '\377')
{
    sed -n '1,2p' "$F"
    sed -n '3s/_SCAMS_AND_FRAUD,/_ANIMAL_WELFARE,/p' "$F"
    sed -n "3s/,$cr\$/,$ff$cr/p" "$F"
    sed -n '4p' "$F"
    sed -n "3s/_SCAMS_AND_FRAUD,/_DATA_PROTECTION_AND_PRIVACY,/; 3s/$cr\$/,$cr/p" "$F"
    sed -n '4p' "$F"
} >placed.csv
is "the rows as made" "$(cut -d, -f4 placed.csv | tr '\n' ' ')" \
    "Category of illegal content TOTAL STATEMENT_CATEGORY_ANIMAL_WELFARE STATEMENT_CATEGORY_SCAMS_AND_FRAUD KEYWORD_OTHER STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY KEYWORD_OTHER "
expect_exit 1 "a Table 3 with two category rows rejected" "$TRDB" ingest placed.csv
is "each rejected" "$(sql "SELECT group_concat(line || ' ' || reason, '; ') FROM rejects")" \
    "4 invalid UTF-8 in field 20 at byte 1; 6 expected 20 fields as in the header, found 21"
is "each keyword under its own" \
    "$(sql "SELECT group_concat(r, ' ') FROM (SELECT DISTINCT source_line || ':' || reason AS r FROM facts WHERE subcategory = 'KEYWORD_OTHER' ORDER BY source_line)")" \
    "5:STATEMENT_CATEGORY_SCAMS_AND_FRAUD 7:STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY"

# one provider publishes several services' reports: each service's is a release of its own
export TRDB_DB="$WORK/google.sqlite"
mkdir -p yt gp yt2
sed 's/,Examplo,/,YouTube,/' "$F" >yt/3_member_states_orders.csv
sed 's/,Examplo,/,Google Play,/' "$F" >gp/3_member_states_orders.csv
sed -e 's/,Examplo,/,YouTube,/' -e '5s/,TOTAL,,DE,7,/,TOTAL,,DE,8,/' "$F" >yt2/3_member_states_orders.csv
expect_exit 1 "YouTube's and Google Play's reports load" "$TRDB" ingest yt/3_member_states_orders.csv gp/3_member_states_orders.csv
is "both under Google Ireland Limited, both current" \
    "$(sql "SELECT group_concat(p, ', ') FROM (SELECT DISTINCT publisher || ' ' || product AS p FROM facts ORDER BY 1)")" \
    "Google Ireland Limited Google Play, Google Ireland Limited YouTube"
expect_exit 1 "a corrected YouTube report loads" "$TRDB" ingest yt2/3_member_states_orders.csv
is "it replaces YouTube's figures only" \
    "$(sql "SELECT group_concat(p, ', ') FROM (SELECT DISTINCT product || ' ' || source_file AS p FROM facts ORDER BY 1)")" \
    "Google Play gp/3_member_states_orders.csv, YouTube yt2/3_member_states_orders.csv"
is "and its revision is YouTube's" \
    "$(sql "SELECT product || ' ' || country || ' ' || old_low || ' -> ' || new_low AS r FROM revision_list")" "YouTube DE 7 -> 8"

# the same cases made from a real Table 3 (Temu's): the rest of its 257 data rows load
TEM="${REALDATA:-/nonexistent}/dsa/temu/3_member_states_orders.csv"
if [ -f "$TEM" ]; then
    export TRDB_DB="$WORK/real.sqlite"
    sed -e '100s/,TOTAL,,DK,128,/,TOTAL,,XX,128,/' -e '102s/,TOTAL,,EL,2,/,TOTAL,,EL,-2,/' \
        -e '103s|,2026-01-01/2026-06-30,|,2026-01-01/2026-03-31,|' "$TEM" >3_member_states_orders.csv
    is "three lines changed" "$(diff "$TEM" 3_member_states_orders.csv | grep -c '^<')" "3"
    expect_exit 1 "the real file with three bad rows" "$TRDB" ingest 3_member_states_orders.csv
    check "its other rows load" grep -q "rows=173 rejected=3$" "$OUT"
    is "the unknown code" "$(reject 100)" "Scope: unknown country 'XX' in column 'Scope'"
    is "the negative count" "$(reject 102)" \
        "Number of orders to act against illegal content received: not a number: '-2' in column 'Number of orders to act against illegal content received'"
    is "the quarter" "$(sql "SELECT reason FROM rejects WHERE line = 103")" \
        "period '2026-01-01/2026-03-31' in column 'Reporting period' is not a half-year (January to June or July to December of one year)"
    is "and the provider is Temu's, from data/dsa/services.tsv" \
        "$(sql "SELECT DISTINCT publisher FROM facts")" "Whaleco Technology Limited"
fi
finish
