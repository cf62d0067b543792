#!/bin/sh
# Two-row headers (a group in a merged cell over Number / Percentage, as a
# spreadsheet exports Microsoft's report): the two-row fixture, split from
# the one-row one, loads under profile ...-two-row with the same facts, each
# a line further down; a reject names its own line; detect shows the
# combined names; a title line above the two rows is fine; one-row files
# keep their profile; a profile's header_rows is checked.
. "$(dirname "$0")/lib.sh"
D="${TEST_DATA:-$TOP/tests/data}"
ONE="$D/microsoft/Microsoft-LERR-2017-H1.csv"
TWO="$D/microsoft/Microsoft-LERR-2017-H1-two-row.csv"
P1=microsoft-law-enforcement-requests
P2=microsoft-law-enforcement-requests-two-row

# the facts of a database, without the file they came from; the line as is, or less one
facts() {
    "$TRDB" --db "$1" sql --format csv "SELECT publisher, dataset, request_type, country,
        period_start, period_end, metric, value_low, value_high, value_raw, is_aggregate, source_line - $2 AS line
        FROM facts ORDER BY country, metric, line"
}

check "the one-row fixture loads into one database" "$TRDB" --db one.sqlite ingest "$ONE"
check "under the one-row profile" grep -q "^loaded $ONE profile=$P1 rows=11 rejected=0$" "$OUT"
check "the two-row fixture loads into another, exit 0" "$TRDB" --db two.sqlite ingest "$TWO"
check "under the two-row profile, no reject" grep -q "^loaded $TWO profile=$P2 rows=11 rejected=0$" "$OUT"
facts one.sqlite 0 >one.facts
facts two.sqlite 1 >two.facts
is "every fact of the one-row file, from the two-row file" "$(wc -l <two.facts | tr -d ' ')" "$(wc -l <one.facts | tr -d ' ')"
check "the same facts, each one line further down" cmp one.facts two.facts
is "there are facts to compare (10 measures of 11 rows, less blank ones)" \
    "$(TRDB_DB=two.sqlite sql "SELECT count(DISTINCT metric) || ' ' || count(DISTINCT country) FROM facts")" \
    "10 11"
is "no TOTAL row and no header line became a fact" \
    "$(TRDB_DB=two.sqlite sql "SELECT min(source_line) FROM facts")" \
    "$(grep -n '^Australia,' "$TWO" | cut -d: -f1)"

# a bad row in the two-row layout: the reject names its line in the file
{
    head -n 4 "$TWO"
    printf 'Narnia,5,5,0.00%%,0,100.00%%,5,0.00%%,0,0.00%%,0\r\n'
    tail -n +5 "$TWO"
} >Bad-LERR-2017-H1.csv
line=$(grep -n '^Narnia,' Bad-LERR-2017-H1.csv | cut -d: -f1)
is "(the bad row is on line 5)" "$line" 5
expect_exit 1 "a two-row file with a bad row exits 1" "$TRDB" --db bad.sqlite ingest Bad-LERR-2017-H1.csv
check "its other rows load" grep -q "^loaded Bad-LERR-2017-H1.csv profile=$P2 rows=11 rejected=1$" "$OUT"
is "the reject names the row's own line and the combined column" \
    "$(TRDB_DB=bad.sqlite sql "SELECT line || ' ' || column_name || ' ' || reason FROM rejects")" \
    "$line Country unknown country 'Narnia' in column 'Country'"

# detect: the two lines, and the combined names on one screen
expect_out "detect chooses the two-row profile, the header ending on line 2" \
    "^=> profile $P2 \\(header on line 2\\)$" "$TRDB" detect "$TWO"
cp "$OUT" detect.out
check "and says the header spans lines 1-2" grep -q "^   a two-row header, lines 1-2:" detect.out
check "with the combined names it settled on" \
    grep -q "^lines 1-2: Country,.*,Disclosure of Content / Percentage,Disclosure of Content / Number," detect.out
check "each combined column and what it feeds" \
    grep -Eq "^     Disclosure of Only Non-Content Data / Number +-> requests_noncontent_disclosed$" detect.out
check "every column read" grep -q "^   reads 11 of 11 columns:$" detect.out
expect_out "detect --all shows the two records tried together" "^lines 1-2: Country," "$TRDB" detect --all "$TWO"
check "and the profile's verdict on them" grep -Eq "^  $P2 +fits: 11 of 11 columns used$" "$OUT"
expect_out "the one-row file keeps its profile" "^=> profile $P1 \\(header on line 1\\)$" "$TRDB" detect "$ONE"
cp "$OUT" detect1.out
check "and no two-row profile is among its closest others" sh -c "! grep -q two-row detect1.out"

# a title line above the two rows
{ printf 'Law Enforcement Requests Report\r\n'; tail -c +4 "$TWO"; } >Titled-LERR-2017-H1.csv
expect_out "a title line above the two header rows" "^=> profile $P2 \\(header on line 3\\)$" "$TRDB" detect Titled-LERR-2017-H1.csv
check "loads the same rows" "$TRDB" --db titled.sqlite ingest Titled-LERR-2017-H1.csv
check "with no reject" grep -q "^loaded Titled-LERR-2017-H1.csv profile=$P2 rows=11 rejected=0$" "$OUT"

# --format, and the profile key itself
check "--format the two-row profile reads it" "$TRDB" --db forced.sqlite ingest --format $P2 "$TWO"
expect_err 3 "--format the one-row profile does not fit the two-row file" \
    "the profile given with --format does not fit header" "$TRDB" --db forced1.sqlite ingest --format $P1 "$TWO"
mkdir fmt
sed 's/"header_rows": 2/"header_rows": 3/; s/"name": "[^"]*"/"name": "three"/' \
    "$TOP/data/formats/$P2.json" >fmt/three.json
expect_err 3 "a profile with header_rows 3 is refused, naming the key" \
    "fmt/three.json: 'header_rows' must be 1 or 2" "$TRDB" formats --formats fmt
finish
