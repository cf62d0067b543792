#!/bin/sh
# trdb fetch on PostgreSQL (a private server, tests/lib/pgcluster.sh) does
# what it does on SQLite. The same sources, served locally (tests/fetch/server.py
# with its ETag, and a folder served by Python's http.server with
# Last-Modified: government-request fixtures, a generated file, a file with
# a rejected row, a zip, and the real Google and Meta files of
# ../shared/realdata when they are there) are fetched into SQLite and into
# PostgreSQL, each from a folder of its own with the same landing folder,
# and compared: the lines and exit codes, fetch_state, the files loaded,
# sorted dumps of facts, country_summary and rejects, and named queries'
# output, byte for byte. A second fetch finds nothing new (not-modified; a
# zip, whose members are the files recorded, is downloaded again and its
# members are unchanged, as on SQLite) and, when every source says
# not-modified, starts no run; another landing folder gets every file again
# and loads nothing ('unchanged'); a changed file is fetched and loaded the
# same way on both; a URL with a quote is kept as it is; a 404 and a server
# that is down fail with the same message and exit 3 on both. On
# PostgreSQL the ingest after the downloads holds the writers' advisory
# lock: held by another session (tests/lib/pgsession.sh), fetch exits 4
# (--wait runs out) or waits for it; and a PostgreSQL server that is down is
# exit 3 naming it, without the password.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
. "$TOP/tests/lib/pgboth.sh"
. "$TOP/tests/lib/pgsession.sh"
. "$TOP/tests/cli/lib-gen.sh"
command -v python3 >/dev/null || skip_all "python3 is not installed"
pg_start || skip_all "$PG_SKIP"
unset TRDB_DB
LITE="$WORK/lite.sqlite"

# two HTTP servers: server.py (ETag, /bump changes data.csv) and a folder (Last-Modified)
mkdir www lite pg
python3 "$TOP/tests/fetch/server.py" port 2>server.log &
server=$!
(cd www && exec python3 -u -m http.server --bind 127.0.0.1 0) >www.out 2>www.err &
www=$!
cleanup() {
    pg_session_kill
    kill "$server" "$www" 2>/dev/null || true
    pg_stop
    rm -rf "$WORK"
}
trap cleanup EXIT
n=0
until [ -s port ] && grep -qs "port [0-9]" www.out || [ $n -ge 100 ]; do
    sleep 0.1
    n=$((n + 1))
done
U="http://127.0.0.1:$(cat port)"
W="http://127.0.0.1:$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' www.out | head -n 1)"

# what the folder serves: copies with a fixed time (Last-Modified), the real files linked
for f in google/removal-requests-requester.csv meta/Facebook-Government-Report-2016-H2.csv \
    microsoft/Microsoft-LERR-2017-H1.csv twitter/twitter-information-requests-2017-jan-jun.csv; do
    cp "$TOP/tests/data/$f" www/
done
gen_user_data www/gen.csv 300 1
cp "$TOP/data/samples/sample-google-global-user-data-requests.csv" www/mixed.csv
head -n 2 "$TOP/data/samples/sample-google-global-user-data-requests.csv" | tail -n 1 |
    sed 's/Brazil,BR/Narnia,NA/' >>www/mixed.csv
mkdir zipped
gen_user_data zipped/zipped-user-data.csv 50 7
cp "$TOP/tests/data/microsoft/Microsoft-LERR-Jul-Dec-2017.csv" zipped/
python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for f in sys.argv[2:]:
        z.write(f, f.split("/")[-1])' www/bundle.zip zipped/zipped-user-data.csv zipped/Microsoft-LERR-Jul-Dec-2017.csv
touch -d 2024-01-01T00:00:00Z www/*
REAL=${REALDATA:-$TOP/../shared/realdata}
real=""
if [ -f "$REAL/google/google-user-data-requests_2009-2018H1.csv" ]; then
    for f in google/google-user-data-requests_2009-2018H1.csv \
        google/google-government-removal-requests_2019H1-2025H1.csv meta/Facebook-Government-Report-2013-H1.csv; do
        [ -f "$REAL/$f" ] && ln -s "$REAL/$f" www/ && real="$real ${f#*/}"
    done
