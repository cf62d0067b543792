#!/bin/sh
# Named queries top, trend, compare and agg over data/samples and the
# hand-made fixtures of tests/data/queries (a Google removal-requests file
# with bands, two Meta half-years): figures checked against what
# tests/data/queries/expect.py computes from the files themselves, the
# errors (unknown measure, unknown country in a list, bad axis), and the same
# figures in table, CSV, JSON and NDJSON.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip_all "python3 is not installed"
D="${TEST_DATA:-$TOP/tests/data}/queries"
PY="$D/expect.py"
G="$D/google-government-removal-requests.csv"
SAMPLE="$TOP/data/samples/sample-google-global-user-data-requests.csv"
REQ="Number of Requests"
ITEMS="Items Requested To Be Removed"

expect() { python3 "$PY" "$@"; }
# cols COLS QUERY ARGS...: the columns COLS of the query's CSV output, or its error
cols() {
    c=$1
    shift
    if "$TRDB" query --format csv "$@" >q.csv 2>q.err; then
        python3 "$PY" cols q.csv "$c"
    else
        echo "exit $?: $(cat q.err)"
    fi
}
# same_figures DESC QUERY ARGS...: the query gives the same rows in every format
same_figures() {
    d=$1
    shift
    for f in csv json ndjson table; do
        "$TRDB" query --format $f "$@" >"q.$f" 2>&1 || true
    done
    is "$d" "$(python3 "$PY" formats q.csv q.json q.ndjson q.table)" "same"
}

expect_exit 0 "the samples and the fixtures load" "$TRDB" ingest "$TOP/data/samples" "$G" \
    "$D/Facebook-Government-Report-2021-H2.csv" "$D/Facebook-Government-Report-2022-H1.csv"
check "the removal fixture through its profile, no reject" \
    grep -q "google-government-removal-requests.csv profile=google-removal-requests rows=24 rejected=0$" "$OUT"

# --list and --help know the new queries and the countries type
"$TRDB" query --list >list.txt
check "query --list names top" grep -Eq "^top +measure=\[user_data_requests,.*\] period=\[period, default latest\]" list.txt
check "and trend" grep -Eq "^trend +measure=.* cc=\[country\] " list.txt
check "and compare, with a countries parameter" grep -Eq "^compare +cc=countries " list.txt
check "and agg with its axes" grep -Eq "^agg .* axis_x=\[period,country,publisher, default period\] axis_y=\[none,period,country,publisher, default none\]" list.txt
expect_out "compare --help shows the countries parameter" "^  cc +countries: .*comma-separated.*\(required\)$" \
    "$TRDB" query compare --help

# --- top ---
is "top ranks the countries of a half-year, ties sharing a rank, bands kept" \
    "$(cols rank,country,value_low,value_high top measure=removal_requests period=2022H1 publisher=Google)" \
    "$(expect removal "$REQ" 2022-06-30)"
is "an open band (1000+ items) stays open and ranks by its low" \
    "$(cols rank,country,value_low,value_high top measure=removal_items period=2022-06-30 publisher=google)" \
    "$(expect removal "$ITEMS" 2022-06-30)"
expect_out "the table shows a band as low-high" "^ +7 +DE +Germany +2022-01-01 +2022-06-30 +Google +removal_requests +9-18 +2$" \
    "$TRDB" query top measure=removal_requests period=2022H1
expect_out "and an open band as low+" "^ +1 +RU .* removal_items +1,280\+ +2$" \
    "$TRDB" query top measure=removal_items period=2022H1
expect_out "JSON keeps the band as two numbers" '"country": "DE", .*"value_low": 9, "value_high": 18' \
    "$TRDB" query --format json top measure=removal_requests period=2022H1
expect_out "and an open band's high as null" '"country": "RU", .*"value_low": 1280, "value_high": null' \
    "$TRDB" query --format ndjson top measure=removal_items period=2022H1
latest=$(expect latest "$G" "Period Ending")
is "by default the latest half-year with figures for the measure" \
    "$(cols period_end top measure=removal_requests | sort -u)" "$latest"
is "which is the measure's own: user-data requests end earlier (Meta 2022-H1)" \
    "$(cols period_end top | sort -u)" "2022-06-30"
is "and the publisher's own when one is given" \
    "$(cols period_end top publisher=Google | sort -u)" "$(expect latest "$SAMPLE" "Period Ending")"
is "each publisher is ranked on its own" \
    "$(cols publisher,rank,country top period=2021H2 limit=1)" "Google,1,US
Meta,1,US"
is "top for Meta: its own figures, largest first" \
    "$(cols country,value_low top publisher=Meta period=2021H2 limit=2)" "US,24500
IN,9400"
is "limit=3 gives three ranks" "$(cols country top measure=removal_requests period=2022H1 limit=3 | wc -l | tr -d ' ')" 3
is "limit=4 keeps both countries tied at rank 4" \
    "$(cols country top measure=removal_requests period=2022H1 limit=4 | tr '\n' ' ')" "RU TR IN BR US "
