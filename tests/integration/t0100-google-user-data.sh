#!/bin/sh
# Google's requests for user information, as published: every file of the
# 2023-10 release and the older 2009-2018H1 release, checked against the
# files themselves. Reads ../shared/realdata (never copied here); skipped when
# it is not there.
. "$(dirname "$0")/../cli/lib.sh"
G="$REALDATA/google"
[ -d "$G/user-data-2023-10" ] || skip_all "no real data at $G"
U="$G/user-data-2023-10"
NEW="$U/google-global-user-data-requests.csv"
OLD="$G/google-user-data-requests_2009-2018H1.csv"

expect_exit 0 "every Google user-data file loads, exit 0" "$TRDB" ingest "$U" "$OLD"
cp "$OUT" load.out
is "nine files loaded" "$(grep -c '^loaded ' load.out)" "9"
is "no file has a reject" "$(grep -c ' rejected=0$' load.out)" "9"
check "the newer release has its profile" grep -q "^loaded $NEW profile=google-user-data-requests rows=3230 rejected=0$" load.out
check "the older header era is read by the same profile" grep -q "^loaded $OLD profile=google-user-data-requests rows=1546 rejected=0$" load.out
check "the FISA content file is told apart by its name" grep -q "fisa-content-requests.csv profile=google-us-fisa-content-requests rows=27" load.out
check "the NSL file too" grep -q "nsl-requests.csv profile=google-us-nsl-requests rows=28" load.out
check "released NSLs are item-level records" grep -q "nsl-requests-released.csv profile=google-us-nsl-released rows=253" load.out
for f in "$U"/*.csv "$OLD"; do
    lines=$(($(wc -l <"$f")))
    # every data line is a row (the files end with a newline: lines = rows + header)
    is "rows of $(basename "$f") = its lines less the header" \
        "$(sql "SELECT rows_loaded + rows_rejected + rows_skipped FROM source_files WHERE path = '$f'")" "$((lines - 1))"
done

# United States, period ending 2020-12-31, as published
fact() { sql "SELECT coalesce(value_low, 'null') FROM facts WHERE dataset = 'user-data-requests' AND country = '$1' AND period_end = '$2' AND legal_process = '$3' AND metric = '$4'"; }
is "US 2020-H2 search warrants: 18,349 requests" "$(fact US 2020-12-31 'Search Warrants' requests)" "18349"
is "US 2020-H2 search warrants: 28,612 accounts" "$(fact US 2020-12-31 'Search Warrants' accounts)" "28612"
is "US 2020-H2 search warrants: 81 % disclosed" "$(fact US 2020-12-31 'Search Warrants' pct_disclosed)" "81"
is "the fact leads back to its line" \
    "$(sql "SELECT source_line FROM facts WHERE dataset = 'user-data-requests' AND country = 'US' AND period_end = '2020-12-31' AND legal_process = 'Search Warrants' AND metric = 'requests'")" \
    "$(grep -n '^2020-12-31,United States,US,Search Warrants,' "$NEW" | cut -d: -f1)"
is "preservation requests are stored with no percentage, not 0" \
    "$(sql "SELECT count(*) FROM facts WHERE request_type = 'preservation' AND metric = 'pct_disclosed'")" "0"
is "preservation requests are request_type preservation" \
    "$(sql "SELECT request_type FROM facts WHERE dataset = 'user-data-requests' AND country = 'US' AND period_end = '2020-12-31' AND legal_process = 'Preservation Requests' AND metric = 'requests'")" \
    "preservation"

# country_summary against sums computed from the file with awk
summary() { sql "SELECT low FROM country_summary WHERE country = '$1' AND period_end = '$2' AND measure = '$3'"; }
from_file() {
    awk -F, -v cc="$1" -v pe="$2" -v want="$3" '
        $1 == pe && $3 == cc {
            pres = ($4 == "Preservation Requests"); emer = ($4 ~ /^Emergency/)
            if ((want == "ud" && !pres) || (want == "pres" && pres) || (want == "emer" && emer)) s += $5
        }
        END { print s + 0 }' "$NEW"
}
for cc in US DE IN BR FR; do
    is "$cc 2020-H2 user-data requests = the file's sum without preservation" \
        "$(summary "$cc" 2020-12-31 user_data_requests)" "$(from_file "$cc" 2020-12-31 ud)"
    is "$cc 2020-H2 preservation requests = the file's" \
        "$(summary "$cc" 2020-12-31 preservation_requests)" "$(from_file "$cc" 2020-12-31 pres)"
done
is "US 2020-H2 emergency requests = the file's" \
    "$(summary US 2020-12-31 emergency_requests)" "$(from_file US 2020-12-31 emer)"
is "US 2020-H2 user-data requests is Google's headline 39,054" "$(summary US 2020-12-31 user_data_requests)" "39054"
is "Germany 2013-H2 stands on its 'All' row alone" "$(summary DE 2013-12-31 user_data_requests)" "2660"

# the two releases: the newer one is current for every period both cover
is "no fact of the older release is current" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$OLD'")" "0"
is "but every one of its rows is kept" \
    "$(sql "SELECT count(*) FROM fact_rows f JOIN source_files s ON s.id = f.file_id WHERE s.path = '$OLD'")" \
    "$(sql "SELECT facts FROM source_files WHERE path = '$OLD'")"
is "the 2018 header's Turkey and the 2023 header's Türkiye are one country" \
    "$(sql "SELECT count(DISTINCT country) FROM fact_rows WHERE country = 'TR'")" "1"

# names that need care, each checked on the line where the file spells it so
for pair in "United Nations:" "Türkiye:TR" "Côte d’Ivoire:CI" "Bosnia & Herzegovina:BA" "Kosovo:XK" "Macao:MO"; do
    name=${pair%:*}
    line=$(grep -n "^[0-9-]*,$name," "$NEW" | head -n 1 | cut -d: -f1)
    code=$(sed -n "${line}p" "$NEW" | cut -d, -f3)
    [ -n "$code" ] || code=UN
    is "'$name' (line $line) is $code" \
        "$(sql "SELECT DISTINCT country FROM facts WHERE source_file = '$NEW' AND source_line = $line")" "$code"
done
is "the United Nations' row is kept with its own code" \
    "$(sql "SELECT country || ' ' || value_low FROM facts WHERE country_name = 'United Nations' AND metric = 'requests'")" "UN 1"
is "FISA content accounts 2022-H1 are a band" \
    "$(sql "SELECT value_low || '..' || value_high FROM facts WHERE dataset = 'us-fisa-content-requests' AND metric = 'accounts' AND period_end = '2022-06-30'")" \
    "103000..103499"
is "enterprise DLR rows without a country are kept, with no country" \
    "$(sql "SELECT count(*) FROM facts WHERE dataset = 'enterprise-data-dlr-requests' AND country IS NULL")" "4"
is "DLR requests name the assisting country" \
    "$(sql "SELECT count(*) FROM facts WHERE dataset = 'user-data-dlr-requests' AND legal_process = 'Diplomatic legal requests via Ireland'")" \
    "$(grep -c ',Ireland,[0-9]*$' "$U/google-global-user-data-dlr-requests.csv")"
is "datasets Google reports apart stay out of country_summary" \
    "$(sql "SELECT count(*) FROM country_summary WHERE publisher = 'Google' AND measure = 'user_data_requests' AND country = 'US' AND period_end = '2020-12-31' AND low != 39054")" "0"

facts=$(sql "SELECT count(*) FROM fact_rows")
expect_exit 0 "ingesting again exits 0" "$TRDB" ingest "$U" "$OLD"
is "every file is unchanged" "$(grep -c '^unchanged ' "$OUT")" "9"
is "and the row count is as it was" "$(sql "SELECT count(*) FROM fact_rows")" "$facts"
is "no reject anywhere" "$(sql "SELECT count(*) FROM rejects")" "0"

# loading the older release after the newer one changes nothing in the summary
"$TRDB" --db reverse.sqlite ingest "$NEW" >/dev/null
before=$("$TRDB" --db reverse.sqlite sql --format csv "SELECT * FROM country_summary")
"$TRDB" --db reverse.sqlite ingest "$OLD" >/dev/null
is "an older release arriving later does not replace the newer" \
    "$("$TRDB" --db reverse.sqlite sql --format csv "SELECT * FROM country_summary")" "$before"
# the older layout words its percentage header otherwise ("Percentage of
# requests where some data produced", "Users/Accounts Specified"): read alone,
# each of its three measures loads, with the figures its own rows give
"$TRDB" --db old.sqlite ingest "$OLD" >/dev/null
oldfact() { "$TRDB" --db old.sqlite sql --format csv "SELECT coalesce(value_low, 'null') FROM facts WHERE country = '$1' AND period_end = '$2' AND legal_process = '$3' AND metric = '$4'" | tail -n +2 | tr -d '\r'; }
is "the older layout loads its three measures" \
    "$("$TRDB" --db old.sqlite sql --format csv "SELECT group_concat(metric) FROM (SELECT DISTINCT metric FROM facts ORDER BY 1)" | tail -n 1 | tr -d '\r\"')" \
    "accounts,pct_disclosed,requests"
row=$(grep '^2017-12-31,United States,US,Search Warrants,' "$OLD")
is "older layout, US 2017-H2 search warrants: requests as published" \
    "$(oldfact US 2017-12-31 'Search Warrants' requests)" "$(echo "$row" | cut -d, -f5)"
is "older layout, US 2017-H2 search warrants: percentage as published" \
    "$(oldfact US 2017-12-31 'Search Warrants' pct_disclosed)" "$(echo "$row" | cut -d, -f6)"
is "older layout, US 2017-H2 search warrants: accounts as published" \
    "$(oldfact US 2017-12-31 'Search Warrants' accounts)" "$(echo "$row" | cut -d, -f7)"
is "older layout: a percentage for every row that publishes one" \
    "$("$TRDB" --db old.sqlite sql --format csv "SELECT count(*) FROM facts WHERE metric = 'pct_disclosed'" | tail -n 1 | tr -d '\r')" \
    "$(tail -n +2 "$OLD" | awk -F, '$6 != ""' | wc -l | tr -d ' ')"
finish
