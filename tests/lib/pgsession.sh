# pgsession.sh: sourced (after tests/lib/pgcluster.sh and pg_start) by a
# test that holds a PostgreSQL session open while it runs trdb: a lock taken
# and kept, then released when the test says so. The session is psql
# reading statements from a FIFO in the test's folder (the shell keeps the
# FIFO's write end open as file descriptor 9); its output goes to
# pgsession.out there, buffered: read what the session did from another
# connection (pg_poll), not from that file.
#
#   pg_session_open       start the session (application_name trdb_test_session)
#   pg_session SQL...     send statements to it, one line each
#   pg_poll SQL [N]       run SQL (one value) on another connection until it
#                         prints t, at most N times (default 100) 0.1 s apart;
#                         returns 1 when it never did
#   pg_session_close      end of input: psql ends the session (rolling back a
#                         transaction left open) and exits; waits for it
#   pg_session_kill       for an EXIT trap, before pg_stop: the same by SIGTERM,
#                         which works even when a statement of it is waiting;
#                         safe to repeat
#
# A command started in the background while the session is open should be
# started with 9>&- so that it does not hold the FIFO open too.

PG_SESSION_PID=""

pg_session_open() {
    rm -f "$WORK/pgsession.fifo"
    mkfifo "$WORK/pgsession.fifo"
    PGAPPNAME=trdb_test_session "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 \
        <"$WORK/pgsession.fifo" >"$WORK/pgsession.out" 2>&1 &
    PG_SESSION_PID=$!
    # opening the write end waits for psql to open the read end: then both are there
    exec 9>"$WORK/pgsession.fifo"
}

pg_session() {
    for _line in "$@"; do
        printf '%s\n' "$_line" >&9
    done
}

pg_poll() {
    _polls=0
    while [ "$(pg_psql -At -c "$1" 2>/dev/null)" != t ]; do
        _polls=$((_polls + 1))
        [ "$_polls" -lt "${2:-100}" ] || return 1
        sleep 0.1
    done
}

pg_session_close() {
    [ -n "$PG_SESSION_PID" ] || return 0
    exec 9>&-
    wait "$PG_SESSION_PID" 2>/dev/null || true
    PG_SESSION_PID=""
}

pg_session_kill() {
    [ -n "$PG_SESSION_PID" ] || return 0
    exec 9>&-
    kill "$PG_SESSION_PID" 2>/dev/null || true
    wait "$PG_SESSION_PID" 2>/dev/null || true
    PG_SESSION_PID=""
}
