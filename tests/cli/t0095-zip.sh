#!/bin/sh
# Zip archives as publishers ship them: each data member is loaded and
# recorded as ARCHIVE!MEMBER; a broken archive fails alone; nothing is
# ever written out of an archive.
. "$(dirname "$0")/lib.sh"
Z="$TOP/tests/data/zip"

expect_exit 0 "a zip of CSV files loads" "$TRDB" ingest "$Z/google-user-data-requests.zip"
cp "$OUT" load.out
is "one line per data member" "$(grep -c '^loaded ' load.out)" "2"
check "members are named ARCHIVE!MEMBER" \
    grep -q "^loaded $Z/google-user-data-requests.zip!google-user-data-requests/global.csv profile=google-user-data-requests rows=22 rejected=0$" load.out
is "the README and the macOS resource fork are not data" "$(grep -c 'README\|MACOSX' load.out)" "0"
is "provenance records the member" \
    "$(sql "SELECT DISTINCT source_file FROM facts WHERE source_line = 2 AND country = 'BR' AND metric = 'requests' AND period_end = '2021-06-30'")" \
    "$Z/google-user-data-requests.zip!google-user-data-requests/global.csv"
is "the figures are the sample's" \
    "$(sql "SELECT low FROM country_summary WHERE country = 'US' AND period_end = '2021-12-31' AND measure = 'user_data_requests'")" "19330"
expect_exit 0 "the archive again" "$TRDB" ingest "$Z/google-user-data-requests.zip"
is "every member is unchanged" "$(grep -c '^unchanged ' "$OUT")" "2"
check "the members' names came from the archive, unchanged by the second run" grep -q "older-layout.csv profile=google-user-data-requests rows=8" "$OUT"

expect_exit 3 "a truncated zip fails" "$TRDB" --db cut.sqlite ingest "$Z/truncated.zip"
expect_err "with the archive named" "truncated.zip.*(truncated|decompression failed|cannot read)" "$TRDB" --db cut.sqlite ingest "$Z/truncated.zip"
is "and nothing of it is loaded" "$("$TRDB" --db cut.sqlite sql --format csv "SELECT count(*) FROM source_files" | tail -n 1 | tr -d '\r')" "0"

mkdir -p inside && cd inside
expect_exit 0 "a member named ../../evil.csv is only a name" "$TRDB" --db ../dot.sqlite ingest "$Z/dotdot.zip"
cp "$OUT" ../dot.out
cd ..
check "nothing was written out of the archive" sh -c "! ls -A inside | grep -q . && ! test -e evil.csv && ! test -e ../evil.csv"
check "it is recorded under its name" grep -q "dotdot.zip!../../evil.csv profile=google-user-data-requests rows=22" dot.out

mkdir incoming
cp "$Z/google-user-data-requests.zip" incoming/
expect_exit 0 "zips in a folder are read too" "$TRDB" --db folder.sqlite ingest incoming
is "both members" "$(grep -c '^loaded incoming/google-user-data-requests.zip!' "$OUT")" "2"
expect_exit 0 "Apple's download, a zip of per-request-type CSVs, loads" "$TRDB" --db apple.sqlite ingest "$Z/apple-transparency-report.zip"
is "all twelve members, each by its own profile" "$(grep -c "^loaded $Z/apple-transparency-report.zip!transparency-report/.* profile=apple-.* rejected=0$" "$OUT")" "12"
is "China mainland 2020-H1 apps removed, from two members" \
    "$("$TRDB" --db apple.sqlite sql --format csv "SELECT low FROM country_summary WHERE country = 'CN' AND period_end = '2020-06-30' AND measure = 'apps_removed_reported'" | tail -n 1 | tr -d '\r')" "190"
finish
