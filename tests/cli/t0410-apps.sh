#!/bin/sh
# App records: captures (JSON Lines), removal lists (CSV and JSON Lines),
# status changes; removals derived from captures; the apps-removed, app and
# reconcile queries; bad rows rejected with their reasons.
. "$(dirname "$0")/lib.sh"
A="$TOP/tests/data/apps"

expect_exit 1 "captures load (one line is not JSON: a reject)" "$TRDB" ingest "$A/captures.jsonl"
check "by the JSON Lines capture profile" grep -q "^loaded $A/captures.jsonl profile=appstore-itunes-lookup-jsonl rows=9 rejected=1$" "$OUT"
is "the bad line is a reject with its line number" \
    "$(sql "SELECT line || ' ' || reason FROM rejects")" "11 not a JSON object (invalid JSON)"
is "and the line as published" "$(sql "SELECT raw FROM rejects")" "this line is not JSON"
status() { sql "SELECT group_concat(coalesce(available, 'unknown'), ' ') FROM (SELECT available FROM app_status WHERE app_id = '$1' AND storefront = '$2' ORDER BY observed_at)"; }
is "captures keep available, unknown, not available" "$(status 800000001 CN)" "1 unknown 0 unknown 1 0"
is "a time with a zone is kept in UTC" \
    "$(sql "SELECT observed_at FROM app_status WHERE app_id = '800000001' AND observed_at LIKE '2021-03-01%'")" "2021-03-01T01:30:00Z"
removals() { sql "SELECT group_concat(kind || ' ' || removed_on || ' ' || coalesce(last_seen_available, '-'), '; ') FROM (SELECT r.kind, r.removed_on, r.last_seen_available FROM app_removals r JOIN apps a ON a.id = r.app WHERE a.app_id = '$1' AND r.storefront = '$2' ORDER BY r.removed_on)"; }
is "derived: removed when first not seen, reinstated when seen again, unknowns ignored" \
    "$(removals 800000001 CN)" \
    "removed 2021-02-01 2021-01-10T00:00:00Z; reinstated 2021-03-01 -; removed 2021-04-01 2021-03-01T01:30:00Z"
is "no removal where the app stayed available" "$(removals 800000001 US)" ""
is "no removal for an app never seen available" "$(removals 800000002 CN)" ""
is "derived removals are marked so in app_removal_list" \
    "$(sql "SELECT group_concat(derived) FROM app_removal_list WHERE app_id = '800000001'")" "1,1"
is "the app's name and category came from the capture" \
    "$(sql "SELECT name || ' / ' || category FROM apps WHERE app_id = '800000001'")" "Example One / Utilities"

expect_exit 0 "a removal list in trdb's CSV layout loads" "$TRDB" ingest "$A/removals.csv"
check "by its profile" grep -q "profile=trdb-removal-list rows=3 rejected=0$" "$OUT"
is "storefronts as codes, names or lower case are all CN" \
    "$(sql "SELECT group_concat(DISTINCT storefront) FROM app_removal_list WHERE app_id LIKE '80000001%'")" "CN"
is "quoted names with commas and non-Latin names are kept" \
    "$(sql "SELECT group_concat(app_name, '|') FROM (SELECT app_name FROM app_removal_list WHERE app_id IN ('800000011', '800000012') ORDER BY app_id)")" \
    "Game, the First|第二个游戏"
expect_exit 0 "the same removals as JSON Lines" "$TRDB" --db jsonl.sqlite ingest "$A/removals.jsonl"
is "give the same list" \
    "$("$TRDB" --db jsonl.sqlite sql --format csv "SELECT app_id, app_name, storefront, removed_on, reason, source_url FROM app_removal_list ORDER BY 1")" \
    "$("$TRDB" sql --format csv "SELECT app_id, app_name, storefront, removed_on, reason, source_url FROM app_removal_list WHERE app_id LIKE '80000001%' ORDER BY 1")"

