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
is "the version is as it was" "$(sql "PRAGMA user_version")" "9"
check "no file was attached or created" test ! -e other.db

# --timeout: a statement without end is stopped, with exit 3 and a clear message
runaway="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c"
expect_err 3 "a runaway statement is stopped by --timeout" \
    "^trdb: error: the statement ran longer than 1 s \(--timeout\) and was stopped$" \
    "$TRDB" sql --timeout 1 "$runaway"
expect_err 3 "--timeout=S after the statement, in the table format too" "ran longer than 0.5 s" \
    "$TRDB" sql "$runaway" --timeout=0.5 --format table
expect_out "a statement that ends in time is not stopped" "^500500" \
    "$TRDB" sql --timeout 5 --format csv \
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 1000) SELECT sum(x) FROM c"
for bad in x -1 1e9 ""; do
    expect_err 2 "--timeout '$bad' is a usage error" "--timeout takes seconds from 0 to 86400, not '$bad'" \
        "$TRDB" sql --timeout "$bad" "SELECT 1"
done
expect_out "--timeout 0 is no limit" "^1" "$TRDB" sql --timeout 0 --format csv "SELECT 1"
finish
