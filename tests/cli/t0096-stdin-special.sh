#!/bin/sh
# Standard input and special files: `trdb ingest -` reads standard input
# through a copy in $TMPDIR (removed after, whatever the outcome), recorded
# as "-" or as --name NAME, detected as a file of that name would be; a
# FIFO is read once likewise; a device is refused at once (the others still
# load); every input is held to --max-bytes. Commands that could hang run
# under `timeout`, so a regression fails instead of blocking the suite.
. "$(dirname "$0")/lib.sh"
S="$TOP/data/samples"
Z="$TOP/tests/data/zip"
command -v timeout >/dev/null || skip_all "timeout is not installed (coreutils)"
mkdir spool
export TMPDIR="$WORK/spool"

# the spool folder is empty (checked after each run from standard input)
spool_empty() { test -z "$(ls -A "$WORK/spool")"; }
# from_stdin FILE ARGS...: trdb ingest ARGS with FILE piped in (a pipe, not a redirected file)
from_stdin() {
    f=$1
    shift
    cat "$f" | timeout 20 "$TRDB" ingest "$@"
}
# from_stdin_detect FILE ARGS...: trdb detect ARGS with FILE piped in
from_stdin_detect() {
    f=$1
    shift
    cat "$f" | timeout 20 "$TRDB" detect "$@"
}
# facts DB: every fact of DB, in one order
facts() {
    "$TRDB" --db "$1" sql --format csv "SELECT * FROM facts ORDER BY source_file, source_line,
        metric, country, period_start, request_type, legal_process, requester, product, reason,
        subcategory"
}

cp "$S/sample-google-global-user-data-requests.csv" user-data.csv
expect_out "the sample loads as a file" "^loaded user-data.csv profile=google-user-data-requests rows=22 rejected=0$" \
    "$TRDB" --db file.sqlite ingest user-data.csv
expect_out "the same bytes load from standard input under --name" \
    "^loaded user-data.csv profile=google-user-data-requests rows=22 rejected=0$" \
    from_stdin user-data.csv --db pipe.sqlite - --name user-data.csv
check "the spool is gone" spool_empty
facts file.sqlite >file.facts
facts pipe.sqlite >pipe.facts
check "there are facts" test "$(wc -l <file.facts)" -gt 50
check "standard input gives the same facts, provenance included" cmp file.facts pipe.facts
is "source_files records the name and the bytes' sha256" \
    "$("$TRDB" --db pipe.sqlite sql --format csv "SELECT path || ' ' || sha256 || ' ' || bytes FROM source_files" | tail -n 1 | tr -d '\r')" \
    "user-data.csv $(sha256sum <user-data.csv | cut -d' ' -f1) $(wc -c <user-data.csv | tr -d ' ')"
expect_out "the same bytes again from standard input are unchanged" \
    "^unchanged user-data.csv profile=google-user-data-requests rows=22 rejected=0$" \
    from_stdin user-data.csv --db pipe.sqlite - --name user-data.csv
expect_out "and under another name too (the bytes decide)" "^unchanged other.csv " \
    from_stdin user-data.csv --db pipe.sqlite - --name other.csv
expect_out "the file itself is unchanged after them" "^unchanged user-data.csv " \
    "$TRDB" --db pipe.sqlite ingest user-data.csv
check "the spool is gone" spool_empty

expect_out "without --name, standard input is '-'" "^loaded - profile=trdb-removal-list rows=6 rejected=0$" \
    from_stdin "$S/sample-app-removals.csv" --db dash.sqlite -
is "and recorded as '-'" "$("$TRDB" --db dash.sqlite sql --format csv "SELECT path FROM source_files" | tail -n 1 | tr -d '\r')" "-"
expect_out "a redirected file is standard input too" "^checked - profile=trdb-removal-list rows=6 " \
    sh -c '"$1" --db dry.sqlite ingest --dry-run - <"$2"' x "$TRDB" "$S/sample-app-removals.csv"
expect_out "JSON Lines from standard input, known by --name" \
    "^loaded caps.jsonl profile=appstore-itunes-lookup-jsonl rows=4 rejected=0$" \
    from_stdin "$S/sample-itunes-captures.jsonl" --db json.sqlite - --name caps.jsonl
expect_out "--name's last part is the file name the profiles see; the whole is recorded" \
    "^loaded incoming/2026/user-data.csv profile=google-user-data-requests " \
    from_stdin user-data.csv --db named.sqlite - --name incoming/2026/user-data.csv
