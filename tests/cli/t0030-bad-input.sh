#!/bin/sh
# Bad input is expected: each bad row is a reject with its line and reason,
# the good rows are kept; a file nobody recognizes fails alone, exit 3.
. "$(dirname "$0")/lib.sh"

H='Period Ending,Country/Region,CLDR Territory Code,Legal Process,User Data Requests,Percentage disclosed,Accounts'
{
    echo "$H"
    echo '2020-12-31,France,FR,Search Warrants,100,50,120'
    echo '2020-12-31,Narnia,,Search Warrants,5,50,5'
    echo '2020-12-31,Spain,ES,Search Warrants,12x,50,5'
    echo '2020-12-31,Italy,IT,Search Warrants,5,50'
    printf '2020-12-31,Fran\347e,FR,Subpoenas,5,50,5\n'
    printf '2020-12-31,Belgium,BE,Subp\000oenas,5,50,5\n'
    echo '2020-12-31,Germany,DE,Search Warrants,200,60,210'
    printf '2020-12-31,Austria,AT,'
    head -c 10485760 /dev/zero | tr '\0' 'x'
    printf ',1,1,1\n'
    echo '2020-12-31,Poland,PL,Subpoenas,300,70,310'
    echo '2019-02-30,Poland,PL,Search Warrants,1,1,1'
    echo '2020-12-31,France,DE,Subpoenas,1,1,1'
    echo '2020-12-31,Norway,NO,Subpoenas,-3,1,1'
    echo '2020-12-31,Norway,NO,Subpoenas,3,101,1'
    echo ',,,,,,'
    echo '2020-12-31,Narnia,FR,Subpoenas,8,,'
    echo '2020-12-31,,US,Subpoenas,9,,'
} >mixed.csv

expect_exit 1 "a file with bad rows exits 1" "$TRDB" ingest mixed.csv
check "its good rows are loaded, the bad ones counted" grep -q "^loaded mixed.csv profile=google-user-data-requests rows=7 rejected=8$" "$OUT"
is "the good rows' facts are there" "$(sql "SELECT group_concat(country, ' ') FROM (SELECT DISTINCT country FROM facts ORDER BY 1)")" "DE FR IT PL US"
is "eight rejects are stored" "$(sql "SELECT count(*) FROM rejects")" "8"

reject() { sql "SELECT reason FROM rejects WHERE line = $1"; }
is "an unknown country is named, with its column" "$(reject 3)" "unknown country 'Narnia' in column 'Country/Region'"
is "an unparsable number is quoted" "$(reject 4)" "not a number: '12x' in column 'User Data Requests'"
is "a row short of its last, empty cell is no reject" "$(reject 5)" ""
is "it loads what it has, and no accounts" "$(sql "SELECT group_concat(metric, ' ') FROM (SELECT metric FROM facts WHERE source_line = 5 ORDER BY 1)")" "pct_disclosed requests"
is "invalid UTF-8 is named" "$(reject 6)" "invalid UTF-8 in field 2 at byte 5"
is "a NUL byte is named" "$(reject 7)" "NUL byte in field 4"
is "a 10 MB field is refused, not loaded" "$(reject 9)" "field longer than the limit of bytes: 1048576"
is "an impossible date is named" "$(reject 11)" "invalid date '2019-02-30' in column 'Period Ending'"
is "a name and a code that disagree: the code decides" "$(sql "SELECT country FROM facts WHERE source_line = 12 AND metric = 'requests'")" "DE"
is "a negative count" "$(reject 13)" "not a number: '-3' in column 'User Data Requests'"
is "a percentage over 100" "$(reject 14)" "percentage over 100: '101' in column 'Percentage disclosed'"
is "an unknown name beside a known code loads as the code" "$(sql "SELECT country FROM facts WHERE source_line = 16 AND metric = 'requests'")" "FR"
expect_err 1 "the disagreement is a warning naming both" \
    "mixed.csv:12: country 'France' in column 'Country/Region' is FR, but column 'CLDR Territory Code' says DE \(Germany\): loaded as DE" \
    "$TRDB" --db codes.sqlite ingest mixed.csv
expect_err 1 "so is an unknown name beside a known code" \
    "mixed.csv:16: unknown country 'Narnia' in column 'Country/Region', but column 'CLDR Territory Code' says FR \(France\): loaded as FR" \
    "$TRDB" --db codes2.sqlite ingest mixed.csv
is "a blank name takes the publisher's code" "$(sql "SELECT country FROM facts WHERE source_line = 17 AND metric = 'requests'")" "US"
is "the blank row is skipped, not rejected" "$(sql "SELECT rows_skipped FROM source_files")" "1"
is "the raw row is kept with the reject" "$(sql "SELECT raw FROM rejects WHERE line = 3")" "2020-12-31,Narnia,,Search Warrants,5,50,5"
expect_out "trdb rejects lists them with file and line" "mixed.csv +3 +Country/Region +unknown country 'Narnia'" "$TRDB" rejects
expect_out "trdb rejects --format csv" "^file,line,column,reason,raw" "$TRDB" rejects --format csv
expect_out "trdb rejects --file filters" "^\(0 rows\)" "$TRDB" rejects --file nomatch
expect_err 1 "the first rejects are shown while ingesting" "mixed.csv:3: rejected: unknown country 'Narnia'" \
    "$TRDB" --db fresh.sqlite ingest mixed.csv

printf 'Foo,Bar\n1,2\n' >unknown.csv
expect_exit 3 "a header no profile knows fails with exit 3" "$TRDB" ingest unknown.csv
check "the line says failed" grep -q "^failed unknown.csv profile=- rows=0 rejected=0$" "$OUT"
expect_err 3 "the message names the header it saw" "unknown.csv: no format profile matches header 'Foo,Bar' \(line 1\)" \
    "$TRDB" ingest unknown.csv
