#!/bin/sh
# init creates or migrates the database named by --db, $TRDB_DB or ./trdb.sqlite.
. "$(dirname "$0")/lib.sh"

expect_out "init reports the schema version" "at schema version 3$" "$TRDB" init
check "init made the database named by TRDB_DB" test -f "$TRDB_DB"
expect_out "init again is harmless" "at schema version 3$" "$TRDB" init
expect_out "--db names another database" "other.sqlite at schema version 3" "$TRDB" --db other.sqlite init
check "--db made it" test -f other.sqlite
expect_out "--db after the command works too" "third.sqlite" "$TRDB" init --db third.sqlite
(unset TRDB_DB; cd "$WORK" && mkdir -p plain && cd plain && "$TRDB" init >/dev/null)
check "the default database is ./trdb.sqlite" test -f plain/trdb.sqlite
is "the facts view exists" "$(sql "SELECT count(*) FROM facts")" "0"
sqlite3 other.sqlite "PRAGMA user_version = 99"
expect_exit 3 "a newer schema is refused" "$TRDB" --db other.sqlite init
expect_err "and said so" "schema version 99 is newer than this trdb knows" "$TRDB" --db other.sqlite init
expect_exit 3 "a read command on a missing database fails" "$TRDB" --db missing.sqlite query countries
expect_err "and says how to make one" "no database at 'missing.sqlite'.*trdb init" "$TRDB" --db missing.sqlite query countries
check "and creates nothing" test ! -e missing.sqlite
echo "not a database at all, just text" >text.sqlite
expect_exit 3 "a file that is not a database fails" "$TRDB" --db text.sqlite init
finish
