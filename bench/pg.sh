#!/bin/sh
# bench/pg.sh: trdb on a PostgreSQL server, for bench/run.sh (or alone). It
# starts a private server (tests/lib/pgcluster.sh: initdb in a temporary
# folder, a Unix socket, no TCP port; durable: fsync, full-page writes and
# synchronous commit on, shared_buffers 256 MB unless PG_OPTS says
# otherwise), and measures side by side, RUNS times interleaved:
#   - `trdb --db URI ingest LIST` into a fresh database against psql's
#     `\copy` of the same file into a plain table of nine text columns (no
#     key, no index, no check) in a fresh database: the ratio trdb / \copy;
#   - the nightly rerun with nothing new (trdb says unchanged), as a
#     percentage of the load;
#   - the size on disk of trdb's database after the load, and of the plain
#     table.
# Usage: pg.sh LIST.csv RUNS. It prints the summary rows (markdown table
# lines, "| ...") and the details (other lines) on stdout, progress on
# stderr; exit 0 when it ran (a measurement that failed is a FAILED row), 2
# when it cannot start. Without a server it prints one SKIPPED row.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
. "$HERE/lib.sh"
LIST=${1:-}
RUNS=${2:-3}
TRDB=${TRDB:-$REPO/trdb}
[ -f "$LIST" ] && [ -x "$TRDB" ] || {
    echo "usage: pg.sh LIST.csv RUNS (TRDB=path/to/trdb)" >&2
    exit 2
}
case $LIST in /*) ;; *) LIST="$(pwd)/$LIST" ;; esac
C='\copy'
rows=$(($(wc -l <"$LIST") - 1))
label="removal list, $(human "$rows") rows, into PostgreSQL"

. "$REPO/tests/lib/pgcluster.sh"
PG_OPTS=${PG_OPTS:--c fsync=on -c full_page_writes=on -c synchronous_commit=on -c shared_buffers=256MB -c max_wal_size=4GB}
if ! pg_start; then
    line "| $label | SKIPPED: $PG_SKIP | (none) | SKIPPED |"
    exit 0
fi
trap 'pg_stop' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE
PGV=$(pg_psql -At -c "SHOW server_version")
say "PostgreSQL $PGV in $PG_DIR; $RUNS runs of $rows rows"

fresh() {
    pg_psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\"" >/dev/null
}
tt="" ct="" rt="" fail="" i=1
while [ "$i" -le "$RUNS" ]; do
    fresh bench_trdb
    uri="postgresql:///bench_trdb?host=$PG_DIR&user=trdb"
    t0=$(now_ns)
    if ! "$TRDB" --db "$uri" ingest "$LIST" >"$PG_DIR/out" 2>"$PG_DIR/err"; then
        fail="trdb ingest: $(head -n 1 "$PG_DIR/err")"
        break
    fi
    t1=$(now_ns)
    grep -q '^loaded ' "$PG_DIR/out" || { fail="trdb did not load: $(cat "$PG_DIR/out")"; break; }
    tt="$tt $(secs "$t0" "$t1")"
    t0=$(now_ns)
    "$TRDB" --db "$uri" ingest "$LIST" >"$PG_DIR/out" 2>"$PG_DIR/err"
    t1=$(now_ns)
    grep -q '^unchanged ' "$PG_DIR/out" || { fail="the rerun did not say unchanged: $(cat "$PG_DIR/out")"; break; }
    rt="$rt $(secs "$t0" "$t1")"
    fresh bench_copy
    pg_psql -d bench_copy -c "CREATE TABLE plain (app_id text, bundle_id text, app_name text,
        developer text, category text, storefront text, removed_on text, reason text, source_url text)"
    t0=$(now_ns)
    if ! pg_psql -d bench_copy -c "\\copy plain FROM '$LIST' WITH (FORMAT csv, HEADER true)" >/dev/null 2>"$PG_DIR/err"; then
        fail="psql $C: $(head -n 1 "$PG_DIR/err")"
        break
    fi
    t1=$(now_ns)
    ct="$ct $(secs "$t0" "$t1")"
    say "run $i: trdb $(line "$tt" | awk '{ print $NF }') s, $C $(line "$ct" | awk '{ print $NF }') s, rerun $(line "$rt" | awk '{ print $NF }') s"
    i=$((i + 1))
done
if [ -n "$fail" ]; then
    line "| $label: trdb vs psql $C | FAILED: $fail | (none) | FAILED |"
    exit 0
fi
mt=$(median $tt) mc=$(median $ct) mr=$(median $rt)
db_mb=$(pg_psql -At -d bench_trdb -c "SELECT round(pg_database_size('bench_trdb') / 1048576.0, 1)")
plain_mb=$(pg_psql -At -d bench_copy -c "SELECT round(pg_total_relation_size('plain') / 1048576.0, 1)")
file_mb=$(calc '%.1f' "$(wc -c <"$LIST") / 1048576")
line "| $label: trdb vs psql $C into a plain table | ratio $(calc '%.2f' "$mt / $mc") (trdb $mt s, $C $mc s; $(calc '%.0f' "$rows / $mt") rows/s) | (none) | measured |"
line "| $label: nightly rerun, nothing new | $(calc '%.2f' "100 * $mr / $mt") % ($mr s) | ≤ 2 % | $(awk -v a="$mr" -v b="$mt" 'BEGIN { print (a <= 0.02 * b) ? "met" : "not met" }') |"
line "| $label: size on disk | trdb's database $db_mb MB; the plain table $plain_mb MB; the file $file_mb MB | (none) | measured |"
line
line "### PostgreSQL"
line
line "- server: PostgreSQL $PGV, private (bench/pg.sh), settings: $PG_OPTS"
line "- trdb ingest into a fresh database (schema created by the ingest), seconds per run:$tt; median $mt s"
line "- psql $C into a plain table of nine text columns in a fresh database, seconds per run:$ct; median $mc s"
line "- the rerun (unchanged), seconds per run:$rt; median $mr s"
