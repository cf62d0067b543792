#!/bin/sh
# Hostile input (tests/data/hostile/README.md lists every case): each one is a
# clear reject or failure naming the file, line and column; the good rows
# around the hostile part are kept; memory stays bounded; nothing is written
# outside and nothing runs; the database is consistent afterwards. The big
# inputs are made here by tests/data/hostile/gen.py, never committed.
. "$(dirname "$0")/lib.sh"
H="$TOP/tests/data/hostile"
G="$WORK/gen"
LIMIT_MB=200

check "the big inputs are generated" python3 "$H/gen.py" "$G"

# rss CMD...: run CMD, leave its peak resident memory (KB) in $WORK/.rss, exit with its code
rss() {
    python3 -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$WORK/.rss" "$@"
}
bounded() {
    mb=$(($(cat "$WORK/.rss") / 1024))
    echo "# $1: peak $mb MB"
    if [ "$mb" -lt "$LIMIT_MB" ]; then _result ok "$1: peak memory under $LIMIT_MB MB"; else
        _result no "$1: peak memory under $LIMIT_MB MB" "peak $mb MB"; fi
}
# the removal list's app names, by app id, in order: names 900000001 900000003 ...
names() {
    list=$(echo "$@" | sed "s/ /','/g")
    sql "SELECT group_concat(app_name, '|') FROM (SELECT app_name FROM app_removal_list WHERE app_id IN ('$list') ORDER BY app_id)"
}
rej() { sql "SELECT coalesce(r.column_name, '-') || ' | ' || r.reason FROM rejects r JOIN source_files s ON s.id = r.file_id WHERE s.path LIKE '%$1' AND r.line = $2"; }
loaded() { grep -q "^loaded .*$1 profile=$2 rows=$3 rejected=$4\$" "$OUT"; }

# --- a 50 MB field, 100,000 columns, a million empty lines (generated)
expect_exit 1 "a 50 MB field is a reject" rss "$TRDB" ingest "$G/big-field.csv"
bounded "50 MB field"
check "the rows around it load" loaded big-field.csv trdb-removal-list 2 1
is "both good rows are kept" "$(names 900000001 900000002 900000003)" "Before|After"
is "the reject names the line, the column and the cap" "$(rej big-field.csv 3)" \
    "app_name | field longer than the limit of bytes: 1048576"

expect_exit 1 "a row of 100,000 columns is a reject" rss "$TRDB" ingest "$G/wide-row.csv"
bounded "100,000 columns"
check "the rows around it load" loaded wide-row.csv trdb-removal-list 2 1
is "both good rows are kept" "$(names 900000004 900000005 900000006)" "Before|After"
is "the reject says why" "$(rej wide-row.csv 3)" "- | more fields than the limit: 4096"
expect_exit 3 "a header of 100,000 columns fails the file" rss "$TRDB" ingest "$G/wide-header.csv"
bounded "100,000 header columns"
check "saying so, without blaming the encoding" \
    sh -c "grep -q 'wide-header.csv: line 1: more fields than the limit: 4096; no header found\$' '$ERR' && ! grep -q UTF-8 '$ERR'"

expect_exit 1 "a million empty lines are skipped" rss "$TRDB" ingest "$G/empty-lines.csv"
bounded "a million empty lines"
check "the rows around them load" loaded empty-lines.csv trdb-removal-list 2 1
is "both good rows are kept" "$(names 900000007 900000008)" "Before|After"
is "the line after them keeps its number" "$(rej empty-lines.csv 1000004)" \
    "storefront | unknown country 'Narnia' in 'storefront'"

# --- invalid UTF-8, NUL bytes, mixed line ends, UTF-16 without a byte order mark
expect_exit 1 "invalid UTF-8 is rejected row by row" "$TRDB" ingest "$H/invalid-utf8.csv"
check "the good rows load" loaded invalid-utf8.csv trdb-removal-list 2 4
is "both are kept" "$(names 900000101 900000106)" "Before|After"
is "Latin-1 is named with its column and byte" "$(rej invalid-utf8.csv 3)" "app_name | invalid UTF-8 in field 3 at byte 4"
is "an overlong form" "$(rej invalid-utf8.csv 4)" "app_name | invalid UTF-8 in field 3 at byte 5"
is "a surrogate" "$(rej invalid-utf8.csv 5)" "app_name | invalid UTF-8 in field 3 at byte 11"
is "a character cut short" "$(rej invalid-utf8.csv 6)" "app_name | invalid UTF-8 in field 3 at byte 5"
is "the raw row is kept as text, the bad bytes as \\xNN" \
    "$(sql "SELECT raw FROM rejects WHERE line = 3 AND reason LIKE 'invalid UTF-8%' AND raw LIKE '%Caf%'")" \
    '900000102,com.example.900000102,Caf\xE9,Example Dev,Games,CN,2021-01-01,,'
