#!/bin/sh
# bench/pg-scale.sh: app monitoring at scale on PostgreSQL. It starts a
# private server (tests/lib/pgcluster.sh, durable settings: fsync, full-page
# writes and synchronous commit on, shared_buffers 512 MB unless PG_OPTS says
# otherwise), loads the real published files when they are there
# (REALDATA: google/, meta/, appstore/) and the generated China scenario,
# then N generated availability captures (gen-removals.sh observations: 3,000
# apps in 4 storefronts each, once a day from 2020-12-01) in FILES files of
# consecutive days, one `trdb ingest` each, as a monitor's nightly files would
# come. It reports each file's load time, the load rate, the size on disk
# (the database, app_observations with its indexes, its partitions), and the
# time of `trdb query apps-removed cc=CN` (by month and by category) and of
# `trdb report`, medians of RUNS runs. Not part of `make bench` (20 million
# captures take about an hour and 10 GB of disk); `make bench-pg-scale` runs
# it.
# Usage: pg-scale.sh [N [FILES [RUNS]]] (defaults 20000000 10 3); TRDB,
# REALDATA, BENCH_TMP (default /tmp) and PG_OPTS from the environment.
# Markdown on stdout, progress on stderr; exit 0 when it ran, 2 when it
# cannot start.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
. "$HERE/lib.sh"
N=${1:-20000000}
FILES=${2:-10}
RUNS=${3:-3}
TRDB=${TRDB:-$REPO/trdb}
REALDATA=${REALDATA:-$REPO/../shared/realdata}
[ -x "$TRDB" ] || { echo "pg-scale.sh: no trdb at $TRDB" >&2; exit 2; }
case $N$FILES$RUNS in *[!0-9]*) echo "usage: pg-scale.sh [N [FILES [RUNS]]]" >&2; exit 2 ;; esac

W=$(mktemp -d "${BENCH_TMP:-/tmp}/trdb-scale.XXXXXX") || exit 2
. "$REPO/tests/lib/pgcluster.sh"
PG_OPTS=${PG_OPTS:--c fsync=on -c full_page_writes=on -c synchronous_commit=on -c shared_buffers=512MB -c max_wal_size=8GB}
if ! pg_start; then
    line "SKIPPED: $PG_SKIP"
    rm -rf "$W"
    exit 0
fi
trap 'pg_stop; rm -rf "$W"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE
PGV=$(pg_psql -At -c "SHOW server_version")
URI=$PG_URI
say "PostgreSQL $PGV; $N captures in $FILES files; work in $W"

t0=$(now_ns)
sh "$HERE/gen-removals.sh" observations "$N" "$W/obs.jsonl" || exit 2
per=$(((N + FILES - 1) / FILES))
(cd "$W" && split -l "$per" -d -a 3 --additional-suffix=.jsonl obs.jsonl day-) || exit 2
rm -f "$W/obs.jsonl"
sh "$HERE/gen-removals.sh" china "$W/china.csv" || exit 2
say "generated in $(secs "$t0" "$(now_ns)") s"

"$TRDB" --db "$URI" init >/dev/null || exit 2
base=""
if [ -d "$REALDATA/google" ]; then
    set -- "$REALDATA/google" "$REALDATA/meta"
    for f in "$REALDATA"/appstore/*.json "$REALDATA"/appstore/*.csv; do [ -f "$f" ] && set -- "$@" "$f"; done
    base="the real google/, meta/ and appstore/ files and "
else
    set --
fi
t0=$(now_ns)
"$TRDB" --db "$URI" ingest "$@" "$W/china.csv" >"$W/base.out" 2>"$W/base.err"
say "${base}the China list: $(secs "$t0" "$(now_ns)") s (exit $?)"

total=0 times="" fail=""
for f in "$W"/day-*.jsonl; do
    rows=$(wc -l <"$f")
    t0=$(now_ns)
    if ! "$TRDB" --db "$URI" ingest "$f" >"$W/out" 2>"$W/err"; then
        fail="$(basename "$f"): $(head -n 1 "$W/err")"
        break
    fi
    t=$(secs "$t0" "$(now_ns)")
    total=$(calc '%.3f' "$total + $t")
    times="$times $t"
    say "$(basename "$f"): $rows captures in $t s ($(calc '%.0f' "$rows / $t") rows/s)"
    rm -f "$f"
done
obs=$(pg_psql -At -c "SELECT count(*) FROM app_observations")
parts=$(pg_psql -At -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'app_observations'::regclass")
db_gb=$(pg_psql -At -c "SELECT round(pg_database_size(current_database()) / 1073741824.0, 2)")
obs_gb=$(pg_psql -At -c "SELECT round(sum(pg_total_relation_size(inhrelid)) / 1073741824.0, 2) FROM pg_inherits WHERE inhparent = 'app_observations'::regclass")
biggest=$(pg_psql -At -c "SELECT pg_size_pretty(max(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'app_observations'::regclass")
derived=$(pg_psql -At -c "SELECT count(*) FROM app_removals WHERE derived = 1")

qm="" qc="" rt="" i=1
while [ -z "$fail" ] && [ "$i" -le "$RUNS" ]; do
    t0=$(now_ns)
    "$TRDB" --db "$URI" query apps-removed cc=CN --format csv >"$W/q.csv" || fail="apps-removed failed"
    qm="$qm $(secs "$t0" "$(now_ns)")"
    t0=$(now_ns)
    "$TRDB" --db "$URI" query apps-removed cc=CN by=category --format csv >"$W/qc.csv" || fail="apps-removed by=category failed"
    qc="$qc $(secs "$t0" "$(now_ns)")"
    rm -rf "$W/site"
    t0=$(now_ns)
    "$TRDB" --db "$URI" report --out "$W/site" >/dev/null 2>"$W/err" || fail="report: $(head -n 1 "$W/err")"
    rt="$rt $(secs "$t0" "$(now_ns)")"
    i=$((i + 1))
done

line "## App monitoring at scale on PostgreSQL (bench/pg-scale.sh)"
line
line "Written $(date -u '+%Y-%m-%d %H:%M UTC'); PostgreSQL $PGV, private server, settings: $PG_OPTS;"
line "$(nproc) cores, $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory; trdb $("$TRDB" --version 2>/dev/null)."
line
[ -n "$fail" ] && line "FAILED: $fail"
line "| measurement | figure |"
line "|---|---|"
line "| database before the captures | ${base}the China list (46,000 removals) |"
line "| captures loaded | $(human "$N") generated, in $FILES files of $(human "$per") (one \`trdb ingest\` each) |"
line "| load time, all files | $total s: $(calc '%.0f' "$N / $total") captures/s; per file (s):$times |"
line "| rows in app_observations | $(human "$obs") in $parts partitions (one per month, and the default one) |"
line "| removals derived from the captures | $(human "$derived") |"
line "| size on disk | the database $db_gb GB; app_observations with its indexes $obs_gb GB (largest month $biggest) |"
line "| \`trdb query apps-removed cc=CN\` | median $(median $qm) s (runs:$qm) |"
line "| \`trdb query apps-removed cc=CN by=category\` | median $(median $qc) s (runs:$qc) |"
line "| \`trdb report --out DIR\` | median $(median $rt) s (runs:$rt) |"
exit 0
