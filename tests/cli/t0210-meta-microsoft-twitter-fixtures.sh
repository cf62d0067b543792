#!/bin/sh
# The hand-made fixtures of tests/data/meta, microsoft and twitter (layouts
# reconstructed, figures invented: see each folder's README) load with their
# profiles: TOTAL rows skipped, never counted twice; footnote marks stripped
# and flagged; Twitter's '-' is zero; periods from file names and from
# 'January - June 2017'; a CRLF file without a final line end read whole.
. "$(dirname "$0")/lib.sh"
D="${TEST_DATA:-$TOP/tests/data}"
META="$D/meta/Facebook-Government-Report-2016-H2.csv"
MS1="$D/microsoft/Microsoft-LERR-2017-H1.csv"
MS2="$D/microsoft/Microsoft-LERR-Jul-Dec-2017.csv"
TW="$D/twitter/twitter-information-requests-2017-jan-jun.csv"

# A CSV file's records as plain comma-separated fields: BOM, CR, quotes and
# the thousands separators inside quotes gone. Handles a last line with no
# line end.
plain() {
    tr -d '\r' <"$1" | awk 'NR == 1 { sub(/^\357\273\277/, "") } {
        out = ""; q = 0
        for (i = 1; i <= length($0); i++) {
            c = substr($0, i, 1)
            if (c == "\"") q = !q
            else if (!(c == "," && q)) out = out c
        }
        print out
    }'
}
# field K of the rows whose field N is NAME, added up (footnote marks off, '-' is 0)
sum_of() { plain "$1" | awk -F, -v n="$2" -v name="$3" -v k="$4" '$n == name { v = $k; gsub(/[*]/, "", v); s += v } END { print s + 0 }'; }
summary() {
    sql "SELECT low FROM country_summary WHERE publisher = '$1' AND country = '$2' AND period_end = '$3' AND measure = '$4'"
}
all_countries() {
    sql "SELECT CAST(total(low) AS INTEGER) FROM country_summary WHERE publisher = '$1' AND period_end = '$2' AND measure = '$3'"
}
fact() {
    sql "SELECT value_low || ' ' || footnote FROM fact_rows f JOIN source_files s ON s.id = f.file_id
         WHERE s.path = '$1' AND country = '$2' AND metric = '$3'"
}
records() { plain "$1" | wc -l | tr -d ' '; }

expect_exit 0 "the three publishers' fixtures load, exit 0" "$TRDB" ingest "$META" "$MS1" "$MS2" "$TW"
cp "$OUT" load.out
is "no reject" "$(sql "SELECT count(*) FROM rejects")" "0"
check "Meta's later layout: its profile" \
    grep -q "^loaded $META profile=meta-government-requests rows=$(($(records "$META") - 1)) rejected=0$" load.out
check "Microsoft 2017-H1: its profile, the TOTAL row and two footnote lines left out" \
    grep -q "^loaded $MS1 profile=microsoft-law-enforcement-requests rows=$(($(records "$MS1") - 4)) rejected=0$" load.out
check "Microsoft Jul-Dec 2017: the same profile" \
    grep -q "^loaded $MS2 profile=microsoft-law-enforcement-requests rows=$(($(records "$MS2") - 4)) rejected=0$" load.out
check "Twitter: its profile, the TOTAL row left out" \
    grep -q "^loaded $TW profile=twitter-information-requests rows=$(($(records "$TW") - 2)) rejected=0$" load.out
is "every file's records are accounted for (header + loaded + skipped)" \
    "$(sql "SELECT group_concat(1 + rows_loaded + rows_skipped + rows_rejected, ' ') FROM (SELECT * FROM source_files ORDER BY id)")" \
    "$(records "$META") $(records "$MS1") $(records "$MS2") $(records "$TW")"
is "TOTAL rows and footnote lines are counted as skipped" \
    "$(sql "SELECT group_concat(rows_skipped, ' ') FROM (SELECT * FROM source_files ORDER BY id)")" "0 3 3 1"

# Meta, later layout: the period is in the file name
is "Meta 2016-H2 from the file name" \
    "$(sql "SELECT DISTINCT period_start || '..' || period_end FROM facts WHERE source_file = '$META'")" "2016-07-01..2016-12-31"
is "Meta US requests = the file's" "$(summary Meta US 2016-12-31 user_data_requests)" \
    "$(sum_of "$META" 1 'United States' 2)"
