#!/bin/sh
# The worked example in data/formats/README.md works as written: its CSV and
# its profile are taken from the README's code blocks.
. "$(dirname "$0")/lib.sh"
README="$TOP/data/formats/README.md"

# the code block after each "<!-- example: NAME -->" marker, into the file NAME
awk '/^<!-- example: / { name = $3; next }
     name != "" && /^```/ { if (inside) { name = ""; inside = 0 } else inside = 1; next }
     inside { print > name }' "$README"
check "the README holds the example's CSV" test -s example-cloud-2024-H2.csv
check "and its profile" test -s example-cloud.json

expect_exit 3 "before the profile, detect finds nothing" "$TRDB" detect example-cloud-2024-H2.csv
cp -r "$TOP/data" mydata
cp example-cloud.json mydata/formats/
export TRDB_DATA="$WORK/mydata"
expect_out "with it, detect names it" "^=> profile example-cloud \(header on line 1\)" "$TRDB" detect example-cloud-2024-H2.csv
expect_exit 1 "the dry run finds the reject" "$TRDB" ingest --dry-run example-cloud-2024-H2.csv
cp "$OUT" dry.out
check "and says what the README says" grep -qx "checked example-cloud-2024-H2.csv profile=example-cloud rows=2 rejected=1" dry.out
expect_err 1 "naming Narnia" "example-cloud-2024-H2.csv:4: rejected: unknown country 'Narnia' in column 'Jurisdiction'" \
    "$TRDB" ingest --dry-run example-cloud-2024-H2.csv
is "the dry run committed nothing" "$(sql "SELECT count(*) FROM source_files")" "0"
expect_exit 1 "the real ingest" "$TRDB" ingest example-cloud-2024-H2.csv
is "United States 2024-H2 from the file name and the quoted figure" \
    "$(sql "SELECT period_start || '..' || period_end || ' ' || value_low FROM facts WHERE country = 'US' AND metric = 'requests'")" \
    "2024-07-01..2024-12-31 12800"
is "the TOTAL row is skipped" "$(sql "SELECT rows_skipped FROM source_files")" "1"
is "Germany* is DE, its footnote flagged, its quoted figure whole" \
    "$(sql "SELECT f.country || ' ' || f.footnote || ' ' || f.value_low FROM fact_rows f WHERE f.country = 'DE' AND f.metric = 'requests'")" "DE 1 1234"
finish
