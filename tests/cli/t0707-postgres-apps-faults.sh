#!/bin/sh
# Bad input and faults for app records on PostgreSQL (a private server,
# tests/lib/pgcluster.sh), beside what SQLite does with the same input
# (exit codes, the per-file lines and messages, rejects, and sorted dumps of
# the app tables and rollups, as t0706 compares them):
#  - drifted removal lists: columns reordered, renamed in another case, one
#    renamed to a name the profile does not take, an extra column,
#    Windows-1252 with CRLF (then --force --encoding), a byte order mark,
#    invalid UTF-8, blank and unknown storefronts, undated and repeated rows,
#    a last row cut short; captures that failed, a line that is not JSON,
#    invalid UTF-8 in a JSON string, a repeated capture, a truncated last
#    line, a byte order mark with CRLF;
#  - a 50 MB app name (CSV) and capture line (JSON Lines): a reject naming
#    file and line, the rest loaded; a name just under the cap full of what
#    COPY escapes;
#  - kill -9 during the COPY of a big list, and while it waits in its rollups
#    (a lock held by another session keeps it there, so the moment is known):
#    nothing of it stays, the advisory lock goes with its session (from
#    PostgreSQL 14 within seconds, even while the statement still waits), a
#    rerun loads it and the rollups equal a recount;
#  - SIGTERM during a list after two files: exit 143, those two stay, as on
#    SQLite;
#  - the server ending trdb's session during a list: exit 3, the server named
#    without the password, nothing of the file;
#  - a capture file killed after it made the partitions of its new months:
#    they go with the rollback, and its rerun makes them.
# The big list has 60,000 rows: enough for several COPYs, small enough to
# load twice within the test's time on a busy machine.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
. "$TOP/tests/lib/pgboth.sh"
pg_start || skip_all "$PG_SKIP"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
command -v iconv >/dev/null || skip_all "iconv is not installed"
unset TRDB_DB
LITE="$WORK/lite.sqlite"
H='app_id,bundle_id,app_name,developer,category,storefront,removed_on,reason,source_url'
PW_URI="postgresql://trdb:Pw0rdXyz@/trdb?host=$PGHOST"
# PostgreSQL 14 and later end a session whose client is gone while its statement runs
CHECKS_CLIENT=$(pg_psql -At -c "SELECT (current_setting('server_version_num')::int >= 140000)::int")

# background processes (trdb, a session holding a lock) end with the test, however it ends
BG=""
cleanup() {
    for p in $BG; do kill -9 "$p" 2>/dev/null || true; done
    pg_stop
    chmod -R u+w "$WORK" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

# both, dump and same_app_tables: tests/lib/pgboth.sh; same (which also compares stderr) is this test's
# lite.out and pg.out the same (but for times); with a second argument, lite.err and pg.err too
same() {
    for f in lite.out pg.out; do
        sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g' "$f" >"$f.t" && mv "$f.t" "$f"
    done
    if ! cmp -s lite.out pg.out; then
        _result no "$1" "$(diff lite.out pg.out | head -n 10)"
    elif [ $# -gt 1 ] && ! cmp -s lite.err pg.err; then
        _result no "$1" "$(diff lite.err pg.err | head -n 10)"
    else
        _result ok "$1"
    fi
}
compare_apps() { same_app_tables "$1"; }
pg_one() {
    pg_psql -At -c "$1"
}
# Everything an ingest may write on PostgreSQL but the runs, and the partitions: the same
# before a file that fails and after it.
pg_state() {
    for t in apps app_removals app_observations source_files rejects file_columns datasets \
        publishers app_removal_months app_removal_categories app_removal_files \
        app_observation_files country_summary app_rollup_stale; do
        pg_psql -At -c "SELECT '$t', x::text FROM $t x ORDER BY 2"
    done
    partitions
}
partitions() {
    pg_psql -At -c "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                    WHERE i.inhparent = 'app_observations'::regclass ORDER BY 1"
}
# Wait until the statement prints t, up to $2 tenths of a second (default 30 s); 1 if it never did.
pg_until() {
    n=0
    until [ "$(pg_psql -At -c "$1" 2>/dev/null)" = t ]; do
        n=$((n + 1))
        [ "$n" -le "${2:-300}" ] || return 1
        sleep 0.1
    done
}
COPYING="SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'trdb'
                        AND query LIKE 'COPY pg_temp.app_stage%')"
WAITING="SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'trdb'
                        AND wait_event_type = 'Lock' AND query LIKE '%app_removal_months%')"
