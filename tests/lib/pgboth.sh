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
#   same_app_tables LABEL
#                     checks: the app tables, their rollups, country_summary,
#                     the files' counts and the rejects are the same on both
#                     (no ids: apps and files by their keys and paths)

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

same_app_tables() {
    dump "SELECT store, app_id, bundle_id, name, developer, category FROM apps" || true
    same "apps: the same ($1)"
    dump "SELECT a.store, a.app_id, r.storefront, r.removed_on, r.kind, r.derived,
                 r.last_seen_available, r.reason, r.source_url, s.path, r.line
          FROM app_removals r JOIN apps a ON a.id = r.app JOIN source_files s ON s.id = r.file_id" || true
    same "app_removals: the same ($1)"
    dump "SELECT a.store, a.app_id, o.storefront, o.observed_at, o.available, s.path, o.line
          FROM app_observations o JOIN apps a ON a.id = o.app JOIN source_files s ON s.id = o.file_id" || true
    same "app_observations: the same ($1)"
    dump "SELECT * FROM app_removal_months" || true
    same "app_removal_months: the same ($1)"
    dump "SELECT * FROM app_removal_categories" || true
    same "app_removal_categories: the same ($1)"
    dump "SELECT r.storefront, s.path, r.removals FROM app_removal_files r
          JOIN source_files s ON s.id = r.file_id" || true
    same "app_removal_files: the same ($1)"
    dump "SELECT o.storefront, s.path, o.observations FROM app_observation_files o
          JOIN source_files s ON s.id = o.file_id" || true
    same "app_observation_files: the same ($1)"
    dump "SELECT * FROM country_summary" || true
    same "country_summary: the same ($1)"
    dump "SELECT path, profile, rows_loaded, rows_rejected, rows_skipped FROM source_files" || true
    same "source_files: the same counts ($1)"
    dump "SELECT s.path, r.line, r.column_name, r.reason, r.raw FROM rejects r
          JOIN source_files s ON s.id = r.file_id" || true
    same "rejects: the same ($1)"
}
