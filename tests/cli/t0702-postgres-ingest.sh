#!/bin/sh
# trdb ingest on PostgreSQL (a private server, tests/lib/pgcluster.sh) gives
# what it gives on SQLite: the government-request files the SQLite tests
# load (samples, Google, Meta, Microsoft, Twitter fixtures, a generated
# user-data file, a file with rejected rows) and, when ../shared/realdata is
# there, its google/ and meta/ files, are ingested into both, and sorted
# dumps of facts, fact_rows, country_summary, revisions, rejects, the files'
# counts, periods and columns, and the output of the named queries compared
# byte for byte. A rerun says unchanged; a second release changes the
# current facts the same way on both (revisions); --force and --dry-run
# behave as on SQLite; a bad file leaves the others loaded; DSA reports
# (their identification and category records too) load as on SQLite; an app
# list loads beside them (t0706 compares app records); a
# second ingest waits for the advisory lock or exits 4; SIGTERM rolls the
# file under way back (143); a connection lost in the middle of a file, a wrong password or a server that is down exit 3
# without the password in the message.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
. "$TOP/tests/cli/lib-gen.sh"
. "$TOP/tests/lib/pgboth.sh"
pg_start || skip_all "$PG_SKIP"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
unset TRDB_DB
LITE="$WORK/lite.sqlite"

# the government-request files of the SQLite tests
gen_user_data gen.csv 400 1
gen_user_data gen2.csv 400 2
cp "$TOP/data/samples/sample-google-global-user-data-requests.csv" mixed.csv
head -n 2 "$TOP/data/samples/sample-google-global-user-data-requests.csv" | tail -n 1 |
    sed 's/Brazil,BR/Narnia,NA/; s/,3010,/,30x10,/' >>mixed.csv
# a DSA report: its identification (Table 1, records naming the provider) and its orders (Table 3)
mkdir bundle
printf '%s\r\n' 'Applicability,Service,Indicator,Value' \
    'All,Examplo,Name of the service provider,Examplo Europe B.V.' \
    'All,Examplo,Date of the publication of the report,2026/7/30' \
    'All,Examplo,Beginning date of reporting period,2026/1/1' \
    'All,Examplo,Ending date of reporting period,2026-06-30' >bundle/1_report_identification.csv
cp "$TOP/tests/data/dsa/3_member_states_orders.csv" bundle/
# a value with a tab, a backslash and a carriage return travels through COPY intact
printf 'Period Ending,Country/Region,CLDR Territory Code,Legal Process,User Data Requests,Percentage disclosed,Accounts\n2019-06-30,Narnia\\x\tq\r,ZZ,"Sub\\poena\tx",10,50,12\n' >escapes.csv
set -- "$TOP/data/samples/sample-google-global-user-data-requests.csv" \
    "$TOP/data/samples/sample-google-user-data-requests-2018-layout.csv" \
    "$TOP/data/samples/sample-google-usnationalsecurity-fisa-content-requests.csv" \
    "$TOP/data/samples/sample-apple-app_takedown_legal_violation_requests.csv" \
    "$TOP/tests/data/google/removal-requests-requester.csv" \
    "$TOP/tests/data/meta/Facebook-Government-Report-2016-H2.csv" \
    "$TOP/tests/data/microsoft/Microsoft-LERR-2017-H1.csv" \
    "$TOP/tests/data/microsoft/Microsoft-LERR-Jul-Dec-2017.csv" \
    "$TOP/tests/data/twitter/twitter-information-requests-2017-jan-jun.csv" \
    bundle gen.csv mixed.csv escapes.csv
REAL=${REALDATA:-$TOP/../shared/realdata}
if [ -d "$REAL/google" ]; then
    set -- "$@" "$REAL/google" "$REAL/meta"
    [ -d "$REAL/dsa" ] && set -- "$@" "$REAL/dsa"
else
    echo "# no real data at $REAL: the fixtures and generated files only"
fi