GONE="SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = 'trdb')
         AND NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'
                         AND classid = 1702130273 AND objid = 1953955842)"
# Another session holds app_removal_months, which rollup.sql writes after apps.sql and
# derive.sql: an ingest waits there, its file's rows (and partitions) made, until unblock.
block() {
    pg_psql -c "SET application_name = 'blocker'" -c "BEGIN" \
        -c "LOCK TABLE app_removal_months IN ACCESS EXCLUSIVE MODE" -c "SELECT pg_sleep(300)" \
        >/dev/null 2>&1 &
    blocker=$!
    BG="$BG $blocker"
    check "(another session holds app_removal_months)" \
        pg_until "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                  WHERE a.application_name = 'blocker' AND l.granted
                  AND l.relation = 'app_removal_months'::regclass)"
}
unblock() {
    pg_one "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'blocker'" >/dev/null
    wait "$blocker" 2>/dev/null || true
}
# The rows a rollup has that a recount from app_removals lacks, and the other way round
# (t0430's recount_diff and summary_diff on PostgreSQL): empty when they agree.
pg_recount() {
    pg_psql -At -c "
        WITH m AS (SELECT storefront, coalesce(substr(removed_on, 1, 7), '(date unknown)') AS grp,
                          count(DISTINCT app) AS apps, count(*) AS removals,
                          min(removed_on) AS f, max(removed_on) AS l
                   FROM app_removals WHERE kind = 'removed' GROUP BY 1, 2),
             k AS (SELECT storefront, grp, apps, removals, first_removed_on, last_removed_on
                   FROM app_removal_months)
        SELECT 'months+ ' || x::text FROM (SELECT * FROM k EXCEPT SELECT * FROM m) x
        UNION ALL SELECT 'months- ' || x::text FROM (SELECT * FROM m EXCEPT SELECT * FROM k) x" \
        -c "
        WITH c AS (SELECT r.storefront, coalesce(a.category, '(no category)') AS grp,
                          count(DISTINCT r.app) AS apps, min(r.removed_on) AS f, max(r.removed_on) AS l
                   FROM app_removals r JOIN apps a ON a.id = r.app
                   WHERE r.kind = 'removed' GROUP BY 1, 2),
             k AS (SELECT storefront, grp, apps, first_removed_on, last_removed_on
                   FROM app_removal_categories)
        SELECT 'categories+ ' || x::text FROM (SELECT * FROM k EXCEPT SELECT * FROM c) x
        UNION ALL SELECT 'categories- ' || x::text FROM (SELECT * FROM c EXCEPT SELECT * FROM k) x" \
        -c "
        WITH f AS (SELECT storefront, file_id, count(*) AS n FROM app_removals GROUP BY 1, 2)
        SELECT 'files+ ' || x::text FROM (SELECT * FROM app_removal_files EXCEPT SELECT * FROM f) x
        UNION ALL SELECT 'files- ' || x::text FROM (SELECT * FROM f EXCEPT SELECT * FROM app_removal_files) x" \
        -c "
        WITH o AS (SELECT storefront, file_id, count(*) AS n FROM app_observations GROUP BY 1, 2)
        SELECT 'obs+ ' || x::text FROM (SELECT * FROM app_observation_files EXCEPT SELECT * FROM o) x
        UNION ALL SELECT 'obs- ' || x::text FROM (SELECT * FROM o EXCEPT SELECT * FROM app_observation_files) x" \
        -c "
        WITH s AS (SELECT r.storefront AS country,
                          substr(r.removed_on, 1, 4) || CASE WHEN substr(r.removed_on, 6, 2) <= '06'
                              THEN '-01-01' ELSE '-07-01' END AS period_start,
                          substr(r.removed_on, 1, 4) || CASE WHEN substr(r.removed_on, 6, 2) <= '06'
                              THEN '-06-30' ELSE '-12-31' END AS period_end,
                          st.publisher, count(DISTINCT r.app) AS apps, count(*) AS n
                   FROM app_removals r JOIN apps a ON a.id = r.app JOIN stores st ON st.store = a.store
                   WHERE r.kind = 'removed' AND r.removed_on IS NOT NULL GROUP BY 1, 2, 3, 4),
             k AS (SELECT country, period_start, period_end, publisher, low, n_facts
                   FROM country_summary WHERE measure = 'apps_removed_observed' AND low = high)
        SELECT 'summary+ ' || x::text FROM (SELECT * FROM k EXCEPT SELECT * FROM s) x
        UNION ALL SELECT 'summary- ' || x::text FROM (SELECT * FROM s EXCEPT SELECT * FROM k) x
        UNION ALL SELECT 'summary low != high ' || count(*) FROM country_summary
        WHERE measure = 'apps_removed_observed' AND low IS DISTINCT FROM high HAVING count(*) > 0"
}