expect_out "so trdb rejects --format json is valid JSON" "." "$TRDB" rejects --format json
check "(parsed as UTF-8)" python3 -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$OUT"

expect_exit 1 "NUL bytes are rejected row by row" "$TRDB" ingest "$H/nul-bytes.csv"
check "the good rows load" loaded nul-bytes.csv trdb-removal-list 2 3
is "both are kept" "$(names 900000111 900000115)" "Before|After"
is "a NUL is named with its column" "$(rej nul-bytes.csv 3)" "app_name | NUL byte in field 3"
is "inside quotes too" "$(rej nul-bytes.csv 4)" "app_name | NUL byte in field 3"
is "in another column" "$(rej nul-bytes.csv 5)" "developer | NUL byte in field 4"

expect_exit 1 "CR, LF and CRLF in one file" "$TRDB" ingest "$H/mixed-line-ends.csv"
check "every record is read" loaded mixed-line-ends.csv trdb-removal-list 5 1
is "line numbers count each kind of line end once" \
    "$(sql "SELECT group_concat(a.app_id || '@' || r.line, ' ') FROM (SELECT * FROM app_removals ORDER BY line) r JOIN apps a ON a.id = r.app WHERE a.app_id LIKE '90000012%'")" \
    "900000121@2 900000122@3 900000123@5 900000125@9 900000126@11"
is "a CRLF inside quotes is kept in the cell" \
    "$(sql "SELECT replace(replace(app_name, char(13), '<CR>'), char(10), '<LF>') FROM app_removal_list WHERE app_id = '900000122'")" \
    "Quoted<CR><LF>CRLF"
is "the bad row is on its own line" "$(rej mixed-line-ends.csv 6)" "storefront | unknown country 'Narnia' in 'storefront'"

for e in le be; do
    expect_exit 3 "UTF-16${e} without a byte order mark fails the file" "$TRDB" ingest "$H/utf16$e-no-bom.csv"
    check "saying what it is and what to do" grep -q "utf16$e-no-bom.csv' looks like UTF-16 text without a byte order mark; give --encoding UTF-16LE or UTF-16BE" "$ERR"
done
expect_exit 0 "and with --encoding UTF-16LE it loads" "$TRDB" ingest --encoding UTF-16LE "$H/utf16le-no-bom.csv"
is "its names intact" "$(names 900000131 900000132)" "一个应用|Two"

# --- zip bombs and names that climb out of the archive (generated)
expect_exit 3 "a member stating 16 GiB fails the archive" rss "$TRDB" ingest "$G/bomb-stated.zip"
bounded "zip bomb, stated"
check "before unpacking it" grep -q "bomb-stated.zip!bomb.csv' is larger than 2147483648 bytes unpacked" "$ERR"
expect_exit 3 "a member stating 100 bytes that inflates to 3 GiB fails" rss "$TRDB" ingest "$G/bomb-lying.zip"
bounded "zip bomb, lying"
check "as soon as it passes its stated size" grep -q "bomb-lying.zip!bomb.csv' unpacks to more than the 100 bytes it states" "$ERR"
expect_exit 3 "five members of 1.9 GiB fail" rss "$TRDB" ingest "$G/bomb-many.zip"
bounded "zip bomb, many members"
check "on the archive's cap, before unpacking any" grep -q "bomb-many.zip' is larger than 8589934592 bytes unpacked in all" "$ERR"
expect_exit 3 "1,001 members with one name fail" rss "$TRDB" ingest "$G/many-members.zip"
bounded "1,001 members"
check "on the member cap (repeated names count)" grep -q "many-members.zip' has more than 1000 data members" "$ERR"
is "nothing of any bomb is loaded" "$(sql "SELECT count(*) FROM source_files WHERE path LIKE '%bomb%' OR path LIKE '%many-members%'")" "0"

mkdir -p deep/er/still && cd deep/er/still
abs=/tmp/trdb-hostile-absolute.csv
if [ -e "$abs" ]; then had_abs=yes; else had_abs=no; fi
expect_exit 1 "members named ../../x, /tmp/x and a/../../../x load, with a warning" "$TRDB" ingest "$G/traversal.zip"
cd "$WORK"
cp "$OUT" traversal.out
cp "$ERR" traversal.err
check "each such name is reported" sh -c "[ \$(grep -c 'member name .* points outside the archive; it is only read, nothing is written' traversal.err) -eq 3 ]"
is "nothing was written out of the archive" \
    "$(find "$WORK" -name 'evil*.csv' -o -name '*PWNED*' | wc -l | tr -d ' ') $(ls -A deep/er/still | wc -l | tr -d ' ')" "0 0"
