#!/bin/sh
# App records on PostgreSQL (a private server, tests/lib/pgcluster.sh) give
# what they give on SQLite: removal lists (the samples, the fixtures, a
# generated list over many storefronts, the China scenario), availability
# captures (fixtures, generated, and ../shared/realdata/appstore when it is
# there) are ingested into both, stage after stage as t0430 does on SQLite
# (a rerun, a second release that moves an app to another category, a third
# that adds removals to known apps, --force of a list and of captures, a
# capture that fails), and sorted dumps of apps, app_removals,
# app_observations, the four rollups, country_summary, the app views and
# the app queries are compared byte for byte after each. On PostgreSQL the
# observations go in a partition per month; init --rebuild-summary counts
# everything again to the same rows; the report of both is the same.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/lib/pgcluster.sh"
. "$TOP/tests/lib/pgboth.sh"
pg_start || skip_all "$PG_SKIP"
command -v sqlite3 >/dev/null || skip_all "sqlite3 is not installed"
unset TRDB_DB
LITE="$WORK/lite.sqlite"
A="$TOP/tests/data/apps"

compare_apps() {
    same_app_tables "$1"
    dump "SELECT * FROM app_status"
    same "the app_status view: the same ($1)"
    dump "SELECT * FROM app_removal_list"
    same "the app_removal_list view: the same ($1)"
    is "(nothing is left stale: $1)" "$(pg_psql -At -c "SELECT count(*) FROM app_rollup_stale")" "0"
    for q in "apps-removed cc=CN" "apps-removed cc=CN by=category" "apps-removed cc=US" \
        "removals-list cc=CN" "country-sources cc=CN" "summary cc=CN" "top measure=apps_removed_observed"; do
        # shellcheck disable=SC2086
        both query $q --format csv
        same "query $q: the same ($1)"
    done
}

sh "$TOP/bench/gen-removals.sh" big 3000 big.csv
sh "$TOP/bench/gen-removals.sh" china china.csv
sh "$TOP/bench/gen-removals.sh" observations 3000 obs.jsonl
set -- "$TOP/data/samples/sample-app-removals.csv" "$TOP/data/samples/sample-itunes-captures.jsonl" \
    "$A/captures.jsonl" "$A/removals.csv" "$A/undated-removals.csv" "$A/removals.jsonl" \
    "$A/bad-removals.csv" big.csv china.csv obs.jsonl
REAL=${REALDATA:-$TOP/../shared/realdata}
if [ -d "$REAL/appstore" ]; then
    set -- "$@" "$REAL/appstore"
else
    echo "# no real data at $REAL: the fixtures and generated files only"
fi
both init
both ingest "$@"
same "ingest of app lists and captures prints the same lines and exit code on both"
check "(the China list loaded)" grep -q '^loaded china.csv' pg.out
check "(the captures loaded)" grep -q '^loaded obs.jsonl' pg.out
check "(a file with rejected rows kept its good ones)" grep -q 'bad-removals.csv .*rejected=[1-9]' pg.out
is "(removals were derived from the captures)" \
    "$(pg_psql -At -c "SELECT count(*) > 0 FROM app_removals WHERE derived = 1")" "t"
compare_apps "first load"

# the observations are in a partition per month, none in the default one
is "observations are partitioned by month" \
    "$(pg_psql -At -c "SELECT count(*) FROM app_observations_default")" "0"
is "(a partition for each month observed)" \
    "$(pg_psql -At -c "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = 'app_observations'::regclass AND c.relname <> 'app_observations_default'")" \
    "$(pg_psql -At -c "SELECT count(DISTINCT substr(observed_at, 1, 7)) FROM app_observations")"

both ingest "$@"
same "everything again: unchanged on both"
check "(unchanged)" grep -q '^unchanged china.csv' pg.out
compare_apps "loaded again"

# a second release moves an app removed in CN to another category, in a file about US only
{
    head -n 1 "$A/removals.csv"
    echo '800000013,org.example.vpn,Example VPN,Example Privacy,Navigation,US,2021-02-01,legal violation,'
    echo '800000099,org.example.new,A New App,Example Co,News,US,2021-02-02,,'
} >release2.csv
both ingest release2.csv
same "a release that moves an app to another category"
compare_apps "a second release"

# a third: removals of known apps in months they had and new ones, rows apart, a row repeated
{
    head -n 1 "$A/removals.csv"
    echo '800000013,org.example.vpn,Example VPN,Example Privacy,Navigation,CN,2021-01-20,,'
    echo '900000001,org.example.x,App X,Example Co,Games,DE,2022-05-01,,'
    echo '900000002,org.example.y,App Y,,Games,DE,2022-05-02,,'
    echo '900000001,org.example.x,App X v2,Example Co,Games,DE,2022-05-03,,'
    echo '900000001,org.example.x,,Example Co,Games,DE,2022-05-03,,'
    echo '900000002,org.example.y,App Y,Example Other,,DE,,,'
    echo '800000011,org.example.game1,"Game, the First",Example Games,Games,CN,2020-12-31,unlicensed game,'
} >release3.csv
both ingest release3.csv
same "a third release"
compare_apps "a third release"
is "(an app's details: the file's last non-blank ones)" \
    "$(pg_psql -At -c "SELECT name || '|' || developer FROM apps WHERE app_id = '900000001'")" "App X v2|Example Co"

both ingest --force big.csv
same "--force of a list"
compare_apps "--force of a list"
both ingest --force "$A/captures.jsonl"
same "--force of captures"
compare_apps "--force of captures"

# a list that fails part way (an unknown storefront code is rejected, a bad file fails) keeps nothing of it
printf 'app_id,bundle_id,app_name,developer,category,storefront,removed_on,reason,source_url\n1,a,A,D,Games,CN,2021-01-01,,\n' >one.csv
both ingest one.csv
same "a one-row list"
compare_apps "a one-row list"

# init --rebuild-summary counts everything again: the same rows as kept at ingest
pg_psql -At -c "SELECT * FROM app_removal_months ORDER BY 1, 2" >kept.txt
pg_psql -At -c "SELECT * FROM country_summary ORDER BY 1, 2, 3, 4, 5" >>kept.txt
pg_psql -c "DELETE FROM app_removal_months; DELETE FROM country_summary WHERE measure = 'apps_removed_observed'" >/dev/null
both init --rebuild-summary
check "init --rebuild-summary on SQLite" grep -q '^country_summary rebuilt' lite.out
check "and on PostgreSQL" grep -q '^country_summary rebuilt' pg.out
check "(exit 0)" test "$(grep -c '^exit' pg.out)" = 0
pg_psql -At -c "SELECT * FROM app_removal_months ORDER BY 1, 2" >rebuilt.txt
pg_psql -At -c "SELECT * FROM country_summary ORDER BY 1, 2, 3, 4, 5" >>rebuilt.txt
check "a rebuild on PostgreSQL gives the rows kept at ingest" cmp -s kept.txt rebuilt.txt
compare_apps "a rebuild"

# the report, with the removal lists, from both
"$TRDB" --db "$LITE" report --out lite-site --removal-lists >/dev/null 2>&1
"$TRDB" --db "$PG_URI" report --out pg-site --removal-lists >/dev/null 2>&1
# but for the times each file was loaded, which differ by the seconds between the two ingests
find lite-site pg-site -type f -name '*.html' -exec sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g' {} +
find lite-site pg-site -type f -name '*.csv' -exec sed -i -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g' {} +
check "(the report has pages)" test -s pg-site/index.html
check "the report with app records is the same from both" diff -r lite-site pg-site
finish
