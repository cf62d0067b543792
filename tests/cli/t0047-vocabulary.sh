#!/bin/sh
# The vocabulary (data/vocabulary) is the one list of measures, metrics and
# request types: a measure added to measures.tsv is one the named queries
# take and list, without a change to any .sql file; a metric taken out of
# metrics.tsv is one no profile may use.
. "$(dirname "$0")/lib.sh"
"$TRDB" init >/dev/null

# A copy of the data folder whose vocabulary has one more measure.
mkdir "$WORK/data"
cp -R "$TOP/data/formats" "$TOP/data/countries" "$TOP/data/vocabulary" "$WORK/data/"
printf 'tested_measure\tsum of nothing, for this test\n' >>"$WORK/data/vocabulary/measures.tsv"
measures=$(awk -F'\t' '!/^#/ && NF { print $1 }' "$TOP/data/vocabulary/measures.tsv" | paste -sd, -)

expect_exit 2 "with the shipped vocabulary, a measure it lacks is refused" \
    "$TRDB" query top measure=tested_measure
check "with the same message, listing the vocabulary's measures" \
    grep -qF "measure must be one of $measures, not 'tested_measure'" "$ERR"
expect_out "a measure added to measures.tsv is taken by top (no figures yet)" '^\(0 rows\)' \
    env TRDB_DATA="$WORK/data" "$TRDB" query top measure=tested_measure
for q in top trend agg compare; do
    expect_out "query $q --help lists the measures of the vocabulary, the added one last" \
        "^  measure +$measures,tested_measure: " env TRDB_DATA="$WORK/data" "$TRDB" query $q --help
done
expect_out "and the shipped vocabulary's list without it" "^  measure +$measures: " \
    "$TRDB" query trend --help
expect_out "query --list lists it too" "measure=\[$measures,tested_measure, default user_data_requests\]" \
    env TRDB_DATA="$WORK/data" "$TRDB" query --list
expect_exit 2 "an unknown measure is still refused" \
    env TRDB_DATA="$WORK/data" "$TRDB" query agg measure=requests
check "naming the added one among the allowed" \
    grep -qF "measure must be one of $measures,tested_measure, not 'requests'" "$ERR"

# The profiles are checked against the same vocabulary.
grep -v '^items	' "$TOP/data/vocabulary/metrics.tsv" >"$WORK/data/vocabulary/metrics.tsv"
expect_err 3 "a metric taken out of metrics.tsv fails the profiles that use it" \
    "metric 'items' is not in the vocabulary \(metrics.tsv\)" env TRDB_DATA="$WORK/data" "$TRDB" formats
rm "$WORK/data/vocabulary/measures.tsv"
expect_err 3 "without measures.tsv the named queries say which file is missing" \
    "cannot open vocabulary '$WORK/data/vocabulary/measures.tsv'" \
    env TRDB_DATA="$WORK/data" "$TRDB" query top
finish
