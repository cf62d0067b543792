#!/bin/sh
# A user's own profiles: --formats DIR, $TRDB_FORMATS and
# $XDG_DATA_HOME/trdb/formats are searched before the built-in ones, in that
# order, and the first profile of a name wins; --format takes a profile file;
# trdb formats says where each profile comes from. The profile and the file
# are the worked example of data/formats/README.md ("Your own profiles").
. "$(dirname "$0")/lib.sh"
README="$TOP/data/formats/README.md"
EOL="$(printf '\r')?\$" # CSV lines end in CRLF
NBUILTIN=$(ls "$TOP"/data/formats/*.json | wc -l | tr -d ' ')

# the code block after each "<!-- example: NAME -->" marker, into the file NAME
awk '/^<!-- example: / { name = $3; next }
     name != "" && /^```/ { if (inside) { name = ""; inside = 0 } else inside = 1; next }
     inside { print > name }' "$README"
check "the README holds the Wikimedia file" test -s where_from.csv
check "and its profile" test -s wikimedia-where-from.json
mkdir mine other empty
mv wikimedia-where-from.json mine/

# --formats DIR, for detect, formats and ingest
expect_exit 3 "without the folder, no profile fits" "$TRDB" detect where_from.csv
expect_out "detect --formats finds the user's profile" \
    "^=> profile wikimedia-where-from \(header on line 1\)" "$TRDB" detect --formats mine where_from.csv
expect_out "formats --formats lists it, from the folder" "^wikimedia-where-from,Wikimedia Foundation,.*,mine$EOL" \
    "$TRDB" formats --formats mine --format csv
is "the user's one and every built-in one" "$(($(wc -l <"$OUT") - 1))" "$((NBUILTIN + 1))"
check "and the built-in ones from built-in" grep -Eq "^twitter-information-requests,.*,built-in$EOL" "$OUT"
expect_out "the dry run as the README says" \
    "^checked where_from.csv profile=wikimedia-where-from rows=3 rejected=0$" \
    "$TRDB" ingest --formats mine --dry-run where_from.csv
expect_out "ingest --formats loads it" "^loaded where_from.csv profile=wikimedia-where-from rows=3 rejected=0$" \
    "$TRDB" ingest --formats mine where_from.csv
is "juldec18 is the second half of 2018, complied the requests with data" \
    "$(sql "SELECT period_start || '..' || period_end || ' ' || metric || '=' || value_low FROM facts WHERE country = 'US' ORDER BY metric")" \
    "2018-07-01..2018-12-31 requests=12
2018-07-01..2018-12-31 requests_disclosed=3"
is "janjun19 the first half of 2019" \
    "$(sql "SELECT period_start || ' ' || value_low FROM facts WHERE country = 'FR' AND metric = 'requests'")" \
    "2019-01-01 2"

# --format PATH: a profile file, used without detection
expect_out "ingest --format takes a profile file's path" \
    "^loaded where_from.csv profile=wikimedia-where-from rows=3 rejected=0$" \
    "$TRDB" --db byfile.sqlite ingest --format mine/wikimedia-where-from.json where_from.csv
cp mine/wikimedia-where-from.json here.json
expect_out "a name ending in .json is a path too" "^checked where_from.csv profile=wikimedia-where-from" \
    "$TRDB" --db here.sqlite ingest --dry-run --format here.json where_from.csv
expect_err 2 "a missing profile file is a usage error naming it" "cannot read the profile file 'nosuch/x.json'" \
    "$TRDB" --db byfile.sqlite ingest --format nosuch/x.json where_from.csv
printf '{"name": "broken",\n' >broken.json
expect_err 3 "a bad profile file is an error naming it" "broken.json" \
    "$TRDB" --db byfile.sqlite ingest --format ./broken.json where_from.csv
expect_err 2 "a plain unknown name stays a name" "no profile named 'wikimedia-where-from'" \
    "$TRDB" --db byfile.sqlite ingest --format wikimedia-where-from where_from.csv

# TRDB_FORMATS: two folders, in order, with the empty entries skipped
sed 's/"wikimedia-where-from"/"wikimedia-other"/' mine/wikimedia-where-from.json >other/wikimedia-other.json
expect_out "TRDB_FORMATS with two folders: both are listed" "^wikimedia-where-from,.*,$WORK/mine$EOL" \
    env TRDB_FORMATS="$WORK/mine::$WORK/other:" "$TRDB" formats --format csv
check "the second folder's one too" grep -Eq "^wikimedia-other,.*,$WORK/other$EOL" "$OUT"
expect_out "detect finds the TRDB_FORMATS profile" "^=> profile wikimedia-where-from" \
    env TRDB_FORMATS="$WORK/empty:$WORK/mine" "$TRDB" detect where_from.csv
expect_out "ingest uses a TRDB_FORMATS profile" "profile=wikimedia-other rows=3" \
    env TRDB_FORMATS="$WORK/empty:$WORK/other" "$TRDB" ingest --dry-run --force where_from.csv

# $XDG_DATA_HOME/trdb/formats, found with no option; a missing one is fine
check "with no XDG folder, formats works" "$TRDB" formats
mkdir -p "$XDG_DATA_HOME/trdb/formats"
cp mine/wikimedia-where-from.json "$XDG_DATA_HOME/trdb/formats/"
expect_out "the XDG folder is searched" "^=> profile wikimedia-where-from" "$TRDB" detect where_from.csv
expect_out "formats names the XDG folder" "^wikimedia-where-from,.*,$XDG_DATA_HOME/trdb/formats$EOL" \
    "$TRDB" formats --format csv
rm -r "$XDG_DATA_HOME/trdb"
mkdir -p home/.local/share/trdb/formats
cp other/wikimedia-other.json home/.local/share/trdb/formats/
expect_out "~/.local/share/trdb/formats without XDG_DATA_HOME" \
    "^wikimedia-other,.*,$WORK/home/.local/share/trdb/formats$EOL" \
    env -u XDG_DATA_HOME HOME="$WORK/home" "$TRDB" formats --format csv

# precedence: a user profile with a built-in's name replaces it
mkdir fix fix2
sed -e 's/"description": "[^"]*"/"description": "my fixed twitter"/' \
    -e 's/"dataset": "[^"]*"/"dataset": "my-requests"/' \
    "$TOP/data/formats/twitter-information-requests.json" >fix/twitter-information-requests.json
sed 's/"description": "[^"]*"/"description": "my other twitter"/' \
    "$TOP/data/formats/twitter-information-requests.json" >fix2/twitter.json
expect_out "formats: the user's twitter profile replaces the built-in one" \
    "^twitter-information-requests,Twitter,my-requests,1,.*,my fixed twitter,fix$EOL" \
    "$TRDB" formats --formats fix --format csv
is "listed once" "$(grep -c '^twitter-information-requests,' "$OUT")" "1"
is "and every other built-in one still there" "$(($(wc -l <"$OUT") - 1))" "$NBUILTIN"
expect_out "as JSON, with its source" '"description": "my fixed twitter", "source": "fix"' "$TRDB" formats --formats fix --format json
expect_out "and as a table, source the last column" "^name +publisher .* description +source *$" \
    "$TRDB" formats --formats fix
check "where the built-in ones say built-in" grep -Eq "^google-user-data-requests .* built-in *$" "$OUT"
expect_out "--formats folders in the order given" ",my other twitter,fix2$EOL" \
    "$TRDB" formats --formats fix2 --formats fix --format csv
expect_out "--formats before TRDB_FORMATS" ",my fixed twitter,fix$EOL" \
    env TRDB_FORMATS="$WORK/fix2" "$TRDB" formats --formats fix --format csv
mkdir -p "$XDG_DATA_HOME/trdb/formats"
cp fix2/twitter.json "$XDG_DATA_HOME/trdb/formats/"
expect_out "TRDB_FORMATS before XDG" ",my fixed twitter,$WORK/fix$EOL" \
    env TRDB_FORMATS="$WORK/fix" "$TRDB" formats --format csv
expect_out "XDG before the built-in ones" ",my other twitter,$XDG_DATA_HOME/trdb/formats$EOL" \
    "$TRDB" formats --format csv
rm -r "$XDG_DATA_HOME/trdb"
printf 'TIME PERIOD,COUNTRY,ACCOUNT INFORMATION REQUESTS,PERCENTAGE WHERE SOME INFORMATION PRODUCED,ACCOUNTS SPECIFIED\nJanuary - June 2017,Germany,5,40%%,7\n' >tw.csv
expect_out "ingest uses the user's profile of that name" "^loaded tw.csv profile=twitter-information-requests rows=1" \
    "$TRDB" --db tw.sqlite ingest --formats fix tw.csv
is "its facts are the user's profile's" \
    "$(TRDB_DB="$WORK/tw.sqlite" sql "SELECT dataset || ' ' || country || ' ' || value_low FROM facts WHERE metric = 'requests'")" \
    "my-requests DE 5"

# errors
expect_err 2 "a missing --formats folder is a usage error naming it" "no profile folder 'nosuch'" \
    "$TRDB" formats --formats nosuch
expect_err 2 "also for ingest" "no profile folder 'nosuch'" "$TRDB" ingest --formats nosuch where_from.csv
expect_err 2 "a missing TRDB_FORMATS folder too" "TRDB_FORMATS: no profile folder '$WORK/gone'" \
    env TRDB_FORMATS="$WORK/mine:$WORK/gone" "$TRDB" detect where_from.csv
expect_err 2 "and for ingest" "TRDB_FORMATS: no profile folder '$WORK/gone'" \
    env TRDB_FORMATS="$WORK/gone" "$TRDB" ingest where_from.csv
mkdir bad
printf '{"name": "bad-one", "colour": "red"}\n' >bad/bad-one.json
expect_err 3 "a bad user profile names its file" "bad/bad-one.json" "$TRDB" formats --formats bad
expect_err 3 "in ingest as well" "bad/bad-one.json" "$TRDB" ingest --formats bad where_from.csv
cp mine/wikimedia-where-from.json bad/bad-one.json
cp mine/wikimedia-where-from.json bad/two.json
expect_err 3 "two profiles of one name in one folder are an error" "two.json: a profile named 'wikimedia-where-from' exists already" \
    "$TRDB" formats --formats bad

# the help texts
for c in ingest detect formats fetch; do
    expect_out "$c --help names --formats" "--formats DIR" "$TRDB" "$c" --help
    check "and TRDB_FORMATS" grep -q 'TRDB_FORMATS' "$OUT"
done
finish
