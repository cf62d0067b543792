#!/bin/sh
# bench/run.sh: trdb's benchmark. Measures, side by side in one run, the
# ingest of a generated removal list against sqlite3's own .import, the
# nightly rerun with nothing new, peak memory at two list sizes, the real
# published files, the 2020-12-31 China scenario and the report, and writes
# the report to stdout and to bench/RESULTS.md (see bench/README.md).
#
# Environment (all optional):
#   TRDB             the trdb binary (default ./trdb)
#   BENCH_RUNS       runs per figure, the median is reported (default 5, at least 3)
#   BENCH_ROWS       rows of the removal list (default 2000000)
#   BENCH_RSS_SMALL  rows of the smaller list for peak memory (default BENCH_ROWS / 2)
#   BENCH_RSS_BIG    rows of the bigger list for peak memory (default BENCH_ROWS * 2)
#   BENCH_OBS        availability captures to generate (default BENCH_ROWS / 20)
#   BENCH_UD_ROWS    rows of the Google user-data layout file (default BENCH_ROWS)
#   BENCH_TMP        where the temporary folder goes (default /tmp)
#   BENCH_KEEP=1     keep the temporary folder (generated data, databases, logs)
#   BENCH_RSS_METHOD time|proc: how to measure peak memory (default: GNU time if
#                    /usr/bin/time is GNU time, else polling /proc/PID/status VmHWM)
#   BENCH_REBUILD_CMD  trdb arguments that rebuild country_summary (default
#                    'init --rebuild-summary'; set it empty for the older stand-in)
#   REALDATA         the real published files (default ../shared/realdata)
#   BENCH_PG=0       leave out the removal list into PostgreSQL (bench/pg.sh)
# Needs POSIX sh, awk, GNU date (+%N) and sqlite3; exit 0 when it ran to the
# end (whatever the figures), 2 when it cannot start (no trdb, bad setting).
# A measurement that fails is reported as "FAILED: reason" and the rest go on.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
GEN="$HERE/gen-removals.sh"
FLOOR="$HERE/floor.sh"
RESULTS="$HERE/RESULTS.md"
START=$(date +%s)

die() {
    echo "run.sh: $*" >&2
    exit 2
}
say() { echo "bench: $*" >&2; }

