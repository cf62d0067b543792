#!/bin/sh
# trdb metadata --datasette: Datasette metadata JSON whose tables are the
# documented public views with every column, and whose canned queries give
# the rows `trdb query` gives when Datasette binds its parameters as text
# ('' for a parameter not given).
. "$(dirname "$0")/lib.sh"
"$TRDB" ingest "$TOP/data/samples" >/dev/null

expect_exit 0 "metadata --datasette runs" "$TRDB" metadata --datasette
cp "$OUT" metadata.json
is "it is JSON" "$(sqlite3 :memory: "SELECT json_valid(readfile('metadata.json'))")" "1"
is "the database is named after its file" \
    "$(sqlite3 :memory: "SELECT group_concat(key) FROM json_each(readfile('metadata.json'), '$.databases')")" "trdb"
is "it has a title" \
    "$(sqlite3 :memory: "SELECT json_extract(readfile('metadata.json'), '$.title') IS NOT NULL")" "1"
expect_err 2 "without --datasette it says what to give" "--datasette" "$TRDB" metadata
expect_err 2 "an argument is a usage error" "no arguments" "$TRDB" metadata --datasette x
expect_out "--help shows how to run Datasette with it" "datasette trdb.sqlite -m metadata.json" \
    "$TRDB" metadata --help
expect_exit 0 "--db names the database" "$TRDB" --db "$WORK/other.db" metadata --datasette
is "and the name follows it" \
    "$(sqlite3 :memory: "SELECT group_concat(key) FROM json_each(readfile('$OUT'), '$.databases')")" "other"
cp -R "$TOP/data" "$WORK/installed"
expect_err 1 "a missing data model is a warning" "no data-model.md found" \
    env TRDB_DATA="$WORK/installed" "$TRDB" metadata --datasette
expect_err 3 "a --docs file that cannot be read is an error naming it" "nothere.md" \
    "$TRDB" metadata --datasette --docs nothere.md

# Every documented table and view, every column of it with a description
for obj in facts country_summary app_status app_removal_list source_files ingest_runs rejects revisions notes; do
    want=$(sqlite3 "$TRDB_DB" "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('$obj') ORDER BY name)")
    got=$(sqlite3 :memory: "SELECT group_concat(key, ',') FROM (SELECT key FROM json_each(readfile('metadata.json'), '$.databases.trdb.tables.$obj.columns') WHERE value <> '' ORDER BY key)")
    is "$obj: every column is described" "$got" "$want"
done
is "facts has a description" \
    "$(sqlite3 :memory: "SELECT length(json_extract(readfile('metadata.json'), '$.databases.trdb.tables.facts.description')) > 40")" "1"
is "source_files.bytes has its unit" \
    "$(sqlite3 :memory: "SELECT json_extract(readfile('metadata.json'), '$.databases.trdb.tables.source_files.units.bytes')")" "byte"

# Every named query is a canned query with its parameters
want=$("$TRDB" query --list --format csv | tail -n +2 | cut -d, -f1 | tr -d '\r' | sort | tr '\n' ' ')
got=$(sqlite3 :memory: "SELECT key FROM json_each(readfile('metadata.json'), '$.databases.trdb.queries') ORDER BY key" | tr '\n' ' ')
is "every named query is there" "$got" "$want"
is "top asks for measure, the period's two dates, publisher, limit" \
    "$(sqlite3 :memory: "SELECT group_concat(value, ',') FROM json_each(readfile('metadata.json'), '$.databases.trdb.queries.top.params')")" \
    "measure,period_start,period_end,publisher,limit"

# Run a canned query as Datasette would: each parameter bound to the text
# given, '' for the others; compare its rows with trdb query's CSV.
canned() { # NAME [PARAM=VALUE...]
    name=$1
    shift
    sqlite3 :memory: "SELECT json_extract(readfile('metadata.json'), '$.databases.trdb.queries.\"$name\".sql')" >canned.sql
    {
        echo ".parameter init"
        for p in $(sqlite3 :memory: "SELECT value FROM json_each(readfile('metadata.json'), '$.databases.trdb.queries.\"$name\".params')"); do
            v=""
            for kv in "$@"; do
                case $kv in "$p="*) v=${kv#*=} ;; esac
            done
            echo ".parameter set :$p '$v'"
        done
        echo ".mode csv"
        echo ".headers on"
        cat canned.sql
        echo ";"
    } | sqlite3 "$TRDB_DB"
}
same_rows() { # DESCRIPTION FILE-A FILE-B: the same CSV records (quoting aside)
    is "$1" "$(python3 -c '
import csv, sys
def cell(c):  # trdb writes 11118 where SQLite says 11118.0
    try:
        return float(c)
    except ValueError:
        return c
a = [[cell(c) for c in r] for r in csv.reader(open(sys.argv[1], newline=""))]
b = [[cell(c) for c in r] for r in csv.reader(open(sys.argv[2], newline=""))]
if not a: b = b[1:]   # sqlite3 prints no header for no rows
print("same" if a == b else "differ: %r ... against %r ..." % (a[:3], b[:3]))' "$2" "$3")" "same"
}
for q in $(sqlite3 :memory: "SELECT key FROM json_each(readfile('metadata.json'), '$.databases.trdb.queries') ORDER BY key"); do
    if "$TRDB" query --format csv "$q" >trdb.csv 2>/dev/null; then
        canned "$q" >canned.csv
        same_rows "$q with no parameters: the rows trdb gives" canned.csv trdb.csv
    fi
done
"$TRDB" query --format csv country cc=DE >trdb.csv
canned country cc=de >canned.csv
same_rows "a country code in lower case, as trdb takes it" canned.csv trdb.csv
"$TRDB" query --format csv compare cc=US,DE >trdb.csv
canned compare "cc=us, de" >canned.csv
same_rows "countries as a comma-separated list" canned.csv trdb.csv
"$TRDB" query --format csv compare cc=US,DE period=latest >trdb.csv
canned compare cc=US,DE period_end=latest >canned.csv
same_rows "latest as a period's date" canned.csv trdb.csv
"$TRDB" query --format csv top measure=removal_requests period=2021H2 limit=2 >trdb.csv
canned top measure=removal_requests period_start=2021-07-01 period_end=2021-12-31 limit=2 >canned.csv
same_rows "a period as its two dates, a number as text" canned.csv trdb.csv
finish
