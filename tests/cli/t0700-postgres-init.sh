#!/bin/sh
# trdb --db postgresql://... init on a private PostgreSQL server
# (tests/lib/pgcluster.sh): the schema of model/schema/pg/ has every table
# and view of the SQLite schema with the same columns in the same order;
# init again finds it current; two at once migrate once; a wrong password,
# a server that is down, a database of somebody else's or a newer schema
# exit 3 naming the server without the password; app_observations is
# partitioned by month; a reading command on a schema older or newer than
# trdb's, or on a database without it, exits 3 saying so (it may not
# migrate); fetch with a refused login exits 3 like init (fetch works there:
# t0704); and the cluster is gone after its test, even a failing one.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
pg_start || skip_all "$PG_SKIP"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"

expect_out "init on a PostgreSQL URI reports the schema version" \
    "^database postgresql:///trdb\?host=.* at schema version 9$" "$TRDB" --db "$PG_URI" init
is "the version is kept in trdb_schema, one row" "$(pg_psql -At -c 'SELECT one, version FROM trdb_schema')" "1|9"

# every table and view of SQLite's schema, with its columns in order, on both
"$TRDB" --db ref.sqlite init >/dev/null
sqlite3 ref.sqlite "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view')
                    AND name NOT LIKE 'sqlite_%' ORDER BY name" | tr '|' ' ' |
    while read -r type name; do
        printf '%s %s %s\n' "$name" "$type" \
            "$(sqlite3 ref.sqlite "SELECT group_concat(name, ',') FROM
                                   (SELECT name FROM pragma_table_info('$name') ORDER BY cid)")"
    done >sqlite-objects
# PostgreSQL's public objects the same way; a partition of app_observations is its table
pg_objects() {
    pg_psql -d "$1" -At -F ' ' -c "
        SELECT t.table_name, CASE t.table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END,
               (SELECT string_agg(c.column_name, ',' ORDER BY c.ordinal_position)
                FROM information_schema.columns c
                WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name)
        FROM information_schema.tables t
        WHERE t.table_schema = 'public'
          AND t.table_name NOT IN (SELECT inhrelid::regclass::text FROM pg_inherits)
          AND t.table_name <> 'trdb_schema'
        ORDER BY t.table_name COLLATE \"C\""
}
pg_objects trdb >pg-objects
check "(SQLite's schema lists its tables and views)" test "$(wc -l <sqlite-objects)" -ge 30
check "(and the facts view's columns)" grep -qx "facts view publisher,dataset,request_type,country,country_name,period_start,period_end,legal_process,requester,product,reason,subcategory,metric,unit,value_low,value_high,value_raw,is_aggregate,source_file,source_line" sqlite-objects
check "PostgreSQL has the same tables and views, the same columns in the same order" \
    diff sqlite-objects pg-objects
is "and apart from them only the version table and app_observations' partitions" \
    "$(pg_psql -At -c "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.tables
        WHERE table_schema = 'public' AND table_name NOT IN ($(sed "s/ .*//; s/.*/'&'/" sqlite-objects | paste -sd,))")" \
    "app_observations_default trdb_schema"
# the comparison can fail: a column dropped on one side is seen
broken=$(pg_newdb broken)
"$TRDB" --db "$broken" init >/dev/null
pg_psql -d broken -c "ALTER TABLE fetch_state DROP COLUMN etag"
pg_objects broken >broken-objects
expect_exit 1 "(a column missing on PostgreSQL fails the comparison)" diff sqlite-objects broken-objects

# init again: current, nothing applied, nothing lost
pg_psql -c "INSERT INTO publishers (name) VALUES ('Kept')"
expect_out "init again finds the schema current" "at schema version 9$" "$TRDB" --db "$PG_URI" init
is "and changes nothing" "$(pg_psql -At -c "SELECT (SELECT count(*) FROM trdb_schema), (SELECT name FROM publishers)")" "1|Kept"
expect_out "TRDB_DB may be the URI" "at schema version 9$" env TRDB_DB="$PG_URI" "$TRDB" init
expect_out "and postgres:// works as postgresql:// does" "^database postgres:///trdb.* at schema version 9$" \
    "$TRDB" --db "postgres:///trdb?host=$PGHOST" init

# two at once on an empty database: the advisory lock makes one migrate, the other find it done
twice=$(pg_newdb twice)
("$TRDB" --db "$twice" init >a.out 2>&1; echo $? >a.code) &
("$TRDB" --db "$twice" init >b.out 2>&1; echo $? >b.code) &
wait
is "two inits at once both succeed" "$(cat a.code b.code | tr '\n' ' ')" "0 0 "
is "and migrated once" "$(pg_psql -d twice -At -c "SELECT count(*), max(version) FROM trdb_schema")" "1|9"
is "the schema has its measure rules once" "$(pg_psql -d twice -At -c "SELECT count(*) FROM measure_rules")" \
    "$(sqlite3 ref.sqlite "SELECT count(*) FROM measure_rules")"

