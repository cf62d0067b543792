#!/bin/sh
# Rows a spreadsheet saved short (empty last cells dropped with their commas)
# load with those cells empty and one warning per file; a row that ends before
# a cell it must have, or runs longer than the header, is still a reject. A
# map whose results use its pattern's captures turns period codes into
# periods; a field's default stands for a column the layout lacks.
. "$(dirname "$0")/lib.sh"

H='Period Ending,Country/Region,CLDR Territory Code,Legal Process,User Data Requests,Percentage disclosed,Accounts'
{
    echo "$H"
    echo '2020-12-31,France,FR,Search Warrants,100,50,120'
    echo '2020-12-31,Italy,IT,Search Warrants,5,50'
    echo '2020-12-31,Spain,ES,Subpoenas,7'
    echo '2020-12-31,Germany'
    echo ',,,'
    echo '2020-12-31,Spain,ES,Search Warrants,7,1,1,1'
    echo '2020-12-31,Poland,PL,Subpoenas,9,,'
    echo '2020-12-31'
} >short.csv
expect_err 1 "short rows load with one warning for the file, naming the count and the first" \
    "^trdb: warning: short.csv: 2 rows shorter than the header, the missing trailing cells read as empty \(first at line 3\)$" \
    "$TRDB" ingest short.csv
is "one such warning, not one per row" "$(grep -c 'shorter than the header' "$ERR")" "1"
check "rows and rejects counted" grep -qx "loaded short.csv profile=google-user-data-requests rows=4 rejected=3" "$OUT"
reject() { sql "SELECT coalesce(column_name, '-') || ': ' || reason FROM rejects WHERE line = $1"; }
is "a row that reaches none of its figures is a reject naming the first" "$(reject 5)" \
    "User Data Requests: expected 7 fields as in the header, found 2: the row ends before column 'User Data Requests'"
is "the row with the period alone names the country's column" "$(reject 9)" \
    "Country/Region: expected 7 fields as in the header, found 1: the row ends before column 'Country/Region'"
is "a row longer than the header is a reject as before" "$(reject 7)" \
    "-: expected 7 fields as in the header, found 8"
is "the blank line is skipped" "$(sql "SELECT rows_skipped FROM source_files")" "1"
is "Italy's row: its figures, no accounts" \
    "$(sql "SELECT group_concat(metric || '=' || value_low, ' ') FROM (SELECT metric, value_low FROM facts WHERE source_line = 3 ORDER BY metric)")" \
    "pct_disclosed=50 requests=5"
is "Spain's row: requests alone" "$(sql "SELECT group_concat(metric || '=' || value_low, ' ') FROM facts WHERE source_line = 4")" "requests=7"
is "a rejected short row is kept as published" "$(sql "SELECT raw FROM rejects WHERE line = 5")" "2020-12-31,Germany"
printf '%s\n' "$H" '2020-12-31,France,FR,Search Warrants,100,50,120' >whole.csv
expect_exit 0 "a file without short rows has no warning and exits 0" "$TRDB" --db whole.sqlite ingest whole.csv
check "and says nothing about short rows" test ! -s "$ERR"

# A user's layout in Wikimedia's style (key,requests,complied,duration,tooltip): the
# period codes become periods through a map with captures, and the tooltip is
# often missing with its comma
cp -r "$TOP/data" mydata
cat >mydata/formats/wiki-where-from.json <<'JSON'
{
  "name": "wiki-where-from",
  "description": "test: requests by country, periods as codes",
  "publisher": "Wiki",
  "dataset": "where-from",
  "match": {"columns": ["^key$", "^requests$", "^duration$"]},
  "ignore": ["^tooltip$"],
  "fields": {
    "period": {
      "column": "^duration$",
      "map": {"^jul(\\d\\d)jun(\\d\\d)$": "July 20$1 - June 20$2", "^juldec(\\d\\d)$": "Jul-Dec 20$1",
              "^janjun(\\d\\d)$": "January - June 20$1"}
    },
    "country": {"column": "^key$"},
    "request_type": "user_data"
  },
  "measures": [
    {"metric": "requests", "column": "^requests$"},
    {"metric": "requests_disclosed", "column": "^complied$"}
  ]
}
JSON
{
    echo 'key,requests,complied,duration,tooltip'
    echo 'France,3,1,jul12jun13,"three, one complied"'
    echo 'Germany,4,0,juldec18'
    echo 'Japan,2,2,janjun19,'
    echo 'Brazil,5,1,jul13jun14'
    echo 'Chile,1,0'
} >where_from.csv
expect_exit 1 "the user's layout loads, its short rows warned about" \
    env TRDB_DATA="$WORK/mydata" "$TRDB" --db wiki.sqlite ingest where_from.csv