else
    echo "# no real data at $REAL: the fixtures and generated files only"
fi

# sources.json: data.csv from server.py, then each NAME from the folder
sources() {
    printf '{"sources": [{"name": "data.csv", "url": "%s/data.csv", "publisher": "Test"}' "$U" >sources.json
    for s in "$@"; do printf ',{"name": "%s", "url": "%s/%s", "publisher": "Test"}' "$s" "$W" "$s" >>sources.json; done
    printf ']}\n' >>sources.json
}
FOLDER="removal-requests-requester.csv Facebook-Government-Report-2016-H2.csv Microsoft-LERR-2017-H1.csv
twitter-information-requests-2017-jan-jun.csv gen.csv mixed.csv bundle.zip$real"
NSRC=$(($(echo "$FOLDER" | wc -w) + 1))
# shellcheck disable=SC2086
sources $FOLDER

# both ARGS...: trdb fetch ARGS on SQLite (in lite/) and on PostgreSQL (in pg/): stdout and exit
# code in lite.out / pg.out, stderr in lite.err / pg.err
both() {
    (cd lite && "$TRDB" --db "$LITE" fetch --sources ../sources.json --landing landing --retries 0 \
        --stall 5 --timeout 30 "$@") >lite.out 2>lite.err || echo "exit $?" >>lite.out
    (cd pg && "$TRDB" --db "$PG_URI" fetch --sources ../sources.json --landing landing --retries 0 \
        --stall 5 --timeout 30 "$@") >pg.out 2>pg.err || echo "exit $?" >>pg.out
}
query() {
    "$TRDB" --db "$LITE" query "$@" >lite.out 2>lite.err || echo "exit $?" >>lite.out
    "$TRDB" --db "$PG_URI" query "$@" >pg.out 2>pg.err || echo "exit $?" >>pg.out
}
FETCH_STATE="SELECT url, etag, last_modified, sha256, path, status FROM fetch_state"
compare_db() {
    dump "$FETCH_STATE"
    same "fetch_state: the same rows ($1)"
    dump "SELECT path, sha256, bytes, profile, publisher, rows_loaded, rows_rejected, rows_skipped,
                 facts, coverage_end, content_sha256, part FROM source_files"
    same "source_files: the same files and counts ($1)"
    dump "SELECT * FROM facts"
    same "facts: the same rows ($1)"
    dump "SELECT * FROM country_summary"
    same "country_summary: the same rows ($1)"
    dump "SELECT s.path, r.line, r.column_name, r.reason, r.raw
          FROM rejects r JOIN source_files s ON s.id = r.file_id"
    same "rejects: the same rows ($1)"
    dump "SELECT files_seen, files_loaded, files_unchanged, files_failed, rows_loaded, rows_rejected,
                 exit_code FROM ingest_runs"
    same "ingest_runs: the same runs ($1)"
    for q in "summary" "country cc=US" "sources" "coverage" "revisions" "rejects" "runs"; do
        # shellcheck disable=SC2086
        query $q --format csv
        same "query $q: the same on both ($1)"
    done
}

both
same "a first fetch prints the same lines and exit code on both"
same "and the same messages" err
check "(it fetched data.csv)" grep -qx "fetched $U/data.csv -> landing/data.csv" pg.out
check "(and loaded it)" grep -qx "loaded landing/data.csv profile=google-user-data-requests rows=22 rejected=0" pg.out
check "(the zip's members loaded)" grep -q "^loaded landing/bundle.zip!zipped-user-data.csv " pg.out
check "(a row was rejected: exit 1)" grep -qx "exit 1" pg.out
is "(every source fetched)" "$(grep -c '^fetched ' pg.out)" "$NSRC"
is "(the landed files are the same)" "$(cd lite/landing && cat ./* | cksum)" "$(cd pg/landing && cat ./* | cksum)"
is "(no partial file is left)" "$(find pg/landing -name '*.part' | wc -l | tr -d ' ')" "0"
compare_db "first fetch"
dump "$FETCH_STATE"
is "(fetch_state has a row per source)" "$(grep -c '^http' pg.out)" "$NSRC"
check "(the ETag is kept)" grep -q '^http://[^,]*/data.csv,"""v1""",' pg.out
check "(and the Last-Modified)" \
    grep -q '^http://[^,]*/gen.csv,,"Mon, 01 Jan 2024 00:00:00 GMT",[0-9a-f]\{64\},landing/gen.csv,new$' pg.out