expect_exit 0 "status changes load" "$TRDB" ingest "$A/status-changes.csv"
is "-1 is a removal, +1 a reinstatement" "$(removals 800000021 RU)" "removed 2021-05-01 -; reinstated 2021-06-01 -"

expect_out "apps-removed counts per day" "^2020-12-31 +2 +2020-12-31 +2020-12-31$" "$TRDB" query apps-removed cc=CN
expect_out "per category" "^Games +2 " "$TRDB" query apps-removed cc=CN by=category
expect_out "per month, from a date" "^2021-04 +1 " "$TRDB" query apps-removed cc=CN since=2021-03-15 by=month
expect_out "removals-list: one row per app" "^2020-12-31 +800000012 +第二个游戏 +[^ ]+ +Games " "$TRDB" query removals-list cc=China
expect_out "apps-removed has no empty app columns" "^group +apps_removed +first_removed_on +last_removed_on$" "$TRDB" query apps-removed cc=CN by=category
expect_exit 2 "a wrong 'by' is a usage error" "$TRDB" query apps-removed cc=CN by=colour
expect_err 2 "listing the choices" "by must be one of day,month,category,developer" "$TRDB" query apps-removed cc=CN by=colour
expect_exit 2 "a wrong date is a usage error" "$TRDB" query apps-removed cc=CN since=2021-02-30
expect_out "app id=... shows its history across storefronts" "removed \(derived from captures\)" "$TRDB" query app id=800000001
cp "$OUT" app.out
check "with its unknown captures" grep -q "unknown (capture failed)" app.out
check "and the US capture" grep -q " US  *available" app.out

expect_exit 0 "Apple's takedown figures load" "$TRDB" ingest "$A/takedowns.csv"
expect_out "reconcile: 2020-H2 reported 2, observed 2" "^CN +China +2020-07-01 +2020-12-31 +2 +2 +0$" "$TRDB" query reconcile cc=CN
expect_out "reconcile: 2021-H1 reported 5, observed 2 distinct apps" "^CN +China +2021-01-01 +2021-06-30 +5 +2 +-3$" "$TRDB" query reconcile cc=CN
is "apps_removed_observed is in country_summary" \
    "$(sql "SELECT low FROM country_summary WHERE country = 'CN' AND period_end = '2021-06-30' AND measure = 'apps_removed_observed' AND publisher = 'Apple'")" "2"

expect_exit 0 "a removal listed without a date loads" "$TRDB" --db undated.sqlite ingest "$A/undated-removals.csv"
check "every row of it" grep -q "rows=3 rejected=0$" "$OUT"
is "as one removal, date unknown (the second listing is the same removal)" \
    "$("$TRDB" --db undated.sqlite sql --format csv "SELECT app_id || ' ' || coalesce(removed_on, 'NULL') FROM app_removal_list ORDER BY app_id" | tail -n +2 | tr -d '\r' | tr '\n' ';')" \
    "800000041 NULL;800000042 2021-03-03;"
expect_out "apps-removed counts it under '(date unknown)'" "^\(date unknown\) +1 +$" \
    "$TRDB" --db undated.sqlite query apps-removed cc=CN
expect_out "and in its category" "^News +2 " "$TRDB" --db undated.sqlite query apps-removed cc=CN by=category
is "removals-list: the dated first, the undated after" \
    "$("$TRDB" --db undated.sqlite query --format csv removals-list cc=CN | tail -n +2 | cut -d, -f1,2 | tr -d '\r' | tr '\n' ';')" \
    "2021-03-03,800000042;,800000041;"
is "limit=1 keeps the newest" \
    "$("$TRDB" --db undated.sqlite query --format csv removals-list cc=CN limit=1 | tail -n +2 | cut -d, -f1,2 | tr -d '\r')" \
    "2021-03-03,800000042"
"$TRDB" --db undated.sqlite query apps-removed cc=CN since=2021-01-01 >since.out
check "but not when a date range is asked for" sh -c '! grep -q "date unknown" since.out && grep -q "^2021-03-03 " since.out'
is "country_summary counts only the dated one, in its half-year" \
    "$("$TRDB" --db undated.sqlite sql --format csv "SELECT period_end || ' ' || low FROM country_summary WHERE measure = 'apps_removed_observed'" | tail -n +2 | tr -d '\r' | tr '\n' ';')" \
    "2021-06-30 1;"
