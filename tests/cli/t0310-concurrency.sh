#!/bin/sh
# One writer at a time: while another process holds the writers' lock, an
# ingest waits up to --wait SECONDS, then exits 4 with a clear message;
# nothing is duplicated; queries keep working during an ingest (WAL).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-gen.sh"
command -v flock >/dev/null || skip_all "flock (util-linux) is not installed"

"$TRDB" ingest "$TOP/data/samples" >/dev/null
# hold the writers' lock for 4 seconds, as a running ingest would
flock "$TRDB_DB.lock" sleep 4 &
holder=$!
i=0
while flock -n "$TRDB_DB.lock" true 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
expect_exit 4 "an ingest gives up at once with exit 4" "$TRDB" ingest "$TOP/data/samples"
expect_err 4 "saying another writer holds the database" "another trdb ingest or fetch is writing '.*trdb.sqlite'.*--wait SECONDS" \
    "$TRDB" ingest "$TOP/data/samples"
expect_exit 4 "--wait 1 waits a second, then gives up too" "$TRDB" ingest --wait 1 "$TOP/data/samples"

expect_exit 4 "ingest --json while busy" "$TRDB" ingest --json "$TOP/data/samples"
cp "$OUT" busy.json
is "still answers in JSON, with the reason" \
    "$(sqlite3 :memory: "SELECT json_extract(readfile('busy.json'), '\$.exit_code') || ' ' || (json_extract(readfile('busy.json'), '\$.error') LIKE '%another trdb ingest%')")" "4 1"
ln -s "$TRDB_DB" alias.sqlite
expect_exit 4 "the same database by another name is the same lock" "$TRDB" --db alias.sqlite ingest "$TOP/data/samples"
expect_exit 0 "--wait 30 waits for the holder, then runs" "$TRDB" ingest --wait 30 "$TOP/data/samples"
check "and finds everything loaded" sh -c "! grep -v '^unchanged ' '$OUT'"
wait "$holder"
is "the runs that gave up left no run row" "$(sql "SELECT count(*) FROM ingest_runs")" "2"

# queries during a real ingest
gen_user_data big.csv 60000
"$TRDB" ingest big.csv >first.out 2>first.err &
first=$!
ok_queries=0 failed_queries=0 during=0
while kill -0 "$first" 2>/dev/null; do
    if "$TRDB" query countries >/dev/null 2>&1 && "$TRDB" sql "SELECT count(*) FROM facts" >/dev/null 2>&1; then
        ok_queries=$((ok_queries + 1))
        kill -0 "$first" 2>/dev/null && during=$((during + 1))
    else
        failed_queries=$((failed_queries + 1))
    fi
done
wait "$first"
is "no query failed while the ingest ran" "$failed_queries" "0"
check "queries ran during the ingest ($during of $ok_queries)" test "$during" -gt 0
is "the ingest loaded the file" "$(cat first.out)" "loaded big.csv profile=google-user-data-requests rows=60000 rejected=0"
is "once" "$(sql "SELECT count(*) FROM source_files WHERE path = 'big.csv'")" "1"
is "with every fact once" "$(sql "SELECT count(*) FROM fact_rows f JOIN source_files s ON s.id = f.file_id WHERE s.path = 'big.csv'")" "180000"
is "the database is sound" "$(sql "PRAGMA integrity_check")" "ok"
finish
