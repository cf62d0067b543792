#!/bin/sh
# Google's government requests to remove content, as published: the per-country
# files (2019H1-2025H1 per requestor, and the old wide 2009H2-2019H1 layout) and
# the per-product-and-reason files (2011H1-2025H1, and the old 2009H2-2019H1
# layout), checked against the files themselves. Reads ../shared/realdata
# (never copied here); skipped when it is not there.
. "$(dirname "$0")/../cli/lib.sh"
G="$REALDATA/google"
NEW="$G/google-government-removal-requests_2019H1-2025H1.csv"
OLD="$G/google-government-removal-requests-historical_2009H2-2019H1.csv"
DET="$G/google-government-detailed-removal-requests_2011H1-2025H1.csv"
DOLD="$G/google-government-detailed-removal-requests-historical_2009H2-2019H1.csv"
[ -f "$NEW" ] || skip_all "no real data at $G"

expect_exit 0 "the four removal files load, exit 0" "$TRDB" ingest "$NEW" "$OLD" "$DET" "$DOLD"
cp "$OUT" load.out
is "four files loaded" "$(grep -c '^loaded ' load.out)" "4"
is "no file has a reject" "$(grep -c ' rejected=0$' load.out)" "4"
is "no warning on stderr (every column is read)" "$(cat "$ERR")" ""
is "the rejects table is empty" "$(sql "SELECT count(*) FROM rejects")" "0"
for pair in "$NEW:google-removal-requests" "$OLD:google-removal-requests-historical" \
    "$DET:google-removal-requests-detailed" "$DOLD:google-removal-requests-detailed-historical"; do
    f=${pair%:*}
    p=${pair##*:}
    lines=$(($(wc -l <"$f")))
    check "$(basename "$f") is read by $p, every line a row" \
        grep -q "^loaded $f profile=$p rows=$((lines - 1)) rejected=0$" load.out
done
is "the per-country files share one dataset, which feeds country_summary" \
    "$(sql "SELECT group_concat(DISTINCT d.name || ':' || d.in_summary) FROM source_files s JOIN datasets d ON d.id = s.dataset_id WHERE s.path IN ('$NEW', '$OLD')")" \
    "removal-requests:1"
is "the product x reason files stay out of it" \
    "$(sql "SELECT count(*) FROM source_files s JOIN datasets d ON d.id = s.dataset_id WHERE s.path IN ('$DET', '$DOLD') AND d.in_summary = 0")" "2"

# facts per file = the file's non-blank figure cells (a blank cell is no figure).
# Only the Product column holds quoted commas, so the figures count from the right.
is "2019H1-2025H1: one fact per non-blank figure cell" \
    "$(sql "SELECT facts FROM source_files WHERE path = '$NEW'")" \
    "$(awk -F, 'NR > 1 { for (i = 5; i <= 12; i++) if ($i != "") n++ } END { print n + 0 }' "$NEW")"
is "historical: one fact per non-blank cell of the wide layout" \
    "$(sql "SELECT facts FROM source_files WHERE path = '$OLD'")" \
    "$(awk -F, 'NR > 1 { for (i = 4; i <= 12; i++) if ($i != "") n++ } END { print n + 0 }' "$OLD")"
is "detailed: one fact per row" \
    "$(sql "SELECT facts FROM source_files WHERE path = '$DET'")" "$(($(wc -l <"$DET") - 1))"
is "detailed historical: two request counts per row, plus the items where given" \
    "$(sql "SELECT facts FROM source_files WHERE path = '$DOLD'")" \
    "$(awk -F, 'NR > 1 { n += ($(NF-2) != "") + ($(NF-1) != "") + ($NF != "") } END { print n + 0 }' "$DOLD")"

# --- 2019H1-2025H1, per country x requestor ---
line_of() { grep -n "$1" "$2" | head -n 1 | cut -d: -f1; }
RUL=$(line_of '^2022-06-30,Russia,RU,Information and Communications Authority,' "$NEW")
cell() { sed -n "${1}p" "$2" | cut -d, -f"$3"; }
nfact() { sql "SELECT coalesce(value_low, 'null') FROM facts WHERE source_file = '$NEW' AND source_line = $1 AND metric = '$2'"; }
is "RU 2022-H1 ICA requests as published" "$(nfact "$RUL" requests)" "$(cell "$RUL" "$NEW" 5)"
is "RU 2022-H1 ICA items as published" "$(nfact "$RUL" items)" "$(cell "$RUL" "$NEW" 6)"
is "RU 2022-H1 ICA % removed-legal as published" "$(nfact "$RUL" pct_removed_legal)" "$(cell "$RUL" "$NEW" 7)"
is "RU 2022-H1 ICA % no action as published" "$(nfact "$RUL" pct_no_action)" "$(cell "$RUL" "$NEW" 11)"
is "the fact keeps its requestor" \
    "$(sql "SELECT DISTINCT requester || ' / ' || request_type FROM facts WHERE source_file = '$NEW' AND source_line = $RUL")" \
    "Information and Communications Authority / content_removal"
BLL=$(line_of '^2022-06-30,Russia,RU,Court Order Directed at Google,[0-9]*,[0-9]*,[0-9]*,,' "$NEW")
is "a blank outcome cell is no fact, not 0" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$NEW' AND source_line = $BLL AND metric = 'pct_removed_policy'")" "0"
NEIL=$(line_of ',[0-9]*,[0-9]*,[0-9]*,[0-9]*,[0-9]*,[1-9][0-9]*,[0-9]*,[0-9]*$' "$NEW")
is "the '% Not Enough Information ' column (trailing space) is read" \
    "$(nfact "$NEIL" pct_not_enough_info)" "$(cell "$NEIL" "$NEW" 10)"
EUL=$(line_of '^[0-9-]*,Europol,,' "$NEW")
is "Europol (no territory code) is stored under its own code" \
    "$(sql "SELECT DISTINCT country || ' ' || country_name FROM facts WHERE source_file = '$NEW' AND source_line = $EUL")" "XE Europol"
is "every Europol row of the file is kept" \
    "$(sql "SELECT count(DISTINCT source_line) FROM facts WHERE source_file = '$NEW' AND country = 'XE'")" \
    "$(grep -c '^[0-9-]*,Europol,,' "$NEW")"

# --- country_summary: the figures Google publishes, and the file's own sums ---
summary() { sql "SELECT coalesce(low, 'null') FROM country_summary WHERE publisher = 'Google' AND country = '$1' AND period_end = '$2' AND measure = '$3'"; }
is "Russia 2022-H1: 21,841 removal requests" "$(summary RU 2022-06-30 removal_requests)" "21841"
is "Russia 2022-H1: 244,277 items" "$(summary RU 2022-06-30 removal_items)" "244277"
is "China 2020-H2: 27 removal requests" "$(summary CN 2020-12-31 removal_requests)" "27"
is "China 2020-H2: 455 items" "$(summary CN 2020-12-31 removal_items)" "455"
sum_new() { awk -F, -v cc="$1" -v pe="$2" -v col="$3" '$1 == pe && $3 == cc { s += $col } END { print s + 0 }' "$NEW"; }
for cc in US IN TR BR DE; do
    is "$cc 2024-H2 removal requests = the file's sum over requestors" \
        "$(summary "$cc" 2024-12-31 removal_requests)" "$(sum_new "$cc" 2024-12-31 5)"
    is "$cc 2024-H2 removal items = the file's" \
        "$(summary "$cc" 2024-12-31 removal_items)" "$(sum_new "$cc" 2024-12-31 6)"
done
is "2019-H1, in both releases, comes from the newer" \
    "$(summary RU 2019-06-30 removal_requests)" "$(sum_new RU 2019-06-30 5)"
check "(which differs from the older release's)" \
    test "$(sum_new RU 2019-06-30 5)" != "$(awk -F, '$1 == "2019-06-30" && $3 == "RU" { print $4 }' "$OLD")"
is "no fact of the older release is current for 2019-H1" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$OLD' AND period_end = '2019-06-30'")" "0"
is "but its rows are kept" \
    "$(sql "SELECT count(DISTINCT f.line) FROM fact_rows f JOIN source_files s ON s.id = f.file_id WHERE s.path = '$OLD' AND f.period_end = '2019-06-30'")" \
    "$(grep -c '^2019-06-30,' "$OLD")"
is "the product x reason rows are not in the summary" \
    "$(sql "SELECT n_facts FROM country_summary WHERE country = 'RU' AND period_end = '2022-06-30' AND measure = 'removal_requests'")" \
    "$(grep -c '^2022-06-30,Russia,RU,' "$NEW")"

# --- historical wide layout: unpivoted, 'All Requests' an aggregate ---
ofact() { sql "SELECT coalesce(value_low, 'null') FROM facts WHERE source_file = '$OLD' AND source_line = $1 AND requester = '$2' AND metric = '$3'"; }
DEL=$(line_of '^2015-12-31,Germany,DE,' "$OLD")
is "DE 2015-H2 court orders: requests as published" "$(ofact "$DEL" 'Court Orders' requests)" "$(cell "$DEL" "$OLD" 7)"
is "DE 2015-H2 other requests: items as published" \
    "$(ofact "$DEL" 'Executive, Police, etc.' items)" "$(cell "$DEL" "$OLD" 12)"
is "DE 2015-H2 all requests: % complied as published" "$(ofact "$DEL" 'All Requests' pct_complied)" "$(cell "$DEL" "$OLD" 5)"
is "the requester group comes from the column name, named as the detailed file names it" \
    "$(sql "SELECT group_concat(requester, '|') FROM (SELECT DISTINCT requester FROM facts WHERE source_file = '$OLD' ORDER BY requester)")" \
    "All Requests|Court Orders|Executive, Police, etc."
is "exactly the 'All Requests' facts are aggregates" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$OLD' AND is_aggregate = (requester = 'All Requests')")" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$OLD'")"
for cc in US DE IN FR TR; do
    is "$cc 2018-H2 removal requests = the file's 'All Requests'" \
        "$(summary "$cc" 2018-12-31 removal_requests)" \
        "$(awk -F, -v cc="$cc" '$1 == "2018-12-31" && $3 == cc { print $4 }' "$OLD")"
    is "$cc 2018-H2 removal items = the file's 'All Requests'" \
        "$(summary "$cc" 2018-12-31 removal_items)" \
        "$(awk -F, -v cc="$cc" '$1 == "2018-12-31" && $3 == cc { print $6 }' "$OLD")"
done
AML=$(line_of '^2009-12-31,Armenia,AM,<10,' "$OLD")
is "'<10' is stored as 0..9 with the cell as published" \
    "$(sql "SELECT value_low || '..' || value_high || ' ' || value_raw FROM facts WHERE source_file = '$OLD' AND source_line = $AML AND metric = 'requests'")" \
    "0..9 <10"
is "every '<10' cell is 0..9" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$OLD' AND value_raw = '<10' AND value_low = 0 AND value_high = 9")" \
    "$(grep -o ',<10' "$OLD" | wc -l | tr -d ' ')"
is "a '<10' standing alone is a band in the summary" \
    "$(sql "SELECT low || '..' || high FROM country_summary WHERE country = 'AM' AND period_end = '2009-12-31' AND measure = 'removal_requests'")" \
    "0..9"
CNL=$(line_of '^2009-12-31,China,CN,?,' "$OLD")
is "'?' is a fact with no bounds, never zero" \
    "$(sql "SELECT coalesce(value_low, 'null') || ' ' || coalesce(value_high, 'null') || ' ' || value_raw FROM facts WHERE source_file = '$OLD' AND source_line = $CNL AND metric = 'requests'")" \
    "null null ?"
is "every '?' cell is such a fact" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$OLD' AND value_raw = '?' AND value_low IS NULL AND value_high IS NULL")" \
    "$(grep -o ',?' "$OLD" | wc -l | tr -d ' ')"
is "China 2009-H2 is unknown in the summary, not 0" \
    "$(sql "SELECT coalesce(low, 'null') || ' ' || coalesce(high, 'null') || ' ' || n_facts FROM country_summary WHERE country = 'CN' AND period_end = '2009-12-31' AND measure = 'removal_requests'")" \
    "null null 1"
is "Interpol (no territory code) is stored under its own code" \
    "$(sql "SELECT DISTINCT country FROM facts WHERE source_file = '$OLD' AND country_name = 'Interpol'")" "XI"

# --- detailed, 2011H1-2025H1: country x product x reason ---
dfact() { sql "SELECT coalesce(value_low, 'null') FROM facts WHERE dataset = 'removal-requests-detailed' AND country = '$1' AND period_end = '$2' AND product = '$3' AND reason = '$4' AND metric = 'requests'"; }
EMP='Google Earth, Google Maps, and Panoramio'
is "a quoted product with commas is stored whole" \
    "$(dfact FR 2011-06-30 "$EMP" Defamation)" \
    "$(grep "^2011-06-30,France,FR,\"$EMP\",Defamation," "$DET" | awk -F, '{ print $NF }')"
