#!/bin/sh
# The app rollups (schema 8: app_removal_months, app_removal_categories,
# app_removal_files, app_observation_files) and the apps_removed_observed rows
# of country_summary, kept up to date at ingest (a list's counts added from
# memory by model/apps.c, captures and forgotten loads counted again by
# model/rollup.sql and app_summary.sql), always equal a GROUP BY over
# app_removals and app_observations, and the apps-removed and country-sources
# queries: after a first load, loading again, a second release that moves an
# app to another category, a third that adds removals to apps already known
# (in months they had, and new ones; an app's rows apart; a row restated),
# --force (the earlier load forgotten), a file of captures, and init
# --rebuild-summary.
. "$(dirname "$0")/lib.sh"
A="$TOP/tests/data/apps"
DB="$TRDB_DB"

# The rows a rollup has that a recount lacks, and the other way round: empty when equal.
recount_diff() {
    sqlite3 "$DB" "
        WITH m AS (SELECT storefront, coalesce(substr(removed_on, 1, 7), '(date unknown)') AS grp,
                          count(DISTINCT app) AS apps, count(*) AS removals,
                          min(removed_on) AS f, max(removed_on) AS l
                   FROM app_removals WHERE kind = 'removed' GROUP BY 1, 2),
             c AS (SELECT r.storefront, coalesce(a.category, '(no category)') AS grp,
                          count(DISTINCT r.app) AS apps, min(r.removed_on) AS f, max(r.removed_on) AS l
                   FROM app_removals r JOIN apps a ON a.id = r.app
                   WHERE r.kind = 'removed' GROUP BY 1, 2),
             rf AS (SELECT storefront, file_id, count(*) AS n FROM app_removals GROUP BY 1, 2),
             of AS (SELECT storefront, file_id, count(*) AS n FROM app_observations GROUP BY 1, 2)
        SELECT 'months+', * FROM (SELECT storefront, grp, apps, removals, first_removed_on,
                                         last_removed_on FROM app_removal_months EXCEPT SELECT * FROM m)
        UNION ALL SELECT 'months-', * FROM (SELECT * FROM m EXCEPT SELECT storefront, grp, apps,
                                         removals, first_removed_on, last_removed_on FROM app_removal_months)
        UNION ALL SELECT 'categories+', *, NULL FROM (SELECT storefront, grp, apps, first_removed_on,
                                         last_removed_on FROM app_removal_categories EXCEPT SELECT * FROM c)
        UNION ALL SELECT 'categories-', *, NULL FROM (SELECT * FROM c EXCEPT SELECT storefront, grp,
                                         apps, first_removed_on, last_removed_on FROM app_removal_categories)
        UNION ALL SELECT 'files+', *, NULL, NULL, NULL FROM (SELECT * FROM app_removal_files EXCEPT SELECT * FROM rf)
        UNION ALL SELECT 'files-', *, NULL, NULL, NULL FROM (SELECT * FROM rf EXCEPT SELECT * FROM app_removal_files)
        UNION ALL SELECT 'obs+', *, NULL, NULL, NULL FROM (SELECT * FROM app_observation_files EXCEPT SELECT * FROM of)
        UNION ALL SELECT 'obs-', *, NULL, NULL, NULL FROM (SELECT * FROM of EXCEPT SELECT * FROM app_observation_files)"
}
# The same for the apps_removed_observed rows of country_summary (app_summary.sql's count).
summary_diff() {
    sqlite3 "$DB" "
        WITH s AS (SELECT r.storefront AS country,
                          substr(r.removed_on, 1, 4) || CASE WHEN substr(r.removed_on, 6, 2) <= '06'
                              THEN '-01-01' ELSE '-07-01' END AS period_start,
                          substr(r.removed_on, 1, 4) || CASE WHEN substr(r.removed_on, 6, 2) <= '06'
                              THEN '-06-30' ELSE '-12-31' END AS period_end,
                          st.publisher, count(DISTINCT r.app) AS apps, count(*) AS n
                   FROM app_removals r JOIN apps a ON a.id = r.app JOIN stores st ON st.store = a.store
                   WHERE r.kind = 'removed' AND r.removed_on IS NOT NULL GROUP BY 1, 2, 3, 4),
             k AS (SELECT country, period_start, period_end, publisher, low, n_facts
                   FROM country_summary WHERE measure = 'apps_removed_observed' AND low = high)
        SELECT 'summary+', * FROM (SELECT * FROM k EXCEPT SELECT * FROM s)
        UNION ALL SELECT 'summary-', * FROM (SELECT * FROM s EXCEPT SELECT * FROM k)
        UNION ALL SELECT 'summary low != high', count(*), NULL, NULL, NULL, NULL, NULL
        FROM country_summary WHERE measure = 'apps_removed_observed' AND low IS NOT high
        HAVING count(*) > 0"
}
# The report's rollup rows of every storefront beside the apps-removed query's
# recount of them (by month and by category): empty when they agree.
query_diff() {
    for cc in $(sqlite3 "$DB" "SELECT DISTINCT storefront FROM app_removals ORDER BY 1"); do
        for by in month category; do
            "$TRDB" query apps-removed cc="$cc" by="$by" --format csv >q.csv
            if [ "$by" = month ]; then t=app_removal_months o="grp"; else t=app_removal_categories o="-apps, grp"; fi
            "$TRDB" sql --format csv "SELECT grp AS \"group\", apps AS apps_removed, first_removed_on,
                last_removed_on FROM $t WHERE storefront = '$cc' ORDER BY $o" >r.csv
            cmp -s q.csv r.csv || echo "$cc by $by differs"
        done
    done
}
rollups_agree() {
    is "$1: the rollups equal a recount" "$(recount_diff)" ""
    is "$1: apps_removed_observed equals a recount" "$(summary_diff)" ""
    is "$1: and the apps-removed query, storefront by storefront" "$(query_diff)" ""
}

