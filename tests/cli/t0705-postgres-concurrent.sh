#!/bin/sh
# Queries and reports work while an ingest runs, on PostgreSQL (a private
# server, tests/lib/pgcluster.sh). Some files are loaded; another session
# (tests/lib/pgsession.sh) locks country_summary against writers (EXCLUSIVE:
# readers pass), so that the next ingest, started in the background, waits
# inside its file's transaction after it wrote the file's rows, at
# model/pg/summary.sql, the last step before its commit. While it waits
# (seen in pg_stat_activity, not guessed with a sleep): named queries, sql,
# rejects, changes, runs and report finish (each under timeout) and show
# the data as before the ingest started, byte for byte (runs shows the
# run under way beside the others); a second ingest exits 4 at once without
# --wait, and after --wait 1 with it, saying who holds the writers' lock.
# Once the lock is released the ingest commits, and the same commands show
# the new file. Whatever happens, the background processes and the server
# are stopped at the end.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
. "$TOP/tests/lib/pgsession.sh"
. "$TOP/tests/cli/lib-gen.sh"
command -v timeout >/dev/null || skip_all "timeout (coreutils) is not installed"
pg_start || skip_all "$PG_SKIP"
export TRDB_DB="$PG_URI"
ingest=""
cleanup() {
    [ -z "$ingest" ] || kill "$ingest" 2>/dev/null || true
    pg_session_kill
    [ -z "$ingest" ] || wait "$ingest" 2>/dev/null || true
    pg_stop
    rm -rf "$WORK"
}
trap cleanup EXIT

gen_user_data gen.csv 300 1
check "the first files load" "$TRDB" ingest "$TOP/data/samples/sample-google-global-user-data-requests.csv" \
    "$TOP/tests/data/meta/Facebook-Government-Report-2016-H2.csv" gen.csv
NEW="$TOP/tests/data/microsoft/Microsoft-LERR-2017-H1.csv"
check "(the next file, loaded into a SQLite database of its own to count its facts)" \
    "$TRDB" --db ref.sqlite ingest "$NEW"
NEW_FACTS=$("$TRDB" --db ref.sqlite sql --format csv "SELECT count(*) FROM fact_rows" | tail -n 1 | tr -d '\r')

# the readers, each under timeout: outputs in NAME.before, NAME.during, NAME.after
READERS="summary country-us sources coverage rejects changes sql-files sql-facts sql-summary runs"
reader() {
    case $1 in
    summary) timeout 60 "$TRDB" query summary --format csv ;;
    country-us) timeout 60 "$TRDB" query country cc=US ;;
    sources) timeout 60 "$TRDB" query sources --format json ;;
    coverage) timeout 60 "$TRDB" query coverage ;;
    rejects) timeout 60 "$TRDB" rejects ;;
    changes) timeout 60 "$TRDB" changes ;;
    sql-files) timeout 60 "$TRDB" sql --format csv "SELECT path, sha256, rows_loaded, facts FROM source_files ORDER BY path" ;;
    sql-facts) timeout 60 "$TRDB" sql --format csv "SELECT publisher, count(*), sum(value_low) FROM facts GROUP BY publisher ORDER BY publisher" ;;
    sql-summary) timeout 60 "$TRDB" sql --format csv "SELECT publisher, measure, count(*), sum(low) FROM country_summary GROUP BY publisher, measure ORDER BY publisher, measure" ;;
    runs) timeout 60 "$TRDB" runs --format csv ;;
    esac
}
read_all() {
    for r in $READERS; do
        code=0
        reader "$r" >"$r.$1" 2>"$r.$1.err" 9>&- || code=$?
        is "$r ($1): exits 0" "$code" "0"
    done
    rm -rf "report.$1"
    code=0
    timeout 120 "$TRDB" report --out "report.$1" >/dev/null 2>"report.$1.err" 9>&- || code=$?
    is "report ($1): exits 0" "$code" "0"
}
read_all before
check "(the files are there before)" grep -q 'gen.csv' sql-files.before

# another session takes country_summary: readers pass, writers wait
pg_session_open
pg_session "BEGIN;" "LOCK TABLE country_summary IN EXCLUSIVE MODE;"
check "another session holds country_summary in EXCLUSIVE mode" pg_poll "SELECT count(*) = 1 FROM pg_locks l
    JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'trdb_test_session'
    AND l.relation = 'country_summary'::regclass AND l.mode = 'ExclusiveLock' AND l.granted"

"$TRDB" ingest "$NEW" >ingest.out 2>ingest.err 9>&- &
ingest=$!
WAITING="SELECT pid FROM pg_stat_activity WHERE application_name = 'trdb' AND wait_event_type = 'Lock'
    AND state = 'active' AND query LIKE '%country_summary%'"
