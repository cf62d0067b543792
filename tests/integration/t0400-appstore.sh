#!/bin/sh
# The real App Store captures: iTunes Lookup responses (one app, one
# storefront each; an empty capture is unknown, never a removal) and the
# availability table derived from them, checked against the files.
. "$(dirname "$0")/../cli/lib.sh"
S="$REALDATA/appstore"
[ -d "$S" ] || skip_all "no real data at $S"
T="$S/DERIVED_itunes_lookup_availability_2019.csv"

expect_exit 0 "the four captures and the table load, exit 0" "$TRDB" ingest "$S"/itunes_*.json "$T"
cp "$OUT" load.out
cp "$ERR" load.err
is "five files loaded" "$(grep -c '^loaded ' load.out)" "5"
is "no reject" "$(grep -c ' rejected=0$' load.out)" "5"
check "each capture by the lookup profile" grep -q "itunes_1276263909_cn.json profile=appstore-itunes-lookup rows=1 rejected=0" load.out
check "the table by its profile" grep -q "DERIVED_itunes_lookup_availability_2019.csv profile=appstore-availability-table rows=$(($(wc -l <"$T") - 1)) rejected=0" load.out

cap() { sql "SELECT coalesce(available, 'unknown') FROM app_status WHERE app_id = '$1' AND storefront = '$2' AND source_file LIKE '%itunes_$1_$(echo "$2" | tr A-Z a-z).json'"; }
is "Psiphon (1276263909) is not available in CN" "$(cap 1276263909 CN)" "0"
is "Psiphon is available in US" "$(cap 1276263909 US)" "1"
is "Psiphon's empty capture in AD is unknown" "$(cap 1276263909 AD)" "unknown"
is "and the load said so, once, naming the file" \
    "$(grep -c "itunes_1276263909_ad.json: .*: kept as a capture of unknown availability" load.err)" "1"
is "an unknown capture is never a removal" "$(sql "SELECT count(*) FROM app_removals")" "0"
is "the capture's app data is kept" "$(sql "SELECT name || ' / ' || bundle_id FROM apps WHERE app_id = '1276263909'")" \
    "Psiphon / $(grep -o '"bundleId":"[^"]*"' "$S/itunes_1276263909_us.json" | cut -d'"' -f4)"
is "a localized genre is kept as published" "$(sql "SELECT category FROM apps WHERE app_id = '1004966456'")" \
    "$(grep -o '"primaryGenreName":"[^"]*"' "$S/itunes_1004966456_cn.json" | cut -d'"' -f4)"

tab() { sql "SELECT count(*) FROM app_status WHERE source_file = '$T' AND $1"; }
count_in_file() { awk -F, -v want="$1" 'NR > 1 && $3 == want' "$T" | wc -l | tr -d ' '; }
is "the table's available rows (result_count 1)" "$(tab 'available = 1')" "$(count_in_file 1)"
is "its unavailable rows (result_count 0)" "$(tab 'available = 0')" "$(count_in_file 0)"
is "its failed captures (blank) are unknown" "$(tab 'available IS NULL')" "$(count_in_file '')"
is "its apps" "$(sql "SELECT count(DISTINCT app_id) FROM app_status WHERE source_file = '$T'")" \
    "$(awk -F, 'NR > 1 { print $1 }' "$T" | sort -u | wc -l | tr -d ' ')"
is "an Arabic app name is kept" "$(sql "SELECT name FROM apps WHERE app_id = '1004966456'")" \
    "$(awk -F, '$1 == "1004966456" && $3 == "1" { print $4; exit }' "$T")"
is "Psiphon is unavailable in CN in the table too" \
    "$(sql "SELECT available FROM app_status WHERE source_file = '$T' AND app_id = '1276263909' AND storefront = 'CN'")" "0"

expect_exit 0 "loading them again" "$TRDB" ingest "$S"/itunes_*.json "$T"
is "changes nothing" "$(grep -c '^unchanged ' "$OUT")" "5"
finish
