#!/bin/sh
# A new release of a dataset restates old figures: its figures replace the
# older release's, every changed or vanished figure is a revision, and
# 'trdb changes' shows new periods, new countries and restatements. The older
# release is made from the real file: a few figures edited, the latest
# period dropped, one row the newer release does not have.
. "$(dirname "$0")/../cli/lib.sh"
NEW="$REALDATA/google/user-data-2023-10/google-global-user-data-requests.csv"
[ -f "$NEW" ] || skip_all "no real data at $NEW"

awk -F, 'BEGIN { OFS = "," }
    $1 == "2022-12-31" { next }                                            # the latest period is new
    $1 == "2020-12-31" && $2 == "United States" && $4 == "Search Warrants" { $5 = 18000 }
    $1 == "2021-06-30" && $2 == "Germany" && $4 == "Other Legal Requests" { $5 = 22000; $7 = 32000 }
    $1 == "2019-12-31" && $2 == "France" && $4 == "Other Legal Requests" { $6 = 80 }
    { print }
    $1 == "2020-12-31" && $2 == "United States" && $4 == "Wiretap Orders" { print "2020-12-31,United States,US,Roving Wiretap Orders,3,100,3" }
    ' "$NEW" >google-user-data-requests-2022H2-release-edited.csv
mkdir -p releases/2022-H1 releases/2022-H2
OLD=releases/2022-H1/google-global-user-data-requests.csv
mv google-user-data-requests-2022H2-release-edited.csv "$OLD"
cp "$NEW" releases/2022-H2/google-global-user-data-requests.csv
NEWCOPY=releases/2022-H2/google-global-user-data-requests.csv
# countries whose first half-year is the newer release's last one
new_countries=$(awk -F, 'NR > 1 && $1 == "2022-12-31" { print $2 }' "$NEW" | sort -u >new.list;
    awk -F, 'NR > 1 && $1 != "2022-12-31" { print $2 }' "$NEW" | sort -u >old.list;
    comm -23 new.list old.list | wc -l | tr -d ' ')

expect_exit 0 "the older release loads" "$TRDB" ingest "$OLD"
summary() { sql "SELECT low FROM country_summary WHERE country = '$1' AND period_end = '$2' AND measure = '$3'"; }
is "its edited figure is in the summary" "$(summary US 2020-12-31 user_data_requests)" "$((39054 - 18349 + 18000 + 3))"
expect_exit 0 "the newer release loads" "$TRDB" ingest "$NEWCOPY"
run=$(sql "SELECT max(id) FROM ingest_runs")

is "country_summary shows the newer value (US 2020-H2)" "$(summary US 2020-12-31 user_data_requests)" "39054"
is "and the newer value for Germany 2021-H1" "$(summary DE 2021-06-30 user_data_requests)" \
    "$(awk -F, '$1 == "2021-06-30" && $3 == "DE" && $4 != "Preservation Requests" { s += $5 } END { print s }' "$NEW")"
is "and the newest period" "$(summary US 2022-12-31 user_data_requests)" "55318"
is "facts show only the newer release's figure" \
    "$(sql "SELECT value_low FROM facts WHERE country = 'US' AND period_end = '2020-12-31' AND legal_process = 'Search Warrants' AND metric = 'requests' AND dataset = 'user-data-requests'")" "18349"
is "the older release's rows are all kept" \
    "$(sql "SELECT count(*) FROM fact_rows f JOIN source_files s ON s.id = f.file_id WHERE s.path = '$OLD'")" \
    "$(sql "SELECT facts FROM source_files WHERE path = '$OLD'")"

rev() { sql "SELECT kind || ' ' || coalesce(old_low, 'null') || ' -> ' || coalesce(new_low, 'null') FROM revision_list WHERE country = '$1' AND period_end = '$2' AND coalesce(legal_process, '') = '$3' AND metric = '$4'"; }
is "the restated US search warrants are a revision" "$(rev US 2020-12-31 'Search Warrants' requests)" "changed 18000 -> 18349"
is "Germany's requests" "$(rev DE 2021-06-30 'Other Legal Requests' requests)" "changed 22000 -> 22289"
is "and its accounts" "$(rev DE 2021-06-30 'Other Legal Requests' accounts)" "changed 32000 -> 32688"
is "France's percentage" "$(rev FR 2019-12-31 'Other Legal Requests' pct_disclosed)" "changed 80 -> 81"
is "a figure the newer release dropped is recorded as vanished" \
    "$(rev US 2020-12-31 'Roving Wiretap Orders' requests)" "vanished 3 -> null"
is "nothing else is a revision (4 changed, 3 vanished)" \
    "$(sql "SELECT group_concat(kind || '=' || n) FROM (SELECT kind, count(*) AS n FROM revisions GROUP BY kind ORDER BY kind)")" \
    "changed=4,vanished=3"