both
same "a second fetch: the same on both"
is "nothing is new: no source fetched, no file loaded" "$(grep -c '^fetched \|^loaded ' pg.out || true)" "0"
check "(exit 0)" sh -c '! grep -q "^exit" "$1"' - pg.out
check "data.csv is not modified (ETag)" grep -qx "not-modified $U/data.csv -> landing/data.csv" pg.out
check "nor gen.csv (Last-Modified)" grep -qx "not-modified $W/gen.csv -> landing/gen.csv" pg.out
# a zip (its members are the files recorded) is asked for whole again, as on SQLite
check "a zip is downloaded again, the same bytes" grep -qx "same $W/bundle.zip -> landing/bundle.zip" pg.out
check "and its members are unchanged" grep -q "^unchanged landing/bundle.zip!zipped-user-data.csv " pg.out
dump "$FETCH_STATE"
same "fetch_state: the same after the second fetch"
check "(status not modified)" grep -q '/gen.csv,.*,not modified$' pg.out
sources gen.csv mixed.csv twitter-information-requests-2017-jan-jun.csv
runs=$(pg_psql -At -c "SELECT count(*) FROM ingest_runs")
both
same "sources that did not change: the same on both"
is "every one is not modified" "$(grep -c '^not-modified ' pg.out)" "4"
is "and nothing else is printed (exit 0)" "$(wc -l <pg.out | tr -d ' ')" "4"
is "no ingest run on PostgreSQL" "$(pg_psql -At -c "SELECT count(*) FROM ingest_runs")" "$runs"
# shellcheck disable=SC2086
sources $FOLDER

both --landing landing2
same "another landing folder: the same on both"
is "every file is downloaded again" "$(grep -c '^fetched ' pg.out)" "$NSRC"
check "and loads nothing new" sh -c '! grep -q "^loaded " "$1" && grep -q "^unchanged landing2/gen.csv " "$1"' - pg.out
both
same "back to the first landing folder: the same on both"
check "(the bytes there are the same: 'same')" grep -qx "same $W/gen.csv -> landing/gen.csv" pg.out
compare_db "after fetching every file again"

# a changed file: server.py's data.csv (ETag) and one of the folder (Last-Modified)
python3 -c "import urllib.request; urllib.request.urlopen('$U/bump').read()"
gen_user_data www/gen.csv 300 2
touch -d 2024-02-01T00:00:00Z www/gen.csv
both
same "after two files changed: the same on both"
check "(data.csv fetched and loaded)" grep -qx "loaded landing/data.csv profile=google-user-data-requests rows=23 rejected=0" pg.out
check "(gen.csv fetched and loaded)" grep -q "^loaded landing/gen.csv " pg.out
check "(the others not modified)" grep -qx "not-modified $W/mixed.csv -> landing/mixed.csv" pg.out
compare_db "after the changed files"
is "(the new figure is in the summary)" \
    "$(pg_psql -At -c "SELECT low FROM country_summary WHERE country = 'JP' AND measure = 'user_data_requests' AND period_end = '2021-12-31'")" "70"

# a URL with a quote travels as a value
printf '{"sources": [{"name": "quoted.csv", "url": "%s/data.csv?o'"'"'brien=1;--", "publisher": "Test"}]}\n' "$U" >sources.json
both
same "a URL with a quote: the same on both"
check "(fetched, the bytes already loaded)" grep -q "^unchanged landing/quoted.csv " pg.out
is "(its fetch_state row)" "$(pg_psql -At -c "SELECT count(*) FROM fetch_state WHERE url = '$U/data.csv?o''brien=1;--' AND status = 'new'")" "1"

