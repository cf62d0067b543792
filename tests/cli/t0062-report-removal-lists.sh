#!/bin/sh
# A storefront with more app removals than a page lists (100): its page lists
# the newest 100, gives the counts (from the rollups) and leaves the whole
# list to its CSV, written and linked with --removal-lists, named as a
# command without it. A storefront with fewer lists them all, with no note.
. "$(dirname "$0")/lib.sh"
sh "$TOP/bench/gen-removals.sh" big 3000 list.csv
"$TRDB" ingest list.csv >/dev/null

# the storefront with the most removals, and one with at most 100
big=$(sql "SELECT storefront FROM app_removals WHERE kind = 'removed' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
small=$(sql "SELECT storefront FROM app_removals WHERE kind = 'removed' GROUP BY 1 HAVING count(*) <= 100 ORDER BY 1 LIMIT 1")
n=$(sql "SELECT count(*) FROM app_removals WHERE kind = 'removed' AND storefront = '$big'")
apps=$(sql "SELECT count(DISTINCT app) FROM app_removals WHERE kind = 'removed' AND storefront = '$big'")
check "$big has more than 100 removals" test "$n" -gt 100

expect_exit 0 "report" "$TRDB" report --out site
P="site/countries/$big.html"
# the rows of the removals table: the one after its heading
rows() { awk '/The latest removals/ { on = 1 } on && /<\/table>/ { exit } on' "$1" | grep -o '<tr' | wc -l | tr -d ' '; }
is "$big's page lists the newest 100 (and a header row)" "$(rows "$P")" 101
newest=$(sql "SELECT max(removed_on) FROM app_removals WHERE kind = 'removed' AND storefront = '$big'")
check "the newest first" sh -c "awk '/The latest removals/ { on = 1 } on && /<td/ { print; exit }' '$P' | grep -q '$newest'"
check "and counts them all: removals and apps" \
    grep -q "The newest 100 of $n removals ($apps apps) are listed here" "$P"
check "without --removal-lists it names the command that lists them" \
    grep -q "trdb query removals-list cc=$big limit=0 --format csv" "$P"
check "and writes no list" test ! -e "site/csv/$big-removals.csv"
small_n=$(sql "SELECT count(*) FROM app_removals WHERE kind = 'removed' AND storefront = '$small'")
is "$small's page lists its $small_n removals" "$(rows "site/countries/$small.html")" "$((small_n + 1))"
check "with no note" sh -c "! grep -q 'removals-count' 'site/countries/$small.html'"

expect_exit 0 "report --removal-lists" "$TRDB" report --out site2 --removal-lists
check "the page links the whole list" grep -q "<a href=\"../csv/$big-removals.csv\">" "site2/countries/$big.html"
is "which has every removal (and a header)" "$(wc -l <"site2/csv/$big-removals.csv" | tr -d ' ')" "$((n + 1))"
is "as the removals-list query gives them" "$(cksum <"site2/csv/$big-removals.csv")" \
    "$("$TRDB" query removals-list cc="$big" limit=0 --format csv | cksum)"
check "a short list gets no CSV of its own" test ! -e "site2/csv/$small-removals.csv"
is "the other CSV files are the same as without the option" \
    "$(cd site/csv && ls | xargs cat | cksum)" "$(cd site2/csv && ls | grep -v -- -removals.csv | xargs cat | cksum)"
finish