is "Meta US accounts = the file's" "$(summary Meta US 2016-12-31 user_data_accounts)" \
    "$(sum_of "$META" 1 'United States' 3)"
is "Meta 85.24% is 85.24" "$(fact "$META" US pct_disclosed)" "85.24 0"
is "Meta's 'Ivory Coast' is CI" \
    "$(sql "SELECT DISTINCT country FROM facts WHERE source_file = '$META' AND source_line = $(grep -n '^"Ivory Coast"' "$META" | cut -d: -f1)")" "CI"
# the user-data columns are user_data; the content restrictions and preservations beside them are checked below
is "Meta's user-data figures are user_data facts, three a row" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$META' AND request_type = 'user_data'")" \
    "$(( ($(records "$META") - 1) * 3 ))"

# Microsoft: the period from the file name, in both forms
is "Microsoft ...-2017-H1.csv is 2017-H1" \
    "$(sql "SELECT DISTINCT period_start || '..' || period_end FROM facts WHERE source_file = '$MS1'")" "2017-01-01..2017-06-30"
is "Microsoft ...-Jul-Dec-2017.csv is 2017-H2" \
    "$(sql "SELECT DISTINCT period_start || '..' || period_end FROM facts WHERE source_file = '$MS2'")" "2017-07-01..2017-12-31"
for pe in 2017-06-30 2017-12-31; do
    f=$MS1
    [ "$pe" = 2017-06-30 ] || f=$MS2
    is "Microsoft $pe: US user-data requests = the sum of the US rows" \
        "$(summary Microsoft US $pe user_data_requests)" "$(sum_of "$f" 1 'United States' 2)"
    is "Microsoft $pe: all countries add up to the TOTAL row, not twice it" \
        "$(all_countries Microsoft $pe user_data_requests)" "$(sum_of "$f" 1 TOTAL 2)"
    is "Microsoft $pe: accounts too" \
        "$(all_countries Microsoft $pe user_data_accounts)" "$(sum_of "$f" 1 TOTAL 3)"
done
is "no fact comes from a TOTAL line" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file LIKE '%/microsoft/%' AND source_line = 2")" "0"
is "Germany* is DE, the mark flagged on every fact of the row" \
    "$(sql "SELECT DISTINCT country || ' ' || footnote FROM fact_rows f JOIN source_files s ON s.id = f.file_id WHERE s.path = '$MS1' AND line = $(grep -n '^Germany\*,' "$MS1" | cut -d: -f1)")" "DE 1"
is "Germany's requests as the file has them" "$(fact "$MS1" DE requests)" "$(sum_of "$MS1" 1 'Germany*' 2) 1"
is "Korea† is KR, flagged" "$(fact "$MS2" KR requests)" "$(sum_of "$MS2" 1 'Korea†' 2) 1"
is "Macedonia is MK, not flagged" "$(fact "$MS1" MK requests)" "$(sum_of "$MS1" 1 Macedonia 2) 0"
is "Hong Kong SAR is HK" "$(fact "$MS1" HK requests)" "$(sum_of "$MS1" 1 'Hong Kong SAR' 2) 0"
is "an outcome's percentage and count: US content disclosures" \
    "$(fact "$MS1" US pct_content_disclosed) / $(fact "$MS1" US requests_content_disclosed)" \
    "$(plain "$MS1" | awk -F, '$1 == "United States" { print $4 + 0 " 0 / " $5 " 0" }')"
is "every outcome count is kept: the four add up to the requests" \
    "$(sql "SELECT CAST(total(value_low) AS INTEGER) FROM facts WHERE source_file = '$MS1' AND country = 'US' AND metric IN
        ('requests_content_disclosed', 'requests_noncontent_disclosed', 'requests_no_data_found', 'requests_rejected')")" \
    "$(sum_of "$MS1" 1 'United States' 2)"

# Twitter: 'January - June 2017', '-' is zero, marks on figures, CRLF without a last line end
check "the Twitter fixture ends without a line end" test "$(tail -c 1 "$TW" | od -An -c | tr -d ' ')" != '\n'
check "and has CRLF line ends" grep -q "$(printf '\r')\$" "$TW"
is "TIME PERIOD 'January - June 2017' is 2017-01-01..2017-06-30" \
    "$(sql "SELECT DISTINCT period_start || '..' || period_end FROM facts WHERE source_file = '$TW'")" "2017-01-01..2017-06-30"
