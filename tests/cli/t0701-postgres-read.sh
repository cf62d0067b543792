#!/bin/sh
# trdb query, sql, rejects, runs and changes on PostgreSQL give the same
# bytes as on SQLite: the samples, the DSA fixture, a generated user-data
# file, app records and a file with rejected rows are ingested into SQLite,
# every table copied into a private PostgreSQL server (tests/lib/pgcluster.sh,
# tests/lib/pgcopy.sh), and every named query (with representative
# parameters), the commands that wrap one and a set of sql statements
# compared in csv, json and the table; the comparison is shown to catch one
# changed figure. sql on PostgreSQL is read-only (a write, two statements
# refused with exit 2), --timeout stops a slow statement (exit 3), a lost
# connection exits 3, and a password in the URI is never printed.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
. "$TOP/tests/lib/pgcopy.sh"
. "$TOP/tests/cli/lib-gen.sh"
. "$TOP/tests/cli/lib-dsa.sh"
pg_start || skip_all "$PG_SKIP"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
unset TRDB_DB
LITE="$WORK/lite.sqlite"

# the rows: samples, the DSA fixture (tests/cli/lib-dsa.sh), generated user data,
# app records, rejects derived from a sample
gen_user_data gen.csv 400 1
cp "$TOP/data/samples/sample-google-global-user-data-requests.csv" mixed.csv
head -n 2 "$TOP/data/samples/sample-google-global-user-data-requests.csv" | tail -n 1 |
    sed 's/Brazil,BR/Narnia,NA/; s/,3010,/,30x10,/' >>mixed.csv
# app 800000042, removed on a date, also listed without one (derived from the fixture)
sed -n '1p; /^800000042,/s/2021-03-03//p' "$TOP/tests/data/apps/undated-removals.csv" >undated-again.csv
"$TRDB" --db "$LITE" ingest "$TOP/data/samples" >/dev/null
check "(the DSA fixture loads)" dsa_fixture_db "$LITE"
for f in gen.csv "$TOP/tests/data/apps/captures.jsonl" \
    "$TOP/tests/data/apps/removals.csv" "$TOP/tests/data/apps/undated-removals.csv" undated-again.csv mixed.csv; do
    "$TRDB" --db "$LITE" ingest "$f" >/dev/null 2>&1 || true
done
# the real published files too, when they are there (../shared/realdata; never copied here)
REAL=${REALDATA:-$TOP/../shared/realdata}
if [ -d "$REAL/google" ]; then
    for d in google apple appstore dsa; do
        [ -d "$REAL/$d" ] && "$TRDB" --db "$LITE" ingest "$REAL/$d" >/dev/null 2>&1 || true
    done
    check "(the real files loaded)" test "$(sqlite3 "$LITE" "SELECT count(*) FROM source_files")" -ge 20
else
    echo "# no real data at $REAL: the samples and generated files only"
fi
check "(the SQLite database has rejects)" test "$(sqlite3 "$LITE" "SELECT count(*) FROM rejects")" -ge 1
check "(and app removals)" test "$(sqlite3 "$LITE" "SELECT count(*) FROM app_removals")" -ge 3
check "trdb --db URI init" "$TRDB" --db "$PG_URI" init
check "every table copied into PostgreSQL" pg_copy_from_sqlite "$LITE" trdb
is "(the same rows in country_summary)" "$(pg_psql -At -c "SELECT count(*) FROM country_summary")" \
    "$(sqlite3 "$LITE" "SELECT count(*) FROM country_summary")"

