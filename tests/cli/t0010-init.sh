#!/bin/sh
# init creates or migrates the database named by --db, $TRDB_DB or ./trdb.sqlite.
. "$(dirname "$0")/lib.sh"

expect_out "init reports the schema version" "at schema version 9$" "$TRDB" init
check "init made the database named by TRDB_DB" test -f "$TRDB_DB"
expect_out "init again is harmless" "at schema version 9$" "$TRDB" init
expect_out "--db names another database" "other.sqlite at schema version 9" "$TRDB" --db other.sqlite init
check "--db made it" test -f other.sqlite
expect_out "--db after the command works too" "third.sqlite" "$TRDB" init --db third.sqlite
(unset TRDB_DB; cd "$WORK" && mkdir -p plain && cd plain && "$TRDB" init >/dev/null)
check "the default database is ./trdb.sqlite" test -f plain/trdb.sqlite
is "the facts view exists" "$(sql "SELECT count(*) FROM facts")" "0"
# version 9 drops the index fact_rows_key (file_id, country, metric) a version-8 database has
is "a new database has no index fact_rows_key" \
    "$(sqlite3 "$TRDB_DB" "SELECT count(*) FROM sqlite_schema WHERE name = 'fact_rows_key'")" "0"
{ cat "$TOP"/model/schema/000[1-8]-*.sql; echo "PRAGMA user_version = 8;"; } | sqlite3 v8.sqlite
is "a version-8 database has it" \
    "$(sqlite3 v8.sqlite "SELECT count(*) FROM sqlite_schema WHERE name = 'fact_rows_key'")" "1"
expect_out "and is migrated to version 9" "v8.sqlite at schema version 9$" "$TRDB" --db v8.sqlite init
is "which drops it" "$(sqlite3 v8.sqlite "SELECT count(*) FROM sqlite_schema WHERE name = 'fact_rows_key'")" "0"
sqlite3 other.sqlite "PRAGMA user_version = 99"
expect_exit 3 "a newer schema is refused" "$TRDB" --db other.sqlite init
expect_err 3 "and said so" "schema version 99 is newer than this trdb knows" "$TRDB" --db other.sqlite init
expect_exit 3 "a read command on a missing database fails" "$TRDB" --db missing.sqlite query countries
expect_err 3 "and says how to make one" "no database at 'missing.sqlite'.*trdb init" "$TRDB" --db missing.sqlite query countries
check "and creates nothing" test ! -e missing.sqlite
echo "not a database at all, just text" >text.sqlite
expect_exit 3 "a file that is not a database fails" "$TRDB" --db text.sqlite init

# --rebuild-summary: country_summary again from the facts and app records
"$TRDB" --db r.sqlite ingest "$TOP/data/samples" >/dev/null
summary() { "$TRDB" --db r.sqlite sql --format csv "SELECT * FROM country_summary ORDER BY 1, 2, 3, 4, 5" | md5sum; }
before=$(summary)
sqlite3 r.sqlite "DELETE FROM country_summary WHERE country = 'US'; UPDATE country_summary SET low = 1, high = 1 WHERE country = 'DE'; INSERT INTO country_summary VALUES ('FR', '1999-01-01', '1999-06-30', 'Google', 'user_data_requests', 5, 5, 1); DELETE FROM country_summary WHERE measure = 'apps_removed_observed'"
check "(the summary, damaged on purpose, differs)" test "$(summary)" != "$before"
expect_out "--rebuild-summary rebuilds it" "country_summary rebuilt" "$TRDB" --db r.sqlite init --rebuild-summary
is "as the ingests had made it: rows lost, changed and made up are put right" "$(summary)" "$before"
expect_out "and again changes nothing" "country_summary rebuilt" "$TRDB" --db r.sqlite init --rebuild-summary
is "the same rows" "$(summary)" "$before"
exec 9>r.sqlite.lock
flock 9
expect_exit 4 "a rebuild waits for no ingest: exit 4 while one holds the lock" "$TRDB" --db r.sqlite init --rebuild-summary
exec 9>&-
expect_exit 2 "--wait needs seconds" "$TRDB" --db r.sqlite init --rebuild-summary --wait soon
expect_err 2 "--wait without --rebuild-summary is a usage error" "^trdb: error: --wait goes with --rebuild-summary" \
    "$TRDB" --db r.sqlite init --wait 5
finish