check "the ingest waits for country_summary, in its file's transaction" pg_poll "SELECT count(*) = 1 FROM ($WAITING) w" 300
is "(it has written the file's rows: it holds fact_rows for writing)" \
    "$(pg_psql -At -c "SELECT count(*) FROM pg_locks WHERE pid = ($WAITING) AND relation = 'fact_rows'::regclass
        AND mode = 'RowExclusiveLock' AND granted")" "1"
is "(and source_files)" \
    "$(pg_psql -At -c "SELECT count(*) FROM pg_locks WHERE pid = ($WAITING) AND relation = 'source_files'::regclass
        AND mode = 'RowExclusiveLock' AND granted")" "1"
is "(it holds the writers' advisory lock)" \
    "$(pg_psql -At -c "SELECT count(*) FROM pg_locks WHERE pid = ($WAITING) AND locktype = 'advisory'
        AND classid = 1702130273 AND objid = 1953955842 AND granted")" "1"

# while it waits: every reader finishes and sees the data as before
read_all during
for r in $READERS; do
    [ "$r" = runs ] && continue
    check "$r while the ingest runs: as before, byte for byte" cmp -s "$r.before" "$r.during"
done
# runs: the run under way (started, not ended) above the runs as they were
last=$(sed -n '2s/,.*//p' runs.before)
check "runs while the ingest runs: the run under way, not ended" \
    sh -c 'tr -d "\r" <runs.during | grep -Eqx "$1,[0-9T:.Z-]+,,0,0,0,0,0,0,"' - $((last + 1))
check "report while the ingest runs: as before, byte for byte" diff -r -x index.html report.before report.during
# its index lists the runs too, and names the last one's time (the run under way's start)
for r in before during; do
    sed -e "/^<tr><td class=\"num\" data-sort=\"$((last + 1))\">/d" \
        -e 's/Data as of the last ingest, [^<]*\./Data as of the last ingest, WHEN./' \
        "report.$r/index.html" >"index.$r"
done
check "(its index.html too, but for the run under way)" cmp -s index.before index.during
check "(which it lists)" grep -q "^<tr><td class=\"num\" data-sort=\"$((last + 1))\">" report.during/index.html
is "(and the runs before it as they were)" "$(tail -n +3 runs.during)" "$(tail -n +2 runs.before)"
is "the ingest is still waiting" "$(pg_psql -At -c "SELECT count(*) FROM ($WAITING) w")" "1"

# a second ingest: the writers' lock is taken, so it exits 4, at once or after --wait
gen_user_data second.csv 20 3
expect_err 4 "a second ingest exits 4 at once" \
    "^trdb: error: another trdb ingest or fetch is writing postgresql:///trdb.*advisory lock 7310593858020507650\); gave up after 0 seconds" \
    "$TRDB" ingest second.csv
start=$(date +%s)
expect_err 4 "with --wait 1, after a second" \
    "^trdb: error: another trdb ingest or fetch is writing postgresql:///trdb.*gave up after 1 seconds \(--wait SECONDS waits longer\)" \
    "$TRDB" ingest --wait 1 second.csv
check "(it waited, not much longer)" test $(($(date +%s) - start)) -ge 1 -a $(($(date +%s) - start)) -le 10
is "(nothing of it was written)" "$(pg_psql -At -c "SELECT count(*) FROM source_files WHERE path = 'second.csv'")" "0"
is "(nor a run)" "$(pg_psql -At -c "SELECT max(id) FROM ingest_runs")" "$((last + 1))"

# the lock released: the ingest commits, and the readers see the new file
pg_session "COMMIT;"
code=0
wait "$ingest" || code=$?
ingest=""
is "once country_summary is free the ingest finishes (exit 0)" "$code" "0"
check "(it loaded the file)" grep -q "^loaded $NEW profile=microsoft-law-enforcement-requests " ingest.out
pg_session_close
read_all after
check "sources now lists the new file" grep -q 'Microsoft-LERR-2017-H1.csv' sources.after
check "(it did not before)" sh -c '! grep -q Microsoft-LERR-2017-H1.csv "$1"' - sources.before
check "sql: the new file's row" grep -q 'Microsoft-LERR-2017-H1.csv' sql-files.after
check "facts: Microsoft's figures" grep -q '^Microsoft,' sql-facts.after
is "(as many as the file brings)" "$(tr -d '\r' <sql-facts.after | sed -n 's/^Microsoft,\([0-9]*\),.*/\1/p')" "$NEW_FACTS"
check "country_summary: Microsoft's measures" grep -q '^Microsoft,' sql-summary.after
check "summary changed" sh -c '! cmp -s summary.before summary.after'
check "the report changed" sh -c '! diff -r report.before report.after >/dev/null'
check "runs: the run ended with exit 0" \
    sh -c 'tr -d "\r" <runs.after | grep -Eqx "$1,[0-9T:.Z-]+,[0-9T:.Z-]+,1,1,0,0,[0-9]+,0,0"' - $((last + 1))
check "the second ingest now runs" "$TRDB" ingest second.csv
finish
