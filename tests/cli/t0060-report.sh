#!/bin/sh
# trdb report writes the CSV tables, safe to open in a spreadsheet, and the
# HTML pages: self-contained, every text from the data escaped. (What a
# browser makes of the pages: t0610-report-browser.sh.)
. "$(dirname "$0")/lib.sh"
"$TRDB" ingest "$TOP/data/samples" "$TOP/tests/data/report/hostile-removals.csv" >/dev/null

ncountries=$(sql "SELECT count(DISTINCT country) FROM country_summary")
expect_out "report says where it wrote" "report written: site/index.html, $ncountries country pages in site/countries/, CSV tables in site/csv/" \
    "$TRDB" report --out site
check "country_summary.csv is there" test -s site/csv/country_summary.csv
is "its header is the long form" "$(head -n 1 site/csv/country_summary.csv | tr -d '\r')" \
    "country,country_name,period_start,period_end,publisher,measure,low,high,n_facts"
is "it has a row per summary row" "$(($(wc -l <site/csv/country_summary.csv) - 1))" \
    "$(sql "SELECT count(*) FROM country_summary")"
check "a table per country" test -s site/csv/US.csv -a -s site/csv/UN.csv -a -s site/csv/CI.csv
check "US.csv holds US rows only" sh -c "tail -n +2 site/csv/US.csv | cut -d, -f1 | sort -u | tr -d '\r' | grep -qx US"
check "no temporary file is left" sh -c "! ls site/csv site/countries site | grep -q tmp"

check "index.html is there" test -s site/index.html
is "a page per country with figures" "$(ls site/countries | wc -l | tr -d ' ')" "$ncountries"
check "every page declares a policy that forbids any network request" \
    sh -c "for f in site/index.html site/countries/*.html; do grep -q \"Content-Security-Policy\" \"\$f\" && grep -q \"default-src 'none'\" \"\$f\" || exit 1; done"
check "no page loads anything: no element with a src, no link element, no url() in the style" \
    sh -c "! grep -l -E '<[^>]* src=|<link|url\\(' site/index.html site/countries/*.html"
check "the hostile app name is escaped text" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' site/countries/CN.html
check "so is the reason" grep -q '&lt;img src=x onerror=alert(2)&gt;' site/countries/CN.html
check "quotes and ampersands too" grep -q 'Quote &quot; and &#39; &amp; &lt;b&gt;bold&lt;/b&gt;' site/countries/CN.html
is "the page has one script element, the report's own" "$(grep -o '<script' site/countries/CN.html | wc -l | tr -d ' ')" 1
check "the index links each country to its page" grep -q '<a href="countries/CN.html">CN</a>' site/index.html
check "a country page links back" grep -q '<a href="../index.html">' site/countries/US.html
check "and charts its figures as SVG with a point per figure" grep -q '<circle class="pt' site/countries/US.html
expect_out "the default folder is ./report" "report written: report/index.html" "$TRDB" report
expect_exit 3 "an unwritable folder fails" "$TRDB" report --out /proc/none
finish