check "the spool is gone" spool_empty

# a zip from standard input: known by --name, or without one by its first bytes
expect_out "a zip from standard input, named" \
    "^loaded bundle.zip!google-user-data-requests/global.csv profile=google-user-data-requests rows=22 " \
    from_stdin "$Z/google-user-data-requests.zip" --db zip.sqlite - --name bundle.zip
is "each member of it" "$(grep -c '^loaded bundle.zip!' "$OUT")" "2"
expect_out "a zip from standard input without a name, by its bytes" \
    "^loaded -!google-user-data-requests/global.csv profile=google-user-data-requests rows=22 " \
    from_stdin "$Z/google-user-data-requests.zip" --db zip2.sqlite -
expect_err 3 "a truncated zip from standard input fails as the file would" "bundle.zip" \
    from_stdin "$Z/truncated.zip" --db zip3.sqlite - --name bundle.zip
check "the spool is gone after the failure" spool_empty

# bad input from standard input fails as a file does, and leaves no spool
head -c 3000 /dev/urandom >noise.bin
expect_err 3 "noise from standard input fails" "^trdb: -: " from_stdin noise.bin --db noise.sqlite -
check "the spool is gone after a failed file" spool_empty
expect_err 3 "an unwritable TMPDIR fails with the folder named" "cannot make a folder in '$WORK/nowhere'" \
    env TMPDIR="$WORK/nowhere" sh -c 'cat "$2" | "$1" --db tmp.sqlite ingest -' x "$TRDB" user-data.csv

# usage errors
expect_err 2 "'-' twice is a usage error" "standard input .* once" "$TRDB" --db u.sqlite ingest - -
expect_err 2 "--name without '-' is a usage error" "--name names standard input" \
    "$TRDB" --db u.sqlite ingest user-data.csv --name x.csv
expect_err 2 "an empty --name is a usage error" "--name needs a name" "$TRDB" --db u.sqlite ingest - --name ""
for bad in 0 -5 1x 1KB K 1.5M 99999999999999999999 2000000G ""; do
    expect_err 2 "--max-bytes '$bad' is a usage error" "--max-bytes takes a number of bytes.*'$bad'" \
        "$TRDB" --db u.sqlite ingest --max-bytes "$bad" user-data.csv
done
check "no database was made by a usage error" test ! -e u.sqlite

# devices: refused at once, the other paths still load
expect_err 3 "/dev/zero is refused, quickly" "^trdb: /dev/zero: a character device, not a file" \
    timeout 20 "$TRDB" --db dev.sqlite ingest /dev/zero user-data.csv
cp "$OUT" dev.out
check "the file after it still loads" grep -q "^loaded user-data.csv profile=google-user-data-requests rows=22" dev.out
check "the device has its failed line" grep -q "^failed /dev/zero profile=- " dev.out
expect_err 3 "/dev/null too" "^trdb: /dev/null: a character device" timeout 20 "$TRDB" --db dev.sqlite ingest /dev/null

# a FIFO is read once, like standard input
mkfifo fifo.csv
(cat user-data.csv >fifo.csv &)
expect_out "a FIFO fed by a writer loads" "^loaded fifo.csv profile=google-user-data-requests rows=22 rejected=0$" \
    timeout 20 "$TRDB" --db fifo.sqlite ingest fifo.csv
(cat user-data.csv >fifo.csv &)
expect_out "and again is unchanged" "^unchanged fifo.csv " timeout 20 "$TRDB" --db fifo.sqlite ingest fifo.csv
check "the spool is gone" spool_empty
if command -v bash >/dev/null; then
    expect_out "process substitution (a pipe by its /dev/fd name) loads" \
        "^loaded /dev/fd/[0-9]+ profile=google-user-data-requests rows=22 " \
        timeout 20 bash -c '"$1" --db subst.sqlite ingest <(cat "$2")' x "$TRDB" user-data.csv
fi

# folders: devices and FIFOs inside are skipped with a line each, not read
mkdir walk
cp user-data.csv walk/a.csv
mkfifo walk/pipe.csv
ln -s /dev/zero walk/zero.csv
expect_exit 0 "a folder with a FIFO and a device in it does not block" timeout 20 "$TRDB" --db walk.sqlite ingest walk
cp "$OUT" walk.out
cp "$ERR" walk.err
check "its file loads" grep -q "^loaded walk/a.csv profile=google-user-data-requests rows=22" walk.out
check "the FIFO is skipped with a line" grep -qx "trdb: walk/pipe.csv: a FIFO: skipped" walk.err
check "the device is skipped with a line" grep -qx "trdb: walk/zero.csv: a character device: skipped" walk.err
is "two lines in all" "$(wc -l <walk.err | tr -d ' ')" "2"

