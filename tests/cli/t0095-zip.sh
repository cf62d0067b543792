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
expect_err 3 "with the archive named" "truncated.zip.*(truncated|decompression failed|cannot read)" "$TRDB" --db cut.sqlite ingest "$Z/truncated.zip"
is "and nothing of it is loaded" "$("$TRDB" --db cut.sqlite sql --format csv "SELECT count(*) FROM source_files" | tail -n 1 | tr -d '\r')" "0"

mkdir -p inside && cd inside
expect_exit 1 "a member named ../../evil.csv is only a name, with a warning" "$TRDB" --db ../dot.sqlite ingest "$Z/dotdot.zip"
cp "$OUT" ../dot.out
cp "$ERR" ../dot.err
cd ..
check "nothing was written out of the archive" sh -c "! ls -A inside | grep -q . && ! test -e evil.csv && ! test -e ../evil.csv"
check "it is recorded under its name" grep -q "dotdot.zip!../../evil.csv profile=google-user-data-requests rows=22" dot.out
check "the warning names it" grep -q "warning: .*dotdot.zip: member name '../../evil.csv' points outside the archive" dot.err

mkdir incoming
cp "$Z/google-user-data-requests.zip" incoming/
expect_exit 0 "zips in a folder are read too" "$TRDB" --db folder.sqlite ingest incoming
is "both members" "$(grep -c '^loaded incoming/google-user-data-requests.zip!' "$OUT")" "2"
expect_exit 0 "Apple's download, a zip of per-request-type CSVs, loads" "$TRDB" --db apple.sqlite ingest "$Z/apple-transparency-report.zip"
is "all twelve members, each by its own profile" "$(grep -c "^loaded $Z/apple-transparency-report.zip!transparency-report/.* profile=apple-.* rejected=0$" "$OUT")" "12"
is "China mainland 2020-H1 apps removed, from two members" \
    "$("$TRDB" --db apple.sqlite sql --format csv "SELECT low FROM country_summary WHERE country = 'CN' AND period_end = '2020-06-30' AND measure = 'apps_removed_reported'" | tail -n 1 | tr -d '\r')" "190"
expect_exit 0 "a member's period comes from its own name, not the archive's" "$TRDB" --db ms.sqlite ingest "$Z/Reports-2018-H2.zip"
is "Microsoft-LERR-2017-H1.csv in Reports-2018-H2.zip is 2017-H1" \
    "$("$TRDB" --db ms.sqlite sql --format csv "SELECT DISTINCT period_start || '..' || period_end FROM facts" | tail -n 1 | tr -d '\r')" \
    "2017-01-01..2017-06-30"
expect_exit 0 "two members with the same bytes" "$TRDB" --db twins.sqlite ingest --force "$Z/twins.zip"
cp "$OUT" twins.out
check "the second is unchanged, even with --force" grep -q "^unchanged $Z/twins.zip!b/global.csv" twins.out
is "and the first stays loaded" \
    "$("$TRDB" --db twins.sqlite sql --format csv "SELECT path FROM source_files" | tail -n 1 | tr -d '\r')" "$Z/twins.zip!a/global.csv"
expect_exit 0 "two members with one name" "$TRDB" --db rep.sqlite ingest "$Z/repeated-name.zip"
cp "$OUT" rep.out
check "are both read, the second by its place" grep -q "^loaded $Z/repeated-name.zip!global.csv#2 profile=google-user-data-requests rows=8 rejected=0$" rep.out
check "the first as itself" grep -q "^loaded $Z/repeated-name.zip!global.csv profile=google-user-data-requests rows=22 rejected=0$" rep.out
expect_out "detect reads a zip's members" "=> profile google-user-data-requests" "$TRDB" detect "$Z/google-user-data-requests.zip"
expect_out "and one member named as ingest names it" "^=> profile google-user-data-requests" \
    "$TRDB" detect "$Z/google-user-data-requests.zip!google-user-data-requests/older-layout.csv"
finish
