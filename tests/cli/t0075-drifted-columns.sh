#!/bin/sh
# A release that renames, drops or adds a column loads what is there: one
# warning per missing measure and per unread column, and 'trdb changes'
# names a column nothing reads once, for the first file of its dataset
# that has it. Derived from the Google sample at run time.
. "$(dirname "$0")/lib.sh"
S="$TOP/data/samples/sample-google-global-user-data-requests.csv"
ROWS=$(($(wc -l <"$S") - 1))

sed '1s/,Accounts$/,Accounts Named/' "$S" >renamed.csv
awk 'NR == 1 { print $0 ",Notes"; next } { print $0 ",a" NR }' "$S" >added.csv
awk 'NR == 1 { print $0 ",Notes"; next } { print $0 ",b" NR }' "$S" >added-again.csv

expect_exit 1 "a renamed measure column loads, exit 1 for the warnings" "$TRDB" ingest renamed.csv
cp "$ERR" renamed.err
is "every row" "$(sql "SELECT rows_loaded FROM source_files WHERE path = 'renamed.csv'")" "$ROWS"
is "one warning for the measure" "$(grep -c "renamed.csv: no column for measure 'accounts'" renamed.err)" "1"
is "one for the column" "$(grep -c "renamed.csv: column 'Accounts Named' is not read" renamed.err)" "1"
is "the other measures are there" \
    "$(sql "SELECT group_concat(DISTINCT metric) FROM (SELECT metric FROM fact_rows ORDER BY metric)")" "pct_disclosed,requests"

expect_exit 1 "an added column loads" "$TRDB" ingest added.csv
expect_out "changes names it" "new column .*column 8 'Notes' is not read \(profile google-user-data-requests\)" "$TRDB" changes
is "once" "$(grep -c "'Notes'" "$OUT")" "1"
expect_exit 1 "another file with the same column loads" "$TRDB" ingest added-again.csv
expect_exit 0 "changes since then" "$TRDB" changes
is "does not name it again" "$(grep -c "'Notes'" "$OUT")" "0"
expect_exit 0 "changes since the first run" "$TRDB" changes --since 1
is "names each new column once" "$(grep -c "new column" "$OUT")" "2"
is "the columns and their status are recorded" \
    "$(sql "SELECT group_concat(status, ',') FROM (SELECT c.status FROM file_columns c JOIN source_files s ON s.id = c.file_id WHERE s.path = 'added.csv' ORDER BY c.position)")" \
    "read,read,read,read,read,read,read,unread"
expect_exit 1 "a file loaded again with --force" "$TRDB" ingest --force added.csv
is "keeps one record of its columns" \
    "$(sql "SELECT count(*) FROM file_columns c JOIN source_files s ON s.id = c.file_id WHERE s.path = 'added.csv'")" "8"
finish