last=$(tr -d '\r' <"$TW" | tail -n 1)
is "the last row (no line end after it) is loaded: $(echo "$last" | cut -d, -f2)" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$TW' AND source_line = $(records "$TW")")" "3"
is "with its figure" "$(summary Twitter US 2017-06-30 user_data_requests)" "$(sum_of "$TW" 2 'United States' 3)"
is "'-' is stored as 0 requests and 0 accounts" \
    "$(sql "SELECT group_concat(metric || '=' || value_low || '..' || value_high || ' ' || value_raw, ', ') FROM (SELECT * FROM facts WHERE source_file = '$TW' AND country = 'ID' ORDER BY metric)")" \
    "accounts=0..0 -, requests=0..0 -"
is "and a country with none is in the summary with 0" "$(summary Twitter KR 2017-06-30 user_data_requests)" "0"
is "a percentage of no requests is no figure, not 0 %" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$TW' AND country = 'ID' AND metric = 'pct_disclosed'")" "0"
is "'5*' is 5, flagged" "$(fact "$TW" RU requests)" "5 1"
is "'\"2,408*\"' is 2408, flagged" "$(fact "$TW" JP accounts)" "2408 1"
is "the same row's unmarked requests are not flagged" "$(fact "$TW" JP requests)" "1384 0"
is "Twitter: all countries add up to the TOTAL row, not twice it" \
    "$(all_countries Twitter 2017-06-30 user_data_requests)" "$(sum_of "$TW" 2 TOTAL 3)"
is "accounts too" "$(all_countries Twitter 2017-06-30 user_data_accounts)" "$(sum_of "$TW" 2 TOTAL 5)"
is "Twitter US requests = the sum of the US rows" \
    "$(summary Twitter US 2017-06-30 user_data_requests)" "$(sum_of "$TW" 2 'United States' 3)"

for f in "$META" "$MS1" "$TW"; do
    expect_out "detect names the profile for $(basename "$f")" "^=> profile (meta|microsoft|twitter)-" "$TRDB" detect "$f"
done
cp "$MS1" no-period.csv
expect_exit 3 "a Microsoft export whose name has no half-year does not load" \
    "$TRDB" --db other.sqlite ingest no-period.csv
expect_exit 3 "detect finds no profile for it" "$TRDB" detect no-period.csv
check "and says why" grep -Eq "profile 'microsoft-law-enforcement-requests': the header fits, but the file name does not match" "$OUT"
expect_exit 3 "detect --all too" "$TRDB" detect --all no-period.csv
check "and gives every profile's verdict" grep -Eq "microsoft-law-enforcement-requests +no: the header fits, but the file name does not match" "$OUT"

facts=$(sql "SELECT count(*) FROM fact_rows")
expect_exit 0 "ingesting again exits 0" "$TRDB" ingest "$META" "$MS1" "$MS2" "$TW"
is "every file is unchanged" "$(grep -c '^unchanged ' "$OUT")" "4"
is "and nothing was added" "$(sql "SELECT count(*) FROM fact_rows")" "$facts"
# Meta's later layout holds three request types in one row: each measure names its own
col() { awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) { h = $i; gsub(/"|\r|\357\273\277/, "", h); if (h == want) c = i } next }
        $1 == "Argentina" { print $c }' "$1"; }
is "Meta content restrictions are content_removal items" \
    "$(sql "SELECT value_low FROM facts WHERE publisher = 'Meta' AND country = 'AR' AND request_type = 'content_removal' AND metric = 'items'")" \
    "$(col "$META" 'Content Restrictions')"
is "Meta preservations are preservation requests" \
    "$(sql "SELECT value_low FROM facts WHERE publisher = 'Meta' AND country = 'AR' AND request_type = 'preservation' AND metric = 'requests'")" \
    "$(col "$META" 'Preservations Requested')"
is "and reach country_summary apart from user-data requests" \
    "$(sql "SELECT low FROM country_summary WHERE publisher = 'Meta' AND country = 'AR' AND measure = 'preservation_requests'")" \
    "$(col "$META" 'Preservations Requested')"
is "content restrictions feed removal_items" \
    "$(sql "SELECT low FROM country_summary WHERE publisher = 'Meta' AND country = 'AR' AND measure = 'removal_items'")" \
    "$(col "$META" 'Content Restrictions')"
finish