if [ "$had_abs" = no ]; then
    check "nor at its absolute name" sh -c "! test -e '$abs'"
fi
check "no member name ran as a command" sh -c "! ls -A '$WORK' deep/er/still | grep -q PWNED"
is "the members' rows are in" "$(names 900000021 900000022 900000023 900000024)" "Inside|Two Up|Absolute|Three Up"
check "a symbolic link member is not read" sh -c "! grep -q 'link.csv' traversal.out"
check "a newline in a member's name cannot forge a status line" sh -c "! grep -q '^loaded forged.csv' traversal.out"
check "nor an escape sequence reach the terminal" sh -c "! grep -q \"\$(printf '\\033')\" traversal.out traversal.err"
check "the name is shown with its control characters as \\xNN" \
    grep -qF 'traversal.zip!x\x0Aloaded forged.csv profile=x rows=999 rejected=0\x0A\x1B[31mred.csv profile=trdb-removal-list rows=1 rejected=0' traversal.out

# --- JSON nested 100,000 deep (generated)
expect_exit 1 "deeply nested JSON Lines are rejects" rss "$TRDB" ingest "$G/deep.jsonl"
bounded "JSON nested 100,000 deep"
check "the lines around them load" loaded deep.jsonl trdb-removal-list-jsonl 2 3
is "both good lines are kept" "$(names 900000011 900000015)" "Before|After"
is "an array nest is named as such" "$(rej deep.jsonl 2)" "- | JSON nested deeper than 1000 levels"
is "an object nest too" "$(rej deep.jsonl 3)" "- | JSON nested deeper than 1000 levels"
is "and one never closed" "$(rej deep.jsonl 4)" "- | JSON nested deeper than 1000 levels"
expect_exit 0 "a deeply nested iTunes capture is an unparsable capture" rss "$TRDB" ingest "$G/itunes_900000016_CN.json"
bounded "a deep iTunes capture"
is "kept as unknown (never a removal), as for any unparsable capture" \
    "$(sql "SELECT coalesce(available, 'unknown') FROM app_status WHERE app_id = '900000016'")" "unknown"
expect_out "detect says why it is unparsable" "^record 1: JSON nested deeper than 1000 levels" "$TRDB" detect "$G/itunes_900000016_CN.json"

# --- numbers past 64 bits, impossible dates
expect_exit 1 "figures past 64 bits are rejects" "$TRDB" ingest "$H/figures-overflow.csv"
check "the good rows load" loaded figures-overflow.csv google-user-data-requests 2 8
is "2^53 exactly is kept exactly" "$(sql "SELECT value_low || '..' || value_high FROM facts WHERE country = 'DE' AND metric = 'requests'")" \
    "9007199254740992..9007199254740992"
is "20 digits" "$(rej figures-overflow.csv 3)" "User Data Requests | number too large: '99999999999999999999' in column 'User Data Requests'"
is "2^64 with commas" "$(rej figures-overflow.csv 4)" "User Data Requests | number too large: '18,446,744,073,709,551,616' in column 'User Data Requests'"
is "2^53 + 1 (a double would round it)" "$(rej figures-overflow.csv 5)" "User Data Requests | number too large: '9007199254740993' in column 'User Data Requests'"
is "in a band" "$(rej figures-overflow.csv 6)" "User Data Requests | number too large: '1 - 99999999999999999999999' in column 'User Data Requests'"
is "in an open band" "$(rej figures-overflow.csv 7)" "Accounts | number too large: '99999999999999999999+' in column 'Accounts'"
is "an exponent is not a percentage" "$(rej figures-overflow.csv 8)" "Percentage disclosed | not a percentage: '1e400' in column 'Percentage disclosed'"
is "a cell cut short in the reason stays UTF-8" "$(rej figures-overflow.csv 9)" \
    "Accounts | not a figure: '一一一一一一一一一一一一一\\xE4...' (300 bytes) in column 'Accounts'"
is "a 20-digit year" "$(rej figures-overflow.csv 10)" "Period Ending | unrecognized period '99999999999999999999-12-31' in column 'Period Ending'"

