#!/bin/sh
# Drift, derived at run time from Google's real user-data file: a renamed
# measure column, a dropped one, an added one. Each loads its other
# measures (figures checked against the file with awk), warns once, and a
# column nothing reads is named by 'trdb changes' once, for the first file
# that has it. Reads ../shared/realdata (never copied here); skipped when
# it is not there.
. "$(dirname "$0")/../cli/lib.sh"
NEW="$REALDATA/google/user-data-2023-10/google-global-user-data-requests.csv"
[ -f "$NEW" ] || skip_all "no real data at $NEW"
ROWS=$(($(wc -l <"$NEW") - 1))
# the file has no quoted cells, so awk splits it at commas
[ "$(grep -c '"' "$NEW")" = 0 ] || skip_all "quoted cells in $NEW"

# each drift case as its own file; the releases are told apart by their figures' files
sed '1s/,Accounts$/,Users or Accounts/' "$NEW" >renamed.csv
cut -d, -f1-5,7- "$NEW" >dropped.csv
awk 'NR == 1 { print $0 ",Notes"; next } { print $0 ",n" NR }' "$NEW" >added.csv
awk 'NR == 1 { print $0 ",Notes"; next } { print $0 ",m" NR }' "$NEW" >added-again.csv
check "the derived headers drifted" grep -q "^Period Ending,Country/Region,CLDR Territory Code,Legal Process,User Data Requests,Accounts$" dropped.csv

# the sum of one column of the original, and of a metric of one loaded file
col_sum() { awk -F, -v c="$1" 'NR > 1 && $c != "" { s += $c } END { print s + 0 }' "$NEW"; }
file_sum() {
    sql "SELECT coalesce(sum(f.value_low), 0) FROM fact_rows f JOIN source_files s ON s.id = f.file_id WHERE s.path = '$1' AND f.metric = '$2'"
}
file_count() {
    sql "SELECT count(*) FROM fact_rows f JOIN source_files s ON s.id = f.file_id WHERE s.path = '$1' AND f.metric = '$2'"
}

expect_exit 1 "a renamed measure column loads, with warnings: exit 1" "$TRDB" ingest renamed.csv
cp "$ERR" renamed.err
check "every row" grep -q "^loaded renamed.csv profile=google-user-data-requests rows=$ROWS rejected=0$" "$OUT"
is "one warning for the missing measure" "$(grep -c "no column for measure 'accounts'" renamed.err)" "1"
is "one for the column nothing reads" "$(grep -c "column 'Users or Accounts' is not read" renamed.err)" "1"
is "no other warning" "$(grep -c 'warning' renamed.err)" "2"
is "its requests are the file's" "$(file_sum renamed.csv requests)" "$(col_sum 5)"
is "one per line that gives one" "$(file_count renamed.csv requests)" "$(awk -F, 'NR > 1 && $5 != ""' "$NEW" | wc -l | tr -d ' ')"
is "and no accounts" "$(file_count renamed.csv accounts)" "0"

expect_exit 1 "a dropped measure column loads, with a warning: exit 1" "$TRDB" ingest dropped.csv
cp "$ERR" dropped.err
check "every row" grep -q "^loaded dropped.csv profile=google-user-data-requests rows=$ROWS rejected=0$" "$OUT"
is "one warning, for the missing measure" "$(grep -c 'warning' dropped.err)" "1"
check "which names it" grep -q "no column for measure 'pct_disclosed'" dropped.err
is "its accounts are the file's" "$(file_sum dropped.csv accounts)" "$(col_sum 7)"
is "its requests too" "$(file_sum dropped.csv requests)" "$(col_sum 5)"
is "and no percentages" "$(file_count dropped.csv pct_disclosed)" "0"

expect_exit 1 "an added column loads, with a warning: exit 1" "$TRDB" ingest added.csv
cp "$ERR" added.err
check "every row" grep -q "^loaded added.csv profile=google-user-data-requests rows=$ROWS rejected=0$" "$OUT"
is "one warning, for the added column" "$(grep -c 'warning' added.err)" "1"
check "which names it" grep -q "added.csv: column 'Notes' is not read by profile 'google-user-data-requests'" added.err
is "every measure is there: accounts" "$(file_sum added.csv accounts)" "$(col_sum 7)"
is "percentages" "$(file_count added.csv pct_disclosed)" "$(awk -F, 'NR > 1 && $6 != ""' "$NEW" | wc -l | tr -d ' ')"
is "the column is recorded as unread, at its place" \
    "$(sql "SELECT c.position || ' ' || c.status FROM file_columns c JOIN source_files s ON s.id = c.file_id WHERE s.path = 'added.csv' AND c.name = 'Notes'")" "8 unread"
expect_out "changes lists the new column" "new column .*column 8 'Notes' is not read" "$TRDB" changes
is "once" "$(grep -c "new column.*'Notes'" "$OUT")" "1"

expect_exit 1 "a second file with the same column loads, warning again" "$TRDB" ingest added-again.csv
cp "$ERR" again.err
check "which names it" grep -q "added-again.csv: column 'Notes' is not read" again.err
expect_exit 0 "changes since that run" "$TRDB" changes
is "does not list the column again" "$(grep -c "new column" "$OUT")" "0"
expect_exit 0 "changes since the first run" "$TRDB" changes --since 1
is "lists it once in all" "$(grep -c "new column.*'Notes'" "$OUT")" "1"
cp "$OUT" changes.out
check "for the first file that had it" grep -q "new column.*'Notes'.* added.csv" changes.out
check "and the renamed column, for its file" grep -q "new column.*'Users or Accounts'.* renamed.csv" changes.out

# bad input stays bad: without the signature column nothing fits
cut -d, -f1-4,6- "$NEW" >no-signature.csv
expect_err 3 "a file whose key columns do not match fails, naming the header and the closest profile" \
    "no-signature.csv: no format profile matches header 'Period Ending,Country/Region,.*' \(line 1\); the closest is profile 'google-user-data-requests' \([0-9] of [0-9] key columns\), which misses /\^User Data Requests\\$/" \
    "$TRDB" ingest no-signature.csv
check "and is recorded as failed" grep -q "^failed no-signature.csv" "$OUT"
finish
