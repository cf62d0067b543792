#!/bin/sh
# Named queries: the list, countries, country, their parameters, and the
# same figures in every output format.
. "$(dirname "$0")/lib.sh"
"$TRDB" ingest "$TOP/data/samples" >/dev/null

expect_out "query --list names the queries" "^countries +period=\[period, default latest\]" "$TRDB" query --list
expect_out "query --list describes them" "^country +cc=country" "$TRDB" query --list
expect_out "query --list as JSON" '"name": "countries"' "$TRDB" query --list --format json
expect_out "query NAME --help gives its usage" \
    "^usage: trdb query .* apps-removed cc=VALUE \[since=VALUE\] \[until=VALUE\] \[by=VALUE\]$" \
    "$TRDB" query apps-removed --help
check "and each parameter with its default" grep -Eq "^  by +day,month,category,developer: .*\(default day\)$" "$OUT"
expect_out "-h after parameters too" "^  cc +country: .*\(required\)$" "$TRDB" query apps-removed cc=CN -h
expect_err 2 "help for a query that does not exist" "no query called 'nope'" "$TRDB" query nope --help

expect_out "countries defaults to the latest period" "^US +United States +2021-07-01 +2021-12-31 +Google +19,330 +38,610 +81.6$" \
    "$TRDB" query countries
expect_out "countries takes a period label" "^US +United States +2021-01-01 +2021-06-30 +Google +18,500" \
    "$TRDB" query countries period=2021H1
expect_out "countries takes a period-ending date" "^US .* 2021-06-30 " "$TRDB" query countries period=2021-06-30
expect_out "countries as CSV has _low/_high columns" \
    "^country,country_name,period_start,period_end,publisher,requests_low,requests_high,accounts_low,accounts_high,pct_disclosed" \
    "$TRDB" query --format csv countries
check "and the same figures" grep -q '^US,United States,2021-07-01,2021-12-31,Google,19330,19330,38610,38610,81.6' "$OUT"
expect_out "countries as JSON" '"country": "US", "country_name": "United States", .*"requests_low": 19330' \
    "$TRDB" query --format json countries
expect_out "countries as NDJSON, one object per line" '^\{"country": "DE"' "$TRDB" query --format ndjson countries
is "NDJSON has a line per country" "$(wc -l <"$OUT" | tr -d ' ')" "5"
expect_out "publisher= filters, case-insensitively" "^US " "$TRDB" query countries publisher=google

expect_out "country cc=US is a time series" "^2021-07-01 +2021-12-31 +Google +19,330 +38,610 +81.6 +1,260 +7,710$" \
    "$TRDB" query country cc=US
expect_out "country takes a name too" "^2012-07-01 +2012-12-31 +Google +51 +63 +0" "$TRDB" query country "cc=Turkey"
expect_out "country takes a lower-case code" "2021-12-31" "$TRDB" query country cc=tr

expect_exit 2 "country without cc= is a usage error" "$TRDB" query country
expect_err 2 "and says what cc is" "needs cc=" "$TRDB" query country
expect_exit 2 "an unknown country is a usage error" "$TRDB" query country cc=XX
expect_err 2 "that lists the countries with data" "unknown country 'XX' for cc \(countries with data: BR, CI, CN, DE, RU, TR, UN, US\)" \
    "$TRDB" query country cc=XX
expect_exit 2 "an unknown parameter is a usage error" "$TRDB" query countries colour=red
expect_err 2 "that lists the parameters" "has no parameter 'colour' \(it takes: period, publisher\)" "$TRDB" query countries colour=red
expect_exit 2 "an unknown query is a usage error" "$TRDB" query nosuch
expect_exit 2 "a bad period is a usage error" "$TRDB" query countries period=someday
expect_err 2 "that lists the periods with data" "periods with data: 2021-12-31, 2021-06-30" "$TRDB" query countries period=someday
expect_exit 2 "an unknown publisher is a usage error" "$TRDB" query countries publisher=Acme
expect_out "a period with no data gives no rows" "^\(0 rows\)" "$TRDB" query countries period=2005H1
finish