# A removal list of seven rows, app ids $1 followed by a digit: accents Windows-1252 has, a
# comma in a quoted name, an app removed in two storefronts.
base_list() {
    echo "$H"
    echo "${1}1,org.example.cafe,Café Menü,Éditions Müller,Food & Drink,CN,2021-03-01,legal violation,https://example.org/r/${1}1"
    echo "${1}2,org.example.news,\"News, Daily\",Example Média,News,CN,2021-03-01,,"
    echo "${1}3,org.example.vpn,Señor VPN,Example Privacy,Utilities,RU,2021-04-15,government request,"
    echo "${1}4,org.example.game,Jeu « Dragon »,Studio Lumière,Games,CN,2020-12-31,unlicensed game,"
    echo "${1}5,org.example.chat,Chat Ærø,Example Co,Social Networking,US,2022-01-10,platform policy violation,"
    echo "${1}3,org.example.vpn,Señor VPN,Example Privacy,Utilities,CN,2021-05-02,legal violation,"
    echo "${1}6,org.example.plain,Plain App,Example Co,Utilities,DE,2021-06-30,,"
}
# CSV on stdin with its columns in the order $1 (1-based, comma-separated); a quoted field
# (without line breaks) stays whole.
reorder() {
    LC_ALL=C awk -v order="$1" '
    function split_csv(s, f,    n, q, i, c, cur) {
        n = 0; q = 0; cur = ""
        for (i = 1; i <= length(s); i++) {
            c = substr(s, i, 1)
            if (c == "\"") q = !q
            if (c == "," && !q) { f[++n] = cur; cur = "" } else cur = cur c
        }
        f[++n] = cur
        return n
    }
    { split_csv($0, f); m = split(order, o, ","); line = f[o[1]]
      for (i = 2; i <= m; i++) line = line "," f[o[i]]
      print line }'
}
crlf() {
    LC_ALL=C awk '{ printf "%s\r\n", $0 }'
}

both init
check "(init on both)" sh -c '! grep -q "^exit" lite.out pg.out'

# --- 1. drifted lists and captures, one file a run
base_list 91100000 | reorder 6,7,3,1,5,4,2,9,8 >drift-reordered.csv
both ingest drift-reordered.csv
same "columns in another order: the same lines, exit code and messages" err
check "(loaded, every row)" grep -q '^loaded drift-reordered.csv profile=trdb-removal-list rows=7 rejected=0$' pg.out
is "(each value in its place)" \
    "$(pg_one "SELECT a.name || '|' || a.developer || '|' || r.storefront || '|' || r.removed_on || '|' || r.reason
               FROM apps a JOIN app_removals r ON r.app = a.id WHERE a.app_id = '911000001'")" \
    "Café Menü|Éditions Müller|CN|2021-03-01|legal violation"

base_list 91200000 | sed '1s/.*/APP_ID,Bundle_ID,App_Name,Developer,CATEGORY, Storefront ,Removed_On,Reason,Source_URL/' \
    >drift-case.csv
both ingest drift-case.csv
same "column names in other cases and padded: the same" err
check "(the profile takes them)" grep -q '^loaded drift-case.csv .* rows=7 rejected=0$' pg.out

base_list 91300000 | sed '1s/removed_on/removal_date/' >drift-renamed.csv
both ingest drift-renamed.csv
same "a column renamed to a name the profile does not take: the same" err
check "(the file fails, exit 3)" grep -q '^exit 3$' pg.out
check "(saying which column the closest profile misses)" grep -q "drift-renamed.csv: no format profile matches.*misses /\^removed_on\$/" pg.err

base_list 91400000 | LC_ALL=C awk 'NR == 1 { print "notes," $0; next } { print "\"a note, " NR "\"," $0 }' >drift-extra.csv
both ingest drift-extra.csv
same "an extra column: the same" err
check "(a warning)" grep -q "column 'notes' is not read by profile 'trdb-removal-list'" pg.err
check "(exit 1)" grep -q '^exit 1$' pg.out
check "(every row)" grep -q '^loaded drift-extra.csv .* rows=7 rejected=0$' pg.out