is "limit=0 gives them all" "$(cols country top measure=removal_requests period=2022H1 limit=0 | wc -l | tr -d ' ')" \
    "$(expect removal "$REQ" 2022-06-30 | wc -l | tr -d ' ')"
expect_out "a period without figures gives no rows" "^\(0 rows\)" "$TRDB" query top period=2005H1
measures=$(awk -F'\t' '!/^#/ && NF { print $1 }' "$TOP/data/vocabulary/measures.tsv" | paste -sd, -)
expect_exit 2 "an unknown measure is a usage error" "$TRDB" query top measure=requests
check "that lists every measure of data/vocabulary/measures.tsv" \
    grep -qF "measure must be one of $measures, not 'requests'" "$ERR"
expect_exit 2 "a negative limit is a usage error" "$TRDB" query top limit=-1
expect_exit 2 "a bad period is a usage error" "$TRDB" query top period=someday
same_figures "top: the same figures in every format" top measure=removal_requests period=2022H1 limit=0
same_figures "top with an open band: the same in every format" top measure=removal_items period=2022H1

# --- trend ---
is "trend: one country's measure per half-year, a band where the facts were bands" \
    "$(cols period_end,value_low,value_high trend measure=removal_requests cc=DE)" \
    "$(expect removal-series "$REQ" DE)"
is "a country's name works as cc" \
    "$(cols period_end,value_low trend measure=removal_requests cc=Germany)" \
    "$(expect removal-series "$REQ" DE | cut -d, -f1,2)"
is "without cc, the world: every country added up, per publisher" \
    "$(cols period_end,value_low,countries trend publisher=Meta)" \
    "$(expect meta-world "Total Requests for User Data")"
is "the world of Google's sample: emergency requests counted, preservation not" \
    "$(cols value_low trend publisher=Google since=2021H2 until=2021H2)" \
    "$(expect google-world "$SAMPLE" 2021-12-31)"
is "pct_disclosed of the world is weighted by requests" \
    "$(cols period_end,value_low trend measure=pct_disclosed publisher=Meta)" "$(expect meta-pct)"
is "and stays one figure (low = high)" \
    "$(cols value_low,value_high trend measure=pct_disclosed publisher=Meta | awk -F, '$1 != $2' | wc -l | tr -d ' ')" 0
is "since and until keep the periods between them" \
    "$(cols period_end,publisher trend cc=US since=2021H1 until=2021-12-31)" "2021-06-30,Google
2021-12-31,Google
2021-12-31,Meta"
is "a country without figures for the measure gives no rows" \
    "$(cols period_end trend measure=removal_requests cc=CI)" ""
expect_exit 2 "since after until is a usage error" "$TRDB" query trend since=2022H1 until=2021H2
check "that says so" grep -q "since (from 2022-01-01) is after until (to 2021-12-31)" "$ERR"
expect_exit 2 "since=latest is a usage error, not 'no limit'" "$TRDB" query trend since=latest
expect_exit 2 "an unknown country is a usage error" "$TRDB" query trend cc=XX
expect_exit 2 "an unknown measure too" "$TRDB" query trend measure=total
same_figures "trend: the same figures in every format" trend measure=removal_requests cc=DE
same_figures "trend of a percentage: the same in every format" trend measure=pct_disclosed

# --- compare ---
is "compare: the countries side by side in the order given, empty where one has no figure" \
    "$(cols period_end,country,value_low,value_high compare cc=US,DE,FR measure=removal_requests)" \
    "$(expect removal-compare "$REQ" US,DE,FR)"
is "codes in any case and names, each country once" \
    "$(cols country compare "cc=us, Germany,France,US" measure=removal_requests period=2022H1 | tr '\n' ' ')" "US DE FR "
is "a rank among the countries compared, none without a figure" \
    "$(cols period_end,country,rank compare cc=US,DE,FR measure=removal_requests period=2022H2)" \
    "2022-12-31,US,1
2022-12-31,DE,
2022-12-31,FR,2"
is "period=latest: the latest half-year where one of them has a figure" \
    "$(cols period_end,publisher,country,value_low compare cc=FR,DE measure=removal_items period=latest)" \
    "2022-12-31,Google,FR,70
2022-12-31,Google,DE,"
is "publisher= keeps one publisher" \
    "$(cols publisher compare cc=US,DE publisher=Meta | sort -u)" "Meta"
is "a name that holds a comma is one country" \
    "$(cols country compare "cc=Virgin Islands, British,US" period=2012H1 | tr '\n' ' ')" "VG US "
expect_exit 2 "an unknown country in the list is a usage error" "$TRDB" query compare cc=US,Narnia,FR
check "naming it and listing the countries with data" \
    grep -q "unknown country 'Narnia' for cc (countries with data: BR, CI, CN, DE, FR, IN, RU, TR, UN, US, XE)" "$ERR"
