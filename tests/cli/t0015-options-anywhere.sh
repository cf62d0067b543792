#!/bin/sh
# Every command takes its options before or after its arguments (GNU
# getopt_long order), "--" ends the options, and --opt=value is --opt value;
# KEY=VALUE arguments with negative numbers and SQL that starts with '-' are
# arguments, not options.
. "$(dirname "$0")/lib.sh"

S="$TOP/data/samples/sample-google-global-user-data-requests.csv"
cp "$S" g.csv

# ingest: the option after the file is still an option
expect_out "ingest FILE --dry-run checks and commits nothing" "^checked g.csv profile=google-user-data-requests rows=22" \
    "$TRDB" ingest g.csv --dry-run
is "the dry run wrote nothing" "$(sql "SELECT count(*) FROM source_files")" "0"
expect_out "ingest FILE --format=PROFILE" "^loaded g.csv profile=google-user-data-requests rows=22 rejected=0" \
    "$TRDB" ingest g.csv --format=google-user-data-requests
expect_out "ingest FILE --force --json" '"loaded":[[:space:]]+1,' "$TRDB" ingest g.csv --force --json
expect_err 2 "an unknown option after the file is still named" "unknown option '--colour'" \
    "$TRDB" ingest g.csv --colour
expect_err 2 "a value-taking option at the end names itself, not its letter" \
    "unknown option '--format' or it needs a value" "$TRDB" ingest g.csv --format
cp g.csv ./-g.csv
expect_out "after --, a file named like an option is a file" "^unchanged -g.csv" "$TRDB" ingest -- -g.csv

# the global option keeps working before the command, and --db after it
expect_out "--db before the command" "^database other.sqlite" "$TRDB" --db other.sqlite init
expect_out "--db=PATH after the command's arguments" "^1.?$" "$TRDB" sql "SELECT 1" --db=other.sqlite --format csv
expect_out "init --wait=S --rebuild-summary" "country_summary rebuilt" "$TRDB" init --wait=1 --rebuild-summary
expect_err 2 "init refuses an argument wherever the options are" "init takes no arguments" \
    "$TRDB" init extra --rebuild-summary

# sql
expect_out "sql \"SELECT 1\" --format csv" "^1.?$" "$TRDB" sql "SELECT 1" --format csv
is "only the value and its header" "$("$TRDB" sql "SELECT 1 AS one" --format csv | tr -d '\r')" "one
1"
expect_out "sql --format=json before the statement" '"x": -1' "$TRDB" sql --format=json "SELECT -1 AS x"
expect_out "after --, SQL that starts with '-' is the statement" "^2.?$" "$TRDB" sql --format csv -- "-- one more
SELECT 1 + 1"
expect_err 2 "after --, \"-1\" goes to SQLite" 'near "-": syntax error' "$TRDB" sql -- "-1"
expect_err 2 "without --, it is taken for an option" "unknown option '-1'" "$TRDB" sql "-1"
expect_err 2 "two statements are still refused" "exactly one argument" "$TRDB" sql "SELECT 1" --format csv "SELECT 2"

# query: NAME and KEY=VALUE in any order with the options
expect_out "query NAME KEY=VALUE --format csv" "^US,United States" \
    "$TRDB" query countries period=2021H2 --format csv
expect_out "query --format csv NAME KEY=VALUE" "^US,United States" \
    "$TRDB" query --format csv countries period=2021H2
expect_out "query NAME --format=csv KEY=VALUE" "^US,United States" \
    "$TRDB" query countries --format=csv period=2021H2
expect_out "query top measure=removal_requests --format csv" "^rank,country" \
    "$TRDB" query top measure=removal_requests --format csv
expect_err 2 "a negative number in KEY=VALUE is the query's value, not an option" \
    "limit must be a whole number, not '-1'" "$TRDB" query top limit=-1 --format csv
expect_out "-- ends the options before NAME" "^rank,country" "$TRDB" query --format csv -- top limit=1
expect_out "query NAME --help is that query's help" "^usage: trdb query .*top \[measure=VALUE\]" \
    "$TRDB" query top --help
expect_out "query --help NAME is that query's help too" "^usage: trdb query .*top \[measure=VALUE\]" \
    "$TRDB" query --help top
expect_out "query --help alone is the command's help" "^       trdb query --list" "$TRDB" query --help
expect_out "query --list --format csv" "^top," "$TRDB" query --list --format csv

# the commands that wrap one query
expect_out "runs --format csv --limit=1" "^run,started_at" "$TRDB" runs --format csv --limit=1
is "one run" "$(wc -l <"$OUT" | tr -d ' ')" "2"
expect_err 2 "runs refuses an argument, options after it or not" "runs takes no arguments" \
    "$TRDB" runs 1 --limit 1
expect_out "changes --format csv --since=1" "^1,new country,Google" "$TRDB" changes --format csv --since=1
expect_out "rejects --file=TEXT --format csv" "^file,line,column,reason,raw" "$TRDB" rejects --file=g.csv --format csv

# formats and detect
expect_out "formats --format=csv" "^google-user-data-requests,Google" "$TRDB" formats --format=csv
expect_out "detect FILE --all" "apple-account-preservation-requests +no:" "$TRDB" detect g.csv --all
expect_out "detect FILE --encoding=UTF-8" "=> profile google-user-data-requests" "$TRDB" detect g.csv --encoding=UTF-8

# report
expect_out "report --out=DIR" "report written: site/index.html" "$TRDB" report --out=site
check "the site is there" test -s site/index.html

# fetch: no arguments of its own, but its options in both forms
printf '{"sources": [{"name": "g.csv", "url": "ftp://example.org/g.csv", "publisher": "Test"}]}\n' >s.json
expect_err 3 "fetch --sources=FILE reads that file" "s.json: source 1 needs" "$TRDB" fetch --no-ingest --sources=s.json
expect_err 3 "fetch --sources FILE --no-ingest" "s.json: source 1 needs" "$TRDB" fetch --sources s.json --no-ingest
expect_err 2 "fetch refuses an argument wherever the options are" "fetch takes no arguments" \
    "$TRDB" fetch extra --no-ingest
expect_err 2 "fetch --retries=x is a usage error" "not 'x'" "$TRDB" fetch --retries=x
finish