base_list 91500000 | iconv -f UTF-8 -t WINDOWS-1252 | crlf >drift-cp1252.csv
both ingest drift-cp1252.csv
same "Windows-1252 with CRLF, read as UTF-8: the same rejects and hint" err
check "(the rows with accents are rejected)" grep -q '^loaded drift-cp1252.csv .* rows=1 rejected=6$' pg.out
check "(the hint says what to do)" grep -q 'drift-cp1252.csv: hint: the file may not be UTF-8' pg.err
both ingest --force --encoding WINDOWS-1252 drift-cp1252.csv
same "and again with --force --encoding WINDOWS-1252: the same" err
check "(now every row)" grep -q '^loaded drift-cp1252.csv .* rows=7 rejected=0$' pg.out
is "(the names are UTF-8 now)" "$(pg_one "SELECT name FROM apps WHERE app_id = '915000004'")" "Jeu « Dragon »"

{ printf '\357\273\277'; base_list 91600000; } >drift-bom.csv
both ingest drift-bom.csv
same "a UTF-8 byte order mark: the same" err
is "(the first app id is read without it)" "$(pg_one "SELECT count(*) FROM apps WHERE app_id = '916000001'")" "1"

{
    echo "$H"
    printf '917000001,org.example.bad,Bad\377Name,Example Co,Games,CN,2021-01-05,,\n'
    echo '917000002,org.example.blank,Blank Storefront,Example Co,Games,,2021-01-05,,'
    echo '917000003,org.example.xx,Unknown Code,Example Co,Games,XX,2021-01-05,,'
    echo '917000004,org.example.named,Named Storefront,Example Co,Games,China mainland,2021-01-05,,'
    echo '917000005,org.example.undated,Undated,Example Co,News,CN,,,'
    echo '917000005,org.example.undated,Undated,Example Co,News,CN,,,'
    echo '917000006,org.example.twice,Twice,Example Co,News,CN,2021-01-06,legal violation,'
    echo '917000006,org.example.twice,Twice,Example Co,News,CN,2021-01-06,legal violation,'
    echo '917000007,org.example.narnia,Narnia,Example Co,News,Narnia,2021-01-06,,'
    printf '917000008,org.example.cut,Cut Short,Example Co,Gam'
} >drift-rows.csv
both ingest drift-rows.csv
same "invalid UTF-8, blank and unknown storefronts, undated and repeated rows, a cut last row: the same" err
check "(each bad row is a reject)" grep -q '^loaded drift-rows.csv .* rows=5 rejected=5$' pg.out
check "(invalid UTF-8 is named)" grep -q 'drift-rows.csv:2: rejected: invalid UTF-8 in field 3 at byte 4' pg.err
check "(a blank storefront)" grep -q "drift-rows.csv:3: rejected: no storefront in 'storefront'" pg.err
check "(an unknown code)" grep -q "drift-rows.csv:4: rejected: unknown country 'XX' in 'storefront'" pg.err
check "(the cut last row)" grep -q "drift-rows.csv:11: rejected: expected 9 fields" pg.err
is "(a storefront by name)" "$(pg_one "SELECT r.storefront FROM app_removals r JOIN apps a ON a.id = r.app WHERE a.app_id = '917000004'")" "CN"
is "(an undated removal listed twice: one, undated)" \
    "$(pg_one "SELECT count(*) || '|' || coalesce(min(r.removed_on), 'null') FROM app_removals r JOIN apps a ON a.id = r.app WHERE a.app_id = '917000005'")" \
    "1|null"
is "(a dated one listed twice: one)" \
    "$(pg_one "SELECT count(*) FROM app_removals r JOIN apps a ON a.id = r.app WHERE a.app_id = '917000006'")" "1"

