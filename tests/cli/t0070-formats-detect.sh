#!/bin/sh
# trdb formats lists the profiles; trdb detect says which fits and why not.
. "$(dirname "$0")/lib.sh"
S="$TOP/data/samples"

expect_out "formats lists the Google user-data profile" "^google-user-data-requests +Google +user-data-requests" "$TRDB" formats
expect_out "formats as CSV" "^name,publisher,dataset,summary,file,description" "$TRDB" formats --format csv
is "every profile file is listed" "$(($(wc -l <"$OUT") - 1))" "$(ls "$TOP"/data/formats/*.json | wc -l | tr -d ' ')"
expect_out "detect names the profile and the header line" \
    "^=> profile google-user-data-requests \(header on line 1\)" "$TRDB" detect "$S/sample-google-global-user-data-requests.csv"
cp "$OUT" detect.out
check "and the header line it settled on" grep -q "^line 1: Period Ending,Country/Region," detect.out
check "which column feeds what" grep -Eq "^     User Data Requests +-> requests$" detect.out
check "the two closest others, with what each misses" grep -Eq "^     google-[a-z-]+ +[0-9]+ of [0-9]+ key columns; misses /" detect.out
is "two closest others, no more" "$(grep -Ec "^     [a-z-]+ +[0-9]+ of [0-9]+ key columns" detect.out)" "2"
check "one screen, not a line per profile" test "$(wc -l <detect.out)" -lt 25
is "no verdict of every profile" "$(grep -c " no: " detect.out)" "0"
expect_out "detect --all gives every profile's verdict" "google-us-nsl-released .* no: no column matches" \
    "$TRDB" detect --all "$S/sample-google-global-user-data-requests.csv"
cp "$OUT" all.out
check "and the verdict at the end" grep -q "^=> profile google-user-data-requests (header on line 1)" all.out
check "the long form is long" test "$(wc -l <all.out)" -gt 25
# a column nothing reads, a measure whose column is not there
sed -e '1s/,Accounts$/,Users or Accounts,Notes/' -e '2,$s/$/,x/' "$S/sample-google-global-user-data-requests.csv" >drift.csv
expect_out "detect on a drifted header still names the profile" "^=> profile google-user-data-requests" "$TRDB" detect drift.csv
cp "$OUT" drift.out
check "names the columns it does not read" grep -q "^   does not read: 'Users or Accounts', 'Notes'$" drift.out
check "and the measure it misses" grep -q "^   misses measure accounts: no column matches /" drift.out
expect_out "detect uses the file name where headers are shared" "=> profile google-us-fisa-content-requests" \
    "$TRDB" detect "$S/sample-google-usnationalsecurity-fisa-content-requests.csv"
printf 'Foo,Bar\n' >unknown.csv
expect_exit 3 "detect on an unknown header exits 3" "$TRDB" detect unknown.csv
check "and shows the header it saw" grep -q "^line 1: Foo,Bar" "$OUT"
printf 'Period Ending,Country/Region,Foo\n2020-12-31,France,1\n' >nokey.csv
expect_exit 3 "a header with no signature column fits nothing" "$TRDB" detect nokey.csv
check "and the closest profile is named, with what it misses" \
    grep -q "the closest is profile '[a-z-]*' ([0-9] of [0-9] key columns), which misses /" "$OUT"
expect_exit 3 "detect on a missing file exits 3" "$TRDB" detect nosuch.csv
finish
