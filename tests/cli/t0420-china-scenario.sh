#!/bin/sh
# The 2020-12-31 China mainland scenario (bench/gen-removals.sh china: 46,000
# invented removals, 39,000 of them games), as CSV and as JSON Lines: every
# row loads, and apps-removed, country_summary and reconcile give the counts
# that the generated file holds (counted here with Python's csv module, not
# by trdb; the file names the storefront "CN" or "China mainland").
. "$(dirname "$0")/lib.sh"
GEN="$TOP/bench/gen-removals.sh"

check "the generator writes the scenario as CSV" sh "$GEN" china cn.csv
check "and as JSON Lines" sh "$GEN" china-jsonl cn.jsonl
count() {
    python3 -c '
import csv, sys
rows = list(csv.DictReader(open("cn.csv", encoding="utf-8", newline="")))
want = sys.argv[1]
if want == "rows":
    print(len(rows))
elif want == "cn-day":
    print(len({r["app_id"] for r in rows if r["storefront"] in ("CN", "China mainland") and r["removed_on"] == "2020-12-31"}))
else:
    print(len({r["app_id"] for r in rows if r["category"] == want}))
' "$1"
}
rows=$(count rows)
is "the file has 46,000 rows" "$rows" 46000
is "of 46,000 distinct apps removed from CN on 2020-12-31" "$(count cn-day)" 46000
games=$(count Games)
is "39,000 of them games" "$games" 39000

expect_exit 0 "the CSV loads" "$TRDB" ingest cn.csv
check "every row, by the interchange profile" grep -q "profile=trdb-removal-list rows=$rows rejected=0$" "$OUT"
expect_out "apps-removed: 46,000 for CN on 2020-12-31" "^2020-12-31 +46,000 +2020-12-31 +2020-12-31$" \
    "$TRDB" query apps-removed cc=CN since=2020-12-31 until=2020-12-31
is "the same in CSV output" \
    "$("$TRDB" query --format csv apps-removed cc=CN | tail -n +2 | tr -d '\r' | cut -d, -f1,2)" "2020-12-31,46000"
expect_out "per category: games first" "^Games +39,000 " "$TRDB" query apps-removed cc=CN by=category
is "country_summary: 46,000 apps_removed_observed for CN, Apple, 2020-H2" \
    "$(sql "SELECT period_start || ' ' || period_end || ' ' || publisher || ' ' || low || ' ' || high FROM country_summary WHERE country = 'CN' AND measure = 'apps_removed_observed'")" \
    "2020-07-01 2020-12-31 Apple 46000 46000"
expect_out "reconcile shows the observed count" "^CN +China +2020-07-01 +2020-12-31 +46,000 " \
    "$TRDB" query reconcile cc=CN
expect_exit 0 "loading the file again changes nothing" "$TRDB" ingest cn.csv
check "it is unchanged" grep -q "^unchanged " "$OUT"
is "still 46,000 removals" "$(sql "SELECT count(*) FROM app_removals")" 46000
# a later file counts again only the storefronts it names: CN stays as it was
printf '{"resultCount":0,"results":[]}\n' >itunes_900000777_us.json
expect_exit 0 "a capture from another storefront loads" "$TRDB" ingest itunes_900000777_us.json
is "CN's apps_removed_observed is untouched" \
    "$(sql "SELECT low FROM country_summary WHERE country = 'CN' AND measure = 'apps_removed_observed'")" "46000"
expect_out "and init --rebuild-summary gives the same" "country_summary rebuilt" "$TRDB" init --rebuild-summary
is "CN still 46,000 after the rebuild" \
    "$(sql "SELECT low FROM country_summary WHERE country = 'CN' AND measure = 'apps_removed_observed'")" "46000"

expect_exit 0 "the JSON Lines load" "$TRDB" --db jsonl.sqlite ingest cn.jsonl
check "every line, by the JSON Lines profile" grep -q "profile=trdb-removal-list-jsonl rows=$rows rejected=0$" "$OUT"
is "JSON Lines and CSV give the same removals" \
    "$("$TRDB" --db jsonl.sqlite sql --format csv "SELECT count(*), count(DISTINCT app_id), sum(category = 'Games'), max(removed_on) FROM app_removal_list WHERE storefront = 'CN'" | tail -n 1 | tr -d '\r')" \
    "46000,46000,$games,2020-12-31"
finish