C='"storefront": "CN", "captured_at"'
{
    echo "{\"app_id\": \"930000001\", $C: \"2021-01-10T00:00:00Z\", \"response\": {\"resultCount\": 1, \"results\": [{\"trackId\": 930000001, \"bundleId\": \"org.example.cap\", \"trackName\": \"Cap One\", \"artistName\": \"Example Dev\", \"primaryGenreName\": \"Utilities\"}]}}"
    echo "{\"app_id\": \"930000001\", $C: \"2021-01-20T00:00:00Z\", \"response\": null}"
    echo "{\"app_id\": \"930000001\", $C: \"2021-02-01T00:00:00Z\", \"response\": {\"resultCount\": 0, \"results\": []}}"
    echo "{\"app_id\": \"930000002\", $C: \"2021-01-10T00:00:00Z\", \"response\": {\"resultCount\": 1,, }}"
    printf '{"app_id": "930000003", %s: "2021-01-10T00:00:00Z", "response": {"resultCount": 1, "results": [{"trackName": "Bad\377Name"}]}}\n' "$C"
    echo "{\"app_id\": \"930000001\", $C: \"2021-02-01T00:00:00Z\", \"response\": {\"resultCount\": 0, \"results\": []}}"
    printf '{"app_id": "930000004", %s: "2021-03-0' "$C"
} >cap-faults.jsonl
both ingest cap-faults.jsonl
same "captures: failed, not JSON, invalid UTF-8 in a string, repeated, a truncated last line: the same" err
check "(the bad lines are rejects)" grep -q '^loaded cap-faults.jsonl .* rows=4 rejected=3$' pg.out
check "(a line that is not JSON)" grep -q 'cap-faults.jsonl:4: rejected: not a JSON object (invalid JSON)' pg.err
check "(invalid UTF-8 in a string, as in a CSV field)" grep -q "cap-faults.jsonl:5: rejected: invalid UTF-8 in 'response.results.0.trackName' at byte 4" pg.err
check "(the truncated last line)" grep -q 'cap-faults.jsonl:7: rejected: not a JSON object' pg.err
is "(a failed capture: availability unknown)" \
    "$(pg_one "SELECT coalesce(o.available::text, 'null') FROM app_observations o JOIN apps a ON a.id = o.app WHERE a.app_id = '930000001' AND o.observed_at LIKE '2021-01-20%'")" \
    "null"
is "(the removal derived past it, once)" \
    "$(pg_one "SELECT count(*) || '|' || min(r.removed_on) || '|' || min(r.last_seen_available) FROM app_removals r JOIN apps a ON a.id = r.app WHERE a.app_id = '930000001' AND r.derived = 1")" \
    "1|2021-02-01|2021-01-10T00:00:00Z"

{ printf '\357\273\277'; head -n 3 cap-faults.jsonl | sed 's/93000000/93100000/g' | crlf; } >cap-bom-crlf.jsonl
both ingest cap-bom-crlf.jsonl
same "captures with a byte order mark and CRLF: the same" err
check "(every line)" grep -q '^loaded cap-bom-crlf.jsonl .* rows=3 rejected=0$' pg.out

# --- 2. a 50 MB field
{
    echo "$H"
    echo '918000001,org.example.before,Before,Example Co,Games,CN,2021-01-07,,'
    printf '918000002,org.example.huge,'
    head -c 52428800 /dev/zero | tr '\0' x
    echo ',Example Co,Games,CN,2021-01-07,,'
    echo '918000003,org.example.after,After,Example Co,Games,CN,2021-01-07,,'
} >huge.csv
both ingest huge.csv
same "a 50 MB app name: the same" err
check "(a reject naming file and line, the rest loaded)" grep -q '^trdb: huge.csv:3: rejected: field longer than the limit of bytes: 1048576$' pg.err
check "(the rows around it loaded, exit 1)" sh -c 'grep -q "^loaded huge.csv .* rows=2 rejected=1$" pg.out && grep -q "^exit 1$" pg.out'
is "(nothing of its row)" "$(pg_one "SELECT count(*) FROM apps WHERE app_id = '918000002'")" "0"
is "(the reject names line and column; the row, past the cap, is not kept)" \
    "$(pg_one "SELECT r.line || '|' || r.column_name || '|' || length(r.raw) FROM rejects r JOIN source_files s ON s.id = r.file_id WHERE s.path = 'huge.csv'")" \
    "3|app_name|0"