is "revisions name both files and lines" \
    "$(sql "SELECT old_file || ':' || old_line || ' ' || new_file || ':' || new_line FROM revision_list WHERE country = 'US' AND legal_process = 'Search Warrants' AND metric = 'requests'")" \
    "$OLD:2449 $NEWCOPY:2449"
is "and the run that brought them" "$(sql "SELECT DISTINCT run FROM revisions")" "$run"

expect_exit 0 "trdb changes --since the newer run" "$TRDB" changes --since "$run" --format csv
tr -d '\r' <"$OUT" >changes.csv
is "it shows the new period" "$(grep -c "^$run,new period,Google,user-data-requests,,2022-07-01,2022-12-31," changes.csv)" "1"
is "the restatements" "$(grep -c "^$run,restated,Google,user-data-requests," changes.csv)" "4"
is "the dropped figures" "$(grep -c "^$run,dropped,Google,user-data-requests," changes.csv)" "3"
is "and the countries first seen in it" "$(grep -c "^$run,new country,Google,user-data-requests," changes.csv)" "$new_countries"
check "a restatement shows old and new values" grep -q "^$run,restated,Google,user-data-requests,US,2020-07-01,2020-12-31,requests Search Warrants,18000,18000,18349,18349," changes.csv
expect_out "without --since it shows the latest run that loaded" "restated" "$TRDB" changes

# an older release arriving after the newer changes nothing and records nothing
"$TRDB" --db late.sqlite ingest "$NEWCOPY" >/dev/null
before=$("$TRDB" --db late.sqlite sql --format csv "SELECT * FROM country_summary")
"$TRDB" --db late.sqlite ingest "$OLD" >/dev/null
is "an older release loaded later leaves the summary as it was" \
    "$("$TRDB" --db late.sqlite sql --format csv "SELECT * FROM country_summary")" "$before"
is "and makes no revision" "$("$TRDB" --db late.sqlite sql --format csv "SELECT count(*) FROM revisions" | tail -n 1 | tr -d '\r')" "0"
# --force on a release that has revisions loads it again and records them again
expect_exit 0 "--force on the newer release" "$TRDB" ingest --force "$NEWCOPY"
check "loads it" grep -q "^loaded $NEWCOPY " "$OUT"
is "its revisions are recorded once again, not twice" \
    "$(sql "SELECT group_concat(kind || '=' || n) FROM (SELECT kind, count(*) AS n FROM revisions GROUP BY kind ORDER BY kind)")" \
    "changed=4,vanished=3"
is "and the summary is still the newer one" "$(summary US 2020-12-31 user_data_requests)" "39054"
force_run=$(sql "SELECT max(id) FROM ingest_runs")
"$TRDB" changes --since "$force_run" --format csv >forced.csv
is "after --force, changes does not call old periods new" "$(grep -c ',new period,' forced.csv)" "0"
is "nor old countries" "$(grep -c ',new country,' forced.csv)" "0"

# small releases: a key the older release repeats, three releases in a row
H='Period Ending,Country/Region,CLDR Territory Code,Legal Process,User Data Requests,Percentage disclosed,Accounts'
printf '%s\n2020-06-30,Germany,DE,Subpoenas,10,50,10\n2020-06-30,Germany,DE,Subpoenas,10,50,10\n' "$H" >r1.csv
printf '%s\n2020-06-30,Germany,DE,Subpoenas,10,50,10\n2020-06-30,Germany,DE,Subpoenas,11,50,10\n2020-12-31,Germany,DE,Subpoenas,20,50,20\n' "$H" >r2.csv
printf '%s\n2020-06-30,Germany,DE,Subpoenas,12,50,10\n2020-12-31,Germany,DE,Subpoenas,21,50,20\n2021-06-30,Germany,DE,Subpoenas,30,50,30\n' "$H" >r3.csv
for r in r1 r2 r3; do "$TRDB" --db small.sqlite ingest "$r.csv" >/dev/null; done
ssql() { "$TRDB" --db small.sqlite sql --format csv "$1" | tail -n +2 | tr -d '\r'; }
is "a repeated key is paired in order: one restatement, not two" \
    "$(ssql "SELECT count(*) FROM revision_list WHERE old_file = 'r1.csv' AND metric = 'requests'")" "1"
is "three releases: each restates the one before" \
    "$(ssql "SELECT group_concat(old_file || '>' || new_file || ':' || old_low || '>' || coalesce(new_low, 'gone'), ' ') FROM (SELECT * FROM revision_list WHERE metric = 'requests' ORDER BY run, period_end, old_line)")" \
    "r1.csv>r2.csv:10>11 r2.csv>r3.csv:10>12 r2.csv>r3.csv:11>gone r2.csv>r3.csv:20>21"
is "and the summary is the newest's" \
    "$(ssql "SELECT group_concat(low, ' ') FROM (SELECT low FROM country_summary WHERE measure = 'user_data_requests' ORDER BY period_end)")" "12 21 30"
finish