printf '%s\n' '{"app_id": "800000043", "storefront": "CN", "removed_on": null, "app_name": "Null Date"}' \
    '{"app_id": "800000044", "storefront": "CN", "removed_on": "2021-04-04"}' >undated.jsonl
expect_exit 0 "JSON Lines whose first line has removed_on null are a removal list" \
    "$TRDB" --db undated.sqlite ingest undated.jsonl
check "loaded as one" grep -q "profile=trdb-removal-list-jsonl rows=2 rejected=0$" "$OUT"
is "the null date is unknown" \
    "$("$TRDB" --db undated.sqlite sql --format csv "SELECT coalesce(removed_on, 'NULL') FROM app_removal_list WHERE app_id = '800000043'" | tail -n 1 | tr -d '\r')" "NULL"
printf 'app_id,storefront,timestamp,change\n800000051,CN,,-1\n' >undated-change.csv
expect_exit 1 "a status change still needs its time" "$TRDB" --db undated.sqlite ingest undated-change.csv
is "with the reason" "$("$TRDB" --db undated.sqlite sql --format csv "SELECT reason FROM rejects WHERE line = 2" | tail -n 1 | tr -d '\r')" "no date in 'timestamp'"

expect_exit 1 "bad removal rows are rejects" "$TRDB" --db bad.sqlite ingest "$A/bad-removals.csv"
check "the good row is kept" grep -q "rows=1 rejected=4" "$OUT"
badr() { "$TRDB" --db bad.sqlite sql --format csv "SELECT reason FROM rejects WHERE line = $1" | tail -n 1 | tr -d '\r' | sed 's/^"//; s/"$//'; }
is "no app id" "$(badr 3)" "no app id in 'app_id'"
is "unknown storefront" "$(badr 4)" "unknown country 'Narnia' in 'storefront'"
is "impossible date" "$(badr 5)" "invalid date '2021-02-30' in 'removed_on'"
is "a row that ends before its storefront" "$(badr 6)" "expected 9 fields as in the header, found 3: the row ends before column 'storefront'"
printf 'app_id,bundle_id,app_name,developer,category,storefront,removed_on,reason,source_url\n800000035,,Short,,,CN\n' >short-removal.csv
expect_err 1 "a row short only of optional cells loads, with one warning" \
    "short-removal.csv: 1 row shorter than the header, the missing trailing cells read as empty \(first at line 2\)" \
    "$TRDB" --db bad.sqlite ingest short-removal.csv
is "as a removal of unknown date" "$("$TRDB" --db bad.sqlite sql --format csv "SELECT coalesce(removed_on, 'NULL') FROM app_removal_list WHERE app_id = '800000035'" | tail -n 1 | tr -d '\r')" "NULL"
# Captures are named by app and storefront and dated by their mtime: two
# with the same bytes (every "not available" answer is the same JSON) are
# two records, and the same file again is still 'unchanged'
mkdir same
printf '{"resultCount":0,"results":[]}\n' >same/itunes_900000001_cn.json
cp -p same/itunes_900000001_cn.json same/itunes_900000002_cn.json
touch -d '2021-05-01 12:00:00 UTC' same/itunes_900000001_cn.json same/itunes_900000002_cn.json
expect_exit 0 "two captures with the same bytes load" "$TRDB" --db same.sqlite ingest same
is "both loaded" "$(grep -c '^loaded ' "$OUT")" "2"
ssql() { "$TRDB" --db same.sqlite sql --format csv "$1" | tail -n +2 | tr -d '\r'; }
is "both apps are seen not available in CN" \
    "$(ssql "SELECT group_concat(app_id || ':' || available, ' ') FROM (SELECT app_id, available FROM app_status ORDER BY app_id)")" \
    "900000001:0 900000002:0"
