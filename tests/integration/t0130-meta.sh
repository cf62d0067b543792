#!/bin/sh
# Meta's (Facebook's) 2013-H1 government requests report, as published: a
# UTF-8 BOM, quoted figures with thousands separators, bands for the United
# States, percentages like 83.00%, and no period column (the half-year is in
# the file name). Checked against the file itself. Reads ../shared/realdata
# (never copied here); skipped when it is not there.
. "$(dirname "$0")/../cli/lib.sh"
M="$REALDATA/meta"
F="$M/Facebook-Government-Report-2013-H1.csv"
[ -f "$F" ] || skip_all "no real data at $M"

# The file's data lines as plain comma-separated fields: quotes and the
# thousands separators inside them gone ("11,000 - 12,000" -> 11000 - 12000).
tail -n +2 "$F" | tr -d '\r' | awk '{
    out = ""; q = 0
    for (i = 1; i <= length($0); i++) {
        c = substr($0, i, 1)
        if (c == "\"") q = !q
        else if (!(c == "," && q)) out = out c
    }
    print out
}' >plain.csv
# one field of the row of a country: from_file NAME FIELD (2 requests, 3 accounts, 4 percentage)
from_file() { awk -F, -v c="$1" -v k="$2" '$1 == c { print $k }' plain.csv; }
fact() {
    sql "SELECT value_low || coalesce('..' || nullif(value_high, value_low), '') FROM facts
         WHERE publisher = 'Meta' AND country = '$1' AND metric = '$2'"
}

expect_exit 0 "the Meta 2013-H1 file loads, exit 0" "$TRDB" ingest "$F"
rows=$(($(wc -l <"$F") - 1))
check "with the 2013 Meta profile, every row loaded, none rejected" \
    grep -q "^loaded $F profile=meta-government-requests-2013 rows=$rows rejected=0$" "$OUT"
is "no reject" "$(sql "SELECT count(*) FROM rejects")" "0"
is "three facts a row: requests, accounts, percentage" "$(sql "SELECT count(*) FROM facts")" "$((rows * 3))"
is "the period comes from the file name: 2013-H1" \
    "$(sql "SELECT DISTINCT period_start || '..' || period_end FROM facts")" "2013-01-01..2013-06-30"
is "every fact is Meta's user-data requests" \
    "$(sql "SELECT DISTINCT publisher || ' ' || dataset || ' ' || request_type FROM facts")" \
    "Meta government-requests user_data"

# figures checked against the file
for pair in France:FR Germany:DE India:IN Italy:IT "United Kingdom:GB"; do
    c=${pair%:*} cc=${pair##*:}
    is "$c requests = the file's $(from_file "$c" 2)" "$(fact "$cc" requests)" "$(from_file "$c" 2)"
    is "$c accounts = the file's $(from_file "$c" 3)" "$(fact "$cc" accounts)" "$(from_file "$c" 3)"
    is "$c percentage = the file's $(from_file "$c" 4)" "$(fact "$cc" pct_disclosed)" \
        "$(from_file "$c" 4 | awk '{ print $1 + 0 }')"
done
is "US 2013-H1 requests are the band 11000..12000" "$(fact US requests)" "11000..12000"
is "and as published" "$(sql "SELECT value_raw FROM facts WHERE country = 'US' AND metric = 'requests'")" \
    "$(grep '^"United States",' "$F" | cut -d'"' -f4)"
is "US accounts are a band too" "$(fact US accounts)" "20000..21000"
is "83.00% (Albania, the first row after the BOM header) is stored as 83" "$(fact AL pct_disclosed)" "83"
is "and kept as published" "$(sql "SELECT value_raw FROM facts WHERE country = 'AL' AND metric = 'pct_disclosed'")" "83.00%"
is "0% is a figure, 0, not none" "$(fact BD pct_disclosed)" "0"

# country_summary adds up to the file's columns (bands: the lows and the highs)
is "user-data requests of all countries, low = the file's sum" \
    "$(sql "SELECT total(low) FROM country_summary WHERE publisher = 'Meta' AND measure = 'user_data_requests'")" \
    "$(awk -F, '{ split($2, b, " - "); s += b[1] } END { printf "%d\n", s }' plain.csv)"
is "and high = the file's sum of the highs" \
    "$(sql "SELECT total(high) FROM country_summary WHERE publisher = 'Meta' AND measure = 'user_data_requests'")" \
    "$(awk -F, '{ n = split($2, b, " - "); s += b[n] } END { printf "%d\n", s }' plain.csv)"
is "one summary country per row of the file" \
    "$(sql "SELECT count(DISTINCT country) FROM country_summary WHERE publisher = 'Meta'")" "$rows"

# names that need care, each checked on the line where the file spells it so
for pair in '"Ivory Coast":CI' 'Kosovo:XK' 'Macedonia:MK' 'Russia:RU' '"South Korea":KR' '"Czech Republic":CZ'; do
    name=${pair%:*}
    line=$(grep -n "^$name," "$F" | cut -d: -f1)
    is "$name (line $line) is ${pair##*:}" \
        "$(sql "SELECT DISTINCT country FROM facts WHERE source_line = $line")" "${pair##*:}"
done

facts=$(sql "SELECT count(*) FROM fact_rows")
expect_exit 0 "ingesting again exits 0" "$TRDB" ingest "$F"
check "the file is unchanged" grep -q "^unchanged $F profile=meta-government-requests-2013 rows=$rows rejected=0$" "$OUT"
is "and the fact count is as it was" "$(sql "SELECT count(*) FROM fact_rows")" "$facts"
is "one source file" "$(sql "SELECT count(*) FROM source_files")" "1"
finish
