#!/bin/sh
# Google's content-removal file spells its requester column 'Requestor' in one
# release and 'Requester' in another: one profile reads both. The fixture is
# hand-made (tests/data/google/README) and spelled 'Requester'.
. "$(dirname "$0")/lib.sh"
F="${TEST_DATA:-$TOP/tests/data}/google/removal-requests-requester.csv"

expect_out "detect picks the removal profile for a 'Requester' header" \
    "^=> profile google-removal-requests \(header on line 1\)" "$TRDB" detect "$F"
check "and every column is read" grep -q "^   reads 12 of 12 columns:$" "$OUT"
expect_exit 0 "the 'Requester' file loads, exit 0" "$TRDB" ingest "$F"
check "through google-removal-requests, every row, no reject" \
    grep -q "^loaded $F profile=google-removal-requests rows=6 rejected=0$" "$OUT"
is "no warning about a column left unread" "$(cat "$ERR")" ""
# every non-blank figure cell (columns 5 to 12) is one fact; blank cells are none
cells=$(awk -F, 'NR > 1 { for (i = 5; i <= 12; i++) if ($i != "") n++ } END { print n + 0 }' "$F")
is "one fact per figure, none for a blank cell" "$(sql "SELECT count(*) FROM facts")" "$cells"
is "the requester comes from the 'Requester' column" \
    "$(sql "SELECT group_concat(DISTINCT requester) FROM (SELECT requester FROM facts WHERE country = 'BR' ORDER BY requester)")" \
    "Court Order Directed at Google,Police"
is "requests and items of a row" \
    "$(sql "SELECT group_concat(metric || '=' || value_low, ' ') FROM (SELECT metric, value_low FROM facts WHERE country = 'TR' AND metric IN ('requests', 'items') ORDER BY metric)")" \
    "items=1000 requests=25"
is "the trailing-space header feeds its percentage" \
    "$(sql "SELECT value_low FROM facts WHERE country = 'CI' AND metric = 'pct_not_enough_info'")" "100"
is "Europol, with no territory code, is stored under its own code" \
    "$(sql "SELECT DISTINCT country || ' ' || country_name FROM facts WHERE requester = 'Police' AND value_low = 7 AND metric = 'requests'")" \
    "XE Europol"
is "country_summary adds the requesters up" \
    "$(sql "SELECT low || '/' || n_facts FROM country_summary WHERE country = 'BR' AND period_end = '2024-12-31' AND measure = 'removal_requests'")" "15/2"
is "and their items" \
    "$(sql "SELECT low FROM country_summary WHERE country = 'BR' AND period_end = '2024-12-31' AND measure = 'removal_items'")" "345"

# the same rows under the 'Requestor' spelling give the same facts
sed '1s/,Requester,/,Requestor,/' "$F" >requestor.csv
check "the copy is spelled 'Requestor'" grep -q '^Period Ending,Country/Region,CLDR Territory Code,Requestor,' requestor.csv
expect_exit 0 "the 'Requestor' spelling loads too" "$TRDB" --db other.sqlite ingest requestor.csv
check "through the same profile" grep -q "^loaded requestor.csv profile=google-removal-requests rows=6 rejected=0$" "$OUT"
q="SELECT country, period_end, requester, metric, value_low, value_high, value_raw FROM facts ORDER BY 1, 2, 3, 4"
is "and the same facts" "$("$TRDB" --db other.sqlite sql --format csv "$q")" "$("$TRDB" sql --format csv "$q")"
finish