rm -f huge.csv
{
    echo "{\"app_id\": \"932000001\", $C: \"2021-01-10T00:00:00Z\", \"response\": null}"
    printf '{"app_id": "932000002", %s: "2021-01-10T00:00:00Z", "response": {"resultCount": 1, "results": [{"trackName": "' "$C"
    head -c 52428800 /dev/zero | tr '\0' y
    echo '"}]}}'
    echo "{\"app_id\": \"932000003\", $C: \"2021-01-10T00:00:00Z\", \"response\": null}"
} >huge.jsonl
both ingest huge.jsonl
same "a 50 MB capture line: the same" err
check "(a reject naming file and line)" grep -q '^trdb: huge.jsonl:2: rejected: line longer than 8388608 bytes$' pg.err
check "(the rest loaded)" grep -q '^loaded huge.jsonl .* rows=2 rejected=1$' pg.out
rm -f huge.jsonl
# just under the cap: a name of backslashes with a tab, a CR, \N and \. in it, which COPY escapes
{
    echo "$H"
    printf '918000011,org.example.escapes,"'
    head -c 1000000 /dev/zero | tr '\0' '\\'
    printf '\t\r\\N\\.",Example Co,Games,CN,2021-01-08,,\n'
} >near-cap.csv
both ingest near-cap.csv
same "a name of 1 MB of what COPY escapes: the same" err
is "(stored whole)" "$(pg_one "SELECT length(name) FROM apps WHERE app_id = '918000011'")" "1000006"

compare_apps "drifted inputs and big fields"

# --- 3. kill -9 in the middle of a big list
sh "$TOP/bench/gen-removals.sh" big 60000 big.csv
sh "$TOP/bench/gen-removals.sh" big 2000 mid.csv
pg_state >before.txt
"$TRDB" --db "$PG_URI" ingest big.csv >kill.out 2>kill.err &
pid=$!
BG="$BG $pid"
check "(the COPY of the big list started)" pg_until "$COPYING"
kill -9 "$pid" 2>/dev/null || true
code=0
wait "$pid" 2>/dev/null || code=$?
is "(trdb was killed)" "$code" "137"
check "the advisory lock goes with the killed session" pg_until "$GONE" 100
pg_state >after.txt
check "nothing of the killed list is in the database (tables, rollups, partitions)" cmp -s before.txt after.txt

# killed while it waits in its rollups: its records are written in its transaction then, and the
# session's statement goes on waiting on the server after the client is gone
block
"$TRDB" --db "$PG_URI" ingest mid.csv >kill2.out 2>kill2.err &
pid=$!
BG="$BG $pid"
check "(the list's rows are written and it waits in rollup.sql)" pg_until "$WAITING" 600
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [ "$CHECKS_CLIENT" = 1 ]; then
    check "killed while a statement waits: the server ends the session and frees the lock within seconds" \
        pg_until "$GONE" 100
    is "(while the other session still holds its lock)" \
        "$(pg_one "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'blocker'")" "1"
    unblock
else
    # before PostgreSQL 14 the session ends when its statement does
    unblock
    check "killed while a statement waits: the session ends with the statement" pg_until "$GONE" 100
fi
pg_state >after.txt
check "nothing of that list either" cmp -s before.txt after.txt

# --- 4. SIGTERM during the big list, after two files: 143, the two stay
base_list 91900000 >pre1.csv
sed 's/93000000/93300000/g' cap-faults.jsonl | head -n 3 >pre2.jsonl
sh "$TOP/bench/gen-removals.sh" big 20 pre3.csv
"$TRDB" --db "$LITE" ingest pre1.csv pre2.jsonl big.csv >lite.out 2>lite.err &
pid=$!
BG="$BG $pid"
# its transaction holds SQLite's write lock (BEGIN IMMEDIATE fails) once the two are in
n=0
until [ "$(sqlite3 "$LITE" "SELECT count(*) FROM source_files WHERE path IN ('pre1.csv', 'pre2.jsonl')" 2>/dev/null)" = 2 ] &&
    ! sqlite3 "$LITE" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; do
    n=$((n + 1))
    [ $n -le 1500 ] || break
    sleep 0.02
done
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || echo "exit $?" >>lite.out
"$TRDB" --db "$PG_URI" ingest pre1.csv pre2.jsonl big.csv >pg.out 2>pg.err &
pid=$!
BG="$BG $pid"
check "(on PostgreSQL: the two files in, the COPY of the big list started)" \
    pg_until "SELECT (SELECT count(*) FROM source_files WHERE path IN ('pre1.csv', 'pre2.jsonl')) = 2 AND EXISTS (
                  SELECT 1 FROM pg_stat_activity WHERE application_name = 'trdb' AND query LIKE 'COPY pg_temp.app_stage%')"