both ingest "$@"
same "ingest prints the same lines and exit code on both"
check "(and loaded files)" grep -q '^loaded .*gen.csv' pg.out
check "(some rows were rejected)" grep -q '^loaded .*mixed.csv .*rejected=[1-9]' pg.out
check "(a DSA report's identification loaded)" grep -q '^loaded bundle/1_report_identification.csv' pg.out
check "(and its orders)" grep -q '^loaded bundle/3_member_states_orders.csv' pg.out
is "(under the provider it names)" "$(pg_psql -At -c "SELECT DISTINCT publisher FROM source_files WHERE path LIKE 'bundle/%'")" "Examplo Europe B.V."

# sorted dumps (tests/lib/pgboth.sh): no ids, no timestamps
compare_tables() {
    dump "SELECT * FROM facts"
    same "facts: the same rows ($1)"
    dump "SELECT s.path, f.line, f.request_type, f.country, f.period_start, f.period_end,
                 f.legal_process, f.requester, f.product, f.reason, f.detail, f.subcategory,
                 f.metric, f.value_low, f.value_high, f.value_raw, f.is_aggregate, f.footnote,
                 f.is_current
          FROM fact_rows f JOIN source_files s ON s.id = f.file_id"
    same "fact_rows: the same rows, current the same ($1)"
    dump "SELECT * FROM country_summary"
    same "country_summary: the same rows ($1)"
    dump "SELECT r.kind, r.request_type, r.country, r.period_start, r.period_end, r.legal_process,
                 r.requester, r.product, r.reason, r.subcategory, r.detail, r.metric, r.old_low,
                 r.old_high, r.old_raw, r.new_low, r.new_high, r.new_raw, o.path, r.old_line,
                 n.path, r.new_line
          FROM revisions r JOIN source_files o ON o.id = r.old_file
          JOIN source_files n ON n.id = r.new_file"
    same "revisions: the same rows ($1)"
    dump "SELECT s.path, r.line, r.column_name, r.reason, r.raw
          FROM rejects r JOIN source_files s ON s.id = r.file_id"
    same "rejects: the same rows ($1)"
    dump "SELECT path, sha256, bytes, profile, publisher, rows_loaded, rows_rejected, rows_skipped,
                 facts, coverage_end, content_sha256, part FROM source_files"
    same "source_files: the same files and counts ($1)"
    dump "SELECT s.path, p.period_start, p.period_end FROM file_periods p
          JOIN source_files s ON s.id = p.file_id"
    same "file_periods: the same ($1)"
    dump "SELECT s.path, c.position, c.name, c.status FROM file_columns c
          JOIN source_files s ON s.id = c.file_id"
    same "file_columns: the same ($1)"
    dump "SELECT f.what, f.period_start, f.period_end, f.country, s.path FROM first_seen f
          JOIN source_files s ON s.id = f.file_id"
    same "first_seen: the same ($1)"
    dump "SELECT s.path, n.line, n.request_type, n.country, n.period_start, n.period_end,
                 n.product, n.reason, n.subcategory, n.metric, n.column_name, n.note, n.is_current
          FROM fact_notes n JOIN source_files s ON s.id = n.file_id"
    same "fact_notes: the same ($1)"
    dump "SELECT s.path, r.service, r.provider, r.published_on, r.previous_published_on,
                 r.period_start, r.period_end
          FROM dsa_reports r JOIN source_files s ON s.id = r.file_id"
    same "dsa_reports: the same ($1)"
    dump "SELECT coalesce(s.path, '-') AS path, c.code, c.parent, c.label, c.template_label, c.note
          FROM category_labels c LEFT JOIN source_files s ON s.id = c.file_id"
    same "category_labels: the same ($1)"
    dump "SELECT p.name, d.name, d.in_summary FROM datasets d JOIN publishers p ON p.id = d.publisher_id"
    same "publishers and datasets: the same ($1)"
}
compare_tables "first load"
is "(the summary has rows)" "$(sqlite3 "$LITE" "SELECT count(*) > 10 FROM country_summary")" "1"
is "(escapes kept as written)" "$(pg_psql -At -c "SELECT legal_process FROM fact_rows WHERE legal_process LIKE 'Sub%' LIMIT 1" | od -c | head -n 1)" \
    "$(sqlite3 "$LITE" "SELECT legal_process FROM fact_rows WHERE legal_process LIKE 'Sub%' LIMIT 1" | od -c | head -n 1)"