expect_exit 0 "loading them again" "$TRDB" --db same.sqlite ingest same
is "changes nothing" "$(grep -c '^unchanged ' "$OUT")" "2"
is "each keeps its bytes' sha256 (the same for both)" \
    "$(ssql "SELECT DISTINCT content_sha256 FROM source_files")" \
    "$(sha256sum same/itunes_900000002_cn.json | cut -d' ' -f1)"
is "and an identity of its own" "$(ssql "SELECT count(DISTINCT sha256) FROM source_files")" "2"
expect_out "as 'trdb query sources' does" "$(sha256sum same/itunes_900000001_cn.json | cut -d' ' -f1)" \
    "$TRDB" --db same.sqlite query sources
touch -d '2021-05-02 12:00:00 UTC' same/itunes_900000002_cn.json
expect_exit 0 "a capture saved again (a new mtime)" "$TRDB" --db same.sqlite ingest same
check "is a new observation" grep -q "^loaded same/itunes_900000002_cn.json " "$OUT"
is "at its new time" "$(ssql "SELECT group_concat(observed_at, ' ') FROM (SELECT observed_at FROM app_status WHERE app_id = '900000002' ORDER BY 1)")" \
    "2021-05-01T12:00:00Z 2021-05-02T12:00:00Z"

# In a zip, a capture is dated by its member's time, not the archive's
mkdir zipc
printf '{"resultCount":0,"results":[]}\n' >zipc/itunes_900000101_cn.json
TZ=UTC python3 -c '
import zipfile
with zipfile.ZipFile("caps.zip", "w") as z:
    z.writestr(zipfile.ZipInfo("itunes_900000101_cn.json", (2021, 6, 1, 10, 0, 0)), open("zipc/itunes_900000101_cn.json").read())
'
touch -d '2022-01-01 00:00:00 UTC' caps.zip
TZ=UTC "$TRDB" --db zipc.sqlite ingest caps.zip >/dev/null
is "the capture in the zip is dated by its member" \
    "$("$TRDB" --db zipc.sqlite sql --format csv "SELECT observed_at FROM app_status" | tail -n 1 | tr -d '\r')" "2021-06-01T10:00:00Z"

# A database loaded before schema 4 keeps a capture under its bytes' sha256:
# another capture with those bytes is still loaded, the same file is not
mkdir legacy
cp -p same/itunes_900000001_cn.json legacy/
"$TRDB" --db legacy.sqlite ingest legacy >/dev/null
sqlite3 legacy.sqlite "UPDATE source_files SET sha256 = content_sha256"
cp -p same/itunes_900000002_cn.json legacy/
expect_exit 0 "then the folder with another capture of the same bytes" "$TRDB" --db legacy.sqlite ingest legacy
cp "$OUT" legacy.out
check "the other capture is loaded" grep -q "^loaded legacy/itunes_900000002_cn.json " legacy.out
check "the first is unchanged" grep -q "^unchanged legacy/itunes_900000001_cn.json " legacy.out

# A version-3 database (no content_sha256 yet) is migrated: the column takes sha256
"$TRDB" --db v3.sqlite ingest "$A/removals.csv" >/dev/null
# undo version 8 (the app rollups)
sqlite3 v3.sqlite "DROP TRIGGER app_category_changed; DROP TABLE app_rollup_stale;
    DROP TABLE app_removal_months; DROP TABLE app_removal_categories;
    DROP TABLE app_removal_files; DROP TABLE app_observation_files"
# undo version 7 (a file's part of its dataset)
sqlite3 v3.sqlite "ALTER TABLE source_files DROP COLUMN part"
# undo version 6 (the DSA tables, the keyword column, the views over them)
sqlite3 v3.sqlite "DROP VIEW notes; DROP VIEW dsa_categories; DROP VIEW facts; DROP VIEW revision_list;
    DROP TABLE fact_notes; DROP TABLE category_labels; DROP TABLE dsa_reports; DROP TABLE metric_units;
    DELETE FROM measure_rules WHERE prefer = 'coarsest'; ALTER TABLE measure_rules DROP COLUMN prefer;
    ALTER TABLE fact_rows DROP COLUMN subcategory; ALTER TABLE revisions DROP COLUMN subcategory;"
