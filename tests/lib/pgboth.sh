# pgboth.sh: sourced by a test that runs trdb on SQLite ($LITE) and on
# PostgreSQL ($PG_URI, tests/lib/pgcluster.sh) side by side and compares.
#
#   both ARGS...      trdb ARGS on each: stdout and exit code in lite.out /
#                     pg.out, stderr in lite.err / pg.err (a test may define
#                     its own both after sourcing this)
#   same WHAT [FILE]  a check: lite.FILE and pg.FILE (default out) are the
#                     same, but for ISO times (UTC), which differ by the
#                     seconds between the two runs
#   dump SQL          SQL's rows from each (trdb sql --format csv), sorted,
#                     in lite.out / pg.out; false when SQLite gave none

both() {
    "$TRDB" --db "$LITE" "$@" >lite.out 2>lite.err || echo "exit $?" >>lite.out
    "$TRDB" --db "$PG_URI" "$@" >pg.out 2>pg.err || echo "exit $?" >>pg.out
}

same() {
    for f in "lite.${2:-out}" "pg.${2:-out}"; do
        sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g' "$f" >"$f.t" && mv "$f.t" "$f"
    done
    if cmp -s "lite.${2:-out}" "pg.${2:-out}"; then
        _result ok "$1"
    else
        _result no "$1" "$(diff "lite.${2:-out}" "pg.${2:-out}" | head -n 10)"
    fi
}

dump() {
    "$TRDB" --db "$LITE" sql --format csv "$1" >lite.out 2>lite.err || echo "exit $?" >>lite.out
    "$TRDB" --db "$PG_URI" sql --format csv "$1" >pg.out 2>pg.err || echo "exit $?" >>pg.out
    for f in lite.out pg.out; do tr -d '\r' <"$f" | LC_ALL=C sort >"$f.sorted" && mv "$f.sorted" "$f"; done
    test -s lite.out
}
