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
} >mixed.csv

expect_exit 1 "a file with bad rows exits 1" "$TRDB" ingest mixed.csv
check "its good rows are loaded, the bad ones counted" grep -q "^loaded mixed.csv profile=google-user-data-requests rows=3 rejected=10$" "$OUT"
is "the good rows' facts are there" "$(sql "SELECT group_concat(country, ' ') FROM (SELECT DISTINCT country FROM facts ORDER BY 1)")" "DE FR PL"
is "ten rejects are stored" "$(sql "SELECT count(*) FROM rejects")" "10"

reject() { sql "SELECT reason FROM rejects WHERE line = $1"; }
is "an unknown country is named, with its column" "$(reject 3)" "unknown country 'Narnia' in column 'Country/Region'"
is "an unparsable number is quoted" "$(reject 4)" "not a number: '12x' in column 'User Data Requests'"
is "a short row says how many fields" "$(reject 5)" "expected 7 fields as in the header, found 6"
is "invalid UTF-8 is named" "$(reject 6)" "invalid UTF-8 in field 2 at byte 5"
is "a NUL byte is named" "$(reject 7)" "NUL byte in field 4"
is "a 10 MB field is refused, not loaded" "$(reject 9)" "field longer than the limit of bytes: 1048576"
is "an impossible date is named" "$(reject 11)" "invalid date '2019-02-30' in column 'Period Ending'"
is "a name and a code that disagree" "$(reject 12)" "country 'France' is FR but column 'CLDR Territory Code' says 'DE'"
is "a negative count" "$(reject 13)" "not a number: '-3' in column 'User Data Requests'"
is "a percentage over 100" "$(reject 14)" "percentage over 100: '101' in column 'Percentage disclosed'"
is "the blank row is skipped, not rejected" "$(sql "SELECT rows_skipped FROM source_files")" "1"
is "the raw row is kept with the reject" "$(sql "SELECT raw FROM rejects WHERE line = 3")" "2020-12-31,Narnia,,Search Warrants,5,50,5"
expect_out "trdb rejects lists them with file and line" "mixed.csv +3 +Country/Region +unknown country 'Narnia'" "$TRDB" rejects
expect_out "trdb rejects --format csv" "^file,line,column,reason,raw" "$TRDB" rejects --format csv
expect_out "trdb rejects --file filters" "^\(0 rows\)" "$TRDB" rejects --file nomatch
expect_err "the first rejects are shown while ingesting" "mixed.csv:3: rejected: unknown country 'Narnia'" \
    "$TRDB" --db fresh.sqlite ingest mixed.csv

printf 'Foo,Bar\n1,2\n' >unknown.csv
expect_exit 3 "a header no profile knows fails with exit 3" "$TRDB" ingest unknown.csv
check "the line says failed" grep -q "^failed unknown.csv profile=- rows=0 rejected=0$" "$OUT"
expect_err "the message names the header it saw" "unknown.csv: no format profile matches header 'Foo,Bar' \(line 1\)" \
    "$TRDB" ingest unknown.csv
: >empty.csv
expect_exit 3 "an empty file fails" "$TRDB" ingest empty.csv
expect_err "and says it is empty" "empty.csv: the file is empty" "$TRDB" ingest empty.csv
expect_exit 3 "a missing file fails" "$TRDB" ingest nosuch.csv
expect_err "and says why" "nosuch.csv: cannot read: No such file or directory" "$TRDB" ingest nosuch.csv
printf '\377\376P\000,\000' >utf16.csv
expect_exit 3 "UTF-16 text fails clearly" "$TRDB" ingest utf16.csv
expect_err "and says what to do" "utf16.csv' is UTF-16 text; convert it to UTF-8" "$TRDB" ingest utf16.csv
is "no failed file left anything behind" "$(sql "SELECT count(*) FROM source_files WHERE path NOT LIKE '%mixed.csv'")" "0"

mkdir incoming
cp "$TOP/data/samples/sample-google-global-user-data-requests.csv" incoming/good.csv
cp unknown.csv incoming/zzz-unknown.csv
echo "notes, not data" >incoming/README.md
expect_exit 3 "a folder with one unknown file exits 3" "$TRDB" ingest incoming
is "the good file is loaded anyway" "$(grep -c '^loaded incoming/good.csv' "$OUT")" "1"
is "the unknown one failed" "$(grep -c '^failed incoming/zzz-unknown.csv' "$OUT")" "1"
is "README.md is not read as data" "$(grep -c README "$OUT")" "0"
finish