expect_exit 2 "a list without a country is a usage error" "$TRDB" query compare "cc=, ,"
expect_exit 2 "compare needs cc=" "$TRDB" query compare measure=removal_requests
check "and says what it takes" grep -q "needs cc=" "$ERR"
same_figures "compare: the same figures in every format" compare cc=US,DE,FR measure=removal_requests

# --- agg ---
is "agg along countries: every half-year added up, bands as bands" \
    "$(cols x,value_low,value_high agg measure=removal_requests axis_x=country)" \
    "$(expect removal-by "$REQ")"
is "axis_y=none leaves y empty" \
    "$(cols y agg measure=removal_requests axis_x=country | sort -u)" ""
is "periods by publisher, since a half-year" \
    "$(cols x,y,value_low agg axis_x=period axis_y=publisher since=2021H2)" \
    "2021-07-01/2021-12-31,Google,$(expect google-world "$SAMPLE" 2021-12-31)
$(expect meta-world "Total Requests for User Data" | sed -n 's/^2021-12-31,\([0-9]*\),.*/2021-07-01\/2021-12-31,Meta,\1/p')
$(expect meta-world "Total Requests for User Data" | sed -n 's/^2022-06-30,\([0-9]*\),.*/2022-01-01\/2022-06-30,Meta,\1/p')"
is "without a publisher axis, publishers add up" \
    "$(cols value_low agg axis_x=period since=2021H2 until=2021H2)" \
    "$(($(expect google-world "$SAMPLE" 2021-12-31) + $(expect meta-world "Total Requests for User Data" | sed -n 's/^2021-12-31,\([0-9]*\),.*/\1/p')))"
is "cc= keeps those countries; an open band stays open in the sum" \
    "$(cols x,value_low,value_high agg measure=removal_items axis_x=publisher cc=RU,TR since=2022H1 until=2022H1)" \
    "Google,$(($(expect removal "$ITEMS" 2022-06-30 | awk -F, '$2 == "RU" || $2 == "TR" { s += $3 } END { print s }'))),
Meta,$(awk -F, '$1 == "Turkey" { print $5 }' "$D/Facebook-Government-Report-2022-H1.csv"),$(awk -F, '$1 == "Turkey" { print $5 }' "$D/Facebook-Government-Report-2022-H1.csv")"
is "pct_disclosed is weighted by requests here too" \
    "$(cols x,value_low agg measure=pct_disclosed axis_x=period cc=US,DE publisher=Meta)" \
    "$(expect meta-pct US,DE | sed -e 's|^2021-12-31|2021-07-01/2021-12-31|' -e 's|^2022-06-30|2022-01-01/2022-06-30|')"
expect_exit 2 "an unknown axis is a usage error" "$TRDB" query agg axis_x=month
check "that lists the axes" grep -q "axis_x must be one of period,country,publisher, not 'month'" "$ERR"
expect_exit 2 "axis_y too" "$TRDB" query agg axis_y=requester
check "with none among them" grep -q "axis_y must be one of none,period,country,publisher, not 'requester'" "$ERR"
expect_exit 2 "the same axis twice is a usage error" "$TRDB" query agg axis_x=country axis_y=country
check "that says so" grep -q "axis_x and axis_y must differ (both are country)" "$ERR"
expect_exit 2 "an unknown country in cc is a usage error" "$TRDB" query agg cc=DE,Atlantis
check "naming it" grep -q "unknown country 'Atlantis' for cc" "$ERR"
expect_exit 2 "an unknown measure too" "$TRDB" query agg measure=apps
same_figures "agg: the same figures in every format" agg measure=removal_items axis_x=period axis_y=country
same_figures "agg of a percentage: the same in every format" agg measure=pct_disclosed axis_x=publisher
# breakdowns (a country page's four tables in one query): for every country,
# the rows of breakdown by=each of the four, in that order, each with its name
n=0
: >all.csv
for cc in $("$TRDB" query --format csv countries-with-data | tail -n +2 | cut -d, -f1 | tr -d '\r'); do
    for by in legal_process requester product reason; do
        "$TRDB" query --format csv breakdown cc="$cc" by="$by" | tail -n +2 | sed "s/^/$by,/"
    done >want.csv
    "$TRDB" query --format csv breakdowns cc="$cc" | tail -n +2 >got.csv
    cat got.csv >>all.csv
    if cmp -s want.csv got.csv; then n=$((n + 1)); else
        _result no "breakdowns cc=$cc: breakdown's rows for each" "$(diff want.csv got.csv | head -n 6)"; fi
done
check "(breakdowns: countries compared)" test "$n" -gt 10
is "(breakdowns: the kinds of rows compared)" "$(cut -d, -f1 all.csv | sort -u | tr -d '\r' | tr '\n' ' ')" \
    "legal_process reason requester "
is "breakdowns names its columns" "$("$TRDB" query --format csv breakdowns cc=US | head -n 1 | tr -d '\r')" \
    "breakdown,publisher,request_type,metric,value,half_years,last_period_end,total_low,total_high"
finish
