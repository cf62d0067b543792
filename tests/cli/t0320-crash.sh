#!/bin/sh
# Crash safety: kill -9 a multi-file ingest at many moments; after each kill
# and a rerun the database passes integrity_check, holds exactly the facts of
# a clean load, and has no half-loaded file.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-gen.sh"

mkdir in
for k in 1 2 3 4; do gen_user_data "in/part-$k.csv" 3000 "$k"; done
cp "$TOP/data/samples/"*.csv in/

dump() {
    "$TRDB" --db "$1" sql --format csv "SELECT source_file, source_line, country, period_start, legal_process, metric, value_low, value_high FROM facts ORDER BY 1, 2, 6" | md5sum
}
start=$(date +%s%N)
"$TRDB" --db clean.sqlite ingest in >/dev/null
took=$(( ($(date +%s%N) - start) / 1000000 ))
clean=$(dump clean.sqlite)
clean_files=$("$TRDB" --db clean.sqlite sql --format csv "SELECT count(*) FROM source_files" | tail -n 1 | tr -d '\r')

# kill at 10 moments spread over the time a clean load takes
kills=10
for i in $(seq 1 $kills); do
    db="k$i.sqlite"
    "$TRDB" --db "$db" ingest in >/dev/null 2>&1 &
    pid=$!
    delay=$(( took * i / (kills + 1) ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -f "$db" ]; then
        is "kill $i (after ${delay} ms): the database is sound" \
            "$("$TRDB" --db "$db" sql --format csv "PRAGMA integrity_check" | tail -n 1 | tr -d '\r')" "ok"
        # a file's records: facts, or app records (the samples hold a removal list)
        is "kill $i: every file it holds is whole" \
            "$("$TRDB" --db "$db" sql --format csv "SELECT count(*) FROM source_files s WHERE s.facts != (SELECT count(*) FROM fact_rows f WHERE f.file_id = s.id) + (SELECT count(*) FROM app_observations o WHERE o.file_id = s.id) + (SELECT count(*) FROM app_removals r WHERE r.file_id = s.id AND NOT r.derived)" | tail -n 1 | tr -d '\r')" "0"
    fi
    "$TRDB" --db "$db" ingest in >/dev/null 2>&1 || true
    is "kill $i and a rerun: exactly the facts of a clean load" "$(dump "$db")" "$clean"
    is "kill $i and a rerun: every file once" \
        "$("$TRDB" --db "$db" sql --format csv "SELECT count(*) FROM source_files" | tail -n 1 | tr -d '\r')" "$clean_files"
done
# a run killed before it ended is marked so (-9) when the next one starts:
# after the folder it waits for a FIFO nobody writes, so it is surely still
# running when killed, however fast or slow the machine
mkfifo never.csv
"$TRDB" --db marks.sqlite ingest in never.csv >/dev/null 2>&1 &
pid=$!
n=0
until [ "$("$TRDB" --db marks.sqlite sql --format csv "SELECT count(*) FROM source_files" 2>/dev/null | tail -n 1 | tr -d '\r')" = "$clean_files" ] || [ $n -ge 600 ]; do
    sleep 0.1
    n=$((n + 1))
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
rm -f never.csv
"$TRDB" --db marks.sqlite ingest in >/dev/null 2>&1 || true
is "the killed run is marked -9 by the next" \
    "$("$TRDB" --db marks.sqlite sql --format csv "SELECT group_concat(coalesce(exit_code, 'open'), ' ') FROM ingest_runs" | tail -n 1 | tr -d '\r')" "-9 0"
finish
