#!/bin/sh
# Bad input in a DSA report's Tables 1 and 2 (profiles of kind records): a
# date that is not a date, an indicator no profile reads, a Table 1 that
# names no service, a keyword row with no category above it, a row with no
# label: each a clear reject or warning naming the line and column, the
# rest of the file loaded. And a re-release of Table 1: the later
# publication's record replaces the earlier's, an older one does not.
. "$(dirname "$0")/lib.sh"

t1() {
    printf '%s\r\n' 'Applicability,Service,Indicator,Value' \
        "All,Examplia,Name of the service provider,Examplia Europe B.V." \
        "All,Examplia,Date of the publication of the report,$1" \
        'All,Examplia,Date of the publication of the latest previous report,2026/2/28' \
        "All,Examplia,$2 date of reporting period,2026/1/1" \
        'All,Examplia,Ending date of reporting period,2026-06-30'
}

mkdir bad good
t1 2026/13/45 Starting >bad/1_report_identification.csv
expect_err 1 "a date that is not a date is a reject naming line and column" \
    "^trdb: bad/1_report_identification.csv:3: rejected: '2026/13/45' is not a date \(YYYY-MM-DD, or YYYY/M/D\) in column 'Value' \(indicator 'Date of the publication of the report'\)$" \
    "$TRDB" ingest bad/1_report_identification.csv
check "the rest of the file loads" grep -qxF "loaded bad/1_report_identification.csv profile=dsa-report-identification rows=4 rejected=1" "$OUT"
is "the reject, as stored" "$(sql "SELECT line || ' ' || column_name FROM rejects")" "3 Value"
is "the report without that date" \
    "$(sql "SELECT service || '|' || provider || '|' || coalesce(published_on, 'none') || '|' || previous_published_on || '|' || period_start || '|' || period_end FROM dsa_reports")" \
    "Examplia|Examplia Europe B.V.|none|2026-02-28|2026-01-01|2026-06-30"

t1 2026/8/31 Beginning >bad/unknown.csv
printf '%s\r\n' 'All,Examplia,Beginning date of reporting period,2026/1/1' >>bad/unknown.csv
expect_err 1 "an indicator no profile reads is a warning naming it" \
    "^trdb: warning: bad/unknown.csv:5: indicator 'Beginning date of reporting period' in column 'Indicator' is not one profile 'dsa-report-identification' reads; kept out$" \
    "$TRDB" --db unknown.sqlite ingest bad/unknown.csv
cp "$OUT" unknown.out
is "once per file, though it is there twice" "$(grep -c 'warning: ' "$ERR")" 1
check "the file loads without it" grep -qxF "loaded bad/unknown.csv profile=dsa-report-identification rows=4 rejected=0" unknown.out
is "no start date then" \
    "$("$TRDB" --db unknown.sqlite sql --format csv "SELECT coalesce(period_start, 'none') || ' ' || published_on FROM dsa_reports" | tail -n 1 | tr -d '\r')" \
    "none 2026-08-31"

t1 2026/8/31 Starting | sed 's/^All,Examplia,/All,,/' >bad/noservice.csv
expect_err 3 "a Table 1 that names no service fails, saying so" \
    "bad/noservice.csv: no value for 'service' in column 'Service' on any row: no record" \
    "$TRDB" --db noservice.sqlite ingest bad/noservice.csv

# Table 2: a keyword before any category, a row with no description, then good rows
printf '%s\r\n' \
    'Category label,Category description,Category of illegal content / incompatible with the terms and conditions,Contextual information' \
    'TOTAL,All the entries,TOTAL,' \
    'Category 1a,Animal harm,KEYWORD_ANIMAL_HARM,' \
    'Category 1,Animal welfare,STATEMENT_CATEGORY_ANIMAL_WELFARE,"A note,' \
    'on two lines"' \
    'Category 1b,,KEYWORD_UNLAWFUL_SALE_ANIMALS,' \
    'Category 1c,Not captured by any other sub-category  ,KEYWORD_OTHER,' \
    'Category 2,Consumer information infringements,STATEMENT_CATEGORY_CONSUMER_INFORMATION,' \
    'Category 2f,Not captured by any other sub-category ,KEYWORD_OTHER,' >bad/2_categories_names.csv
expect_err 1 "a keyword row with no category above is a reject naming line and column" \
    "^trdb: bad/2_categories_names.csv:3: rejected: 'KEYWORD_ANIMAL_HARM' in column 'Category of illegal content / incompatible with the terms and conditions' has no row above it that matches /\^STATEMENT_CATEGORY_/ \(no parent for it\)$" \
    "$TRDB" --db two.sqlite ingest bad/2_categories_names.csv