is "and every row naming it" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$DET' AND product = '$EMP'")" "$(grep -c ",\"$EMP\"," "$DET")"
is "a non-Latin product name is kept as published" \
    "$(dfact RU 2014-12-31 'ответы' 'Suicide Promotion')" \
    "$(grep '^2014-12-31,Russia,RU,ответы,Suicide Promotion,' "$DET" | awk -F, '{ print $NF }')"
is "RU 2022-H1 detailed rows add up as in the file" \
    "$(sql "SELECT total(value_low) FROM facts WHERE source_file = '$DET' AND country = 'RU' AND period_end = '2022-06-30'" | sed 's/\.0$//')" \
    "$(awk -F, '$1 == "2022-06-30" && $3 == "RU" { s += $NF } END { print s + 0 }' "$DET")"
is "products as many as in the file" \
    "$(sql "SELECT count(DISTINCT product) FROM facts WHERE source_file = '$DET'")" \
    "$(tail -n +2 "$DET" | sed -e 's/^[^,]*,[^,]*,[^,]*,//' -e 's/,[^,]*,[^,]*$//' | sort -u | wc -l | tr -d ' ')"
is "Europol's detailed rows are XE" \
    "$(sql "SELECT count(*) FROM facts WHERE source_file = '$DET' AND country = 'XE'")" "$(grep -c '^[0-9-]*,Europol,,' "$DET")"