expect_exit 1 "captures load (one reject)" "$TRDB" ingest "$A/captures.jsonl"
is "the captures derived removals" "$(sql "SELECT count(*) > 0 FROM app_removals WHERE derived = 1")" "1"
rollups_agree "captures"
expect_exit 0 "a removal list and an undated one" "$TRDB" ingest "$A/removals.csv" "$A/undated-removals.csv"
rollups_agree "removal lists"
is "an undated removal is counted under (date unknown)" \
    "$(sql "SELECT apps FROM app_removal_months WHERE storefront = 'CN' AND grp = '(date unknown)'")" "1"
sh "$TOP/bench/gen-removals.sh" big 3000 big.csv
expect_exit 0 "a generated list of 3,000 removals" "$TRDB" ingest big.csv
rollups_agree "a list over many storefronts"
expect_exit 0 "everything again: unchanged" "$TRDB" ingest "$A/removals.csv" "$A/undated-removals.csv" big.csv
rollups_agree "loaded again"

# A second release moves an app removed in CN to another category, in a file
# about US only: CN's categories are counted again all the same
cat_apps() { sql "SELECT coalesce((SELECT apps FROM app_removal_categories WHERE storefront = 'CN' AND grp = '$1'), 0)"; }
before_u=$(cat_apps Utilities) before_n=$(cat_apps Navigation)
{
    head -n 1 "$A/removals.csv"
    echo '800000013,org.example.vpn,Example VPN,Example Privacy,Navigation,US,2021-02-01,legal violation,'
    echo '800000099,org.example.new,A New App,Example Co,News,US,2021-02-02,,'
} >release2.csv
expect_exit 0 "a second release that moves an app to another category" "$TRDB" ingest release2.csv
is "the app is in its new category" "$(sql "SELECT category FROM apps WHERE app_id = '800000013'")" "Navigation"
is "CN counts it under its new category" "$(cat_apps Navigation)" "$((before_n + 1))"
is "and one app fewer under its old one" "$(cat_apps Utilities)" "$((before_u - 1))"
rollups_agree "a second release"
is "nothing is left stale" "$(sql "SELECT count(*) FROM app_rollup_stale")" "0"