cp "$OUT" two.out
check "a row without a description is one too" grep -qxF "trdb: bad/2_categories_names.csv:6: rejected: no value for 'label' in column 'Category description'" "$ERR"
check "the rest loads" grep -qxF "loaded bad/2_categories_names.csv profile=dsa-categories-names rows=5 rejected=2" two.out
TRDB_DB=two.sqlite
is "the rejects, line and column" "$(sql "SELECT group_concat(line || ':' || column_name, ' ') FROM (SELECT * FROM rejects ORDER BY line)")" \
    "3:Category of illegal content / incompatible with the terms and conditions 6:Category description"
is "KEYWORD_OTHER under each category above it" \
    "$(sql "SELECT group_concat(parent, ' ') FROM (SELECT parent FROM category_labels WHERE code = 'KEYWORD_OTHER' AND file_id IS NOT NULL ORDER BY rowid)")" \
    "STATEMENT_CATEGORY_ANIMAL_WELFARE STATEMENT_CATEGORY_CONSUMER_INFORMATION"
is "labels trimmed" "$(sql "SELECT '[' || label || ']' FROM category_labels WHERE template_label = 'Category 1c' AND file_id IS NOT NULL")" \
    "[Not captured by any other sub-category]"
is "a note across lines kept whole" "$(sql "SELECT replace(note, char(10), '|') FROM category_labels WHERE template_label = 'Category 1' AND file_id IS NOT NULL")" \
    "A note,|on two lines"
is "a category has no parent" "$(sql "SELECT count(*) FROM category_labels WHERE template_label IN ('TOTAL', 'Category 1', 'Category 2') AND parent IS NULL AND file_id IS NOT NULL")" 3
is "the file alone names no provider: the profile's publisher" "$(sql "SELECT publisher FROM source_files")" \
    "DSA report (provider not named)"
TRDB_DB="$WORK/trdb.sqlite"

# a re-release of Table 1 (other bytes) replaces the report; an older publication does not
t1 2026/8/31 Starting >good/first.csv
t1 2026/9/15 Starting >good/corrected.csv
t1 2026/7/1 Starting >good/older.csv
expect_exit 0 "a report" "$TRDB" --db rel.sqlite ingest good/first.csv
expect_exit 0 "its re-release" "$TRDB" --db rel.sqlite ingest good/corrected.csv
expect_exit 0 "an older publication" "$TRDB" --db rel.sqlite ingest good/older.csv
expect_exit 0 "and the first again: unchanged" "$TRDB" --db rel.sqlite ingest good/first.csv
check "says so" grep -q "^unchanged good/first.csv " "$OUT"
is "one report for the service and period: the latest publication's" \
    "$("$TRDB" --db rel.sqlite sql --format csv "SELECT s.path || ' ' || r.published_on FROM dsa_reports r JOIN source_files s ON s.id = r.file_id" | tail -n +2 | tr -d '\r')" \
    "good/corrected.csv 2026-09-15"
expect_exit 0 "loading it again with --force" "$TRDB" --db rel.sqlite ingest --force good/corrected.csv
is "keeps one report" \
    "$("$TRDB" --db rel.sqlite sql --format csv "SELECT count(*) || ' ' || max(published_on) FROM dsa_reports" | tail -n 1 | tr -d '\r')" \
    "1 2026-09-15"

# The template's labels (data/vocabulary/dsa_categories.tsv) are in category_labels after
# any ingest, written once, and follow the file when it changes
TRDB_DB="$WORK/voc.sqlite"
expect_exit 0 "an ingest" "$TRDB" ingest good/first.csv
is "the template's 100 labels" "$(sql "SELECT count(*) FROM category_labels WHERE file_id IS NULL")" 100
is "the view reads them" "$(sql "SELECT label || ' < ' || parent FROM dsa_categories WHERE code = 'KEYWORD_ANIMAL_HARM'")" \
    "Animal harm < STATEMENT_CATEGORY_ANIMAL_WELFARE"
before=$(sql "SELECT max(rowid) FROM category_labels")
expect_exit 0 "another ingest" "$TRDB" ingest good/older.csv
is "writes nothing again" "$(sql "SELECT max(rowid) || ' ' || count(*) FROM category_labels")" "$before 100"
cp -r "$TRDB_DATA" data
sed 's/\tAnimal harm$/\tHarm to animals/' "$TRDB_DATA/vocabulary/dsa_categories.tsv" >data/vocabulary/dsa_categories.tsv
check "the vocabulary changed" grep -q 'Harm to animals' data/vocabulary/dsa_categories.tsv
expect_exit 0 "an ingest with the changed vocabulary" env TRDB_DATA="$WORK/data" "$TRDB" ingest good/corrected.csv
is "the label follows" "$(sql "SELECT label FROM dsa_categories WHERE code = 'KEYWORD_ANIMAL_HARM'")" "Harm to animals"
is "still 100, none twice" "$(sql "SELECT count(*) || ' ' || count(DISTINCT code || '/' || coalesce(parent, '')) FROM category_labels WHERE file_id IS NULL")" "100 100"
finish
