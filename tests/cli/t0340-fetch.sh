#!/bin/sh
# trdb fetch against a local HTTP server: a new download is written whole and
# ingested; a second fetch asks with If-None-Match and gets 304; a changed file
# is fetched and ingested again; 404, a stalled server, a cut body and an
# oversized file fail cleanly, leave no partial file, and exit 3; a 503 is retried.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip_all "python3 is not installed"

python3 "$TOP/tests/fetch/server.py" port 2>server.log &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
PORT=$(cat port)
U="http://127.0.0.1:$PORT"
sources() {
    printf '{"sources": [' >sources.json
    sep=""
    for s in "$@"; do printf '%s{"name": "%s", "url": "%s/%s", "publisher": "Test"}' "$sep" "$s" "$U" "$s" >>sources.json; sep=","; done
    printf ']}\n' >>sources.json
}
fetch() { "$TRDB" fetch --sources sources.json --landing landing --retries 2 --backoff 0.2 --stall 2 --timeout 20 "$@"; }

sources data.csv
expect_exit 0 "a first fetch downloads and ingests" fetch
cp "$OUT" first.out
check "it says fetched" grep -q "^fetched $U/data.csv -> landing/data.csv$" first.out
check "then the ingest line" grep -q "^loaded landing/data.csv profile=google-user-data-requests rows=22 rejected=0$" first.out
check "the landed file is the server's" cmp -s landing/data.csv "$TOP/data/samples/sample-google-global-user-data-requests.csv"
is "no partial file is left" "$(ls -A landing | grep -c part)" "0"
is "the ETag is remembered" "$(sql "SELECT etag FROM fetch_state")" '"v1"'

expect_exit 0 "a second fetch" fetch
check "is answered 304 and ingests nothing" grep -qx "not-modified $U/data.csv -> landing/data.csv" "$OUT"
is "nothing more was loaded" "$(sql "SELECT count(*) FROM source_files")" "1"

curl -s "$U/bump" >/dev/null 2>&1 || python3 -c "import urllib.request; urllib.request.urlopen('$U/bump').read()"
expect_exit 0 "after the file changed, a fetch gets it" fetch
cp "$OUT" third.out
check "fetched again" grep -q "^fetched $U/data.csv" third.out
check "and ingested" grep -q "^loaded landing/data.csv profile=google-user-data-requests rows=23 rejected=0$" third.out
is "the new figure is in the summary" "$(sql "SELECT low FROM country_summary WHERE country = 'JP' AND measure = 'user_data_requests'")" "70"
is "each fetch that had something to ingest is an ingest run (a 304 is not)" "$(sql "SELECT count(*) FROM ingest_runs")" "2"

sources missing.csv
expect_exit 3 "a 404 fails with exit 3" fetch
expect_err 3 "naming the answer" "missing.csv: the server answered HTTP 404" fetch
check "and leaves no file" test ! -e landing/missing.csv

sources truncated.csv
expect_exit 3 "a body cut short fails, after retries" fetch
expect_err 3 "saying so" "truncated.csv: .*(Transferred a partial file|partial)" fetch
check "no partial file stays" sh -c "! ls -A landing | grep -q truncated"

sources slow.csv
expect_exit 3 "a stalled server is given up" fetch --retries 0
expect_err 3 "with a timeout" "slow.csv: .*(Timeout|timed out)" fetch --retries 0

sources big.csv
expect_exit 3 "a file over the size cap is refused" fetch --max-bytes 1000
expect_err 3 "naming the cap" "big.csv: larger than the cap of 1000 bytes" fetch --max-bytes 1000
check "and not kept" test ! -e landing/big.csv

sources flaky.csv
expect_exit 0 "a 503 is retried until it works" fetch --retries 3
check "and fetched" grep -q "^fetched $U/flaky.csv" "$OUT"

sources data.csv missing.csv
expect_exit 3 "one failure among good sources exits 3" fetch
check "the good one is still handled" grep -q "not-modified $U/data.csv" "$OUT"
sources data.csv
rm landing/data.csv
expect_exit 0 "a landed file deleted by hand" fetch
check "is fetched whole again, not asked for as unmodified" grep -q "^same $U/data.csv -> landing/data.csv$\|^fetched $U/data.csv" "$OUT"
check "and is there" test -s landing/data.csv
expect_exit 0 "another landing folder" fetch --landing landing2
check "gets the file too" test -s landing2/data.csv

# a download whose ingest failed is fetched and ingested again next time
printf '{"sources": [{"name": "nothing-reads-this.csv", "url": "%s/other.csv", "publisher": "Test", "profile": "no-such-profile"}]}\n' "$U" >sources.json
expect_exit 3 "a source naming an unknown profile fails" fetch --landing landing3
expect_err 3 "saying so" "no profile named 'no-such-profile'" fetch --landing landing3
check "and the next fetch does not call it not-modified" sh -c "! grep -q '^not-modified' '$OUT'"
finish
