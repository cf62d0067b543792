#!/bin/sh
# encodings.sh: (re)make tests/data/encodings/ from the hand-made sample in
# data/samples, as spreadsheet programs re-save it: UTF-16 "Unicode text"
# (tab-separated, with a byte order mark), Windows-1252 and Mac Roman with CR
# line ends and M/D/YYYY dates. Run from the top of the source tree; the
# output is committed, the tests do not run this.
set -eu
src=data/samples/sample-google-global-user-data-requests.csv
out=tests/data/encodings
mkdir -p "$out"
# dates as Excel writes them in the US: 6/30/2021
mdy() { sed -E 's#^([0-9]{4})-([0-9]{2})-([0-9]{2}),#\2/\3/\1,#; s#^0##; s#/0#/#'; }
# UTF-16 "Unicode text": tabs, CRLF, a byte order mark
tr ',' '\t' <"$src" | sed 's/$/\r/' | iconv -f UTF-8 -t UTF-16 >"$out/unicode-text-utf16.txt"
{ printf '\376\377'; tr ',' '\t' <"$src" | sed 's/$/\r/' | iconv -f UTF-8 -t UTF-16BE; } >"$out/unicode-text-utf16be.txt"
# Windows-1252 and Mac Roman, CR only, M/D/YYYY
mdy <"$src" | iconv -f UTF-8 -t WINDOWS-1252 | tr '\n' '\r' >"$out/excel-windows-1252-cr.csv"
mdy <"$src" | iconv -f UTF-8 -t MACINTOSH | tr '\n' '\r' >"$out/excel-mac-roman-cr.csv"
# day first, as a European re-save writes it: 30/06/21; 31/12/21 settles the order
sed -E 's#^([0-9]{2})([0-9]{2})-([0-9]{2})-([0-9]{2}),#\4/\3/\2,#' "$src" >"$out/excel-day-first.csv"