# app_observations is partitioned by month
pg_psql -c "INSERT INTO countries VALUES ('DE', 'Germany', 'country');
    INSERT INTO datasets (publisher_id, name) SELECT id, 'apps' FROM publishers;
    INSERT INTO source_files (path, sha256, bytes, profile, publisher, dataset_id, first_seen)
        SELECT 'a.csv', 'x', 1, 'p', 'Kept', id, '2024-01-01' FROM datasets;
    INSERT INTO apps (store, app_id) VALUES ('apple', '1');
    INSERT INTO app_observations (app, storefront, observed_at, available, file_id, line)
        SELECT a.id, 'DE', '2024-03-05T10:00:00Z', 1, f.id, 2 FROM apps a, source_files f"
is "an observation of a month without a partition lands in the default one" \
    "$(pg_psql -At -c "SELECT tableoid::regclass FROM app_observations")" "app_observations_default"
is "trdb_app_observations_month makes the month's partition" \
    "$(pg_psql -At -c "SELECT trdb_app_observations_month('2024-03')")" "app_observations_2024_03"
is "and moves the month's rows into it" \
    "$(pg_psql -At -c "SELECT tableoid::regclass, observed_at FROM app_observations")" \
    "app_observations_2024_03|2024-03-05T10:00:00Z"
pg_psql -c "INSERT INTO app_observations (app, storefront, observed_at, available, file_id, line)
    SELECT a.id, 'DE', v, 0, f.id, 3 FROM apps a, source_files f,
           (VALUES ('2024-03-31T23:59:59Z'), ('2024-04-01T00:00:00Z')) t(v)"
is "later rows go to the partition of their month, the month after to the default" \
    "$(pg_psql -At -c "SELECT tableoid::regclass || ' ' || observed_at FROM app_observations ORDER BY observed_at" | tr '\n' ' ')" \
    "app_observations_2024_03 2024-03-05T10:00:00Z app_observations_2024_03 2024-03-31T23:59:59Z app_observations_default 2024-04-01T00:00:00Z "
is "the app_status view reads them all" "$(pg_psql -At -c "SELECT count(*) FROM app_status")" "3"
is "a second call finds the partition there" \
    "$(pg_psql -At -c "SELECT trdb_app_observations_month('2024-03')")" "app_observations_2024_03"
expect_err 1 "anything but YYYY-MM is refused" "not a month \(YYYY-MM\): 2024-13" \
    pg_psql -c "SELECT trdb_app_observations_month('2024-13')"

# somebody else's database, a newer schema, an older one read
pg_newdb theirs >/dev/null
pg_psql -d theirs -c "CREATE TABLE orders (id int)"
expect_err 3 "a database with tables of its own is refused" "is not a trdb database" \
    "$TRDB" --db "postgresql:///theirs?host=$PGHOST" init
is "and left as it was" "$(pg_psql -d theirs -At -c "SELECT string_agg(tablename, ' ') FROM pg_tables WHERE schemaname = 'public'")" "orders"
pg_psql -d twice -c "UPDATE trdb_schema SET version = 99"
expect_err 3 "a newer schema is refused" "schema version 99 is newer than this trdb knows \(9\)" \
    "$TRDB" --db "$twice" init
# the reading commands may not migrate (an analyst's role, a replica): they check the version
for cmd in "query countries" "runs" "report --out site"; do
    # shellcheck disable=SC2086
    expect_err 3 "$cmd on a newer schema is refused" "schema version 99 is newer than this trdb knows \(9\)" \
        "$TRDB" --db "$twice" $cmd
done
expect_err 3 "sql on a newer schema is refused" "schema version 99 is newer" "$TRDB" --db "$twice" sql "SELECT 1"
pg_psql -d twice -c "UPDATE trdb_schema SET version = 8"
expect_err 3 "a reader on an older schema says to run init" \
    "schema version 8 is older than this trdb's \(9\); run 'trdb --db URI init' with the owner's role" \
    "$TRDB" --db "$twice" query countries
check "(and leaves it as it was)" test "$(pg_psql -d twice -At -c "SELECT version FROM trdb_schema")" = 8
empty=$(pg_newdb empty)
expect_err 3 "a reader on a database without trdb's schema says so" "holds no trdb schema \(run 'trdb --db URI init'" \
    "$TRDB" --db "$empty" query countries