# --- detailed historical: court orders and executive requests, items ---
hfact() { sql "SELECT coalesce(value_low, 'null') FROM facts WHERE source_file = '$DOLD' AND source_line = $1 AND metric = '$2' AND requester IS $3"; }
ARL=$(line_of '^2009-12-31,Argentina,AR,Web Search,' "$DOLD")
is "AR 2009-H2 web search: court orders as published" "$(hfact "$ARL" requests "'Court Orders'")" "$(cell "$ARL" "$DOLD" 6)"
is "AR 2009-H2 web search: executive requests as published (0 is a figure)" \
    "$(hfact "$ARL" requests "'Executive, Police, etc.'")" "$(cell "$ARL" "$DOLD" 7)"
is "AR 2009-H2 web search: no reason and no items published" \
    "$(sql "SELECT count(*) || ' ' || count(reason) || ' ' || sum(metric = 'items') FROM facts WHERE source_file = '$DOLD' AND source_line = $ARL")" "2 0 0"
BRL=$(line_of '^2018-12-31,Brazil,BR,YouTube,Defamation,' "$DOLD")
is "BR 2018-H2 YouTube defamation: items as published" "$(hfact "$BRL" items NULL)" "$(sed -n "${BRL}p" "$DOLD" | awk -F, '{ print $NF }')"
is "BR 2018-H2 YouTube defamation: court orders as published" \
    "$(hfact "$BRL" requests "'Court Orders'")" "$(sed -n "${BRL}p" "$DOLD" | awk -F, '{ print $(NF-2) }')"