sed -n '/^CREATE VIEW facts AS/,/;$/p' "$TOP/model/schema/0001-initial.sql" | sqlite3 v3.sqlite
sed -n '/^CREATE VIEW revision_list AS/,/;$/p' "$TOP/model/schema/0002-revisions-fetch.sql" | sqlite3 v3.sqlite
# then versions 5 and 4
sqlite3 v3.sqlite "DROP VIEW summary_weight; DROP INDEX app_removals_storefront; DROP TABLE file_columns;
    CREATE INDEX app_removals_storefront ON app_removals(storefront, removed_on);
    ALTER TABLE source_files DROP COLUMN content_sha256; PRAGMA user_version = 3"
expect_out "a version-3 database is migrated" "at schema version 9$" "$TRDB" --db v3.sqlite init
is "and its files keep their sha256 as content_sha256" \
    "$("$TRDB" --db v3.sqlite sql --format csv "SELECT count(*) FROM source_files WHERE content_sha256 = sha256" | tail -n 1 | tr -d '\r')" "1"
is "its rollups are counted" \
    "$(sqlite3 v3.sqlite "SELECT (SELECT sum(removals) FROM app_removal_files) = (SELECT count(*) FROM app_removals)
        AND (SELECT count(*) FROM app_removal_months) > 0")" "1"
is "the storefront index covers kind and app" \
    "$(sqlite3 v3.sqlite "SELECT group_concat(name, ',') FROM pragma_index_info('app_removals_storefront')")" \
    "storefront,removed_on,kind,app"
# Empty captures are kept as unknown, and said so: the first five by name, then a count
mkdir empty
for i in 1 2 3 4 5 6 7; do printf '' >"empty/itunes_90000001${i}_cn.json"; done
expect_exit 0 "seven empty captures load" "$TRDB" --db empty.sqlite ingest empty
is "five named on stderr" "$(grep -c ': the capture is empty: kept as a capture of unknown availability$' "$ERR")" "5"
check "then the count" grep -q "^trdb: 7 captures in all were empty or unparsable and kept as unknown" "$ERR"
is "all seven unknown" \
    "$("$TRDB" --db empty.sqlite sql --format csv "SELECT count(*) FROM app_status WHERE available IS NULL" | tail -n 1 | tr -d '\r')" "7"
# --force loads an app file again in place of its earlier load: the same
# observations, and the removals derived from them again
"$TRDB" --db force.sqlite ingest "$A/captures.jsonl" >/dev/null 2>&1 || true
fsql() { "$TRDB" --db force.sqlite sql --format csv "$1" | tail -n +2 | tr -d '\r'; }
before=$(fsql "SELECT a.app_id, r.storefront, r.removed_on, r.kind, r.derived, r.last_seen_available FROM app_removals r JOIN apps a ON a.id = r.app ORDER BY 1, 2, 3, 4")
obs=$(fsql "SELECT count(*) FROM app_observations")
is "the captures give derived removals and reinstatements" \
    "$(fsql "SELECT count(*) > 1 AND count(DISTINCT kind) = 2 FROM app_removals WHERE derived = 1")" "1"
expect_exit 1 "ingest --force of captures (still its one reject)" "$TRDB" --db force.sqlite ingest --force "$A/captures.jsonl"
check "loaded again" grep -q "^loaded $A/captures.jsonl " "$OUT"
is "the same observations" "$(fsql "SELECT count(*) FROM app_observations")" "$obs"
is "the same removals, derived again" \
    "$(fsql "SELECT a.app_id, r.storefront, r.removed_on, r.kind, r.derived, r.last_seen_available FROM app_removals r JOIN apps a ON a.id = r.app ORDER BY 1, 2, 3, 4")" "$before"
is "one file, one reject" "$(fsql "SELECT count(*) || ' ' || (SELECT count(*) FROM rejects) FROM source_files")" "1 1"
finish
