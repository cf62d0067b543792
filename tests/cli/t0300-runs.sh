#!/bin/sh
# Every ingest is a run: 'trdb runs' lists them, 'ingest --json' sums one up
# for monitoring, and a run over files it has all seen writes nothing but its
# run row.
. "$(dirname "$0")/lib.sh"
S="$TOP/data/samples"

expect_exit 0 "a first ingest" "$TRDB" ingest "$S"
expect_out "trdb runs lists it" "^ +1 +20[0-9-]+T[0-9:.]+Z +20[0-9-]+T[0-9:.]+Z +3 +3 +0 +0 +32 +0 +0$" "$TRDB" runs
expect_exit 3 "ingest --json with a failing file exits 3" "$TRDB" ingest --json "$S" "$TOP/tests/data/zip/truncated.zip"
cp "$OUT" run.json
js() { sqlite3 :memory: "SELECT json_extract(readfile('run.json'), '$1')"; }
is "its JSON is valid" "$(sqlite3 :memory: "SELECT json_valid(readfile('run.json'))")" "1"
is "it names the run" "$(js '$.run')" "$(sql "SELECT max(id) FROM ingest_runs")"
is "and its exit code" "$(js '$.exit_code')" "3"
is "files seen" "$(js '$.files.seen')" "4"
is "files unchanged" "$(js '$.files.unchanged')" "3"
is "files failed" "$(js '$.files.failed')" "1"
is "each file's outcome" "$(js '$.results[0].status') $(js '$.results[0].profile') $(js '$.results[0].rows')" \
    "unchanged google-user-data-requests 22"
is "a failure's reason" "$(js '$.results[3].status')" "failed"
check "names the archive" sh -c "sqlite3 :memory: \"SELECT json_extract(readfile('run.json'), '\$.results[3].error')\" | grep -q truncated.zip"
is "the run row agrees" "$(sql "SELECT files_seen || '/' || files_unchanged || '/' || files_failed || '/' || exit_code FROM ingest_runs ORDER BY id DESC LIMIT 1")" "4/3/1/3"

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
finish
