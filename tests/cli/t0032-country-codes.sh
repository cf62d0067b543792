#!/bin/sh
# Codes before names (data/formats/README.md): where a profile has a code
# column, a known code decides the country and a name that disagrees is a
# warning, once per file for each name and code, not a reject; a blank or
# unknown code leaves the name rules; without a code column nothing changes.
. "$(dirname "$0")/lib.sh"
command -v iconv >/dev/null || { skip_all "no iconv"; }

H='Period Ending,Country/Region,CLDR Territory Code,Legal Process,User Data Requests,Percentage disclosed,Accounts'
# the issue's example: a UTF-8 name read as Windows-1252 and saved again as UTF-8
MANGLED=$(printf 'C\303\264te d\342\200\231Ivoire' | iconv -f WINDOWS-1252 -t UTF-8)
{
    echo "$H"
    echo "2020-12-31,$MANGLED,CI,Search Warrants,10,50,11"
    echo "2020-12-31,$MANGLED,CI,Subpoenas,20,50,21"
    echo '2020-12-31,Germany,FR,Search Warrants,30,50,31'
    echo '2020-12-31,Germany,FR,Subpoenas,40,50,41'
    echo '2020-12-31,Germany,AT,Subpoenas,45,50,46'
    echo '2020-12-31,Spain,es,Search Warrants,50,50,51'
    echo '2020-12-31,Portugal, PT ,Search Warrants,55,50,56'
    echo '2020-12-31,Italy,QQ,Search Warrants,60,50,61'
    echo '2020-12-31,Italy,QQ,Subpoenas,70,50,71'
    echo '2020-12-31,Narnia,QQ,Search Warrants,80,50,81'
    echo '2020-12-31,Narnia,,Search Warrants,90,50,91'
    echo '2020-12-31,Kosovo,XK,Search Warrants,95,50,96'
    echo '2020-12-31,European Union,EU,Search Warrants,97,50,98'
    echo '2020-12-31,Latin America,419,Search Warrants,99,50,99'
} >codes.csv

expect_exit 1 "a file whose names and codes disagree loads with warnings, exit 1" "$TRDB" ingest codes.csv
check "every row loads but the three with neither a known code nor a known name" \
    grep -q "^loaded codes.csv profile=google-user-data-requests rows=11 rejected=3$" "$OUT"
is "the mangled name loads as its code" \
    "$(sql "SELECT group_concat(value_low, ' ') FROM (SELECT value_low FROM facts WHERE country = 'CI' AND metric = 'requests' ORDER BY 1)")" "10 20"
is "a wrong name loads as its code" \
    "$(sql "SELECT group_concat(source_line || '=' || country, ' ') FROM (SELECT * FROM facts WHERE metric = 'requests' AND source_line IN (4, 5, 6) ORDER BY source_line)")" \
    "4=FR 5=FR 6=AT"
is "a code in lower case, or with spaces, is a code" \
    "$(sql "SELECT group_concat(country, ' ') FROM (SELECT country FROM facts WHERE metric = 'requests' AND source_line IN (7, 8) ORDER BY source_line)")" "ES PT"
is "an unknown code leaves the name: Italy" \
    "$(sql "SELECT count(*) FROM facts WHERE country = 'IT' AND metric = 'requests'")" "2"
is "CLDR's XK and EU are Kosovo and the European Union" \
    "$(sql "SELECT group_concat(country, ' ') FROM (SELECT country FROM facts WHERE metric = 'requests' AND source_line IN (13, 14) ORDER BY source_line)")" "XK EU"
reject() { sql "SELECT reason FROM rejects WHERE line = $1"; }
is "an unknown name beside an unknown code is a reject naming both" "$(reject 11)" \
    "unknown country 'Narnia' in column 'Country/Region', and unknown code 'QQ' in column 'CLDR Territory Code'"
is "an unknown name beside a blank code is a reject, as without a code column" "$(reject 12)" \
    "unknown country 'Narnia' in column 'Country/Region'"