TRDB=${TRDB:-./trdb}
case $TRDB in */*) ;; *) TRDB=$(command -v "$TRDB" 2>/dev/null || echo "./$TRDB") ;; esac
case $TRDB in /*) ;; *) TRDB="$(pwd)/$TRDB" ;; esac
[ -x "$TRDB" ] || die "no trdb binary at '$TRDB' (build it with 'make', or set TRDB)"

posint() {
    case $2 in '' | *[!0-9]*) die "$1 must be a whole number, not '$2'" ;; esac
    [ "$2" -gt 0 ] || die "$1 must be more than 0"
}
RUNS=${BENCH_RUNS:-5}
posint BENCH_RUNS "$RUNS"
RUNS_NOTE=""
if [ "$RUNS" -lt 3 ]; then
    RUNS_NOTE="BENCH_RUNS=$RUNS raised to 3 (medians need at least 3 runs)"
    RUNS=3
fi
ROWS=${BENCH_ROWS:-2000000}
posint BENCH_ROWS "$ROWS"
RSS_SMALL=${BENCH_RSS_SMALL:-$((ROWS / 2))}
RSS_BIG=${BENCH_RSS_BIG:-$((ROWS * 2))}
OBS=${BENCH_OBS:-$((ROWS / 20))}
UD_ROWS=${BENCH_UD_ROWS:-$ROWS}
posint BENCH_UD_ROWS "$UD_ROWS"
posint BENCH_RSS_SMALL "$RSS_SMALL"
posint BENCH_RSS_BIG "$RSS_BIG"
posint BENCH_OBS "$OBS"
REALDATA=${REALDATA:-$REPO/../shared/realdata}
CHINA_ROWS=46000
RSS_LIMIT_KB=65536

case $(date +%N) in *N* | '') die "needs GNU date (date +%N gives nanoseconds)" ;; esac

BASE=${BENCH_TMP:-/tmp}
mkdir -p "$BASE" || die "cannot create BENCH_TMP '$BASE'"
W=$(mktemp -d "$BASE/trdb-bench.XXXXXX") || die "cannot create a temporary folder in '$BASE'"
POLL_PID=""
cleanup() {
    [ -n "$POLL_PID" ] && kill "$POLL_PID" 2>/dev/null
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        say "kept $W"
    else
        rm -rf "$W"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

SUMMARY="$W/summary.md"
DETAILS="$W/details.md"
: >"$SUMMARY"
: >"$DETAILS"

# ---------------------------------------------------------------- helpers

# md TEXT: TEXT made safe for a markdown table cell
md() { printf '%s' "$1" | tr '\n' ' ' | sed 's/|/\\|/g'; }
# row MEASUREMENT FIGURE TARGET RESULT: one line of the summary table
row() { printf '| %s | %s | %s | %s |\n' "$(md "$1")" "$(md "$2")" "$(md "$3")" "$4" >>"$SUMMARY"; }
detail() { printf '%s\n' "$*" >>"$DETAILS"; }

now_ns() { date +%s%N; }
# timed CMD...: run CMD (stdout to $W/out, stderr to $W/err); sets T (seconds) and RC
timed() {
    _t0=$(now_ns)
    "$@" >"$W/out" 2>"$W/err"
    RC=$?
    _t1=$(now_ns)
    T=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}
median() {
    printf '%s\n' "$@" | awk 'NF' | sort -n | awk '{ v[NR] = $1 }
        END { if (NR == 0) exit; if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# le A B: A <= B (decimals)
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
fresh_db() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal" "$1.lock"; }
human() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); print s }'; }
mb() { calc '%.1f' "$1 / 1024"; }
# short TEXT: the temporary folder's path taken out, cut to 240 characters
short() { printf '%s' "$1" | sed "s#$W/##g" | cut -c1-240; }

# ingest_check EXPECTED: after `timed trdb ingest`, read its lines. Sets
# ING_ROWS (rows of loaded or unchanged files), ING_REJ, ING_STATE (the first
# word of the last line) and ING_FAIL (empty, or why it failed).
ingest_check() {
    ING_ROWS=$(awk '$1 == "loaded" || $1 == "unchanged" { sub(/^rows=/, "", $(NF - 1)); s += $(NF - 1) } END { print s + 0 }' "$W/out")
    ING_REJ=$(awk '$1 == "loaded" || $1 == "unchanged" { sub(/^rejected=/, "", $NF); s += $NF } END { print s + 0 }' "$W/out")
    ING_STATE=$(awk 'END { print $1 }' "$W/out")
    ING_FAIL=""
    if [ "$RC" -ge 2 ] || grep -q '^failed ' "$W/out"; then
        ING_FAIL=$(grep -v '^trdb: slow sql' "$W/err" | sed -n 's/^trdb: //p' | head -n 1)
        [ -n "$ING_FAIL" ] || ING_FAIL=$(head -n 1 "$W/err")
        ING_FAIL="$(short "$ING_FAIL") (exit code $RC)"
    elif [ "$1" -gt 0 ] && [ "$ING_ROWS" -eq 0 ]; then
        ING_FAIL="no row loaded ($ING_REJ rejected; exit code $RC)"
    fi
}

# Peak memory of one command: GNU time's %M, else the last VmHWM read from
# /proc while it runs (polled every 50 ms; VmHWM only grows, so the last read
# is the peak up to 50 ms before the end).
RSS_METHOD=${BENCH_RSS_METHOD:-}
if [ -z "$RSS_METHOD" ]; then
    if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o "$W/t" true 2>/dev/null && grep -q '^[0-9][0-9]*$' "$W/t"; then
        RSS_METHOD="time"
    else
        RSS_METHOD="proc"
    fi
fi
case $RSS_METHOD in time | proc) ;; *) die "BENCH_RSS_METHOD must be time or proc, not '$RSS_METHOD'" ;; esac

# rss_run CMD...: like timed, and sets RSS_KB
rss_run() {
    RSS_KB=0
    _t0=$(now_ns)
    if [ "$RSS_METHOD" = time ]; then
        /usr/bin/time -f %M -o "$W/rss" "$@" >"$W/out" 2>"$W/err"
        RC=$?
        RSS_KB=$(tail -n 1 "$W/rss")
        case $RSS_KB in '' | *[!0-9]*) RSS_KB=0 ;; esac
    else
        "$@" >"$W/out" 2>"$W/err" &
        POLL_PID=$!
        while :; do
            _s=$(awk '/^State:/ { s = $2 } /^VmHWM:/ { h = $2 } END { print s, h }' "/proc/$POLL_PID/status" 2>/dev/null)
            set -- $_s
            [ $# -ge 1 ] && [ "$1" != Z ] || break
            [ $# -ge 2 ] && RSS_KB=$2
            sleep 0.05
        done
        wait "$POLL_PID"
        RC=$?
        POLL_PID=""
    fi
    _t1=$(now_ns)
    T=$(awk -v a="$_t0" -v b="$_t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}

HAVE_SQLITE3=0
command -v sqlite3 >/dev/null 2>&1 && HAVE_SQLITE3=1

if [ -f "$REPO/tests/cli/lib-gen.sh" ]; then
    . "$REPO/tests/cli/lib-gen.sh"
    HAVE_LIBGEN=1
else
    HAVE_LIBGEN=0
fi

# gen KIND N FILE: write a generated input; sets GEN_T. KIND: removals or userdata
gen() {
    say "generating $3 ($(human "$2") rows of $1)"
    case $1 in
    removals) timed sh "$GEN" big "$2" "$3" ;;
    userdata) timed gen_user_data "$3" "$2" 1 ;;
    esac
    GEN_T=$T
    [ "$RC" -eq 0 ] || { detail "- generating $1 ($2 rows) failed: $(short "$(head -n 1 "$W/err")")"; return 1; }
    detail "- generated $(basename "$3"): $(human "$2") rows, $(calc '%.1f' "$(wc -c <"$3") / 1048576") MB, in $GEN_T s"
}

# ----------------------------------------------------------- measurements

# bench_list KEY LABEL FILE NROWS [FLOOR]: full ingest vs sqlite3 .import, then the
# nightly rerun with nothing new; runs interleaved, RUNS of each. FLOOR
# (removals or userdata): the same rows written into trdb's schema by
# bench/floor.sh too, the floor of a load that keeps this schema's indexes.
# Leaves the loaded database in $W/KEY.sqlite and sets LIST_OK=1 when trdb
# loaded it.
bench_list() {
    key=$1 label=$2 file=$3 nrows=$4 floor=${5:-}
    db="$W/$key.sqlite" sdb="$W/$key-import.sqlite" fdb="$W/$key-floor.sqlite"
    tt="" st="" rt="" relt="" ft="" fail="" sfail="" ffail="" rerun_state="" LIST_OK=0
    [ "$HAVE_SQLITE3" = 1 ] || sfail="sqlite3 is not installed (make bench-deps installs it)"
    [ -n "$sfail" ] && ffail=$sfail
    [ -z "$floor" ] && ffail="none"
    i=1
    while [ "$i" -le "$RUNS" ]; do
        say "$label: run $i of $RUNS"
        if [ -z "$fail" ]; then
            fresh_db "$db"
            timed "$TRDB" --db "$db" ingest "$file"
            ingest_check "$nrows"
            if [ -n "$ING_FAIL" ]; then
                fail=$ING_FAIL
                say "$label: FAILED: $fail"
            else
                tt="$tt $T"
                loaded_rows=$ING_ROWS loaded_rej=$ING_REJ
            fi
        fi
        if [ -z "$sfail" ]; then
            fresh_db "$sdb"
            timed sqlite3 "$sdb" ".import --csv \"$file\" t"
            if [ "$RC" -ne 0 ]; then
                sfail="sqlite3 .import: $(short "$(head -n 1 "$W/err")") (exit code $RC)"
            else
                st="$st $T"
            fi
        fi
        if [ -z "$ffail" ]; then
            fresh_db "$fdb"
            if ! "$TRDB" --db "$fdb" init >/dev/null 2>"$W/err"; then
                ffail="trdb init: $(short "$(head -n 1 "$W/err")")"
            else
                timed sh "$FLOOR" "$floor" "$file" "$fdb"
                if [ "$RC" -ne 0 ]; then
                    ffail="floor.sh: $(short "$(head -n 1 "$W/err")") (exit code $RC)"
                else
                    ft="$ft $T"
                fi
            fi
            fresh_db "$fdb"
        fi
        if [ -z "$fail" ]; then
            timed "$TRDB" --db "$db" ingest "$file"
            ingest_check "$nrows"
            rerun_state=$ING_STATE
            if [ -n "$ING_FAIL" ]; then
                fail="the rerun failed: $ING_FAIL"
                tt=""
            else
                rt="$rt $T"
            fi
        fi
        if [ -z "$fail" ]; then
            # a second release: the same rows in new bytes (a blank line more), loaded
            # beside the first (every figure compared with the first release's)
            { cat "$file"; echo; } >"$W/release-$(basename "$file")"
            timed "$TRDB" --db "$db" ingest "$W/release-$(basename "$file")"
            ingest_check "$nrows"
            rm -f "$W/release-$(basename "$file")"
            if [ -n "$ING_FAIL" ]; then
                fail="the second release failed: $ING_FAIL"
                tt=""
            else
                relt="$relt $T"
            fi
        fi
        i=$((i + 1))
    done
    mt=$(median $tt) ms=$(median $st) mr=$(median $rt) mrel=$(median $relt) mf=$(median $ft)
    irows=""
    [ -z "$sfail" ] && irows=$(sqlite3 "$sdb" 'SELECT count(*) FROM t' 2>/dev/null)
    fresh_db "$sdb"

    detail ""
    detail "### $label"
    detail ""
    detail "- file: $(basename "$file"), $(human "$nrows") rows, $(calc '%.1f' "$(wc -c <"$file") / 1048576") MB"
    if [ -n "$fail" ]; then
        detail "- trdb ingest: FAILED: $fail"
    else
        detail "- trdb ingest (fresh database), seconds per run:$tt; median $mt s, $(human "$(calc '%.0f' "$nrows / $mt")") rows/s; loaded rows=$loaded_rows rejected=$loaded_rej"
        detail "- nightly rerun (same file again), seconds per run:$rt; median $mr s; trdb said '$rerun_state'"
        detail "- second release (the same rows in new bytes, loaded on top), seconds per run:$relt; median $mrel s"
        detail "- database after the load: $(calc '%.1f' "$(wc -c <"$db") / 1048576") MB"
    fi
    if [ -n "$sfail" ]; then
        detail "- sqlite3 .import: FAILED: $sfail"
    else
        detail "- sqlite3 .import --csv into a plain table (fresh database), seconds per run:$st; median $ms s; $irows rows imported"
    fi
    if [ -n "$floor" ]; then
        if [ -n "$ffail" ]; then
            detail "- the floor (bench/floor.sh $floor): FAILED: $ffail"
        else
            detail "- the floor (bench/floor.sh $floor: the same rows into trdb's schema by sqlite3 alone, set-based, indexes after), seconds per run:$ft; median $mf s"
        fi
    fi

    if [ -n "$fail" ]; then
        extra=""
        [ -z "$sfail" ] && extra=" (sqlite3 .import alone: $ms s)"
        row "$label: full ingest vs sqlite3 .import" "FAILED: $fail$extra" "ratio ≤ 1.5" FAILED
        row "$label: nightly rerun, nothing new" "FAILED: no load to rerun" "≤ 2 % of a full ingest" FAILED
        row "$label: a second release (same rows, new bytes)" "FAILED: no load to release again" "≤ 1.0" FAILED
        return 0
    fi
    LIST_OK=1
    rej=""
    [ "$loaded_rej" -gt 0 ] && rej="; $(human "$loaded_rej") rows rejected"
    if [ -n "$sfail" ]; then
        row "$label: full ingest vs sqlite3 .import" "trdb $mt s; FAILED: $sfail" "ratio ≤ 1.5" FAILED
    else
        ratio=$(calc '%.2f' "$mt / $ms")
        v=FAIL
        le "$ratio" 1.5 && v=PASS
        row "$label: full ingest vs sqlite3 .import" "ratio $ratio (trdb $mt s, sqlite3 $ms s; trdb $(human "$(calc '%.0f' "$nrows / $mt")") rows/s$rej)" "ratio ≤ 1.5" "$v"
    fi
    if [ -n "$floor" ] && [ -z "$ffail" ] && [ -z "$sfail" ]; then
        row "$label: the floor (the same rows into trdb's schema, set-based, indexes after) vs sqlite3 .import" \
            "ratio $(calc '%.2f' "$mf / $ms") (floor $mf s); trdb's full ingest is $(calc '%.2f' "$mt / $mf") times the floor" \
            "(none: what the 1.5 target meets)" info
    elif [ -n "$floor" ]; then
        row "$label: the floor vs sqlite3 .import" "FAILED: $ffail" "(none)" FAILED
    fi
    pct=$(calc '%.2f' "100 * $mr / $mt")
    v=FAIL
    le "$pct" 2 && v=PASS
    row "$label: nightly rerun, nothing new" "$pct % ($mr s vs $mt s)" "≤ 2 % of a full ingest" "$v"
    ratio=$(calc '%.2f' "$mrel / $mt")
    v=FAIL
    le "$ratio" 1.0 && v=PASS
    row "$label: a second release (same rows, new bytes)" "$ratio of the first load ($mrel s vs $mt s)" "≤ 1.0" "$v"
}

# bench_rss KEY LABEL KIND RUNS_HERE: peak memory of a fresh ingest at
# RSS_SMALL and RSS_BIG rows (KIND as for gen), the median of RUNS_HERE runs
bench_rss() {
    key=$1 label=$2 kind=$3 nruns=$4
    res="" fail="" note=""
    detail ""
    detail "### $label: peak memory ($RSS_METHOD)"
    detail ""
    for size in "$RSS_SMALL" "$RSS_BIG"; do
        file="$W/$key-rss-$size.csv"
        if ! gen "$kind" "$size" "$file"; then
            fail="cannot generate $size rows"
            break
        fi
        vals="" times=""
        i=1
        while [ "$i" -le "$nruns" ]; do
            say "$label: peak memory, $(human "$size") rows, run $i of $nruns"
            db="$W/$key-rss.sqlite"
            fresh_db "$db"
            rss_run "$TRDB" --db "$db" ingest "$file"
            ingest_check "$size"
            if [ -n "$ING_FAIL" ]; then
                fail=$ING_FAIL
                break
            fi
            vals="$vals $RSS_KB" times="$times $T"
            i=$((i + 1))
        done
        fresh_db "$db"
        rm -f "$file"
        [ -z "$fail" ] || break
        m=$(median $vals)
        m=${m%.*}
        detail "- $(human "$size") rows: peak RSS per run (KB):$vals; median $(mb "$m") MB; seconds per run:$times"
        res="$res $m"
    done
    if [ -n "$fail" ]; then
        detail "- FAILED: $fail"
        row "$label: peak RSS, $(human "$RSS_SMALL") and $(human "$RSS_BIG") rows" "FAILED: $fail" "flat, < 64 MB" FAILED
        return 0
    fi
    set -- $res
    small=$1 big=$2
    v=PASS
    # flat: the bigger list's peak at most 10 % or 4 MB above the smaller's
    slack=$(calc '%.0f' "($small / 10 > 4096) ? $small / 10 : 4096")
    [ "$big" -le $((small + slack)) ] || { v=FAIL; note="; not flat"; }
    [ "$small" -lt "$RSS_LIMIT_KB" ] && [ "$big" -lt "$RSS_LIMIT_KB" ] || { v=FAIL; note="$note; over 64 MB"; }
    [ "$nruns" -eq 1 ] && note="$note; one run each"
    row "$label: peak RSS, $(human "$RSS_SMALL") → $(human "$RSS_BIG") rows" "$(mb "$small") MB → $(mb "$big") MB$note" "flat (≤ +10 % or +4 MB), < 64 MB" "$v"
}

# bench_once KEY LABEL NROWS CMD-ARGS...: RUNS fresh-database ingests of the
# given paths (no sqlite3 baseline); sets ONCE_OK and leaves $W/KEY.sqlite
bench_once() {
    key=$1 label=$2 nrows=$3
    shift 3
    db="$W/$key.sqlite" tt="" fail="" ONCE_OK=0
    i=1
    while [ "$i" -le "$RUNS" ]; do
        say "$label: run $i of $RUNS"
        fresh_db "$db"
        timed "$TRDB" --db "$db" ingest "$@"
        ingest_check "$nrows"
        if [ -n "$ING_FAIL" ]; then
            fail=$ING_FAIL
            break
        fi
        tt="$tt $T"
        i=$((i + 1))
    done
    detail ""
    detail "### $label"
    detail ""
    if [ -n "$fail" ]; then
        detail "- FAILED: $fail"
        row "$label: ingest" "FAILED: $fail" "(none)" FAILED
        return 0
    fi
    ONCE_OK=1
    ONCE_T=$(median $tt)
    ONCE_ROWS=$ING_ROWS
    ONCE_OUT=$(cat "$W/out")
    ONCE_REJ=""
    [ "$ING_REJ" -gt 0 ] && ONCE_REJ="; $(human "$ING_REJ") rows rejected"
    detail "- seconds per run (fresh database):$tt; median $ONCE_T s; rows loaded $ING_ROWS, rejected $ING_REJ; exit code $RC"
}

# --------------------------------------------------------------- the runs

say "temporary folder $W; $RUNS runs per figure; peak memory by $RSS_METHOD"
GIT_COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git -C "$REPO" status --porcelain --untracked-files=no 2>/dev/null)" ] && GIT_COMMIT="$GIT_COMMIT (with uncommitted changes)"

# 1. the removal list (trdb-removal-list layout)
detail "## Details"
detail ""
detail "Generated inputs:"
detail ""
REM="$W/removals-$ROWS.csv"
if gen removals "$ROWS" "$REM"; then
    bench_list removals "Removal list, $(human "$ROWS") rows" "$REM" "$ROWS" removals
    REM_OK=$LIST_OK
    # the same list into PostgreSQL beside psql's \copy (bench/pg.sh starts a private server)
    if [ "${BENCH_PG:-1}" = 1 ]; then
        say "the removal list into PostgreSQL"
        TRDB="$TRDB" sh "$HERE/pg.sh" "$REM" "$RUNS" >"$W/pg.md" 2>>"$W/pg.log" ||
            printf '| removal list into PostgreSQL | FAILED: bench/pg.sh exit %s | (none) | FAILED |\n' "$?" >"$W/pg.md"
        grep '^| ' "$W/pg.md" >>"$SUMMARY"
        grep -v '^| ' "$W/pg.md" >>"$DETAILS"
    fi
    rm -f "$REM"
    bench_rss removals "Removal list" removals "$RUNS"
else
    REM_OK=0
    row "Removal list, $(human "$ROWS") rows" "FAILED: cannot generate it" "" FAILED
fi

# 2. the same mechanics on Google's user-data layout (a layout trdb reads today)
if [ "$HAVE_LIBGEN" = 1 ]; then
    UD="$W/userdata-$UD_ROWS.csv"
    if gen userdata "$UD_ROWS" "$UD"; then
        bench_list userdata "Google user-data layout, $(human "$UD_ROWS") rows" "$UD" "$UD_ROWS" userdata
        rm -f "$UD"
        fresh_db "$W/userdata.sqlite"
    fi
else
    row "Google user-data layout" "SKIPPED: tests/cli/lib-gen.sh not found" "" SKIPPED
fi

# 3. the real published files
REAL_OK=0
if [ -d "$REALDATA/google" ] || [ -d "$REALDATA/meta" ] || [ -d "$REALDATA/appstore" ]; then
    set --
    [ -d "$REALDATA/google" ] && set -- "$@" "$REALDATA/google"
    [ -d "$REALDATA/meta" ] && set -- "$@" "$REALDATA/meta"
    # appstore/: the captures and the availability table (storefronts.tsv and
    # the .list are reference lists, not records)
    [ -d "$REALDATA/appstore" ] && set -- "$@" "$REALDATA"/appstore/*.json "$REALDATA"/appstore/*.csv
    bench_once realdata "Real published files (google/, meta/, appstore/)" 1 "$@"
    if [ "$ONCE_OK" = 1 ]; then
        REAL_OK=1
        nfiles=$(printf '%s\n' "$ONCE_OUT" | grep -c '^loaded ')
        row "Real published files: ingest of google/, meta/ and appstore/ ($nfiles files, $(human "$ONCE_ROWS") rows)" \
            "$ONCE_T s, $(human "$(calc '%.0f' "$ONCE_ROWS / $ONCE_T")") rows/s$ONCE_REJ" "(none: rows per second)" info
        detail "- per file (last run):"
        printf '%s\n' "$ONCE_OUT" | sed "s#$REALDATA/##; s/^/  - /" >>"$DETAILS"
        detail "- not ingested: apple/ (a third party's re-encoding as JSON, not a publisher layout: trdb reads Apple's own CSV layout, tested on fixtures rebuilt from it)"
        rt=""
        i=1
        while [ "$i" -le "$RUNS" ]; do
            timed "$TRDB" --db "$W/realdata.sqlite" ingest "$@"
            rt="$rt $T"
            i=$((i + 1))
        done
        mr=$(median $rt)
        detail "- nightly rerun with nothing new, seconds per run:$rt; median $mr s ($(calc '%.1f' "100 * $mr / $ONCE_T") % of the full ingest)"
        row "Real published files: nightly rerun, nothing new" "$(calc '%.1f' "100 * $mr / $ONCE_T") % ($mr s vs $ONCE_T s)" "(none; the 2 % target is for the removal list)" info
    fi
else
    row "Real published files" "SKIPPED: no folder $REALDATA (google/, meta/, appstore/)" "" SKIPPED
    detail ""
    detail "### Real published files"
    detail ""
    detail "- SKIPPED: $REALDATA is missing"
fi

# 4. the 2020-12-31 China mainland scenario, CSV and JSON Lines
CHINA="$W/china-2020-12-31.csv"
CHINA_OK=0
if timed sh "$GEN" china "$CHINA" && [ "$RC" -eq 0 ]; then
    bench_once china "China 2020-12-31 scenario, CSV ($(human "$CHINA_ROWS") rows)" "$CHINA_ROWS" "$CHINA"
    if [ "$ONCE_OK" = 1 ]; then
        CHINA_OK=1
        row "China 2020-12-31 scenario, CSV ($(human "$CHINA_ROWS") rows): ingest" \
            "$ONCE_T s, $(human "$(calc '%.0f' "$CHINA_ROWS / $ONCE_T")") rows/s$ONCE_REJ" "(none)" info
    fi
else
    row "China 2020-12-31 scenario" "FAILED: cannot generate it" "" FAILED
fi
CHINAJ="$W/china-2020-12-31.jsonl"
if timed sh "$GEN" china-jsonl "$CHINAJ" && [ "$RC" -eq 0 ]; then
    bench_once chinaj "China 2020-12-31 scenario, JSON Lines ($(human "$CHINA_ROWS") rows)" "$CHINA_ROWS" "$CHINAJ"
    [ "$ONCE_OK" = 1 ] && row "China 2020-12-31 scenario, JSON Lines ($(human "$CHINA_ROWS") rows): ingest" \
        "$ONCE_T s, $(human "$(calc '%.0f' "$CHINA_ROWS / $ONCE_T")") rows/s$ONCE_REJ" "(none)" info
    fresh_db "$W/chinaj.sqlite"
fi

# 5. availability captures (JSON Lines)
OBSF="$W/observations-$OBS.jsonl"
OBS_OK=0
if timed sh "$GEN" observations "$OBS" "$OBSF" && [ "$RC" -eq 0 ]; then
    bench_once obs "App availability captures, JSON Lines ($(human "$OBS") lines)" "$OBS" "$OBSF"
    if [ "$ONCE_OK" = 1 ]; then
        OBS_OK=1
        row "App availability captures, JSON Lines ($(human "$OBS") lines): ingest" \
            "$ONCE_T s, $(human "$(calc '%.0f' "$OBS / $ONCE_T")") lines/s$ONCE_REJ" "(none)" info
    fi
    fresh_db "$W/obs.sqlite"
fi

# 6. the report, on one database holding everything that loaded
LOADED="$W/loaded.sqlite"
fresh_db "$LOADED"
what=""
if [ "$REM_OK" = 1 ]; then
    for x in "" -wal -shm; do [ -f "$W/removals.sqlite$x" ] && mv "$W/removals.sqlite$x" "$LOADED$x"; done
    what="the $(human "$ROWS")-row removal list"
fi
fresh_db "$W/removals.sqlite"
add_to_loaded() {
    timed "$TRDB" --db "$LOADED" ingest "$@"
    ingest_check 1
    [ -z "$ING_FAIL" ] || detail "- adding $(short "$*") to the loaded database failed: $ING_FAIL"
}
if [ "$REAL_OK" = 1 ]; then
    set --
    for d in google meta; do [ -d "$REALDATA/$d" ] && set -- "$@" "$REALDATA/$d"; done
    [ -d "$REALDATA/appstore" ] && set -- "$@" "$REALDATA"/appstore/*.json "$REALDATA"/appstore/*.csv
    add_to_loaded "$@"
    what="${what:+$what, }the real published files"
fi
if [ "$CHINA_OK" = 1 ]; then
    add_to_loaded "$CHINA"
    what="${what:+$what, }the China scenario"
fi
if [ "$OBS_OK" = 1 ]; then
    add_to_loaded "$OBSF"
    what="${what:+$what, }the availability captures"
fi
[ -f "$LOADED" ] || "$TRDB" --db "$LOADED" init >/dev/null 2>&1
count_of() { "$TRDB" --db "$LOADED" sql --format csv "SELECT count(*) FROM $1" 2>/dev/null | sed -n 2p; }
counts=""
for view in facts country_summary app_removal_list app_status; do
    c=$(count_of "$view")
    [ -n "$c" ] && counts="${counts:+$counts, }$(human "$c") $view rows"
done
detail ""
detail "### Report"
detail ""
# bench_report DB LABEL TARGET_SECONDS: trdb report on DB, RUNS times; a row with
# PASS/FAIL against the target, or info when TARGET_SECONDS is empty
bench_report() {
    rdb=$1 rlabel=$2 rtarget=$3
    tt="" fail=""
    i=1
    while [ "$i" -le "$RUNS" ]; do
        say "report ($rlabel): run $i of $RUNS"
        rm -rf "$W/report"
        timed "$TRDB" --db "$rdb" report --out "$W/report"
        if [ "$RC" -ne 0 ]; then
            fail="$(short "$(sed -n 's/^trdb: //p' "$W/err" | head -n 1)") (exit code $RC)"
            break
        fi
        tt="$tt $T"
        i=$((i + 1))
    done
    if [ -n "$fail" ]; then
        detail "- $rlabel: FAILED: $fail"
        row "trdb report --out DIR ($rlabel)" "FAILED: $fail" "${rtarget:+< $rtarget s}" FAILED
        return
    fi
    ncsv=$(find "$W/report" -name '*.csv' | wc -l | tr -d ' ')
    nhtml=$(find "$W/report" -name '*.html' | wc -l | tr -d ' ')
    if [ "$nhtml" -gt 0 ]; then kind="CSV tables and HTML site: $ncsv CSV, $nhtml HTML files"; else kind="CSV tables only ($ncsv CSV files; no HTML report in this trdb)"; fi
    mt=$(median $tt)
    detail "- $rlabel: seconds per run:$tt; median $mt s; wrote $kind"
    if [ -n "$rtarget" ]; then
        verdict=$(awk -v t="$mt" -v g="$rtarget" 'BEGIN { print (t < g) ? "PASS" : "FAIL" }')
        row "trdb report --out DIR ($rlabel)" "$mt s; $kind" "< $rtarget s" "$verdict"
    else
        row "trdb report --out DIR ($rlabel)" "$mt s; $kind" "(none)" info
    fi
}
if [ "$REAL_OK" = 1 ] && [ "$CHINA_OK" = 1 ]; then
    RDB="$W/report-target.sqlite"
    fresh_db "$RDB"
    set --
    for d in google meta; do [ -d "$REALDATA/$d" ] && set -- "$@" "$REALDATA/$d"; done
    [ -d "$REALDATA/appstore" ] && set -- "$@" "$REALDATA"/appstore/*.json "$REALDATA"/appstore/*.csv
    timed "$TRDB" --db "$RDB" ingest "$@" "$CHINA"
    ingest_check 1
    if [ -z "$ING_FAIL" ]; then
        detail "- report database for the target: every real file trdb reads and the China scenario, $(calc '%.1f' "$(wc -c <"$RDB") / 1048576") MB"
        bench_report "$RDB" "every real file and the China scenario" 1
    else
        row "trdb report --out DIR (every real file and the China scenario)" "FAILED: $ING_FAIL" "< 1 s" FAILED
    fi
    fresh_db "$RDB"
fi
detail "- the loaded database holds: ${what:-nothing (nothing loaded)}; $counts; $(calc '%.1f' "$(wc -c <"$LOADED") / 1048576") MB"
# the target (issue 14): under 2 s with the whole removal list and the real files
if [ "$REM_OK" = 1 ] && [ "$REAL_OK" = 1 ]; then
    bench_report "$LOADED" "$what" 2
else
    bench_report "$LOADED" "${what:-empty database}" ""
fi
rm -rf "$W/report"

# 7. a country_summary rebuild
detail ""
detail "### country_summary rebuild"
detail ""
BENCH_REBUILD_CMD=${BENCH_REBUILD_CMD-init --rebuild-summary}
if [ -n "$BENCH_REBUILD_CMD" ]; then
    tt="" fail=""
    i=1
    while [ "$i" -le "$RUNS" ]; do
        # shellcheck disable=SC2086
        timed "$TRDB" --db "$LOADED" $BENCH_REBUILD_CMD
        if [ "$RC" -ne 0 ]; then
            fail="$(short "$(head -n 1 "$W/err")") (exit code $RC)"
            break
        fi
        tt="$tt $T"
        i=$((i + 1))
    done
    if [ -n "$fail" ]; then
        row "country_summary rebuild (trdb $BENCH_REBUILD_CMD)" "FAILED: $fail" "(none)" FAILED
    else
        detail "- trdb $BENCH_REBUILD_CMD, seconds per run:$tt"
        row "country_summary rebuild (trdb $BENCH_REBUILD_CMD)" "$(median $tt) s" "(none)" info
    fi
else
    hint=""
    "$TRDB" --help 2>&1 | grep -qi 'rebuild' && hint=" ('trdb --help' mentions a rebuild: set BENCH_REBUILD_CMD to time it)"
    detail "- trdb offers no command that rebuilds country_summary alone$hint: each ingest rebuilds it for the half-years of the file it loads."
    # Stand-in: load a re-release of a file (its bytes plus i blank lines, so
    # a new sha256), which makes trdb rebuild country_summary for every
    # half-year the file covers; trdb times each statement (TRDB_SLOW_SQL=0)
    # and the rebuild is the statements from the first that fills
    # summary_scope (model/summary.sql) up to the file's COMMIT.
    RB=""
    if [ "$REAL_OK" = 1 ] && [ -f "$REALDATA/google/user-data-2023-10/google-global-user-data-requests.csv" ]; then
        RB="$REALDATA/google/user-data-2023-10/google-global-user-data-requests.csv"
    elif [ "$HAVE_LIBGEN" = 1 ]; then
        RB="$W/google-user-data-rebuild.csv"
        gen_user_data "$RB" 512 7
        add_to_loaded "$RB"
    fi
    if [ -n "$RB" ]; then
        tt="" ss="" fail=""
        i=1
        while [ "$i" -le "$RUNS" ]; do
            say "country_summary stand-in: run $i of $RUNS"
            mkdir -p "$W/rerelease-$i"
            rr="$W/rerelease-$i/$(basename "$RB")"
            { cat "$RB"; n=0; while [ "$n" -lt "$i" ]; do echo; n=$((n + 1)); done; } >"$rr"
            timed env TRDB_SLOW_SQL=0 "$TRDB" --db "$LOADED" ingest "$rr"
            ingest_check 1
            rm -rf "$W/rerelease-$i"
            if [ -n "$ING_FAIL" ]; then
                fail=$ING_FAIL
                break
            fi
            s=$(awk '/^trdb: slow sql \(/ {
                    v = $0; sub(/^trdb: slow sql \(/, "", v)
                    ms = v; sub(/ ms\).*/, "", ms)
                    sub(/^[0-9]+ ms\): /, "", v)
                    if (!on && v ~ /summary_scope/) on = 1
                    if (on && v ~ /^COMMIT/) on = 0
                    if (on) t += ms
                } END { printf "%.3f", t / 1000 }' "$W/err")
            tt="$tt $T" ss="$ss $s"
            i=$((i + 1))
        done
        if [ -n "$fail" ]; then
            detail "- the stand-in (loading a re-release) FAILED: $fail"
            row "country_summary rebuild" "no trdb command for it; stand-in FAILED: $fail" "(none)" FAILED
        else
            nper=$("$TRDB" --db "$LOADED" sql --format csv "SELECT count(*) FROM (SELECT DISTINCT period_start, period_end FROM country_summary WHERE publisher = 'Google')" 2>/dev/null | sed -n 2p)
            detail "- stand-in: loading a re-release of $(basename "$RB") (same rows, a new sha256) into the loaded database, with TRDB_SLOW_SQL=0; seconds in the statements that rebuild country_summary (trdb's own per-statement timing, whole milliseconds each) per run:$ss; the whole load (slowed a little by the tracing) per run:$tt; Google half-years in country_summary: ${nper:-?}"
            row "country_summary rebuild" "no trdb command for it; stand-in: ≈ $(median $ss) s of summary SQL when a re-release of $(basename "$RB") is loaded (whole load $(median $tt) s)" "(none)" info
        fi
    else
        row "country_summary rebuild" "no trdb command for it, and no stand-in input" "(none)" SKIPPED
    fi
