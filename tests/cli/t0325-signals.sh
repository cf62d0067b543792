#!/bin/sh
# Signals: SIGINT or SIGTERM during an ingest rolls back the file under way,
# closes the run with exit code 130 or 143 (trdb runs shows it), says on
# stderr what was rolled back and what stays, and ends trdb by the signal
# (the shell sees 130 or 143). The files loaded before stay loaded, and the
# same command loads the rest. The same for fetch's ingest, for a wait on a
# FIFO nobody writes or on standard input that stops coming (a blocking read
# ends: no SA_RESTART), and for init
# --rebuild-summary (its one transaction is rolled back). trdb is stopped
# (SIGSTOP) at the moment the signal is to land, so no case hangs on timing.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-gen.sh"

env --default-signal=INT true 2>/dev/null || skip_all "env --default-signal (coreutils 8.31) is needed"
[ -r /proc/self/stat ] || skip_all "/proc is needed to see a process stopped or asleep"
command -v sqlite3 >/dev/null || skip_all "the sqlite3 shell is needed"

mkdir in
gen_user_data in/a.csv 200 1
gen_user_data in/b.csv 200 2
gen_user_data in/c.csv 40000 3
gen_user_data in/d.csv 200 4

dump() {
    "$TRDB" --db "$1" sql --format csv "SELECT source_file, source_line, country, period_start, legal_process, metric, value_low FROM facts ORDER BY 1, 2, 6" | md5sum
}
one() {
    "$TRDB" --db "$1" sql --format csv "$2" | tail -n +2 | tr -d '\r'
}
"$TRDB" --db clean.sqlite ingest in >/dev/null
clean=$(dump clean.sqlite)
ab_facts=$(one clean.sqlite "SELECT sum(facts) FROM source_files WHERE path IN ('in/a.csv', 'in/b.csv')")

# trdb (pid $1, started stopped: see paused) runs in slices of a hundredth of a
# second until it is inside a transaction of database $2 with $3 files
# committed (it holds the write lock, which BEGIN IMMEDIATE finds) in $4
# slices running, and is left stopped there: where the signal lands is then
# known, however fast or slow the machine. Returns 1 when that did not
# happen within a minute.
stop_inside() {
    deadline=$(($(date +%s) + 60)) seen=0
    while [ "$(date +%s)" -lt $deadline ]; do
        if [ "$(sqlite3 "$2" "SELECT count(*) FROM source_files" 2>/dev/null)" = "$3" ] &&
            ! sqlite3 "$2" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; then
            seen=$((seen + 1))
            [ $seen -lt "$4" ] || return 0
        else
            seen=0
        fi
        kill -CONT "$1" 2>/dev/null || return 1
        sleep 0.01
        kill -STOP "$1" 2>/dev/null || return 1
    done
    return 1
}