# failures: a 404 beside a good source, then the folder's server down
sources missing.csv
both
same "a 404: the same lines and exit code on both"
same "and the same message" err
check "(exit 3)" grep -qx "exit 3" pg.out
check "(failed)" grep -qx "failed $W/missing.csv -> landing/missing.csv" pg.out
check "(naming the answer)" grep -qx "trdb: error: $W/missing.csv: the server answered HTTP 404" pg.err
check "(and no file)" test ! -e pg/landing/missing.csv
kill "$www"
wait "$www" 2>/dev/null || true
# shellcheck disable=SC2086
sources $FOLDER
both
same "a server that is down: the same lines and exit code on both"
same "and the same messages" err
check "(exit 3)" grep -qx "exit 3" pg.out
check "(data.csv is still not modified)" grep -qx "not-modified $U/data.csv -> landing/data.csv" pg.out
check "(gen.csv failed)" grep -qx "failed $W/gen.csv -> landing/gen.csv" pg.out
check "(saying why)" grep -q "^trdb: error: $W/gen.csv: .*onnect" pg.err
dump "$FETCH_STATE"
same "fetch_state: the same after the failures"
check "(the folder's sources are marked failed, what was known kept)" grep -q "gen.csv,,\"Thu, 01 Feb 2024 00:00:00 GMT\",[0-9a-f]*,landing/gen.csv,failed$" pg.out

# the writers' lock: the ingest after the downloads waits for it, or exits 4
sources
pg_session_open
pg_session "SELECT pg_advisory_lock(7310593858020507650);"
check "(another session holds the writers' lock)" pg_poll "SELECT count(*) = 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid)
    WHERE a.application_name = 'trdb_test_session' AND l.locktype = 'advisory' AND l.objid = 1953955842 AND l.granted"
rm pg/landing/data.csv
expect_err 4 "a fetch whose ingest cannot take the lock exits 4" \
    "^trdb: error: another trdb ingest or fetch is writing postgresql:///trdb.*advisory lock 7310593858020507650.*--wait" \
    sh -c 'cd pg && exec "$@" 9>&-' - "$TRDB" --db "$PG_URI" fetch --sources ../sources.json --landing landing --wait 0.3
check "(after it downloaded)" grep -qx "fetched $U/data.csv -> landing/data.csv" "$OUT"
rm pg/landing/data.csv
(cd pg && exec "$TRDB" --db "$PG_URI" fetch --sources ../sources.json --landing landing --wait 60) \
    >wait.out 2>wait.err 9>&- &
fetcher=$!
n=0
until grep -q "^fetched " wait.out || [ $n -ge 300 ]; do
    sleep 0.1
    n=$((n + 1))
done
check "one with --wait downloads first" grep -qx "fetched $U/data.csv -> landing/data.csv" wait.out
check "(and waits: it has not ingested)" sh -c '! grep -q "^unchanged" "$1"' - wait.out
pg_session "SELECT pg_advisory_unlock(7310593858020507650);"
code=0
wait "$fetcher" || code=$?
is "then, once the lock is free, ingests (exit 0)" "$code" "0"
check "(the file unchanged)" grep -qx "unchanged landing/data.csv profile=google-user-data-requests rows=23 rejected=0" wait.out
pg_session_close

# a PostgreSQL server that is down: exit 3 naming it, the password nowhere
pg_down
expect_err 3 "a PostgreSQL server that is down exits 3 naming it" "^trdb: error: cannot connect to postgresql:///trdb" \
    sh -c 'cd pg && exec "$@"' - "$TRDB" --db "$PG_URI" fetch --sources ../sources.json --landing landing
expect_err 3 "without the password" "^trdb: error: cannot connect to postgresql://trdb:\*\*\*@" \
    sh -c 'cd pg && exec "$@"' - "$TRDB" --db "postgresql://trdb:S3cretPw@/trdb?host=$PGHOST" fetch --sources ../sources.json --landing landing
check "(it is not printed)" sh -c '! grep -q S3cret "$1" "$2"' - "$OUT" "$ERR"
finish
