#!/bin/sh
# trdb formats lists the profiles; trdb detect says which fits and why not.
. "$(dirname "$0")/lib.sh"
S="$TOP/data/samples"

expect_out "formats lists the Google user-data profile" "^google-user-data-requests +Google +user-data-requests" "$TRDB" formats
expect_out "formats as CSV" "^name,publisher,dataset,summary,file,description" "$TRDB" formats --format csv
is "every profile file is listed" "$(($(wc -l <"$OUT") - 1))" "$(ls "$TOP"/data/formats/*.json | wc -l | tr -d ' ')"
expect_out "detect names the profile and the header line" \
    "^=> profile google-user-data-requests \(header on line 1\)" "$TRDB" detect "$S/sample-google-global-user-data-requests.csv"
check "and says why another does not fit" grep -q "google-us-nsl-released .* no: no column matches" "$OUT"
expect_out "detect uses the file name where headers are shared" "=> profile google-us-fisa-content-requests" \
    "$TRDB" detect "$S/sample-google-usnationalsecurity-fisa-content-requests.csv"
printf 'Foo,Bar\n' >unknown.csv
expect_exit 3 "detect on an unknown header exits 3" "$TRDB" detect unknown.csv
check "and shows the header it saw" grep -q "^line 1: Foo,Bar" "$OUT"
expect_exit 3 "detect on a missing file exits 3" "$TRDB" detect nosuch.csv
finish