# A third release: removals of apps already known, in a month (and half-year)
# they had and in new ones, an app whose rows are apart (another app between),
# a row the first list gave already, and apps new to the database
month() { sql "SELECT coalesce((SELECT apps || ' ' || removals FROM app_removal_months WHERE storefront = '$1' AND grp = '$2'), '0 0')"; }
before_jan=$(month CN 2021-01) before_may=$(month DE 2022-05)
{
    head -n 1 "$A/removals.csv"
    echo '800000013,org.example.vpn,Example VPN,Example Privacy,Navigation,CN,2021-01-20,,'
    echo '800000013,org.example.vpn,Example VPN,Example Privacy,Navigation,CN,2021-03-01,,'
    echo '900000001,org.example.x,App X,Example Co,Games,DE,2022-05-01,,'
    echo '900000001,org.example.x,App X,Example Co,Games,CN,2021-01-03,,'
    echo '900000002,org.example.y,App Y,Example Co,Games,DE,2022-05-02,,'
    echo '900000001,org.example.x,App X,Example Co,Games,DE,2022-05-03,,'
    echo '900000001,org.example.x,App X,Example Co,Games,DE,2022-08-03,,'
    echo '900000002,org.example.y,App Y,Example Co,Games,DE,,,'
    echo '900000003,org.example.z,App Z,Example Co,Games,DE,2022-05-10,,'
    echo '900000003,org.example.z,App Z,Example Co,Games,DE,2022-05-11,,'
    echo '900000003,org.example.z,App Z,Example Co,Games,DE,2022-06-01,,'
    echo '800000011,org.example.game1,"Game, the First",Example Games,Games,CN,2020-12-31,unlicensed game,'
    echo '800000011,org.example.game1,"Game, the First",Example Games,Games,CN,2020-12-30,unlicensed game,'
} >release3.csv
expect_exit 0 "a third release: more removals of known apps" "$TRDB" ingest release3.csv
is "CN's January: one app more (X), two removals more" "$(month CN 2021-01)" \
    "$((${before_jan% *} + 1)) $((${before_jan#* } + 2))"
is "DE's May: three apps more, five removals more" "$(month DE 2022-05)" \
    "$((${before_may% *} + 3)) $((${before_may#* } + 5))"
rollups_agree "a third release"

expect_exit 0 "--force: a list loaded again in place of its earlier load" "$TRDB" ingest --force big.csv
rollups_agree "--force of a list"
expect_exit 1 "--force: the captures again (their earlier load forgotten)" "$TRDB" ingest --force "$A/captures.jsonl"
rollups_agree "--force of captures"
is "no rollup row names a file that is gone" \
    "$(sql "SELECT count(*) FROM (SELECT file_id FROM app_removal_files UNION SELECT file_id FROM app_observation_files) WHERE file_id NOT IN (SELECT id FROM source_files)")" "0"

# a rebuild counts everything from scratch: the same rows
sqlite3 "$DB" "SELECT * FROM app_removal_months; SELECT * FROM app_removal_categories;
               SELECT * FROM app_removal_files; SELECT * FROM app_observation_files" >kept.txt
sqlite3 "$DB" "DELETE FROM app_removal_months; DELETE FROM app_removal_files"
expect_exit 0 "init --rebuild-summary" "$TRDB" init --rebuild-summary
sqlite3 "$DB" "SELECT * FROM app_removal_months; SELECT * FROM app_removal_categories;
               SELECT * FROM app_removal_files; SELECT * FROM app_observation_files" >rebuilt.txt
check "a rebuild gives the rollups kept at ingest" cmp -s kept.txt rebuilt.txt
rollups_agree "a rebuild"

# country-sources counts a storefront's app records from the rollups: the same as a recount
cn_sources=$(sql "SELECT group_concat(n, ' ') FROM (SELECT sum(n) AS n, file_id FROM (
    SELECT file_id, count(*) AS n FROM app_removals WHERE storefront = 'CN' GROUP BY 1
    UNION ALL SELECT file_id, count(*) FROM app_observations WHERE storefront = 'CN' GROUP BY 1)
    GROUP BY file_id ORDER BY file_id)")
"$TRDB" query country-sources cc=CN --format csv >src.csv
got=$(sqlite3 "$DB" "SELECT id FROM source_files ORDER BY id" | while read -r id; do
    p=$(sql "SELECT path FROM source_files WHERE id = $id")
    awk -F, -v p="$p" '$1 == p { print $6 }' src.csv | tr -d '\r'
done | tr '\n' ' ' | sed 's/ $//')
is "country-sources counts CN's app records per file as a recount does" "$got" "$cn_sources"
finish
