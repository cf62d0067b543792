#!/bin/sh
# The progress line: on stderr only when it is a terminal (here a
# pseudo-terminal from script(1)), cleared before every other line, never
# in logs, pipes or --json. TRDB_PROGRESS_AFTER=0 shows it at once (the
# default waits a second, so quick files never show one).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-gen.sh"
command -v script >/dev/null 2>&1 || skip_all "script(1) is not installed (util-linux)"
gen_user_data big.csv 20000 1
cp big.csv bad.csv
echo "2020-12-31,Narnia,,All,5,0,0" >>bad.csv
ESC=$(printf '\033')

"$TRDB" --db plain.sqlite ingest big.csv >plain.out 2>plain.err
check "to a file or pipe: no progress line" sh -c "! grep -q 'reading' plain.err && ! grep -q '$ESC' plain.err plain.out"

TRDB_PROGRESS_AFTER=0 script -qec "'$TRDB' --db tty.sqlite ingest big.csv bad.csv" /dev/null >tty.out 2>&1 || true
tr '\r' '\n' <tty.out >tty.lines
check "on a terminal: how far the file is read" grep -Eq "trdb: big.csv: reading, [0-9]+ % \([0-9.]+ [kMG]B of [0-9.]+ [kMG]B\)" tty.lines
check "then the merge" grep -q "trdb: big.csv: merging" tty.lines
check "cleared before the file's line" grep -q "^${ESC}\[Kloaded big.csv profile=google-user-data-requests" tty.lines
check "and before a reject's message" grep -q "^${ESC}\[Ktrdb: bad.csv:[0-9]*: rejected: unknown country 'Narnia'" tty.lines
is "the run still loads the same" "$("$TRDB" --db tty.sqlite sql --format csv "SELECT facts FROM source_files WHERE path = 'big.csv'" | tail -n 1 | tr -d '\r')" \
    "$("$TRDB" --db plain.sqlite sql --format csv "SELECT facts FROM source_files WHERE path = 'big.csv'" | tail -n 1 | tr -d '\r')"

TRDB_PROGRESS_AFTER=0 script -qec "'$TRDB' --db json.sqlite ingest --json big.csv" /dev/null >json.out 2>&1 || true
check "--json on a terminal: no progress line" sh -c "! grep -q 'reading' json.out"
check "the default waits a moment: a small file shows none" \
    sh -c "script -qec \"'$TRDB' --db small.sqlite ingest '$TOP/tests/data/apps/removals.csv'\" /dev/null | tr '\r' '\n' | { ! grep -q 'reading'; }"
finish
