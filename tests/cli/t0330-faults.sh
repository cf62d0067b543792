#!/bin/sh
# Faults: a full disk (ulimit -f, and a small tmpfs when one can be mounted),
# a read-only database, an unreadable input, a truncated zip. Each gives a
# clear message and exit code 3, and leaves the database as it was.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-gen.sh"

"$TRDB" ingest "$TOP/data/samples" >/dev/null
state() { "$TRDB" --db "${1:-$TRDB_DB}" sql --format csv "SELECT source_file, source_line, metric, value_low FROM facts ORDER BY 1, 2, 3" | md5sum; }
before=$(state)
gen_user_data big.csv 60000

# a full disk, as a file size limit: SQLite's writes fail, the file's transaction goes
code=0
(ulimit -f 200 && exec "$TRDB" ingest big.csv) >full.out 2>full.err || code=$?
is "a full disk fails the run with exit 3" "$code" "3"
check "with a message that says so" grep -Eq "database or disk is full|disk I/O error|File too large" full.err
check "naming the database" grep -q "trdb.sqlite" full.err
is "the database is sound" "$(sql "PRAGMA integrity_check")" "ok"
is "and holds what it held" "$(state)" "$before"
expect_exit 0 "with room again, the same ingest works" "$TRDB" ingest big.csv
"$TRDB" sql "SELECT 1" >/dev/null

# a real small file system, where one can be mounted
mkdir small
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=3m tmpfs small 2>/dev/null; then
    trap 'umount "$WORK/small" 2>/dev/null || true; rm -rf "$WORK"' EXIT
    "$TRDB" --db small/t.sqlite ingest "$TOP/data/samples" >/dev/null
    small_before=$(state small/t.sqlite)
    expect_exit 3 "a full tmpfs fails the run with exit 3" "$TRDB" --db small/t.sqlite ingest big.csv
    expect_err 3 "saying the disk is full" "database or disk is full|disk I/O error" "$TRDB" --db small/t.sqlite ingest big.csv
    is "the small database is sound" \
        "$("$TRDB" --db small/t.sqlite sql --format csv "PRAGMA integrity_check" | tail -n 1 | tr -d '\r')" "ok"
    is "and holds what it held" "$(state small/t.sqlite)" "$small_before"
    umount small
else
    echo "ok $((_n = _n + 1)) - a full tmpfs # SKIP cannot mount a tmpfs here"
fi

# a read-only database and an unreadable input: run as another user
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    # The other user gets its own copy of trdb and of its data: the checkout may
    # be a private folder (a clone in `mktemp -d`, mode 0700) it cannot enter.
    chmod 755 "$WORK"
    mkdir pub
    cp "$TRDB" pub/trdb && cp -R "${TRDB_DATA:-$TOP/data}" pub/data && chmod -R a+rX pub
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env TRDB_DATA="$WORK/pub/data" "$@"; }
    mkdir ro && chmod 755 ro
    cp "$TRDB_DB" ro/t.sqlite && chmod 644 ro/t.sqlite
    ro_before=$(state ro/t.sqlite)
    cp "$TOP/tests/data/encodings/excel-day-first.csv" "$WORK/day-first.csv" && chmod 644 "$WORK/day-first.csv"
    expect_exit 3 "a read-only database fails with exit 3" as_nobody "$WORK/pub/trdb" --db ro/t.sqlite ingest "$WORK/day-first.csv"
    expect_err 3 "saying it is read-only" "readonly|read-only|unable to open|Permission denied" \
        as_nobody "$WORK/pub/trdb" --db ro/t.sqlite ingest "$WORK/day-first.csv"
    is "and the database holds what it held" "$(state ro/t.sqlite)" "$ro_before"

    # a database another user may write, whose lock file root made (0644): the lock is
    # still taken, through a read-only descriptor
    mkdir shared && chmod 777 shared
    "$TRDB" --db shared/t.sqlite ingest "$TOP/data/samples/sample-google-user-data-requests-2018-layout.csv" >/dev/null
    chmod 666 shared/t.sqlite shared/t.sqlite-wal shared/t.sqlite-shm 2>/dev/null || true
    chmod 644 shared/t.sqlite.lock
    expect_exit 0 "another user can ingest into a shared database" \
        as_nobody "$WORK/pub/trdb" --db shared/t.sqlite ingest "$WORK/day-first.csv"

    mkdir mine && chown 65534:65534 mine
    cp "$TOP/data/samples/sample-google-user-data-requests-2018-layout.csv" secret.csv && chmod 000 secret.csv
    expect_exit 3 "an unreadable input fails with exit 3" as_nobody "$WORK/pub/trdb" --db mine/t.sqlite ingest "$WORK/secret.csv"
    expect_err 3 "saying why" "secret.csv: cannot open '.*secret.csv': Permission denied" \
        as_nobody "$WORK/pub/trdb" --db mine/t.sqlite ingest "$WORK/secret.csv"
    is "and nothing of it is in the database" \
        "$(as_nobody "$WORK/pub/trdb" --db mine/t.sqlite sql --format csv "SELECT count(*) FROM source_files" | tail -n 1 | tr -d '\r')" "0"
else
    echo "ok $((_n = _n + 1)) - read-only database and unreadable input # SKIP needs root and setpriv"
fi

expect_exit 3 "a truncated zip fails with exit 3" "$TRDB" ingest "$TOP/tests/data/zip/truncated.zip"
expect_err 3 "naming it" "truncated.zip" "$TRDB" ingest "$TOP/tests/data/zip/truncated.zip"
expect_exit 3 "a missing input fails with exit 3" "$TRDB" ingest nosuch.csv
finish