# the cap, on a file, a zip, a FIFO and standard input: the failure names it and the option
size=$(wc -c <user-data.csv | tr -d ' ')
expect_out "a file of exactly --max-bytes loads" "^loaded user-data.csv " \
    "$TRDB" --db cap.sqlite ingest --max-bytes "$size" user-data.csv
expect_err 3 "a byte over the cap fails, naming the cap and the option" \
    "^trdb: user-data.csv: larger than $((size - 1)) bytes, the most trdb reads of one input; --max-bytes N raises the cap$" \
    "$TRDB" --db cap2.sqlite ingest --max-bytes $((size - 1)) user-data.csv
is "with a failed line" "$(cat "$OUT")" "failed user-data.csv profile=- rows=0 rejected=0"
is "nothing of it is committed" "$("$TRDB" --db cap2.sqlite sql --format csv "SELECT count(*) FROM source_files" | tail -n 1 | tr -d '\r')" "0"
expect_err 3 "K counts 1024 bytes" "larger than 1024 bytes.*--max-bytes" \
    "$TRDB" --db cap2.sqlite ingest --max-bytes 1K user-data.csv
expect_err 3 "over the cap from standard input" "^trdb: -: larger than 1024 bytes.*--max-bytes" \
    from_stdin user-data.csv --db cap2.sqlite --max-bytes 1k -
check "the spool is gone" spool_empty
expect_err 3 "a zip over the cap" "google-user-data-requests.zip: larger than 100 bytes" \
    "$TRDB" --db cap2.sqlite ingest --max-bytes 100 "$Z/google-user-data-requests.zip"
(cat user-data.csv >fifo.csv &)
expect_err 3 "a FIFO over the cap" "^trdb: fifo.csv: larger than 1024 bytes" \
    timeout 20 "$TRDB" --db cap2.sqlite ingest --max-bytes 1K fifo.csv
is "nothing of them committed" "$("$TRDB" --db cap2.sqlite sql --format csv "SELECT count(*) FROM source_files" | tail -n 1 | tr -d '\r')" "0"
expect_out "M and G are accepted" "^loaded user-data.csv " "$TRDB" --db cap3.sqlite ingest --max-bytes 1M user-data.csv
expect_out "G" "^unchanged user-data.csv " "$TRDB" --db cap3.sqlite ingest --max-bytes 2G user-data.csv

# trdb detect reads standard input and FIFOs too, and refuses devices
expect_out "detect - names the profile" "^=> profile google-user-data-requests \(header on line 1\)$" \
    from_stdin_detect user-data.csv -
check "and shows the input as '-'" grep -qx -- "-" "$OUT"
expect_out "detect - reads a zip by its bytes" "^-!google-user-data-requests/global.csv$" \
    from_stdin_detect "$Z/google-user-data-requests.zip" -
(cat user-data.csv >fifo.csv &)
expect_out "detect reads a FIFO" "^=> profile google-user-data-requests " timeout 20 "$TRDB" detect fifo.csv
expect_err 3 "detect refuses /dev/zero, quickly" "/dev/zero: a device or socket, not a file" \
    timeout 20 "$TRDB" detect /dev/zero
check "the spool is gone" spool_empty

# a real file piped in gives the same facts as the file
R="${REALDATA:-$TOP/../shared/realdata}/google/google-government-removal-requests_2019H1-2025H1.csv"
if [ -f "$R" ]; then
    cp "$R" real.csv
    expect_exit 0 "the real Google removal file loads as a file" "$TRDB" --db real-file.sqlite ingest real.csv
    expect_exit 0 "and from standard input" from_stdin real.csv --db real-pipe.sqlite - --name real.csv
    facts real-file.sqlite >real-file.facts
    facts real-pipe.sqlite >real-pipe.facts
    check "the real file has facts" test "$(wc -l <real-file.facts)" -gt 1000
    check "the same facts either way" cmp real-file.facts real-pipe.facts
else
    echo "# skipped: the real-file comparison ($R is absent)"
fi
check "the spool folder is empty at the end" spool_empty
finish
