# pgcluster.sh: sourced by a test (after tests/cli/lib.sh) that needs a
# PostgreSQL server. pg_start starts a private one for the test's run:
# initdb in a folder of its own (mktemp -d), listening on a Unix socket in
# that folder and on no TCP port, run by the postgres user when the test
# runs as root (PostgreSQL refuses root) and by the user otherwise. It is
# stopped and removed when the test ends, however it ends (EXIT, INT, TERM, HUP, PIPE).
#
#   pg_start          start it; on success exports PGHOST (the socket
#                     folder), PGUSER, PGDATABASE (trdb, a superuser and its
#                     database) and PG_URI (postgresql:///trdb?host=...);
#                     returns 1 with the reason in PG_SKIP when it cannot
#                     (no server installed, initdb or the start failed)
#   pg_newdb NAME     create database NAME; prints its URI
#   pg_psql ARGS...   psql on $PGDATABASE, quiet, stopping at the first error
#   pg_down           stop the server but keep its folder (a server that is down)
#   pg_stop           stop and remove it (the trap calls it; safe to repeat)
#
# PG_OPTS, when set, adds server settings after the test ones (which it may
# override: '-c fsync=on -c shared_buffers=256MB' for a benchmark).
# PG_BIN, when set, is the folder of initdb, pg_ctl and psql (and the only
# one looked at); otherwise pg_config --bindir, /usr/lib/postgresql/*/bin
# (Debian keeps them out of PATH), then PATH.

PG_DIR=""
PG_SKIP=""
PG_RUNAS=""

# The folder of the server's programs, or nothing.
_pg_bindir() {
    if [ -n "${PG_BIN:-}" ]; then
        [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && echo "$PG_BIN"
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return
        fi
    fi
    # one folder per major version: the newest
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

# Run a server program as the cluster's owner.
_pg_as() {
    if [ -n "$PG_RUNAS" ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u "$PG_RUNAS" -- "$@"
        else
            # su takes one command line: quote each word
            _q=""
            for a in "$@"; do
                _q="$_q '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
            done
            su -s /bin/sh "$PG_RUNAS" -c "$_q"
        fi
    else
        "$@"
    fi
}

pg_down() {
    _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
}

pg_stop() {
    [ -n "$PG_DIR" ] || return 0
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
        _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
    PG_DIR=""
}

pg_start() {
    PG_BINDIR=$(_pg_bindir)
    if [ -z "$PG_BINDIR" ]; then
        PG_SKIP="no PostgreSQL server installed (Debian: postgresql; make test installs it as root)"
        return 1
    fi
    if [ "$(id -u)" = 0 ]; then
        if ! id postgres >/dev/null 2>&1; then
            PG_SKIP="running as root and there is no postgres user to run the server"
            return 1
        fi
        PG_RUNAS=postgres
    fi
    # the socket's path must stay short (108 bytes): under /tmp, not $TMPDIR
    PG_DIR=$(mktemp -d /tmp/trdb-pg.XXXXXX)
    # the server is stopped and its folder removed however the test ends; then lib.sh's work
    trap 'pg_stop; rm -rf "${WORK:-/nonexistent}"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    trap 'exit 141' PIPE
    [ -z "$PG_RUNAS" ] || chown "$PG_RUNAS" "$PG_DIR"
    if ! _pg_as "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U trdb -E UTF8 --locale=C.UTF-8 \
        -A trust --no-sync >"$PG_DIR/initdb.log" 2>&1; then
        PG_SKIP="initdb failed: $(tail -n 1 "$PG_DIR/initdb.log")"
        pg_stop
        return 1
    fi
    # trust for the test's users, a password for trdb_pw (the tests of a refused login)
    _pg_as sh -c "printf '%s\n' 'local all trdb_pw scram-sha-256' 'local all all trust' \
        >'$PG_DIR/data/pg_hba.conf'"
    if ! _pg_as "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB ${PG_OPTS:-}" \
        start >/dev/null 2>&1; then
        PG_SKIP="the server did not start: $(tail -n 1 "$PG_DIR/server.log" 2>/dev/null)"
        pg_stop
        return 1
    fi
    export PGHOST="$PG_DIR" PGUSER=trdb PGDATABASE=trdb
    unset PGPORT PGPASSWORD PGSERVICE PGHOSTADDR
    export PG_URI="postgresql:///trdb?host=$PG_DIR&user=trdb"
    if ! "$PG_BINDIR/psql" -X -q -d postgres -c "CREATE DATABASE trdb" >/dev/null 2>"$PG_DIR/psql.log"; then
        PG_SKIP="cannot create a database: $(tail -n 1 "$PG_DIR/psql.log")"
        pg_stop
        return 1
    fi
}

pg_newdb() {
    "$PG_BINDIR/psql" -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$1\"" >/dev/null &&
        echo "postgresql:///$1?host=$PG_DIR&user=trdb"
}

pg_psql() {
    "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 "$@"
}
