#!/bin/sh
# The command line explains itself: --help everywhere, exit 2 on misuse.
. "$(dirname "$0")/lib.sh"

expect_out "trdb --help lists the commands" "ingest +load files" "$TRDB" --help
expect_out "trdb --version" "^trdb [0-9]" "$TRDB" --version
for c in init ingest formats detect rejects query sql report; do
    expect_out "trdb $c --help shows its usage" "^usage: trdb.* $c" "$TRDB" "$c" --help
done
expect_exit 2 "no command is a usage error" "$TRDB"
expect_err 2 "no command prints the usage" "^usage: trdb" "$TRDB"
expect_exit 2 "an unknown command is a usage error" "$TRDB" frobnicate
expect_err 2 "an unknown command is named" "unknown command 'frobnicate'" "$TRDB" frobnicate
expect_exit 2 "an unknown global option is a usage error" "$TRDB" --colour
expect_exit 2 "an unknown command option is a usage error" "$TRDB" ingest --colour x
expect_err 2 "an unknown command option is named" "unknown option '--colour'" "$TRDB" ingest --colour x
expect_exit 2 "ingest without a path is a usage error" "$TRDB" ingest
expect_exit 2 "a bad --format is a usage error" "$TRDB" query --format xml countries
expect_err 2 "a bad --format lists the formats" "table, csv, json, ndjson" "$TRDB" query --format xml countries
finish
