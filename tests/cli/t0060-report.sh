#!/bin/sh
# trdb report writes the CSV tables, safe to open in a spreadsheet.
. "$(dirname "$0")/lib.sh"
"$TRDB" ingest "$TOP/data/samples" >/dev/null

ncountries=$(sql "SELECT count(DISTINCT country) FROM country_summary")
expect_out "report says where it wrote" "report written: site/csv/country_summary.csv and $ncountries country tables" \
    "$TRDB" report --out site
check "country_summary.csv is there" test -s site/csv/country_summary.csv
is "its header is the long form" "$(head -n 1 site/csv/country_summary.csv | tr -d '\r')" \
    "country,country_name,period_start,period_end,publisher,measure,low,high,n_facts"
is "it has a row per summary row" "$(($(wc -l <site/csv/country_summary.csv) - 1))" \
    "$(sql "SELECT count(*) FROM country_summary")"
check "a table per country" test -s site/csv/US.csv -a -s site/csv/UN.csv -a -s site/csv/CI.csv
check "US.csv holds US rows only" sh -c "tail -n +2 site/csv/US.csv | cut -d, -f1 | sort -u | tr -d '\r' | grep -qx US"
check "no temporary file is left" sh -c "! ls site/csv | grep -q tmp"
expect_out "the default folder is ./report" "report written: report/csv" "$TRDB" report
expect_exit 3 "an unwritable folder fails" "$TRDB" report --out /proc/none
finish