expect_exit 0 "app ids past 64 bits in CSV are text, kept as written" "$TRDB" ingest "$H/app-ids-overflow.csv"
is "digit for digit" "$(sql "SELECT group_concat(app_id, ' ') FROM (SELECT app_id FROM app_removal_list WHERE app_name IN ('Big Id', 'Two To The 64') ORDER BY app_name)")" \
    "99999999999999999999 18446744073709551616"
expect_exit 1 "app ids past 2^53 as JSON numbers are rejects" "$TRDB" ingest "$H/app-ids-overflow.jsonl"
check "the others load" loaded app-ids-overflow.jsonl trdb-removal-list-jsonl 4 2
is "a number a double holds is kept in full" "$(sql "SELECT app_id FROM app_removal_list WHERE app_name = 'Number Id'")" "900000162"
is "the same digits as a string are kept" "$(sql "SELECT app_id FROM app_removal_list WHERE app_name = 'String Id'")" "99999999999999999999"
is "none is kept as 1e+20 or 1.23456789012346e+16" "$(sql "SELECT count(*) FROM apps WHERE app_id LIKE '%e+%'")" "0"
is "the reject says how to fix it" "$(rej app-ids-overflow.jsonl 3)" \
    "app_id | the number at 'app_id' has more digits than can be kept exactly; write it as a string"
is "past 2^53 too" "$(rej app-ids-overflow.jsonl 4)" \
    "app_id | the number at 'app_id' has more digits than can be kept exactly; write it as a string"

expect_exit 1 "impossible dates in figures are rejects" "$TRDB" ingest "$H/dates.csv"
check "the good rows load" loaded dates.csv google-user-data-requests 2 4
is "February 30" "$(rej dates.csv 3)" "Period Ending | invalid date '2019-02-30' in column 'Period Ending'"
is "month 13" "$(rej dates.csv 4)" "Period Ending | invalid date '2021-13-01' in column 'Period Ending'"
is "month 0" "$(rej dates.csv 5)" "Period Ending | invalid date '2021-00-10' in column 'Period Ending'"
is "2100 is not a leap year" "$(rej dates.csv 6)" "Period Ending | invalid date '2100-02-29' in column 'Period Ending'"
expect_exit 1 "impossible removal dates are rejects" "$TRDB" ingest "$H/removal-dates.csv"
check "the good rows load" loaded removal-dates.csv trdb-removal-list 3 3
is "2020-02-29 is a day" "$(sql "SELECT removed_on FROM app_removal_list WHERE app_id = '900000145'")" "2020-02-29"
is "2019-02-30 is not" "$(rej removal-dates.csv 3)" "removed_on | invalid date '2019-02-30' in 'removed_on'"
is "nor 2100-02-29" "$(rej removal-dates.csv 5)" "removed_on | invalid date '2100-02-29' in 'removed_on'"

# --- markup and formulas in app names: stored as text, escaped or neutralised in the report
expect_exit 0 "names with markup and formulas load" "$TRDB" ingest "$H/markup-names.csv"
is "as the text they are" "$(names 900000172 900000173 900000176)" \
    '<script>alert(1)</script>|=HYPERLINK("http://evil.example/","Click")|@SUM(1+1)*cmd|'"' /C calc'"'!A0'
expect_exit 0 "the report is written" "$TRDB" report --out rep
check "no report file holds the script as markup" sh -c "! grep -rqF '<script>alert(1)' rep"
check "no report CSV cell starts a formula" sh -c "! grep -rqE '(^|,)\"?(=HYPERLINK|\\+1\\+cmd|-2\\+3|@SUM)' rep --include='*.csv'"
if grep -rqF 'alert(1)' rep; then
    check "the HTML report shows the name escaped" grep -rqF '&lt;script&gt;alert(1)&lt;/script&gt;' rep
fi
if grep -rqF 'HYPERLINK' rep --include='*.csv'; then
    check "a report CSV writes the formula as text" grep -rqF "\"'=HYPERLINK" rep --include='*.csv'
fi

# --- nothing ran, and the database is whole
expect_out "the database passes integrity_check" "^ok" "$TRDB" sql --format csv "PRAGMA integrity_check"
check "and sqlite3's foreign key check" sh -c "[ -z \"\$(sqlite3 '$TRDB_DB' 'PRAGMA foreign_key_check')\" ]"
is "every reject belongs to a loaded file" "$(sql "SELECT count(*) FROM rejects WHERE file_id NOT IN (SELECT id FROM source_files)")" "0"
check "every text in rejects is UTF-8" python3 -c 'import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("SELECT reason, raw, column_name FROM rejects").fetchall()' "$TRDB_DB"
finish
