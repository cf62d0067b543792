#!/bin/sh
# A localized download (German headers, country names and requester names,
# M/D/YYYY dates) read by the English profile through the German translation
# table (data/formats/i18n/de.tsv) gives the English file's facts.
. "$(dirname "$0")/lib.sh"
DE="$TOP/tests/data/google/localized/google-government-removal-requests-de.csv"
EN="$TOP/tests/data/google/removal-requests-requester.csv"
[ -d /usr/share/locale/de/LC_MESSAGES ] || skip_all "iso-codes' German names are not installed"

facts() { "$TRDB" --db "$1" sql --format csv "SELECT country, period_start, period_end, requester, metric, value_low FROM facts ORDER BY 1, 2, 4, 5"; }
expect_exit 0 "the English file loads" "$TRDB" --db en.sqlite ingest "$EN"
expect_exit 0 "the German download loads" "$TRDB" --db de.sqlite ingest "$DE"
check "by the English profile, without a reject" grep -q "profile=google-removal-requests rows=6 rejected=0$" "$OUT"
facts en.sqlite >en.facts
facts de.sqlite >de.facts
check "with the same facts as the English file" cmp -s en.facts de.facts
is "Türkei is TR (iso-codes' German name)" "$(grep -c '^TR,' de.facts)" "8"
is "12/31/2024 is the second half of 2024" "$(grep -c '^BR,2024-07-01,2024-12-31,' de.facts)" "8"
is "the country keeps its English name in the database" \
    "$("$TRDB" --db de.sqlite sql --format csv "SELECT DISTINCT country_name FROM facts WHERE country = 'TR'" | tail -n 1 | tr -d '\r')" "Türkiye"

# a language iso-codes lacks fails the file, naming it: here a header
# translation table of language 'xx' (the German one, renamed)
cp -r "$TOP/data" mydata
mv mydata/formats/i18n/de.tsv mydata/formats/i18n/xx.tsv
expect_exit 3 "an unknown language fails the file" env TRDB_DATA="$WORK/mydata" "$TRDB" --db xx.sqlite ingest "$DE"
expect_err 3 "naming the language and where it looked" "no country names in language 'xx' \('/usr/share/locale/xx/LC_MESSAGES/iso_3166-1.mo'" \
    env TRDB_DATA="$WORK/mydata" "$TRDB" --db xx.sqlite ingest "$DE"
finish