is "a quoted product with commas in the old layout too" \
    "$(sql "SELECT count(DISTINCT source_line) FROM facts WHERE source_file = '$DOLD' AND product = '$EMP'")" "$(grep -c ",\"$EMP\"," "$DOLD")"
is "US items per half-year add up as in the file" \
    "$(sql "SELECT total(value_low) FROM facts WHERE source_file = '$DOLD' AND country = 'US' AND period_end = '2016-12-31' AND metric = 'items'" | sed 's/\.0$//')" \
    "$(awk -F, '$1 == "2016-12-31" && $3 == "US" { s += $NF } END { print s + 0 }' "$DOLD")"
is "Europol and Interpol keep their codes" \
    "$(sql "SELECT group_concat(c, ' ') FROM (SELECT DISTINCT country_name || '=' || country AS c FROM facts WHERE source_file = '$DOLD' AND country IN ('XE', 'XI') ORDER BY c)")" \
    "Europol=XE Interpol=XI"

# 2019-H1 is in both per-country files: the newer breaks it down by requestor,
# the older by requester group, so the older's figures for it are one
# 'new layout' line in changes, not hundreds of 'dropped' ones (loaded in
# date order here; loaded the other way, the older never replaces the newer)
"$TRDB" --db order.sqlite ingest "$OLD" >/dev/null
"$TRDB" --db order.sqlite ingest "$NEW" >/dev/null
"$TRDB" --db order.sqlite changes --format csv | tr -d '\r' >changes.csv
old_h1=$(awk -F, '$1 == "2019-06-30" { for (i = 4; i <= 12; i++) if ($i != "") n++ } END { print n + 0 }' "$OLD")
check "changes: one 'new layout' line for 2019-H1 counting the older file's $old_h1 figures" \
    grep -q "^2,new layout,Google,removal-requests,,2019-01-01,2019-06-30,\"$old_h1 figures of the older layout" changes.csv
