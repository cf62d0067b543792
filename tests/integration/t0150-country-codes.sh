#!/bin/sh
# Codes before names on a real file: Google's user-data file, with country
# names mangled at run time as a spreadsheet re-save or a careless edit would
# (CLDR Territory Code kept), loads every row, warns once per distinct name
# and code, and gives the same facts as the file itself. Reads
# ../shared/realdata (never copied here); skipped when it is not there.
. "$(dirname "$0")/../cli/lib.sh"
NEW="$REALDATA/google/user-data-2023-10/google-global-user-data-requests.csv"
[ -f "$NEW" ] || skip_all "no real data at $NEW"
command -v iconv >/dev/null || skip_all "no iconv"

# UTF-8 names read as Windows-1252 and saved again as UTF-8
mojibake() { printf '%s' "$1" | iconv -f WINDOWS-1252 -t UTF-8; }
CI_NAME=$(printf 'C\303\264te d\342\200\231Ivoire')
TR_NAME=$(printf 'T\303\274rkiye')
CI_BAD=$(mojibake "$CI_NAME")
TR_BAD=$(mojibake "$TR_NAME")
sed -e "s/^\([^,]*\),$CI_NAME,CI,/\1,$CI_BAD,CI,/" \
    -e "s/^\([^,]*\),$TR_NAME,TR,/\1,$TR_BAD,TR,/" \
    -e 's/^\([^,]*\),France,FR,/\1,Germany,FR,/' \
    -e 's/^\([^,]*\),Brazil,BR,/\1,Brazil,QQ,/' "$NEW" >mangled.csv

rows_with() { grep -c "^[^,]*,$1,$2," "$3" || true; }
check "the original has the names" test "$(rows_with "$CI_NAME" CI "$NEW")" -gt 0 -a "$(rows_with "$TR_NAME" TR "$NEW")" -gt 0
is "every Côte d’Ivoire row is mangled" "$(rows_with "$CI_BAD" CI mangled.csv)" "$(rows_with "$CI_NAME" CI "$NEW")"
is "every Türkiye row is mangled" "$(rows_with "$TR_BAD" TR mangled.csv)" "$(rows_with "$TR_NAME" TR "$NEW")"
is "every France row is named Germany" "$(rows_with Germany FR mangled.csv)" "$(rows_with France FR "$NEW")"
is "every Brazil row has an unknown code" "$(rows_with Brazil QQ mangled.csv)" "$(rows_with Brazil BR "$NEW")"
check "and the mangled file differs from the original" test "$(md5sum <mangled.csv)" != "$(md5sum <"$NEW")"

expect_exit 0 "the original loads" "$TRDB" --db orig.sqlite ingest "$NEW"
expect_exit 1 "the mangled file loads with warnings, exit 1" "$TRDB" --db mangled.sqlite ingest mangled.csv
cp "$ERR" mangled.err
rows=$(($(wc -l <"$NEW") - 1))
check "every row of it loads, none rejected" \
    grep -q "^loaded mangled.csv profile=google-user-data-requests rows=$rows rejected=0$" "$OUT"
is "one warning per distinct name and code, not per row" "$(grep -c '^trdb: warning: ' mangled.err)" "4"
check "the mangled name's warning names it and the code's country" \
    grep -q "^trdb: warning: mangled.csv:[0-9]*: unknown country '$CI_BAD' in column 'Country/Region', but column 'CLDR Territory Code' says CI (.*Ivoire): loaded as CI$" mangled.err
check "so does Türkiye's" \
    grep -q "^trdb: warning: mangled.csv:[0-9]*: unknown country '$TR_BAD' in column 'Country/Region', but column 'CLDR Territory Code' says TR (.*): loaded as TR$" mangled.err
check "a wrong name's warning names both countries" \
    grep -q "^trdb: warning: mangled.csv:[0-9]*: country 'Germany' in column 'Country/Region' is DE, but column 'CLDR Territory Code' says FR (France): loaded as FR$" mangled.err
check "an unknown code's warning names the code" \
    grep -q "^trdb: warning: mangled.csv:[0-9]*: unknown code 'QQ' in column 'CLDR Territory Code': loaded by the name 'Brazil' in column 'Country/Region' as BR$" mangled.err

# the figures per country are the original file's
facts="SELECT country, period_end, legal_process, metric, count(*), sum(value_low), sum(value_high) FROM facts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"
summary="SELECT country, period_end, measure, low, high, n_facts FROM country_summary ORDER BY 1, 2, 3"
TRDB_DB=$WORK/orig.sqlite sql "$facts" >orig.facts
TRDB_DB=$WORK/mangled.sqlite sql "$facts" >mangled.facts
check "the original has facts for CI, TR, FR and BR" \
    test "$(grep -c '^\(CI\|TR\|FR\|BR\),' orig.facts)" -gt 4
check "the facts per country, period, legal process and metric are the original's" cmp orig.facts mangled.facts
TRDB_DB=$WORK/orig.sqlite sql "$summary" >orig.summary
TRDB_DB=$WORK/mangled.sqlite sql "$summary" >mangled.summary
check "and so is country_summary" cmp orig.summary mangled.summary
is "no German facts came from the rows named Germany" \
    "$(TRDB_DB=$WORK/mangled.sqlite sql "SELECT count(*) FROM facts WHERE country = 'DE'")" \
    "$(TRDB_DB=$WORK/orig.sqlite sql "SELECT count(*) FROM facts WHERE country = 'DE'")"
finish
