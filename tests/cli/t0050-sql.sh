#!/bin/sh
# trdb sql reads and never writes.
. "$(dirname "$0")/lib.sh"
"$TRDB" ingest "$TOP/data/samples" >/dev/null
before=$(sql "SELECT count(*) FROM fact_rows")

expect_out "a SELECT works" "^ *82$" "$TRDB" sql "SELECT count(*) AS n FROM facts WHERE publisher = 'Google'"
expect_out "as CSV" "^n" "$TRDB" sql --format csv "SELECT count(*) AS n FROM facts"
expect_out "as JSON" '^\[' "$TRDB" sql --format json "SELECT country FROM country_summary LIMIT 1"
expect_out "reading a pragma works" "^user_version" "$TRDB" sql "PRAGMA user_version"
expect_out "PRAGMA table_info reads a table's columns" "source_line" "$TRDB" sql "PRAGMA table_info(facts)"
expect_out "so does its table-valued form" "^ *20$" "$TRDB" sql "SELECT count(*) FROM pragma_table_info('facts')"
for stmt in "DELETE FROM fact_rows" "INSERT INTO publishers(name) VALUES ('x')" \
    "UPDATE fact_rows SET value_low = 0" "DROP TABLE rejects" "CREATE TABLE t(x)" \
    "ATTACH DATABASE 'other.db' AS o" "PRAGMA user_version = 5" "PRAGMA journal_mode = DELETE" \
    "SELECT load_extension('x')" "VACUUM" "PRAGMA optimize" "PRAGMA wal_checkpoint" "PRAGMA writable_schema = 1" \
    "UPDATE sqlite_master SET sql = '' WHERE name = 'facts'" "WITH x AS (SELECT 1) DELETE FROM rejects"; do
    expect_exit 2 "refused: $stmt" "$TRDB" sql "$stmt"
done
expect_exit 2 "two statements are refused" "$TRDB" sql "SELECT 1; DELETE FROM fact_rows"
expect_err 2 "and said so" "only one statement" "$TRDB" sql "SELECT 1; DELETE FROM fact_rows"
expect_exit 2 "a syntax error is a usage error" "$TRDB" sql "SELEKT 1"
expect_err 2 "with SQLite's words" "syntax error" "$TRDB" sql "SELEKT 1"
is "nothing was changed" "$(sql "SELECT count(*) FROM fact_rows")" "$before"
is "the version is as it was" "$(sql "PRAGMA user_version")" "7"
check "no file was attached or created" test ! -e other.db
finish
