#!/bin/sh
# ingest loads the samples, reports one line per file, and a second run
# writes nothing; --dry-run commits nothing.
. "$(dirname "$0")/lib.sh"
S="$TOP/data/samples"
nfiles=$(ls "$S"/*.csv "$S"/*.jsonl | wc -l | tr -d ' ')

expect_exit 0 "a dry run of the samples succeeds" "$TRDB" ingest --dry-run "$S"
is "a dry run reports 'checked' lines" "$(grep -c '^checked ' "$OUT")" "$nfiles"
is "a dry run commits no facts" "$(sql "SELECT count(*) FROM facts")" "0"
is "a dry run records no file" "$(sql "SELECT count(*) FROM source_files")" "0"

expect_exit 0 "ingesting the samples folder exits 0" "$TRDB" ingest "$S"
# no sample's profile names a column of notes, so none is stored (a figure's
# missing note column once read as the first column: a note per fact)
is "profiles without notes store none" "$(sql "SELECT count(*) FROM fact_notes")" "0"
is "one 'loaded' line per file" "$(grep -c '^loaded ' "$OUT")" "$nfiles"
check "the line names file, profile, rows and rejects" \
    grep -q "^loaded $S/sample-google-global-user-data-requests.csv profile=google-user-data-requests rows=22 rejected=0$" "$OUT"
facts=$(sql "SELECT count(*) FROM fact_rows")
is "every figure of the Google samples became a fact (blank cells are none)" \
    "$(sql "SELECT count(*) FROM fact_rows f JOIN source_files s ON s.id = f.file_id WHERE s.path LIKE '%sample-google%'")" "82"

expect_exit 0 "ingesting again exits 0" "$TRDB" ingest "$S"
is "every file is unchanged" "$(grep -c '^unchanged .* profile=.* rows=[0-9]* rejected=0$' "$OUT")" "$nfiles"
is "and nothing was added" "$(sql "SELECT count(*) FROM fact_rows")" "$facts"
is "the run is recorded" "$(sql "SELECT files_seen || '/' || files_unchanged || '/' || exit_code FROM ingest_runs ORDER BY id DESC LIMIT 1")" "$nfiles/$nfiles/0"

is "preservation requests have no percentage" \
    "$(sql "SELECT count(*) FROM facts WHERE request_type = 'preservation' AND metric = 'pct_disclosed'")" "0"
is "preservation requests are counted apart" \
    "$(sql "SELECT low FROM country_summary WHERE country = 'US' AND period_end = '2021-12-31' AND measure = 'preservation_requests'")" "7710"
is "user-data requests include emergency ones, not preservation" \
    "$(sql "SELECT low FROM country_summary WHERE country = 'US' AND period_end = '2021-12-31' AND measure = 'user_data_requests'")" "19330"
is "the 2018 layout's 'All' rows count when alone" \
    "$(sql "SELECT low FROM country_summary WHERE country = 'TR' AND period_end = '2012-06-30' AND measure = 'user_data_requests'")" "48"
is "the United Nations is a requester of its own" \
    "$(sql "SELECT country || ' ' || country_name FROM facts WHERE source_line = 12 AND metric = 'requests' AND period_end = '2021-06-30'")" "UN United Nations"
is "FISA bands keep both bounds" \
    "$(sql "SELECT value_low || '..' || value_high || ' ' || value_raw FROM facts WHERE dataset = 'us-fisa-content-requests' AND metric = 'accounts' AND period_end = '2021-12-31'")" \
    "90000..90499 90000 - 90499"
is "every fact names its source file and line" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file IS NULL OR source_line < 2")" "0"

cp "$S/sample-google-global-user-data-requests.csv" copy.csv
expect_exit 0 "the same bytes under another name" "$TRDB" ingest copy.csv
check "are unchanged" grep -q "^unchanged copy.csv profile=google-user-data-requests rows=22 rejected=0$" "$OUT"
expect_exit 2 "--format with an unknown profile is a usage error" "$TRDB" ingest --format nope copy.csv
expect_err 2 "and lists where to look" "no profile named 'nope'.*trdb formats" "$TRDB" ingest --format nope copy.csv
finish
