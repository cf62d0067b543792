#!/bin/sh
# Re-saved files: UTF-16 with a byte order mark, Windows-1252 and Mac Roman
# (given by --encoding, or named by a profile), CR line ends, M/D/YYYY and
# day-first dates: the same figures as the UTF-8 original.
. "$(dirname "$0")/lib.sh"
E="$TOP/tests/data/encodings"
ORIG="$TOP/data/samples/sample-google-global-user-data-requests.csv"

"$TRDB" --db orig.sqlite ingest "$ORIG" >/dev/null
facts() { "$TRDB" --db "$1" sql --format csv "SELECT country, period_start, period_end, legal_process, metric, value_low, value_high FROM facts ORDER BY 1, 2, 4, 5"; }
facts orig.sqlite >orig.facts

same_as_original() {
    d=$1; shift
    rm -f one.sqlite*
    expect_exit 0 "$d loads cleanly" "$TRDB" --db one.sqlite ingest "$@"
    facts one.sqlite >one.facts
    check "$d gives the original's facts" cmp -s orig.facts one.facts
}
same_as_original "UTF-16 LE 'Unicode text' (tabs, BOM, CRLF)" "$E/unicode-text-utf16.txt"
same_as_original "UTF-16 BE with its BOM" "$E/unicode-text-utf16be.txt"
same_as_original "Windows-1252, CR line ends, M/D/YYYY, with --encoding" --encoding WINDOWS-1252 "$E/excel-windows-1252-cr.csv"
same_as_original "Mac Roman, CR line ends, with --encoding" --encoding MACINTOSH "$E/excel-mac-roman-cr.csv"
same_as_original "day-first D/M/YY dates" "$E/excel-day-first.csv"
is "Côte d’Ivoire survived Windows-1252" "$(facts one.sqlite | grep -c '^CI,')" "$(grep -c '^CI,' orig.facts)"

rm -f one.sqlite*
expect_exit 1 "Windows-1252 without --encoding: its non-ASCII rows are rejects" "$TRDB" --db one.sqlite ingest "$E/excel-windows-1252-cr.csv"
check "the rest is loaded" grep -q "rows=19 rejected=3" "$OUT"
expect_err 1 "and a hint says what to do" "hint: the file may not be UTF-8.*--force --encoding WINDOWS-1252" \
    "$TRDB" --db two.sqlite ingest "$E/excel-windows-1252-cr.csv"
expect_exit 0 "--force --encoding reads it again, whole" "$TRDB" --db one.sqlite ingest --force --encoding WINDOWS-1252 "$E/excel-windows-1252-cr.csv"
check "now without rejects" grep -q "rows=22 rejected=0" "$OUT"
is "and its earlier rejects are gone" "$("$TRDB" --db one.sqlite sql --format csv "SELECT count(*) FROM rejects" | tail -n 1 | tr -d '\r')" "0"
expect_exit 2 "an encoding iconv does not know is a usage error" "$TRDB" --db one.sqlite ingest --force --encoding KLINGON "$E/excel-day-first.csv"
expect_err 2 "that names it" "unknown encoding 'KLINGON'" "$TRDB" --db one.sqlite ingest --force --encoding KLINGON "$E/excel-day-first.csv"

# a profile may name its publisher's encoding: a copy of the data folder with one that does
cp -r "$TOP/data" mydata
sed 's/"dataset": "user-data-requests",/"dataset": "user-data-requests",\n  "encoding": "MACINTOSH",/; s/"name": "google-user-data-requests"/"name": "google-user-data-requests-mac"/' \
    "$TOP/data/formats/google-user-data-requests.json" >mydata/formats/google-user-data-requests-mac.json
rm -f one.sqlite*
expect_exit 0 "a profile's encoding is used when none is given" env TRDB_DATA="$WORK/mydata" "$TRDB" --db one.sqlite \
    ingest --format google-user-data-requests-mac "$E/excel-mac-roman-cr.csv"
facts one.sqlite >one.facts
check "with the original's facts" cmp -s orig.facts one.facts
# a Mac Roman file whose header is not ASCII either: found by the Windows-1252
# guess, then read again in the encoding the profile names
sed 's/"name": "google-user-data-requests-mac",/"name": "google-user-data-requests-mac",\n  "ignore": ["^Notes"],/' \
    mydata/formats/google-user-data-requests-mac.json >mac.json && mv mac.json mydata/formats/google-user-data-requests-mac.json
{ printf 'Period Ending,Country/Region,CLDR Territory Code,Legal Process,User Data Requests,Percentage disclosed,Accounts,Notes \250\r'
  tail -n +2 "$ORIG" | sed 's/$/,/' | iconv -f UTF-8 -t MACINTOSH | tr '\n' '\r'; } >mac-header.csv
rm -f one.sqlite*
expect_exit 0 "a Mac Roman header found through the guess loads in the profile's encoding" \
    env TRDB_DATA="$WORK/mydata" "$TRDB" --db one.sqlite ingest --format google-user-data-requests-mac mac-header.csv
facts one.sqlite >one.facts
check "with the original's facts" cmp -s orig.facts one.facts

# a byte order mark wins over --encoding
rm -f one.sqlite*
expect_exit 0 "a UTF-16 file with its mark, given --encoding WINDOWS-1252, is still UTF-16" \
    "$TRDB" --db one.sqlite ingest --encoding WINDOWS-1252 "$E/unicode-text-utf16.txt"
facts one.sqlite >one.facts
check "with the original's facts" cmp -s orig.facts one.facts
printf '\357\273\277' >bom.csv && cat "$ORIG" >>bom.csv
rm -f one.sqlite*
expect_exit 0 "so is a UTF-8 file with its mark" "$TRDB" --db one.sqlite ingest --encoding WINDOWS-1252 bom.csv
facts one.sqlite >one.facts
check "with the original's facts" cmp -s orig.facts one.facts

# text that is evidently UTF-8 is not read again in a profile's encoding
rm -f one.sqlite*
expect_exit 0 "a UTF-8 file under a profile that names Mac Roman" \
    env TRDB_DATA="$WORK/mydata" "$TRDB" --db one.sqlite ingest --format google-user-data-requests-mac "$ORIG"
facts one.sqlite >one.facts
check "keeps its UTF-8 names" cmp -s orig.facts one.facts
expect_out "detect says how it read the file" "read as UTF-16LE" "$TRDB" detect "$E/unicode-text-utf16.txt"
finish