kill -TERM "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || echo "exit $?" >>pg.out
same "SIGTERM during a list: the same lines and exit code as on SQLite" err
check "(exit 143)" grep -q '^exit 143$' pg.out
check "(the files before it loaded)" grep -q '^loaded pre2.jsonl' pg.out
check "(the list interrupted)" grep -q '^interrupted big.csv' pg.out
check "(and it says so)" grep -q '^trdb: interrupted (SIGTERM): big.csv rolled back; 2 files loaded before it stay loaded' pg.err
is "(nothing of the list stays)" "$(pg_one "SELECT count(*) FROM source_files WHERE path = 'big.csv'")" "0"
is "(the run's row says 143)" "$(pg_one "SELECT exit_code FROM ingest_runs ORDER BY id DESC LIMIT 1")" "143"

# --- 5. the server ends trdb's session during the list: exit 3, nothing of it, no password shown
pg_state >before.txt
"$TRDB" --db "$PW_URI" ingest big.csv pre3.csv >lost.out 2>lost.err &
pid=$!
BG="$BG $pid"
check "(the COPY started)" pg_until "$COPYING"
pg_one "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'trdb'" >/dev/null
code=0
wait "$pid" 2>/dev/null || code=$?
is "a lost connection during a list exits 3" "$code" "3"
check "naming the server without the password" \
    grep -Eq '^trdb: error: (stopping: )?postgresql://trdb:\*\*\*@/trdb[?]host=[^ ]*: [a-z]' lost.err
check "(the password is nowhere)" sh -c '! grep -q Pw0rdXyz "$1" "$2"' - lost.out lost.err
check "(the run stopped at the list)" sh -c 'grep -q "^failed big.csv" "$1" && ! grep -q pre3.csv "$1"' - lost.out
check "(the advisory lock is free)" pg_until "$GONE" 100
pg_state >after.txt
check "nothing of the list" cmp -s before.txt after.txt

# --- 3, again: a new run loads it all, the killed runs are marked, the rollups equal a recount
expect_out "the next ingest runs at once and loads the list" "^loaded big.csv profile=trdb-removal-list rows=60000 rejected=0$" \
    "$TRDB" --db "$PG_URI" ingest big.csv pre3.csv mid.csv
check "(and the others)" grep -q '^loaded mid.csv' "$OUT"
is "(the killed and lost runs are marked -9)" \
    "$(pg_one "SELECT count(*) FROM ingest_runs WHERE exit_code = -9")" "3"
is "the rollups equal a recount" "$(pg_recount)" ""

# --- 6. captures of months new to the database, killed after making their partitions
sh "$TOP/bench/gen-removals.sh" observations 24000 obs.jsonl
LC_ALL=C awk '{ sub(/"captured_at": "2020-12-/, "\"captured_at\": \"2031-0" (NR % 6 + 1) "-"); print }' obs.jsonl >caps.jsonl
rm -f obs.jsonl
partitions >parts-before.txt
is "(no partition of those months yet)" "$(grep -c '^app_observations_2031_' parts-before.txt)" "0"
pg_state >before.txt
block
"$TRDB" --db "$PG_URI" ingest caps.jsonl >kill3.out 2>kill3.err &
pid=$!
BG="$BG $pid"
check "(the captures are written, the partitions made, and it waits in rollup.sql)" pg_until "$WAITING" 600
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ "$CHECKS_CLIENT" = 1 ] || unblock
check "(the session ends)" pg_until "$GONE" 100
partitions >parts-after.txt
check "the partitions the killed file made are gone with it" cmp -s parts-before.txt parts-after.txt
[ "$CHECKS_CLIENT" = 0 ] || unblock
pg_state >after.txt
check "(and nothing else of it)" cmp -s before.txt after.txt
expect_out "its rerun loads" "^loaded caps.jsonl" "$TRDB" --db "$PG_URI" ingest caps.jsonl
is "and makes the partitions of its months" "$(partitions | grep -c '^app_observations_2031_0[1-6]$')" "6"
is "(none in the default one)" "$(pg_one "SELECT count(*) FROM app_observations_default")" "0"
is "(the rollups equal a recount)" "$(pg_recount)" ""

# SQLite loads what PostgreSQL holds now: the same rows
"$TRDB" --db "$LITE" ingest big.csv pre3.csv mid.csv caps.jsonl >lite.out 2>&1 || true
check "(SQLite loaded them)" grep -q '^loaded caps.jsonl' lite.out
compare_apps "after the faults and the reruns"
finish