cp "$ERR" wiki.err
check "four rows, the one without a period rejected" grep -qx "loaded where_from.csv profile=wiki-where-from rows=4 rejected=1" "$OUT"
check "the warning counts the two short rows" grep -q "where_from.csv: 2 rows shorter than the header, the missing trailing cells read as empty (first at line 3)" wiki.err
wsql() { "$TRDB" --db wiki.sqlite sql --format csv "$1" | tail -n 1 | tr -d '\r' | sed 's/^"//; s/"$//'; }
is "captured codes became periods" \
    "$(wsql "SELECT group_concat(country || ' ' || period_start || '..' || period_end, '; ') FROM (SELECT DISTINCT country, period_start, period_end FROM facts ORDER BY country)")" \
    "BR 2013-07-01..2014-06-30; DE 2018-07-01..2018-12-31; FR 2012-07-01..2013-06-30; JP 2019-01-01..2019-06-30"
is "the period-less row names the column" "$(wsql "SELECT column_name || ': ' || reason FROM rejects WHERE line = 6")" \
    "duration: expected 5 fields as in the header, found 3: the row ends before column 'duration'"

# Drift derived from a real Google file: the older user-data release
F="${REALDATA:-$TOP/../shared/realdata}/google/google-user-data-requests_2009-2018H1.csv"
if [ -f "$F" ]; then
    # trailing empty cells dropped with their commas (the 2009 rows have no percentage or accounts),
    # and the last cell of every seventh row dropped even when it holds a figure
    tr -d '\r' <"$F" | awk 'NR == 1 { print; next }
        { line = $0; while (line ~ /,$/) sub(/,$/, "", line) }
        NR % 7 == 0 && line == $0 { sub(/,[^,]*$/, "", line) }
        { print line }' >drift-short.csv
    short=$(awk -F, 'NR > 1 && NF < 7' drift-short.csv | wc -l | tr -d ' ')
    check "the drifted file has short rows" test "$short" -gt 40
    expect_exit 1 "the drifted real file loads, with a warning" "$TRDB" --db real.sqlite ingest drift-short.csv
    cp "$ERR" real.err
    check "every row loaded, none rejected" grep -qE "^loaded drift-short.csv profile=google-user-data-requests rows=$(($(wc -l <drift-short.csv) - 1)) rejected=0$" "$OUT"
    check "the warning counts them" grep -q "drift-short.csv: $short rows shorter than the header" real.err
    rsql() { "$TRDB" --db real.sqlite sql --format csv "$1" | tail -n 1 | tr -d '\r'; }
    is "requests add up as in the file" "$(rsql "SELECT CAST(total(value_low) AS INTEGER) FROM facts WHERE metric = 'requests'")" \
        "$(awk -F, 'NR > 1 { s += $5 } END { print s }' drift-short.csv)"
    is "accounts add up as in the file (the dropped ones are gone)" \
        "$(rsql "SELECT CAST(total(value_low) AS INTEGER) FROM facts WHERE metric = 'accounts'")" \
        "$(awk -F, 'NR > 1 && NF == 7 { s += $7 } END { print s }' drift-short.csv)"

    # a layout without the legal-process column: the publisher's totals, stored as 'All', an aggregate
    tr -d '\r' <"$F" | awk -F, 'BEGIN { OFS = "," } NR == 1 || $4 == "All" { print $1, $2, $3, $5, $6, $7 }' >no-legal-process.csv
    expect_exit 1 "a layout without 'Legal Process' loads with the field's default" \
        "$TRDB" --db nolp.sqlite ingest no-legal-process.csv
    cp "$ERR" nolp.err
    check "by the user-data profile, every row" grep -qE "^loaded no-legal-process.csv profile=google-user-data-requests rows=$(($(wc -l <no-legal-process.csv) - 1)) rejected=0$" "$OUT"
    check "and warns once that the column is absent, naming the default" \
        grep -qF "no column matches /^Legal Process\$/ of profile 'google-user-data-requests'; the rows have no value from it for 'request_type' (so 'user_data'), 'legal_process' (so 'All')" nolp.err
    nsql() { "$TRDB" --db nolp.sqlite sql --format csv "$1" | tail -n 1 | tr -d '\r'; }
    is "every fact is an 'All' aggregate of user-data requests" \
        "$(nsql "SELECT group_concat(DISTINCT legal_process || ' ' || request_type || ' ' || is_aggregate) FROM facts")" "All user_data 1"
    is "requests add up as in the file" "$(nsql "SELECT CAST(total(value_low) AS INTEGER) FROM facts WHERE metric = 'requests'")" \
        "$(awk -F, 'NR > 1 { s += $4 } END { print s }' no-legal-process.csv)"
    is "and the country summary counts them once" \
        "$(nsql "SELECT CAST(total(low) AS INTEGER) FROM country_summary WHERE measure = 'user_data_requests'")" \
        "$(awk -F, 'NR > 1 { s += $4 } END { print s }' no-legal-process.csv)"
else
    echo "# skipped: $F is absent"
fi
finish