is "a CLDR region code is no country: the name decides, and 'Latin America' is none" "$(reject 15)" \
    "unknown country 'Latin America' in column 'Country/Region', and unknown code '419' in column 'CLDR Territory Code'"

expect_err 1 "the mangled name's warning names the name, the code and its country" \
    "^trdb: warning: codes.csv:2: unknown country '$MANGLED' in column 'Country/Region', but column 'CLDR Territory Code' says CI \(C.*te d.*Ivoire\): loaded as CI$" \
    "$TRDB" --db w1.sqlite ingest codes.csv
cp "$ERR" codes.err
check "a wrong name's warning names both countries" \
    grep -q "^trdb: warning: codes.csv:4: country 'Germany' in column 'Country/Region' is DE, but column 'CLDR Territory Code' says FR (France): loaded as FR$" codes.err
check "another code beside the same name is another warning" \
    grep -q "^trdb: warning: codes.csv:6: country 'Germany' in column 'Country/Region' is DE, but column 'CLDR Territory Code' says AT (Austria): loaded as AT$" codes.err
check "an unknown code beside a known name is a warning naming the code" \
    grep -q "^trdb: warning: codes.csv:9: unknown code 'QQ' in column 'CLDR Territory Code': loaded by the name 'Italy' in column 'Country/Region' as IT$" codes.err
is "one warning per distinct disagreement, not per row" "$(grep -c '^trdb: warning: codes.csv:' codes.err)" "4"

# agreeing names and codes: no warning, exit 0
{
    echo "$H"
    echo '2020-12-31,France,FR,Search Warrants,1,50,1'
    echo '2020-12-31,France,fr,Subpoenas,2,50,2'
    echo '2020-12-31,,US,Subpoenas,3,50,3'
} >agree.csv
expect_exit 0 "names that agree with their codes load silently" "$TRDB" --db w2.sqlite ingest agree.csv
is "and warn of nothing" "$(grep -c 'warning' "$ERR" || true)" "0"

# Twitter/X: its own files carry ISO CODE; the fixture, with that column added, loads the same
TW="$TOP/tests/data/twitter/twitter-information-requests-2017-jan-jun.csv"
expect_exit 0 "the Twitter fixture loads" "$TRDB" --db tw0.sqlite ingest "$TW"
TRDB_DB=$WORK/tw0.sqlite sql "SELECT source_line, country FROM facts WHERE metric = 'requests'" >codes.txt
# line -> code; the TOTAL row (line 2) gets a blank code; United States is renamed
awk -F, 'NR == FNR { code[$1] = $2; next }
    { sub(/\r$/, "") }
    FNR == 1 { print $0 ",ISO CODE\r"; next }
    { line = $0; if (line ~ /^[^,]*,United States,/) sub(/,United States,/, ",Estados Unidos,", line)
      print line "," code[FNR] "\r" }' codes.txt "$TW" >tw-iso.csv
check "the derived file has the column and the renamed country" grep -q '^January - June 2017,Estados Unidos,.*,US' tw-iso.csv
expect_exit 1 "the Twitter layout with ISO CODE loads with a warning" "$TRDB" --db tw1.sqlite ingest tw-iso.csv
cp "$ERR" tw.err
check "with no reject" grep -q "^loaded tw-iso.csv profile=twitter-information-requests rows=[0-9]* rejected=0$" "$OUT"
check "the warning names the name and the code" \
    grep -q "^trdb: warning: tw-iso.csv:[0-9]*: unknown country 'Estados Unidos' in column 'COUNTRY', but column 'ISO CODE' says US (United States): loaded as US$" tw.err
q="SELECT country || ' ' || metric || ' ' || value_low FROM facts ORDER BY 1"
is "the same facts as the fixture" "$(TRDB_DB=$WORK/tw1.sqlite sql "$q" | md5sum)" "$(TRDB_DB=$WORK/tw0.sqlite sql "$q" | md5sum)"
finish