# the named queries, in every format
while IFS= read -r q; do
    [ -n "$q" ] || continue
    for fmt in csv json table; do
        # shellcheck disable=SC2086
        both query $q --format "$fmt"
        same "query $q --format $fmt: the same on both"
    done
done <<EOQ
summary
summary cc=US
country cc=US
country cc=DE publisher=Google
top
top measure=user_data_accounts limit=3
countries
coverage
sources
revisions
rejects
rejects file=mixed
world
latest-periods
countries-with-data
country-sources cc=US
breakdown cc=US by=legal_process
breakdowns cc=US
breakdowns cc=DE
trend
trend measure=pct_disclosed
compare cc=US,DE,BR
agg axis_x=country axis_y=period measure=pct_disclosed
overview
reconcile
dsa-services
dsa-services period=latest
dsa-orders cc=DE
dsa-orders cc=EU
dsa-notes
dsa-notes cc=DE
EOQ

# a rerun: unchanged, on both
both ingest gen.csv mixed.csv
same "a rerun prints the same on both"
check "(unchanged)" grep -q '^unchanged .*gen.csv' pg.out

# a second release of the generated dataset: same revisions and current facts
both ingest gen2.csv
same "a second release loads the same way"
is "(it restated figures)" "$(pg_psql -At -c "SELECT count(*) > 0 FROM revisions")" "t"
compare_tables "after a second release"
both query changes
same "changes: the same after the second release"

# --force loads a file again, replacing its earlier load; --dry-run writes nothing
both ingest --force gen.csv
same "--force prints the same on both"
compare_tables "after --force"
before=$(pg_psql -At -c "SELECT count(*) FROM ingest_runs")
both ingest --dry-run --force gen2.csv
same "--dry-run prints the same on both"
is "--dry-run records no run" "$(pg_psql -At -c "SELECT count(*) FROM ingest_runs")" "$before"
compare_tables "after --dry-run"

# a bad file fails alone (rolled back in its transaction), the others load
H2='National Security Letter (NSL) number,NSL issue date,FBI release letter date'
printf '%s\nNSL-1,13/04/2019,2020-01-01\nNSL-2,04/13/2019,2020-01-01\n' "$H2" >nsl-both-orders.csv
gen_user_data gen3.csv 50 3
gen_user_data gen3b.csv 50 4
both ingest nsl-both-orders.csv gen3.csv
same "a failing file beside a good one: the same on both"
check "(it failed)" grep -q '^failed .*nsl-both-orders.csv' pg.out
check "(the other loaded)" grep -q '^loaded .*gen3.csv' pg.out
check "(exit 3)" grep -q '^exit 3$' pg.out
is "nothing of the failed file stays" "$(pg_psql -At -c "SELECT count(*) FROM source_files WHERE path LIKE '%nsl-both-orders%'")" "0"
compare_tables "after a failed file"

# an app list beside a government-request file, in one run (t0706 compares app records in depth)
expect_out "an app list loads beside a government-request file" "^loaded .*sample-app-removals.csv" \
    "$TRDB" --db "$PG_URI" ingest "$TOP/data/samples/sample-app-removals.csv" gen3b.csv
check "(the other file of the run loaded)" grep -q '^loaded .*gen3b.csv' "$OUT"
is "(the app list's apps are stored)" "$(pg_psql -At -c "SELECT count(*) > 0 FROM apps")" "t"

# the writers' lock: a second ingest waits, then exits 4
pg_psql -c "SELECT pg_advisory_lock(7310593858020507650)" -c "SELECT pg_sleep(3)" >/dev/null 2>&1 &
holder=$!
sleep 1
expect_err 4 "a second ingest gives up after --wait" "another trdb ingest or fetch is writing postgresql:///trdb.*advisory lock" \
    "$TRDB" --db "$PG_URI" ingest --wait 0.5 gen.csv