: >empty.csv
expect_exit 3 "an empty file fails" "$TRDB" ingest empty.csv
expect_err 3 "and says it is empty" "empty.csv: the file is empty" "$TRDB" ingest empty.csv
expect_exit 3 "a missing file fails" "$TRDB" ingest nosuch.csv
expect_err 3 "and says why" "nosuch.csv: cannot read: No such file or directory" "$TRDB" ingest nosuch.csv
printf 'P\000,\000Q\000\n\0001\000,\0002\000\n\000' >utf16-no-bom.csv
expect_exit 3 "UTF-16 text without a byte order mark fails clearly" "$TRDB" ingest utf16-no-bom.csv
expect_err 3 "and says what to do" "utf16-no-bom.csv' looks like UTF-16 text without a byte order mark; give --encoding UTF-16LE or UTF-16BE" \
    "$TRDB" ingest utf16-no-bom.csv
is "no failed file left anything behind" "$(sql "SELECT count(*) FROM source_files WHERE path NOT LIKE '%mixed.csv'")" "0"

printf 'Period Ending,Country/Region\n2020-12-31,Fran\347e\n' >latin1.csv
expect_exit 3 "a header that is not UTF-8 fails" "$TRDB" ingest latin1.csv
expect_err 3 "and says so, with the line" "latin1.csv: line 1: .*invalid UTF-8|latin1.csv: no format profile" "$TRDB" ingest latin1.csv
printf 'Period Ending,Pa\351s\n2020-12-31,France\n' >latin1h.csv
expect_err 3 "a header with invalid UTF-8 suggests converting" "latin1h.csv: line 1: invalid UTF-8 in field 2 at byte 3; no header found \(is the file UTF-8\? convert it with iconv, or give --encoding\)" \
    "$TRDB" ingest latin1h.csv

H2='National Security Letter (NSL) number,NSL issue date,FBI release letter date'
printf '%s\nNSL-1,13/04/2019,2020-01-01\nNSL-2,04/13/2019,2020-01-01\n' "$H2" >nsl-both-orders.csv
expect_exit 3 "dates in both day/month orders fail the file" "$TRDB" ingest nsl-both-orders.csv
expect_err 3 "naming a line of each order" "line 2 has '13/04/2019' \(day first\), line 3 has '04/13/2019' \(month first\)" \
    "$TRDB" ingest nsl-both-orders.csv
printf '%s\nNSL-1,03/04/2019,2020-01-01\nNSL-2,13/04/2019,2020-01-01\n' "$H2" >nsl-day-first.csv
expect_exit 0 "one unambiguous date decides the order for the whole file" "$TRDB" ingest nsl-day-first.csv
is "an ambiguous date before it is read day first" \
    "$(sql "SELECT period_start FROM facts WHERE source_file = 'nsl-day-first.csv' AND source_line = 2")" "2019-04-03"
printf '%s\nNSL-1,03/04/2019,2020-01-01\n' "$H2" >nsl-ambiguous.csv
expect_exit 1 "a file whose dates are all ambiguous rejects them (the profile sets no order)" "$TRDB" ingest nsl-ambiguous.csv
is "the reject says how to settle it" "$(sql "SELECT reason FROM rejects WHERE line = 2 AND file_id = (SELECT id FROM source_files WHERE path = 'nsl-ambiguous.csv')")" \
    "ambiguous date '03/04/2019': day and month could be either way in column 'NSL issue date' (no date in this file shows the order; set 'order' in the profile)"

cp "$TOP/data/samples/sample-google-usnationalsecurity-fisa-content-requests.csv" fisa-content-nsl-requests.csv
expect_exit 3 "a file two profiles fit equally fails" "$TRDB" ingest fisa-content-nsl-requests.csv
expect_err 3 "naming both and the way out" "profiles 'google-us-fisa-content-requests' and 'google-us-nsl-requests' fit equally well; choose one with --format" \
    "$TRDB" ingest fisa-content-nsl-requests.csv
expect_exit 0 "--format settles it" "$TRDB" ingest --format google-us-nsl-requests fisa-content-nsl-requests.csv
expect_exit 3 "detect says it is ambiguous" "$TRDB" detect fisa-content-nsl-requests.csv
check "in its verdict" grep -q "^=> ambiguous: profiles google-us-fisa-content-requests and google-us-nsl-requests" "$OUT"

# --force loads a file again, replacing its earlier load
before=$(sql "SELECT count(*) FROM fact_rows")
expect_exit 1 "--force loads a loaded file again" "$TRDB" ingest --force mixed.csv
check "it says loaded, not unchanged" grep -q "^loaded mixed.csv profile=google-user-data-requests rows=7 rejected=8$" "$OUT"
is "nothing is doubled" "$(sql "SELECT count(*) FROM fact_rows")" "$before"
is "nor are the rejects" "$(sql "SELECT count(*) FROM rejects WHERE file_id = (SELECT id FROM source_files WHERE path = 'mixed.csv')")" "8"
is "the file is recorded once" "$(sql "SELECT count(*) FROM source_files WHERE path = 'mixed.csv'")" "1"

mkdir incoming
cp "$TOP/data/samples/sample-google-global-user-data-requests.csv" incoming/good.csv
cp unknown.csv incoming/zzz-unknown.csv
echo "notes, not data" >incoming/README.md
expect_exit 3 "a folder with one unknown file exits 3" "$TRDB" ingest incoming
is "the good file is loaded anyway" "$(grep -c '^loaded incoming/good.csv' "$OUT")" "1"
is "the unknown one failed" "$(grep -c '^failed incoming/zzz-unknown.csv' "$OUT")" "1"
is "README.md is not read as data" "$(grep -c README "$OUT")" "0"
finish