is "and no figure of removal-requests listed as dropped" "$(grep -c ',dropped,Google,removal-requests,' changes.csv)" "0"
is "the revisions table keeps each of them" \
    "$("$TRDB" --db order.sqlite sql --format csv "SELECT count(*) FROM revision_list WHERE dataset = 'removal-requests' AND kind = 'vanished'" | tail -n 1 | tr -d '\r')" "$old_h1"
# a country the newer file leaves out of 2019-H1 is dropped, figure by figure
grep -v '^2019-06-30,Albania,' "$NEW" >without-al.csv
"$TRDB" --db order2.sqlite ingest "$OLD" >/dev/null
"$TRDB" --db order2.sqlite ingest without-al.csv >/dev/null
"$TRDB" --db order2.sqlite changes --format csv | tr -d '\r' >changes2.csv
al_h1=$(awk -F, '$1 == "2019-06-30" && $2 == "Albania" { for (i = 4; i <= 12; i++) if ($i != "") n++ } END { print n + 0 }' "$OLD")
is "AL's $al_h1 figures of 2019-H1 are dropped" "$(grep -c '^2,dropped,Google,removal-requests,AL,2019-01-01,' changes2.csv)" "$al_h1"
check "the others are one 'new layout' line" \
    grep -q "^2,new layout,Google,removal-requests,,2019-01-01,2019-06-30,\"$((old_h1 - al_h1)) figures of the older layout" changes2.csv
ALL=$(line_of '^2019-06-30,Albania,AL,' "$OLD")
is "AL 2019-H1 removal requests: the newer file's requestors add up to the older's All Requests" \
    "$(sql "SELECT low FROM country_summary WHERE country = 'AL' AND period_start = '2019-01-01' AND measure = 'removal_requests'")" \
    "$(cell "$ALL" "$OLD" 4)"

# --- again: nothing changes ---
facts=$(sql "SELECT count(*) FROM fact_rows")
expect_exit 0 "ingesting again exits 0" "$TRDB" ingest "$NEW" "$OLD" "$DET" "$DOLD"
is "every file is unchanged" "$(grep -c '^unchanged .* rejected=0$' "$OUT")" "4"
is "and the row count is as it was" "$(sql "SELECT count(*) FROM fact_rows")" "$facts"

# the older release arriving after the newer changes nothing in the summary
"$TRDB" --db reverse.sqlite ingest "$NEW" >/dev/null
before=$("$TRDB" --db reverse.sqlite sql --format csv "SELECT * FROM country_summary WHERE period_end >= '2019-06-30'")
"$TRDB" --db reverse.sqlite ingest "$OLD" >/dev/null
is "an older release loaded later does not replace the newer" \
    "$("$TRDB" --db reverse.sqlite sql --format csv "SELECT * FROM country_summary WHERE period_end >= '2019-06-30'")" "$before"
finish
