#!/bin/sh
# trdb report on PostgreSQL writes the same folder as on SQLite, byte for
# byte: the samples, the DSA fixture, app records (with more removals than a
# page lists) and the real published files when they are there
# (../shared/realdata) are ingested into SQLite, every table copied into a
# private PostgreSQL server (tests/lib/pgcluster.sh, tests/lib/pgcopy.sh),
# and the report written from both, --removal-lists too, then compared with
# diff -r; the comparison is shown to catch one changed figure. A server
# that is down and a wrong password exit 3, the server named and the
# password printed nowhere. metadata --datasette on PostgreSQL is refused
# with the reason (exit 2).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
. "$TOP/tests/lib/pgcopy.sh"
. "$TOP/tests/cli/lib-gen.sh"
. "$TOP/tests/cli/lib-dsa.sh"
pg_start || skip_all "$PG_SKIP"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
unset TRDB_DB
LITE="$WORK/lite.sqlite"

gen_user_data gen.csv 300 1
"$TRDB" --db "$LITE" ingest "$TOP/data/samples" >/dev/null
check "(the DSA fixture loads)" dsa_fixture_db "$LITE"
for f in gen.csv "$TOP/tests/data/apps/captures.jsonl" "$TOP/tests/data/apps/removals.csv" \
    "$TOP/tests/data/apps/undated-removals.csv"; do
    "$TRDB" --db "$LITE" ingest "$f" >/dev/null 2>&1 || true
done
# a storefront with more removals than a page lists (its CSV with --removal-lists)
{
    echo "app_id,bundle_id,app_name,developer,category,storefront,removed_on,reason,source_url"
    i=0
    while [ $i -lt 130 ]; do
        echo "9100$i,org.example.m$i,Many $i,Dev $((i % 7)),Games,RU,2022-0$((i % 9 + 1))-1$((i % 10)),legal,"
        i=$((i + 1))
    done
} >many.csv
check "(many removals load)" "$TRDB" --db "$LITE" ingest many.csv
# the real published files too, when they are there (../shared/realdata; never copied here)
REAL=${REALDATA:-$TOP/../shared/realdata}
if [ -d "$REAL/google" ]; then
    for d in google meta appstore; do
        [ -d "$REAL/$d" ] && "$TRDB" --db "$LITE" ingest "$REAL/$d" >/dev/null 2>&1 || true
    done
    check "(the real files loaded)" test "$(sqlite3 "$LITE" "SELECT count(*) FROM source_files")" -ge 20
else
    echo "# no real data at $REAL: the samples, the fixtures and generated files only"
fi
check "(more removals in one storefront than a page lists)" \
    test "$(sqlite3 "$LITE" "SELECT max(n) FROM (SELECT count(*) AS n FROM app_removals GROUP BY storefront)")" -gt 100
check "trdb --db URI init" "$TRDB" --db "$PG_URI" init
check "every table copied into PostgreSQL" pg_copy_from_sqlite "$LITE" trdb

# the report from both, with and without the removal lists
for opt in "" --removal-lists; do
    rm -rf lite pg
    check "report ${opt:-(default)} from SQLite" "$TRDB" --db "$LITE" report --out lite $opt
    cp "$OUT" lite.out
    check "report ${opt:-(default)} from PostgreSQL" "$TRDB" --db "$PG_URI" report --out pg $opt
    is "(the same message on both)" "$(cat "$OUT")" "$(sed 's#lite#pg#g' lite.out)"
    check "(pages for countries)" test "$(ls lite/countries | wc -l)" -ge 10
    if diff -r lite pg >report.diff; then
        _result ok "report ${opt:-(default)}: the same files, byte for byte, on both backends"
    else
        _result no "report ${opt:-(default)}: the same files, byte for byte, on both backends" "$(head -n 12 report.diff)"
    fi
done
check "(a removal list was written)" sh -c 'ls pg/csv/*-removals.csv >/dev/null'
check "(the DSA page has figures)" grep -q 'dsa-service-table' pg/dsa.html

# the comparison sees one changed figure
pg_psql -c "UPDATE country_summary SET low = low + 1, high = high + 1
            WHERE (country, measure) IN (SELECT country, measure FROM country_summary
                                         WHERE low IS NOT NULL ORDER BY country, measure LIMIT 1)"
rm -rf pg
check "report again from PostgreSQL" "$TRDB" --db "$PG_URI" report --out pg --removal-lists
expect_exit 1 "(diff -r sees the changed figure)" diff -r lite pg

# metadata --datasette: Datasette serves SQLite files only
expect_err 2 "metadata --datasette on PostgreSQL is refused with the reason" \
    "^trdb: error: metadata --datasette describes a SQLite file.*postgresql:///trdb" \
    "$TRDB" --db "$PG_URI" metadata --datasette
check "(and prints nothing)" test ! -s "$OUT"

# a refused login: exit 3, the server named, the password nowhere
pg_psql -c "CREATE ROLE trdb_pw LOGIN PASSWORD 'the-right-one'"
for uri in "postgresql://trdb_pw:Wr0ngSecret@/trdb?host=$PGHOST" \
    "postgresql:///trdb?host=$PGHOST&user=trdb_pw&password=Wr0ngSecret"; do
    expect_err 3 "report with a wrong password exits 3 ($uri)" \
        "^trdb: error: cannot connect to postgresql://.*\*\*\*.*password authentication failed" \
        "$TRDB" --db "$uri" report --out wrong
    check "and the password is not in the message" sh -c '! grep -q Wr0ng "$1"' - "$ERR"
    check "nor anywhere in the output" sh -c '! grep -q Wr0ng "$1"' - "$OUT"
done

# a server that is down
pg_down
expect_err 3 "report on a server that is down exits 3" \
    "^trdb: error: cannot connect to postgresql:///trdb" \
    "$TRDB" --db "$PG_URI" report --out down
check "(and writes no page)" test ! -e down/index.html
finish
