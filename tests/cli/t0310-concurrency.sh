#!/bin/sh
# One writer at a time: a second ingest started while one runs waits up to
# --wait SECONDS, then exits 4 with a clear message; nothing is duplicated;
# queries keep working during an ingest (WAL).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-gen.sh"
command -v flock >/dev/null || skip_all "flock (util-linux) is not installed"

"$TRDB" ingest "$TOP/data/samples" >/dev/null
gen_user_data big.csv 150000
"$TRDB" ingest big.csv >first.out 2>first.err &
first=$!
# wait until the first ingest holds the writers' lock
i=0
while flock -n "$TRDB_DB.lock" true 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -lt 200 ] || break
    sleep 0.05
done
check "the first ingest holds the lock" sh -c "! flock -n '$TRDB_DB.lock' true"

expect_exit 4 "a second ingest gives up at once with exit 4" "$TRDB" ingest "$TOP/data/samples"
expect_err "saying who holds the database" "another trdb ingest or fetch is writing '.*trdb.sqlite'.*--wait SECONDS" \
    "$TRDB" ingest "$TOP/data/samples"
expect_exit 4 "--wait 1 waits, then gives up too" "$TRDB" ingest --wait 1 "$TOP/data/samples"
expect_out "queries work during the ingest" "^US +United States" "$TRDB" query countries
expect_exit 0 "so does trdb sql" "$TRDB" sql "SELECT count(*) FROM facts"
expect_exit 0 "a third ingest with a long --wait waits for the first" "$TRDB" ingest --wait 600 big.csv
check "and then finds the file loaded" grep -q "^unchanged big.csv profile=google-user-data-requests rows=150000 rejected=0$" "$OUT"
wait "$first"
is "the first ingest loaded the file" "$(cat first.out)" "loaded big.csv profile=google-user-data-requests rows=150000 rejected=0"
is "once" "$(sql "SELECT count(*) FROM source_files WHERE path = 'big.csv'")" "1"
is "with every fact once" "$(sql "SELECT count(*) FROM fact_rows f JOIN source_files s ON s.id = f.file_id WHERE s.path = 'big.csv'")" "450000"
is "the database is sound" "$(sql "PRAGMA integrity_check")" "ok"
is "the runs that gave up left no run row" "$(sql "SELECT count(*) FROM ingest_runs")" "3"
finish