# a refused login: exit 3, the server named, the password nowhere
pg_psql -c "CREATE ROLE trdb_pw LOGIN PASSWORD 'the-right-one'"
for uri in "postgresql://trdb_pw:Wr0ngSecret@/trdb?host=$PGHOST" \
    "postgresql:///trdb?host=$PGHOST&user=trdb_pw&password=Wr0ngSecret" \
    "postgresql:///trdb?host=$PGHOST&user=trdb_pw&%70assword=Wr0ng%53ecret"; do
    expect_err 3 "a wrong password exits 3 ($uri)" \
        "^trdb: error: cannot connect to postgresql://.*\*\*\*.*password authentication failed" \
        "$TRDB" --db "$uri" init
    check "and the password is not in the message" sh -c '! grep -q Wr0ng "$1"' - "$ERR"
    check "nor anywhere in the output" sh -c '! grep -q Wr0ng "$1"' - "$OUT"
done
expect_err 3 "a malformed URI exits 3" "cannot connect to postgresql://u:\*\*\*@.*invalid URI query parameter" \
    "$TRDB" --db "postgresql://u:Wr0ngSecret@/trdb?host=$PGHOST&no_such_parameter=1" init
check "without the password" sh -c '! grep -q Wr0ng "$1"' - "$ERR"

# the commands that write take a PostgreSQL URI (ingest: t0702, fetch: t0704, report: t0703):
# a refused login is exit 3 naming the server, creating nothing
expect_err 3 "fetch with a refused login exits 3, naming the server" \
    "^trdb: error: cannot connect to postgresql://u:\*\*\*@" \
    "$TRDB" --db "postgresql://u:Wr0ngSecret@/trdb?host=$PGHOST" fetch --no-ingest
check "without the password" sh -c '! grep -q Wr0ng "$1" "$2"' - "$OUT" "$ERR"
# metadata says why itself: Datasette serves SQLite files only (t0703 too)
expect_err 2 "metadata --datasette refuses a PostgreSQL URI, saying why" \
    "^trdb: error: metadata --datasette describes a SQLite file for Datasette, which cannot serve PostgreSQL \(the database is postgresql://u:\*\*\*@" \
    "$TRDB" --db "postgresql://u:Wr0ngSecret@/trdb?host=$PGHOST" metadata --datasette
check "no file named after the URI was made" sh -c '! ls -d postgres* 2>/dev/null | grep -q .'
expect_out "init --rebuild-summary works there (t0706 compares what it counts)" "^country_summary rebuilt$" \
    "$TRDB" --db "$PG_URI" init --rebuild-summary
expect_out "commands that open no database work with TRDB_DB a URI" "google" env TRDB_DB="$PG_URI" "$TRDB" formats

# the cluster goes away after a failing test and after a signal
cat >child.sh <<EOS
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
pg_start || exit 7
echo "\$PG_DIR" >"$WORK/child.dir"
if [ "\$1" = fail ]; then false; fi
# a signal's trap runs when wait returns, at once (not after a foreground sleep)
sleep 60 &
wait \$!
EOS
_run sh child.sh fail
is "a failing test (its own cluster started) exits non-zero" "$CODE" "1"
check "(the child had started its cluster)" test -s child.dir
check "and its cluster's folder is gone" test ! -e "$(cat child.dir)"
check "and no server runs from it" sh -c '! ps -eo args | grep -F "$1/data" | grep -v grep | grep -q .' - "$(cat child.dir)"
rm -f child.dir
sh child.sh sleep >/dev/null 2>&1 &
child=$!
n=0
while [ ! -s child.dir ] && [ "$n" -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
check "(a second child started its cluster)" test -d "$(cat child.dir)"
kill -TERM "$child"
code=0
wait "$child" || code=$?
is "the child ends by SIGTERM's exit code" "$code" "143"
check "SIGTERM removes the cluster too" test ! -e "$(cat child.dir)"

# without a server installed, a PostgreSQL test says it is skipped, and why
cat >noserver.sh <<EOS
. "$TOP/tests/cli/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
pg_start || skip_all "\$PG_SKIP"
echo "1..1"
echo "ok 1 - started"
EOS
expect_out "no PostgreSQL server: the test is skipped, with the reason" \
    "^ok 1 - noserver.sh # SKIP no PostgreSQL server installed" env PG_BIN=/nonexistent sh noserver.sh
check "and nothing else ran" sh -c '! grep -q started "$1"' - "$OUT"

# a server that is down
pg_down
expect_err 3 "a server that is down exits 3" "^trdb: error: cannot connect to postgresql:///trdb\?host=.*(No such file|Is the server running)" \
    "$TRDB" --db "$PG_URI" init
finish
