#!/bin/sh
# trdb help COMMAND is trdb COMMAND --help; trdb help is trdb --help;
# --version names the commit of a build from git; the top-level help says
# what each command does.
. "$(dirname "$0")/lib.sh"
for cmd in init ingest query sql report metadata; do
    "$TRDB" "$cmd" --help >want.txt
    expect_exit 0 "help $cmd works" "$TRDB" help "$cmd"
    is "help $cmd is $cmd --help" "$(cmp -s "$OUT" want.txt && echo same)" "same"
done
"$TRDB" --help >want.txt
expect_exit 0 "help alone works" "$TRDB" help
is "help alone is --help" "$(cmp -s "$OUT" want.txt && echo same)" "same"
expect_err 2 "help of an unknown command is a usage error" "unknown command 'nosuch'" "$TRDB" help nosuch
expect_err 2 "help takes one command" "help takes one command" "$TRDB" help sql query
expect_out "the top-level help says report writes the HTML site" "report .*HTML site" "$TRDB" --help
expect_out "--version names the version" "^trdb [0-9]" "$TRDB" --version
if commit=$(git -C "$TOP" rev-parse --short=12 HEAD 2>/dev/null) && [ -n "$commit" ]; then
    expect_out "and the commit it was built from" "$commit" "$TRDB" --version
else
    echo "ok $((_n = _n + 1)) - the commit in --version # SKIP not a git checkout"
fi
finish
