#!/bin/sh
# Folders and symbolic links: a link to a file is read, a link to a folder is
# walked, and each folder once (known by device and inode): a link back up
# to a folder being read is one warning, skipped (exit code 1), not a path
# of nested loop/up/loop/up/...; a second way into a folder read already is
# one line, skipped. --no-follow skips every link in a folder, one line each,
# and still reads a PATH given on the command line.
. "$(dirname "$0")/lib.sh"
S="$TOP/data/samples"
command -v timeout >/dev/null || skip_all "timeout is not installed (coreutils)"
if ! ln -s x probe-link 2>/dev/null; then
    skip_all "this file system has no symbolic links"
fi

# tree/a.csv, tree/loop/up -> .. (a loop), tree/shared -> ../elsewhere (a folder
# out of the tree), tree/user-data.csv -> ../elsewhere/b.csv (a file)
mkdir -p tree/loop elsewhere
cp "$S/sample-app-removals.csv" tree/a.csv
cp "$S/sample-google-global-user-data-requests.csv" elsewhere/b.csv
ln -s .. tree/loop/up
ln -s ../elsewhere tree/shared
ln -s ../elsewhere/b.csv tree/user-data.csv

expect_exit 1 "a folder with a link loop loads, with a warning (exit code 1)" \
    timeout 20 "$TRDB" --db loop.sqlite ingest tree
cp "$OUT" loop.out
cp "$ERR" loop.err
is "the loop is reported once, as a loop" "$(cat loop.err)" \
    "trdb: warning: tree/loop/up: a symbolic link loop, back to 'tree': skipped"
check "no path runs round the loop" sh -c '! grep -q "up/loop" loop.out loop.err'
check "the file in the tree loads" grep -qx "loaded tree/a.csv profile=trdb-removal-list rows=6 rejected=0" loop.out
check "the linked folder is walked" grep -qx "loaded tree/shared/b.csv profile=google-user-data-requests rows=22 rejected=0" loop.out
check "the linked file is read (its bytes are loaded already: unchanged)" \
    grep -qx "unchanged tree/user-data.csv profile=google-user-data-requests rows=22 rejected=0" loop.out
is "three files in all" "$(wc -l <loop.out | tr -d ' ')" "3"

# a linked file alone, and a link named on the command line
expect_out "a link to a file, named, is read" "^loaded tree/user-data.csv profile=google-user-data-requests rows=22 " \
    "$TRDB" --db file.sqlite ingest tree/user-data.csv
is "and recorded under the link's name" "$("$TRDB" --db file.sqlite sql --format csv "SELECT path FROM source_files" | tail -n 1 | tr -d '\r')" \
    "tree/user-data.csv"

# a folder reached twice (two links to it) is walked once
ln -s ../elsewhere tree/zz-again
expect_exit 1 "a folder linked twice" timeout 20 "$TRDB" --db twice.sqlite ingest tree
cp "$OUT" twice.out
cp "$ERR" twice.err
is "is walked once" "$(grep -c '/b.csv profile' twice.out)" "1"
check "not under the second link" sh -c '! grep -q zz-again twice.out' 
check "the second way in is one line" grep -qx "trdb: tree/zz-again: the folder read already as 'tree/shared': skipped" twice.err
is "beside the loop's" "$(wc -l <twice.err | tr -d ' ')" "2"
rm tree/zz-again

# a loop of links to links, and a link to nothing
ln -s ring2.csv tree/ring1.csv
ln -s ring1.csv tree/ring2.csv
ln -s nowhere.csv tree/dangling.csv
expect_exit 1 "links in a ring" timeout 20 "$TRDB" --db ring.sqlite ingest tree
cp "$ERR" ring.err
check "each is one warning" grep -qx "trdb: warning: tree/ring1.csv: a symbolic link loop: skipped" ring.err
check "the other too" grep -qx "trdb: warning: tree/ring2.csv: a symbolic link loop: skipped" ring.err
check "a link to nothing passes in silence, as before" sh -c '! grep -q dangling ring.err' 
rm tree/ring1.csv tree/ring2.csv tree/dangling.csv

# a deep loop: a link to the top from far down is still one warning
mkdir -p deep/a/b/c/d
cp "$S/sample-app-removals.csv" deep/a/b/c/d/x.csv
ln -s ../../../.. deep/a/b/c/d/top
expect_exit 1 "a loop from deep down" timeout 20 "$TRDB" --db deep.sqlite ingest deep
is "one warning, naming where it leads" "$(cat "$ERR")" \
    "trdb: warning: deep/a/b/c/d/top: a symbolic link loop, back to 'deep': skipped"

# --no-follow: every link in a folder is skipped, one line each
expect_exit 0 "--no-follow reads the folder without its links" \
    timeout 20 "$TRDB" --db nofollow.sqlite ingest --no-follow tree
cp "$OUT" nf.out
cp "$ERR" nf.err
is "only the file that is not a link loads" "$(cat nf.out)" "loaded tree/a.csv profile=trdb-removal-list rows=6 rejected=0"
check "the folder link is skipped with a line" grep -qx "trdb: tree/shared: a symbolic link (--no-follow): skipped" nf.err
check "the file link is skipped with a line" grep -qx "trdb: tree/user-data.csv: a symbolic link (--no-follow): skipped" nf.err
check "the loop link is skipped with a line" grep -qx "trdb: tree/loop/up: a symbolic link (--no-follow): skipped" nf.err
is "one line per link" "$(wc -l <nf.err | tr -d ' ')" "3"
expect_out "--no-follow still reads a link named on the command line" "^loaded tree/user-data.csv " \
    "$TRDB" --db nofollow.sqlite ingest --no-follow tree/user-data.csv
expect_out "and a linked folder named on the command line" "^loaded tree/shared/b.csv |^unchanged tree/shared/b.csv " \
    "$TRDB" --db nofollow.sqlite ingest --no-follow tree/shared
finish