expect_out "and one that waits long enough runs" "^unchanged .*gen.csv" \
    "$TRDB" --db "$PG_URI" ingest --wait 20 gen.csv
wait "$holder" || true

# a connection lost in the middle of a file: exit 3 naming the server, the run stops there,
# nothing of the file stays, and the next run marks the lost one
gen_user_data lost.csv 60000 5
gen_user_data gen4.csv 20 6
"$TRDB" --db "$PG_URI" ingest lost.csv gen3b.csv >lost.out 2>lost.err &
ingest=$!
n=0
until [ "$(pg_psql -At -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1953955842")" = 1 ] ||
    [ $n -ge 100 ]; do
    sleep 0.1
    n=$((n + 1))
done
sleep 1
pg_psql -At -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'trdb'" >/dev/null
code=0
wait "$ingest" || code=$?
is "a lost connection exits 3" "$code" "3"
# the server goes away wherever the file is (rows, its scripts, the commit): the message names
# the server whatever the step
check "naming the server" grep -Eq "^trdb: error: (stopping: )?postgresql:///trdb[?]host=[^ ]*: [a-z]" lost.err ||
    sed 's/^/# /' lost.err
check "and the run stopped there" grep -q '^failed lost.csv' lost.out
is "nothing of the file stays" "$(pg_psql -At -c "SELECT count(*) FROM source_files WHERE path = 'lost.csv'")" "0"
expect_out "the next run loads" "^loaded gen4.csv" "$TRDB" --db "$PG_URI" ingest gen4.csv
is "(the lost run has exit code -9)" "$(pg_psql -At -c "SELECT exit_code FROM ingest_runs ORDER BY id DESC OFFSET 1 LIMIT 1")" "-9"

# SIGTERM in the middle of a file: it is rolled back (the statement under way cancelled), the
# run's row says 143, and the file loads next time
"$TRDB" --db "$PG_URI" ingest lost.csv >term.out 2>term.err &
ingest=$!
n=0
until [ "$(pg_psql -At -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1953955842")" = 1 ] ||
    [ $n -ge 100 ]; do
    sleep 0.1
    n=$((n + 1))
done
sleep 1
kill -TERM "$ingest"
code=0
wait "$ingest" || code=$?
is "SIGTERM ends the run with 143" "$code" "143"
check "the file under way was rolled back" grep -q '^interrupted lost.csv' term.out
check "and it says so" grep -q '^trdb: interrupted (SIGTERM): lost.csv rolled back' term.err
is "nothing of it stays" "$(pg_psql -At -c "SELECT count(*) FROM source_files WHERE path = 'lost.csv'")" "0"
is "the run's row says 143" "$(pg_psql -At -c "SELECT exit_code FROM ingest_runs ORDER BY id DESC LIMIT 1")" "143"

# the password is never printed
pg_psql -c "CREATE ROLE trdb_pw LOGIN PASSWORD 'S3cretPw'"
expect_err 3 "a wrong password exits 3" "cannot connect to postgresql://trdb_pw:\*\*\*@" \
    "$TRDB" --db "postgresql://trdb_pw:Wr0ngPw@/trdb?host=$PGHOST" ingest gen.csv
check "without the password" sh -c '! grep -q Wr0ng "$1" "$2"' - "$OUT" "$ERR"
expect_err 3 "a role that may not write exits 3 naming the server" "postgresql://trdb_pw:\*\*\*@/trdb" \
    "$TRDB" --db "postgresql://trdb_pw:S3cretPw@/trdb?host=$PGHOST" ingest gen.csv
check "without the password" sh -c '! grep -q S3cret "$1" "$2"' - "$OUT" "$ERR"
pg_down
expect_err 3 "a server that is down exits 3" "^trdb: error: cannot connect to postgresql:///trdb" \
    "$TRDB" --db "$PG_URI" ingest gen.csv
finish
