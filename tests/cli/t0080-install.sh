#!/bin/sh
# make install PREFIX=... DESTDIR=... puts a trdb that finds its data.
. "$(dirname "$0")/lib.sh"
command -v make >/dev/null || skip_all "make is not installed"

check "make install into a DESTDIR" make -s -C "$TOP" install PREFIX=/opt/trdb DESTDIR="$WORK/dest" \
    BUILD="$WORK/build"
check "the binary is installed" test -x "$WORK/dest/opt/trdb/bin/trdb"
check "the profiles are installed" test -s "$WORK/dest/opt/trdb/share/trdb/formats/google-user-data-requests.json"
check "the country aliases are installed" test -s "$WORK/dest/opt/trdb/share/trdb/countries/aliases.tsv"
check "the sources of fetch are installed" test -s "$WORK/dest/opt/trdb/share/trdb/sources.json"
check "the man page is installed" cmp -s "$TOP/cli/trdb.1" "$WORK/dest/opt/trdb/share/man/man1/trdb.1"
check "the bash completion is installed" \
    cmp -s "$TOP/cli/trdb.bash" "$WORK/dest/opt/trdb/share/bash-completion/completions/trdb"
if command -v man >/dev/null; then
    expect_out "man finds the installed page" "^TRDB\(1\)" \
        env MANPATH="$WORK/dest/opt/trdb/share/man" MANWIDTH=80 man trdb
fi
# The installed binary looks in PREFIX/share/trdb; with DESTDIR that is only
# reachable through TRDB_DATA, which is what a packager's test does.
expect_out "it runs with the installed data" "^google-user-data-requests" \
    env TRDB_DATA="$WORK/dest/opt/trdb/share/trdb" "$WORK/dest/opt/trdb/bin/trdb" formats
check "the documentation is installed with the data" test -s "$WORK/dest/opt/trdb/share/trdb/docs/data-model.md"
expect_exit 0 "the installed trdb finds it for Datasette's metadata" \
    env TRDB_DATA="$WORK/dest/opt/trdb/share/trdb" "$WORK/dest/opt/trdb/bin/trdb" metadata --datasette
check "with the columns described" grep -q "\"source_line\":" "$OUT"
expect_err 3 "it was built for its PREFIX" "'/opt/trdb/share/trdb/formats'" \
    env -u TRDB_DATA "$WORK/dest/opt/trdb/bin/trdb" formats
finish
