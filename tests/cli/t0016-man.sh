#!/bin/sh
# The man page trdb(1), cli/trdb.1: it renders without a warning, has the
# sections a man page has, a subsection per command naming exactly the
# options that command's --help names (and the test fails when one of them
# gains an option the other lacks), the exit codes, and every environment
# variable the code reads.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-options.sh"
MAN="$TOP/cli/trdb.1"
command -v groff >/dev/null || skip_all "groff is not installed (Debian: groff-base)"

check "the man page exists" test -s "$MAN"
expect_out "groff renders it" "EXIT STATUS" groff -man -Tutf8 -P-cbou -ww "$MAN"
_run groff -man -Tutf8 -ww -z "$MAN"
is "without a warning" "$(cat "$ERR")" ""
if command -v man >/dev/null; then
    expect_out "man -l renders it from the checkout" "trdb --db" env MANWIDTH=100 man -l "$MAN"
fi
for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
    check "it has the section $s" grep -qx "\.SH \"*$s\"*" "$MAN"
done

# a subsection for every command, and for nothing else
trdb_commands >commands
is "trdb --help lists the twelve commands" "$(wc -l <commands | tr -d ' ')" "12"
sed -n 's/^\.SS \([a-z-]*\)$/\1/p' "$MAN" | LC_ALL=C sort >man-commands
LC_ALL=C sort commands >help-commands
check "the man page has one subsection per command, and no other" \
    same_options "commands" help-commands man-commands

# each command's options: --help and the man page agree
while read -r c; do
    help_options "$c" >"help-$c"
    man_options "$MAN" "$c" >"man-$c"
    check "$c: --help names options" test -s "help-$c"
    check "$c: --help and the man page name the same options" same_options "$c" "help-$c" "man-$c"
done <commands
# the global options: trdb --help's options: part and the OPTIONS section
"$TRDB" --help | sed -n '/^options:/,/^$/p' | grep -oE -- '--[a-z][a-z-]*' | LC_ALL=C sort -u >help-global
man_sh "$MAN" OPTIONS | grep -oE -- '--[a-z][a-z-]*' | LC_ALL=C sort -u >man-global
check "the global options agree" same_options global help-global man-global
is "the global options are --db, --help, --version" "$(tr '\n' ' ' <help-global)" "--db --help --version "

# the comparison catches an option added to one side only
sed 's/^\.SS sql$/.SS sql\
.TP\
.B \\-\\-explain/' "$MAN" >with-extra.1
man_options with-extra.1 sql >man-sql-extra
expect_exit 1 "an option only the man page has fails the comparison" same_options sql help-sql man-sql-extra
check "and is named" grep -q "only in the second: --explain" "$ERR"
{ cat help-ingest; echo --no-such-option; } | LC_ALL=C sort >help-ingest-extra
expect_exit 1 "an option only --help has fails the comparison" same_options ingest help-ingest-extra man-ingest
check "and is named" grep -q "only in the first: --no-such-option" "$ERR"

# the exit codes
man_sh "$MAN" "EXIT STATUS" >exits
for n in 0 1 2 3 4 130 143; do
    check "EXIT STATUS explains $n" grep -qx "\.B $n" exits
done

# every environment variable the code reads (getenv), and TRDB_DB, TRDB_DATA, TRDB_FORMATS
man_sh "$MAN" ENVIRONMENT | sed -n 's/^\.B \([A-Z_]*\)$/\1/p' | LC_ALL=C sort -u >man-env
(cd "$TOP" && grep -rhoE 'getenv\("[A-Z_]+"\)' lib model ingest queries reports cli) |
    sed 's/getenv("\(.*\)")/\1/' | LC_ALL=C sort -u >code-env
check "the code reads environment variables" grep -qx TRDB_DB code-env
for v in TRDB_DB TRDB_DATA TRDB_FORMATS $(cat code-env); do
    check "ENVIRONMENT explains $v" grep -qx "$v" man-env
done
finish
