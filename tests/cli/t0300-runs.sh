#!/bin/sh
# Every ingest is a run: 'trdb runs' lists them, 'ingest --json' sums one up
# for monitoring, and a run over files it has all seen writes nothing but its
# run row.
. "$(dirname "$0")/lib.sh"
S="$TOP/data/samples"
nfiles=$(ls "$S"/*.csv "$S"/*.jsonl | wc -l | tr -d ' ')

expect_exit 0 "a first ingest" "$TRDB" ingest "$S"
expect_exit 0 "trdb runs lists it" "$TRDB" runs --format csv
is "with its counts and exit code" "$(tail -n 1 "$OUT" | tr -d '\r' | cut -d, -f1,4-)" \
    "1,$nfiles,$nfiles,0,0,$(sql "SELECT sum(rows_loaded) FROM source_files"),0,0"
expect_exit 3 "ingest --json with a failing file exits 3" "$TRDB" ingest --json "$S" "$TOP/tests/data/zip/truncated.zip"
cp "$OUT" run.json
js() { sqlite3 :memory: "SELECT json_extract(readfile('run.json'), '$1')"; }
is "its JSON is valid" "$(sqlite3 :memory: "SELECT json_valid(readfile('run.json'))")" "1"
is "it names the run" "$(js '$.run')" "$(sql "SELECT max(id) FROM ingest_runs")"
is "and its exit code" "$(js '$.exit_code')" "3"
is "files seen" "$(js '$.files.seen')" "$((nfiles + 1))"
is "files unchanged" "$(js '$.files.unchanged')" "$nfiles"
is "files failed" "$(js '$.files.failed')" "1"
is "each file's outcome" "$(js '$.results[0].status') $(js '$.results[0].profile') $(js '$.results[0].rows')" \
    "$(sql "SELECT 'unchanged ' || profile || ' ' || rows_loaded FROM source_files ORDER BY path LIMIT 1")"
is "a failure's reason" "$(js "\$.results[$nfiles].status")" "failed"
check "names the archive" sh -c "sqlite3 :memory: \"SELECT json_extract(readfile('run.json'), '\$.results[$nfiles].error')\" | grep -q truncated.zip"
is "the run row agrees" "$(sql "SELECT files_seen || '/' || files_unchanged || '/' || files_failed || '/' || exit_code FROM ingest_runs ORDER BY id DESC LIMIT 1")" "$((nfiles + 1))/$nfiles/1/3"

dump() {
    for t in countries publishers datasets source_files file_periods fact_rows rejects country_summary revisions fetch_state; do
        "$TRDB" sql --format csv "SELECT * FROM $t"
    done | md5sum
}
before=$(dump)
runs=$(sql "SELECT count(*) FROM ingest_runs")
expect_exit 0 "a run over files all seen" "$TRDB" ingest "$S"
is "writes nothing" "$(dump)" "$before"
is "but its run row" "$(sql "SELECT count(*) FROM ingest_runs")" "$((runs + 1))"
expect_out "trdb runs --limit 1 shows only the newest" "^\(1 row\)" "$TRDB" runs --limit 1
expect_out "trdb runs --format json" '"run": ' "$TRDB" runs --format json
expect_exit 2 "--limit takes a number" "$TRDB" runs --limit many
# a file name that is not UTF-8 still makes valid JSON
cp "$S/sample-google-user-data-requests-2018-layout.csv" "$(printf 'odd-\351-name.csv')"
expect_exit 0 "ingest --json of a file whose name is not UTF-8" "$TRDB" --db odd.sqlite ingest --json "$(printf 'odd-\351-name.csv')"
cp "$OUT" odd.json
is "gives valid JSON" "$(sqlite3 :memory: "SELECT json_valid(readfile('odd.json'))")" "1"
mkdir empty-folder
expect_exit 0 "an empty folder is a run with nothing in it" "$TRDB" --db empty.sqlite ingest --json empty-folder
cp "$OUT" empty.json
is "its JSON says so" "$(sqlite3 :memory: "SELECT json_extract(readfile('empty.json'), '\$.files.seen')")" "0"
finish