fi

# ------------------------------------------------------------ the report

END=$(date +%s)
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
MEM=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
DISK=$(df -Pk "$W" 2>/dev/null | awk 'NR == 2 { printf "%.1f GiB free on %s", $4 / 1048576, $6 }')
SQLV=$(sqlite3 --version 2>/dev/null | cut -d' ' -f1-2)
TSQLV=$("$TRDB" --db "$LOADED" sql --format csv "SELECT sqlite_version()" 2>/dev/null | sed -n 2p)
{
    echo "# trdb benchmark results"
    echo
    echo "Written by \`bench/run.sh\` ($(date -u '+%Y-%m-%d %H:%M UTC'), $((END - START)) s). Medians of $RUNS runs unless"
    echo "said otherwise; every figure measured side by side in this one run. How to read it: bench/README.md."
    echo
    echo "## Summary"
    echo
    echo "| measurement | figure | target | result |"
    echo "|---|---|---|---|"
    cat "$SUMMARY"
    echo
    echo "## Machine and software"
    echo
    echo "| | |"
    echo "|---|---|"
    echo "| machine | \`$(uname -a)\` |"
    echo "| CPU | ${CPU:-unknown} |"
    echo "| cores | $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN) |"
    echo "| memory | ${MEM:-unknown} |"
    echo "| disk | ${DISK:-unknown} (the temporary folder's) |"
    echo "| date | $(date -u '+%Y-%m-%d %H:%M:%S UTC') |"
    echo "| trdb | $("$TRDB" --version 2>/dev/null), commit $GIT_COMMIT |"
    echo "| SQLite | trdb's library ${TSQLV:-unknown}; sqlite3 shell ${SQLV:-not installed} |"
    echo "| settings | BENCH_ROWS=$ROWS BENCH_RUNS=$RUNS BENCH_RSS_SMALL=$RSS_SMALL BENCH_RSS_BIG=$RSS_BIG BENCH_OBS=$OBS BENCH_UD_ROWS=$UD_ROWS; peak memory by $RSS_METHOD |"
    [ -n "$RUNS_NOTE" ] && echo "| note | $RUNS_NOTE |"
    echo
    cat "$DETAILS"
} >"$W/report.md"
cp "$W/report.md" "$RESULTS" || say "cannot write $RESULTS"
cat "$W/report.md"
say "done in $((END - START)) s; report in $RESULTS"
exit 0