# Run a command in the background, stopped before it starts (its pid in $pid),
# with the default action for SIGINT and SIGTERM (a script starts its jobs with
# SIGINT ignored, and trdb leaves an ignored signal ignored, as it should).
paused() {
    out=$1 err=$2
    shift 2
    env --default-signal=INT,TERM sh -c 'kill -STOP $$; exec "$@"' sh "$@" >"$out" 2>"$err" &
    pid=$!
    n=0
    until [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" = T ] || [ $n -ge 600 ]; do
        sleep 0.1
        n=$((n + 1))
    done
}

# Wait up to a minute for pid $1 to end; its status in $status (137: it had to be killed).
end_of() {
    n=0
    while kill -0 "$1" 2>/dev/null && [ $n -lt 600 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    kill -9 "$1" 2>/dev/null || true
    status=0
    wait "$1" || status=$?
}

# --- SIGINT in the middle of the third file
paused int.out int.err "$TRDB" --db int.sqlite ingest in
if stop_inside $pid int.sqlite 2 1; then caught=yes; else caught=no; fi
is "trdb was caught inside the third file's transaction" "$caught" "yes"
kill -INT $pid 2>/dev/null || true
kill -CONT $pid 2>/dev/null || true
end_of $pid
cp int.out "$OUT"
cp int.err "$ERR"
is "SIGINT: the exit status is 130" "$status" "130"
is "stderr says what was rolled back and what stays" "$(cat int.err)" \
    "trdb: interrupted (SIGINT): in/c.csv rolled back; 2 files loaded before it stay loaded; the same command loads the rest"
is "stdout: the two files loaded, the third interrupted, no fourth" \
    "$(cut -d' ' -f1,2 int.out | tr '\n' ' ')" \
    "loaded in/a.csv loaded in/b.csv interrupted in/c.csv "
is "the run is closed: ended, exit code 130, two files loaded, none failed" \
    "$(one int.sqlite "SELECT (ended_at IS NOT NULL) || ' ' || exit_code || ' ' || files_seen || ' ' || files_loaded || ' ' || files_failed FROM ingest_runs")" \
    "1 130 3 2 0"
is "trdb runs shows it: ended, exit code 130" \
    "$("$TRDB" --db int.sqlite runs --format csv | tail -n 1 | tr -d '\r' | cut -d, -f1,3,10 | sed 's/,20[0-9-]*T[0-9:.]*Z,/,ENDED,/')" \
    "1,ENDED,130"
is "only the two files are recorded" "$(one int.sqlite "SELECT group_concat(path, ' ') FROM (SELECT path FROM source_files ORDER BY path)")" \
    "in/a.csv in/b.csv"
is "with their facts, and nothing of the third" \
    "$(one int.sqlite "SELECT count(*) FROM fact_rows") $(one int.sqlite "SELECT count(*) FROM fact_rows WHERE file_id NOT IN (SELECT id FROM source_files)")" \
    "$ab_facts 0"
is "the database is sound" "$(one int.sqlite "PRAGMA integrity_check")" "ok"
expect_exit 0 "the same command again" "$TRDB" --db int.sqlite ingest in
is "loads the rest" "$(cut -d' ' -f1,2 "$OUT" | tr '\n' ' ')" \
    "unchanged in/a.csv unchanged in/b.csv loaded in/c.csv loaded in/d.csv "
is "and the database is what one clean load makes" "$(dump int.sqlite)" "$clean"
is "the runs: 130, then 0" "$(one int.sqlite "SELECT group_concat(exit_code, ' ') FROM (SELECT exit_code FROM ingest_runs ORDER BY id)")" \
    "130 0"

# --- SIGTERM, with --json: the summary says so too
paused term.json term.err "$TRDB" --db term.sqlite ingest --json in
if stop_inside $pid term.sqlite 2 1; then caught=yes; else caught=no; fi
is "trdb was caught inside the third file's transaction again" "$caught" "yes"
kill -TERM $pid 2>/dev/null || true
kill -CONT $pid 2>/dev/null || true
end_of $pid
cp term.err "$ERR"
: >"$OUT"
js() { sqlite3 :memory: "SELECT json_extract(readfile('term.json'), '$1')"; }
is "SIGTERM: the exit status is 143" "$status" "143"
is "stderr names SIGTERM" "$(cat term.err)" \
    "trdb: interrupted (SIGTERM): in/c.csv rolled back; 2 files loaded before it stay loaded; the same command loads the rest"
is "--json: exit code 143, the signal named, the third file interrupted" \
    "$(js '$.exit_code') $(js '$.error') $(js '$.results[2].status') $(js '$.results[2].file') $(js '$.files.loaded') $(js '$.files.failed')" \
    "143 interrupted (SIGTERM) interrupted in/c.csv 2 0"
is "the run is closed with exit code 143" \
    "$(one term.sqlite "SELECT (ended_at IS NOT NULL) || ' ' || exit_code FROM ingest_runs")" "1 143"
is "only the two files are recorded" "$(one term.sqlite "SELECT count(*) FROM source_files") $(one term.sqlite "SELECT count(*) FROM fact_rows")" \
    "2 $ab_facts"

# --- fetch: the ingest after the downloads is the same
if command -v python3 >/dev/null; then
    (cd in && exec python3 -u -m http.server --bind 127.0.0.1 0) >server.out 2>server.err &
    server=$!
    trap 'kill $server 2>/dev/null || true; rm -rf "$WORK"' EXIT
    n=0
    until grep -qs "port [0-9]" server.out || [ $n -ge 100 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' server.out | head -n 1)
    printf '{"sources": [' >sources.json
    sep=""
    for f in a.csv b.csv c.csv d.csv; do
        printf '%s{"name": "%s", "url": "http://127.0.0.1:%s/%s", "publisher": "Test"}' "$sep" "$f" "$port" "$f" >>sources.json
        sep=","
    done
    printf ']}\n' >>sources.json
    paused fetch.out fetch.err "$TRDB" --db fetch.sqlite fetch --sources sources.json --landing landing
    if stop_inside $pid fetch.sqlite 2 1; then caught=yes; else caught=no; fi
    is "fetch: trdb was caught inside the third file's transaction" "$caught" "yes"
    kill -INT $pid 2>/dev/null || true
    kill -CONT $pid 2>/dev/null || true
    end_of $pid
    cp fetch.out "$OUT"
    cp fetch.err "$ERR"
    is "fetch under SIGINT: exit status 130" "$status" "130"
    is "it says what was rolled back" "$(cat fetch.err)" \
        "trdb: interrupted (SIGINT): landing/c.csv rolled back; 2 files loaded before it stay loaded; the same command loads the rest"
    is "the run is closed with exit code 130, two files loaded" \
        "$(one fetch.sqlite "SELECT (ended_at IS NOT NULL) || ' ' || exit_code || ' ' || files_loaded || ' ' || (SELECT count(*) FROM source_files) FROM ingest_runs")" \
        "1 130 2 2"
    kill $server 2>/dev/null || true
fi

# --- a read that blocks (a FIFO nobody opens for writing) ends at the signal: no SA_RESTART
mkfifo never.csv
env --default-signal=INT,TERM "$TRDB" --db fifo.sqlite ingest in/a.csv never.csv >fifo.out 2>fifo.err &
pid=$!
# a.csv committed, then trdb asleep (state S) for a second on end: waiting on the FIFO
n=0 asleep=0
while [ $asleep -lt 10 ] && [ $n -lt 1200 ]; do
    if [ "$(sqlite3 fifo.sqlite "SELECT count(*) FROM source_files" 2>/dev/null)" = 1 ] &&
        [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" = S ]; then
        asleep=$((asleep + 1))
    else
        asleep=0
    fi
    sleep 0.1
    n=$((n + 1))
done
kill -INT $pid 2>/dev/null || true
end_of $pid
cp fifo.out "$OUT"
cp fifo.err "$ERR"
is "a FIFO nobody writes: SIGINT ends the wait, exit status 130" "$status" "130"
is "the FIFO is the file interrupted, the file before stays loaded" \
    "$(cut -d' ' -f1,2 fifo.out | tr '\n' ' ')|$(one fifo.sqlite "SELECT count(*) || ' ' || exit_code FROM source_files, ingest_runs")" \
    "loaded in/a.csv interrupted never.csv |1 130"

# --- standard input that stops coming (its writer alive): the read ends at the signal
mkfifo feed
(head -n 50 in/a.csv && exec sleep 300) >feed &
writer=$!
env --default-signal=INT,TERM "$TRDB" --db stdin.sqlite ingest --name part.csv - <feed >stdin.out 2>stdin.err &
pid=$!
n=0 asleep=0
while [ $asleep -lt 10 ] && [ $n -lt 600 ]; do
    if [ "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" = S ]; then
        asleep=$((asleep + 1))
    else
        asleep=0
    fi
    sleep 0.1
    n=$((n + 1))
done
kill -INT $pid 2>/dev/null || true
end_of $pid
kill $writer 2>/dev/null || true
cp stdin.out "$OUT"
cp stdin.err "$ERR"
is "standard input that stops coming: SIGINT ends the read, exit status 130" "$status" "130"
is "it is the file interrupted, and the run says 130" \
    "$(cat stdin.out)|$(cat stdin.err)|$(one stdin.sqlite "SELECT exit_code FROM ingest_runs")" \
    "interrupted part.csv profile=- rows=0 rejected=0|trdb: interrupted (SIGINT): part.csv rolled back; no file was loaded before; the same command loads the rest|130"

# --- init --rebuild-summary: one transaction; a signal in it leaves the summary as it was
before=$("$TRDB" --db int.sqlite sql --format csv "SELECT * FROM country_summary ORDER BY 1, 2, 3, 4, 5" | md5sum)
paused init.out init.err "$TRDB" --db int.sqlite init --rebuild-summary
# inside its transaction in two slices on end: the rebuild, not a short write before it
if stop_inside $pid int.sqlite 4 2; then caught=yes; else caught=no; fi
is "trdb was caught inside the rebuild" "$caught" "yes"
kill -TERM $pid 2>/dev/null || true
kill -CONT $pid 2>/dev/null || true
end_of $pid
cp init.out "$OUT"
cp init.err "$ERR"
is "init --rebuild-summary under SIGTERM: exit status 143" "$status" "143"
is "it says the rebuild was rolled back" "$(cat init.err)" \
    "trdb: interrupted (SIGTERM): the rebuild of country_summary was rolled back; it is as it was"
is "and country_summary is as it was" \
    "$("$TRDB" --db int.sqlite sql --format csv "SELECT * FROM country_summary ORDER BY 1, 2, 3, 4, 5" | md5sum)" "$before"
finish