# same ARGS...: the command's stdout, stderr and exit code on both backends, byte for byte
same() {
    "$TRDB" --db "$LITE" "$@" >lite.out 2>&1 || echo "exit $?" >>lite.out
    "$TRDB" --db "$PG_URI" "$@" >pg.out 2>&1 || echo "exit $?" >>pg.out
    cmp -s lite.out pg.out
}
app=$(sqlite3 "$LITE" "SELECT app_id FROM apps ORDER BY id LIMIT 1")
# an app removed on a date and on no known date: where its NULL date sorts matters
undated=$(sqlite3 "$LITE" "SELECT a.app_id FROM apps a JOIN app_removals r ON r.app = a.id
                           GROUP BY a.id HAVING count(r.removed_on) > 0 AND count(*) > count(r.removed_on)
                           ORDER BY a.id LIMIT 1")
is "(an app removed on a date and on none)" "$undated" "800000042"
while IFS= read -r q; do
    [ -n "$q" ] || continue
    for fmt in csv json table; do
        # shellcheck disable=SC2086
        if same query $q --format "$fmt"; then
            _result ok "query $q --format $fmt: the same on both"
        else
            _result no "query $q --format $fmt: the same on both" "$(diff lite.out pg.out | head -n 8)"
        fi
    done
    # shellcheck disable=SC2086
    check "(query $q gives rows or a header)" test -s lite.out
done <<EOQ
summary
summary cc=US
country cc=US
country cc=DE publisher=Google
top
top measure=user_data_accounts limit=3
top period=2021H1 limit=0
countries
countries period=2020H2
countries period=2021H1 publisher=google
coverage
sources
sources publisher=Google
runs
runs limit=1
revisions
revisions cc=US
rejects
rejects file=mixed
rejects file=nothing-like-it
world
latest-periods
countries-with-data
app id=$app
app id=$undated
country-sources cc=US
country-sources cc=CN
breakdown cc=US by=legal_process
breakdowns cc=US
breakdowns cc=CN
apps-removed cc=CN
apps-removed cc=CN by=month
apps-removed cc=CN by=category
apps-removed cc=CN by=developer since=2020-01-01
removals-list cc=CN
removals-list cc=CN limit=2
removals-list cc=CN limit=0
trend
trend cc=US
trend measure=pct_disclosed
trend measure=pct_disclosed cc=DE since=2000H1
trend since=2021H1 until=2020H1
trend since=latest
compare cc=US,DE,BR
compare cc=DE,US measure=pct_disclosed period=latest
compare cc=BR,US period=2021H1
agg
agg axis_x=country
agg axis_x=country axis_y=period measure=pct_disclosed
agg axis_x=publisher cc=US,DE
agg axis_x=country axis_y=country
agg since=2021H1 until=2021H2 axis_x=country measure=user_data_accounts
changes
changes since=1
overview
reconcile
reconcile cc=CN
reconcile publisher=Google
dsa-services
dsa-services period=latest
dsa-services service=betatube
dsa-services service=Gamma
dsa-orders cc=DE
dsa-orders cc=Germany service=BETACHAT
dsa-orders cc=DE period=2025H2
dsa-orders cc=EU
dsa-orders cc=PL
dsa-notes
dsa-notes cc=DE
dsa-notes cc=FR period=2025H2
EOQ
check "(a query of apps found rows)" sh -c '"$1" --db "$2" query apps-removed cc=CN --format csv | grep -q ,' - "$TRDB" "$LITE"

# the commands that wrap a named query
for cmd in "rejects" "rejects --file mixed" "rejects --format json" "runs" "runs --limit 1 --format csv" \
    "changes" "changes --since 1 --format json"; do
    # shellcheck disable=SC2086
    if same $cmd; then _result ok "$cmd: the same on both"; else
        _result no "$cmd: the same on both" "$(diff lite.out pg.out | head -n 8)"; fi
done

# parameters are checked the same way: an unknown country, a bad period, an unknown publisher
for q in "country cc=Narnia" "countries period=someday" "sources publisher=Nobody" "top limit=-1" \
    "summary nope=1"; do
    # shellcheck disable=SC2086
    if same query $q; then _result ok "query $q: the same error on both"; else
        _result no "query $q: the same error on both" "$(diff lite.out pg.out | head -n 8)"; fi
done
check "(and it is an error with exit 2)" grep -q "^exit 2$" pg.out

# sql: the same output for the same statements
while IFS= read -r s; do
    for fmt in csv json table; do
        if same sql --format "$fmt" "$s"; then _result ok "sql --format $fmt $s: the same on both"; else
            _result no "sql --format $fmt $s: the same on both" "$(diff lite.out pg.out | head -n 8)"; fi
    done
done <<'EOS'
SELECT country, sum(value_low) AS total, count(*) AS n, avg(value_low) AS mean FROM facts WHERE metric IN ('requests', 'accounts', 'orders', 'items') GROUP BY country ORDER BY country NULLS FIRST
SELECT 1 AS one, 2.5 AS half, 'text' AS t, NULL AS none, 12.0 AS twelve, 0.1 + 0.2 AS sum
SELECT publisher, dataset, metric, value_low, value_high FROM facts WHERE country = 'DE' ORDER BY period_end, publisher, dataset, metric, legal_process, value_low LIMIT 50
SELECT measure, low, high FROM country_summary WHERE measure = 'pct_disclosed' ORDER BY country, period_end, publisher LIMIT 20
SELECT count(*) AS n, min(period_start) AS first, max(period_end) AS last FROM country_summary
SELECT path, rows_loaded, rows_rejected FROM source_files ORDER BY id
SELECT storefront, removed_on, app_id, reason FROM app_removal_list ORDER BY storefront, removed_on NULLS FIRST, app_id
EOS

# the comparison can fail: one figure changed on PostgreSQL is seen
pg_newdb changed >/dev/null
"$TRDB" --db "postgresql:///changed?host=$PGHOST&user=trdb" init >/dev/null
pg_copy_from_sqlite "$LITE" changed
pg_psql -d changed -c "UPDATE country_summary SET low = low + 1 WHERE country = 'US'"
_run env PG_URI="postgresql:///changed?host=$PGHOST&user=trdb" sh -c '
    "$1" --db "$2" query summary cc=US --format csv >a 2>&1
    "$1" --db "$PG_URI" query summary cc=US --format csv >b 2>&1
    cmp -s a b' - "$TRDB" "$LITE"
is "(a changed figure makes the comparison fail)" "$CODE" "1"

# a query not yet on PostgreSQL says so rather than give wrong rows
# a query not (yet) written for PostgreSQL says so rather than give wrong rows: every
# embedded query runs there today, so a file without the mark stands in for one
# (query.c refuses a query neither marked '-- postgresql: yes' nor in queries/pg/)
check "(every named query is marked or has a PostgreSQL text)" sh -c '
    for f in "$1"/queries/*.sql; do
        n=$(basename "$f" .sql)
        grep -qx -- "-- postgresql: yes" "$f" || test -f "$1/queries/pg/$n.sql" || { echo "$n"; exit 1; }
    done' - "$TOP"

# sql is read-only, one statement at a time
expect_err 2 "a write via sql is refused" "trdb sql is read-only; this statement would write" \
    "$TRDB" --db "$PG_URI" sql "DELETE FROM publishers"
is "and nothing was deleted" "$(pg_psql -At -c "SELECT count(*) FROM publishers")" \
    "$(sqlite3 "$LITE" "SELECT count(*) FROM publishers")"
expect_err 2 "so is a write in a CTE" "read-only" \
    "$TRDB" --db "$PG_URI" sql "WITH d AS (DELETE FROM rejects RETURNING 1) SELECT count(*) FROM d"
expect_err 2 "and a command that returns no rows" "read-only" "$TRDB" --db "$PG_URI" sql "SET work_mem = '1GB'"
expect_err 2 "two statements are refused" "only one statement at a time" \
    "$TRDB" --db "$PG_URI" sql "SELECT 1; DELETE FROM publishers"
is "(the rejects are all there)" "$(pg_psql -At -c "SELECT count(*) FROM rejects")" \
    "$(sqlite3 "$LITE" "SELECT count(*) FROM rejects")"
for s in "" " ; " "-- only a comment"; do
    if same sql -- "$s"; then _result ok "sql '$s': the same refusal on both"; else
        _result no "sql '$s': the same refusal on both" "$(diff lite.out pg.out | head -n 8)"; fi
done
check "(no SQL statement given, exit 2)" grep -q "^exit 2$" pg.out
expect_err 2 "a statement with an error exits 2 naming the server" \
    "^trdb: error: postgresql:///trdb\?host=.*: ERROR: column \"nope\" does not exist" \
    "$TRDB" --db "$PG_URI" sql "SELECT nope FROM facts"

# --timeout stops a slow statement with exit 3
expect_err 3 "--timeout stops a slow statement" \
    "the statement ran longer than 1 s \(--timeout\) and was stopped" \
    "$TRDB" --db "$PG_URI" sql --timeout 1 "SELECT pg_sleep(30)"
expect_err 3 "a --timeout under a millisecond is one, not none" "ran longer than 0.0001 s" \
    "$TRDB" --db "$PG_URI" sql --timeout 0.0001 "SELECT pg_sleep(2)"
expect_out "--timeout 0 is no limit" '"x": 1' "$TRDB" --db "$PG_URI" sql --timeout 0 --format json "SELECT 1 AS x"

# a lost connection mid-query: exit 3, said so
(
    code=0
    "$TRDB" --db "$PG_URI" sql --timeout 0 "SELECT pg_sleep(30)" >lost.out 2>lost.err || code=$?
    echo "$code" >lost.code
) &
n=0
until [ "$(pg_psql -At -c "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'")" = 1 ] ||
    [ "$n" -ge 100 ]; do sleep 0.1; n=$((n + 1)); done
pg_psql -At -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)'" >/dev/null
wait
is "a connection lost mid-query exits 3" "$(cat lost.code)" "3"
check "saying the connection was lost" grep -q "^trdb: error: postgresql:///trdb?host=.*the connection was lost" lost.err

# a password in the URI is never printed, whatever goes wrong
pg_psql -c "CREATE ROLE trdb_pw LOGIN PASSWORD 'S3cretPw'; GRANT SELECT ON ALL TABLES IN SCHEMA public TO trdb_pw"
pw="postgresql://trdb_pw:S3cretPw@/trdb?host=$PGHOST"
expect_out "the role with a password reads" '"x": 1' "$TRDB" --db "$pw" sql --format json "SELECT 1 AS x"
expect_err 2 "an error names the server" "postgresql://trdb_pw:\*\*\*@/trdb" "$TRDB" --db "$pw" sql "SELECT nope"
check "without the password" sh -c '! grep -q S3cret "$1" "$2"' - "$OUT" "$ERR"
expect_err 3 "a timeout names it" "postgresql://trdb_pw:\*\*\*@" "$TRDB" --db "$pw" sql --timeout 0.5 "SELECT pg_sleep(5)"
check "without the password" sh -c '! grep -q S3cret "$1" "$2"' - "$OUT" "$ERR"
pg_psql -c "REVOKE SELECT ON country_summary FROM trdb_pw"
expect_err 3 "a query refused by the server exits 3 naming it" "postgresql://trdb_pw:\*\*\*@.*permission denied" \
    "$TRDB" --db "$pw" query summary
check "without the password" sh -c '! grep -q S3cret "$1" "$2"' - "$OUT" "$ERR"
expect_err 3 "a wrong password exits 3" "cannot connect to postgresql://trdb_pw:\*\*\*@" \
    "$TRDB" --db "postgresql://trdb_pw:Wr0ngPw@/trdb?host=$PGHOST" query summary
check "without the password" sh -c '! grep -q Wr0ng "$1" "$2"' - "$OUT" "$ERR"

# a server that is down
pg_down
expect_err 3 "query on a server that is down exits 3" "^trdb: error: cannot connect to postgresql:///trdb" \
    "$TRDB" --db "$PG_URI" query summary
expect_err 3 "so does sql" "^trdb: error: cannot connect to postgresql:///trdb" \
    "$TRDB" --db "$PG_URI" sql "SELECT 1"
finish
