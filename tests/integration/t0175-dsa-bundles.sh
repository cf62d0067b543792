#!/bin/sh
# The DSA transparency reports' bundles as published: each of the six
# shared bundles ingested as a folder and as a zip (made here), its Table 1
# as a row of dsa_reports and its Table 2 as rows of category_labels,
# checked against the files themselves (read here with Python's csv
# module) and against figures from their README; Table 1 first whatever
# the names; a rerun unchanged; a made-up Table 4 skipped with one line.
# Table 3 is not asserted on: whether it loads depends on its own profile.
# Reads ../shared/realdata (never copied here); skipped when it is not there.
. "$(dirname "$0")/../cli/lib.sh"
R="$REALDATA/dsa"
[ -d "$R/temu" ] || skip_all "no real data at $R"
command -v python3 >/dev/null || skip_all "no python3 (to read the files and make zips)"

# The file of table N in bundle folder $1 (by its table number, as the README says).
table_file() {
    for f in "$1"/*; do
        case "$(basename "$f")" in
        "$2"_* | *" - $2_"* | *" - $2. "*) echo "$f"; return ;;
        esac
    done
}

# What Table 1 says: service|provider|published|previous|start|end, dates as ISO.
table1() {
    python3 - "$1" <<'PY'
import csv, sys, datetime
want = ["Name of the service provider", "Date of the publication of the report",
        "Date of the publication of the latest previous report",
        "Starting date of reporting period", "Ending date of reporting period"]
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
got = {r[2].strip(): r[3].strip() for r in rows[1:] if len(r) > 3}
def day(s):
    for f in ("%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.datetime.strptime(s, f).date().isoformat()
        except ValueError:
            pass
    return s
vals = [rows[1][1].strip(), got[want[0]]] + [day(got[w]) for w in want[1:]]
print("|".join(vals))
PY
}

# What Table 2 holds: distinct (code, parent, template label) rows; $2 = count, or a label's
# cell as published (trimmed) for template label $3.
table2() {
    python3 - "$@" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
keys, parent, labels = [], None, {}
for r in rows[1:]:
    code = r[2].strip()
    if code.startswith("STATEMENT_CATEGORY_"):
        parent = code
    p = parent if code.startswith("KEYWORD_") else None
    if (code, p, r[0].strip()) not in keys:
        keys.append((code, p, r[0].strip()))
    labels.setdefault(r[0].strip(), r[1].strip())
print(len(keys) if sys.argv[2] == "count" else labels[sys.argv[3]])
PY
}

zip_folder() { (cd "$1/.." && python3 -m zipfile -c "$2" "$(basename "$1")/"); }

# provider and dates checked by eye against the README's Table 1 notes
is "Temu's Table 1 as read here" "$(table1 "$R/temu/1_report_identification.csv")" \
    "Temu|Whaleco Technology Limited|2026-08-31|2026-02-28|2026-01-01|2026-06-30"
is "TikTok's padded Table 1 as read here" \
    "$(table1 "$(table_file "$R/tiktok" 1)")" "TikTok|TikTok|2026-02-27|2025-08-29|2025-07-01|2025-12-31"

for b in aliexpress booking-com pinterest temu tiktok zalando; do
    cp -r "$R/$b" "$b"
    chmod -R u+w "$b" # the shared copy may be read-only; the test's folder must go at the end
    zip_folder "$WORK/$b" "$WORK/$b.zip"
    t1=$(table_file "$b" 1)
    t2=$(table_file "$b" 2)
    want1=$(table1 "$t1")
    for how in folder zip; do
        db="$b-$how.sqlite"
        if [ "$how" = folder ]; then src="$b"; shown1="$t1"; shown2="$t2"; else
            src="$b.zip"; shown1="$b.zip!$t1"; shown2="$b.zip!$t2"; fi
        _run "$TRDB" --db "$db" ingest "$src"
        cp "$OUT" "$db.out"
        cp "$ERR" "$db.err"
        check "$b as a $how: Table 1 loads, five indicators" \
            grep -qxF "loaded $shown1 profile=dsa-report-identification rows=5 rejected=0" "$db.out"
        check "$b as a $how: Table 1 first" \
            test "$(grep -n '' "$db.out" | grep -F "$shown1 profile=" | cut -d: -f1)" = 1
        check "$b as a $how: no Table 1 or 2 warning" \
            test -z "$(grep -F -e "$t1" -e "${t2:-/nothing/}" "$db.err")"
        TRDB_DB="$db"
        is "$b as a $how: dsa_reports is Table 1" \
            "$(sql "SELECT service || '|' || provider || '|' || published_on || '|' || previous_published_on || '|' || period_start || '|' || period_end FROM dsa_reports")" "$want1"
        is "$b as a $how: the file's publisher is the provider" \
            "$(sql "SELECT publisher FROM source_files WHERE profile = 'dsa-report-identification'")" \
            "$(echo "$want1" | cut -d'|' -f2)"
        is "$b as a $how: the template's labels are there" \
            "$(sql "SELECT count(*) FROM category_labels WHERE file_id IS NULL")" 100
        if [ -n "$t2" ]; then
            n=$(table2 "$t2" count)
            check "$b as a $how: Table 2 loads, every row" \
                grep -qxF "loaded $shown2 profile=dsa-categories-names rows=$n rejected=0" "$db.out"
            is "$b as a $how: its category_labels" \
                "$(sql "SELECT count(*) FROM category_labels WHERE file_id IS NOT NULL")" "$n"
            is "$b as a $how: Table 2's publisher is the bundle's provider" \
                "$(sql "SELECT publisher FROM source_files WHERE profile = 'dsa-categories-names'")" \
                "$(echo "$want1" | cut -d'|' -f2)"
            is "$b as a $how: every KEYWORD_OTHER has its category, 15 of them" \
                "$(sql "SELECT count(DISTINCT parent) FROM category_labels WHERE code = 'KEYWORD_OTHER' AND file_id IS NOT NULL AND parent LIKE 'STATEMENT_CATEGORY_%'")" 15
            is "$b as a $how: label 'Category 3e' as published, trimmed" \
                "$(sql "SELECT label FROM category_labels WHERE template_label = 'Category 3e' AND file_id IS NOT NULL")" \
                "$(table2 "$t2" label 'Category 3e')"
        fi
        TRDB_DB="$WORK/trdb.sqlite"
    done
    # the rerun, as a folder: nothing of Tables 1 and 2 loads again
    _run "$TRDB" --db "$b-folder.sqlite" ingest "$b"
    cp "$OUT" again.out
    check "$b again: Table 1 unchanged" \
        grep -qxF "unchanged $t1 profile=dsa-report-identification rows=5 rejected=0" again.out
    if [ -n "$t2" ]; then
        check "$b again: Table 2 unchanged" grep -q "^unchanged $t2 profile=dsa-categories-names " again.out
    fi
done

# Figures from the files, by name
TRDB_DB=temu-folder.sqlite
is "Temu's provider is Whaleco" "$(sql "SELECT provider FROM dsa_reports WHERE service = 'Temu'")" \
    "Whaleco Technology Limited"
is "2026/8/31 is 2026-08-31" "$(sql "SELECT published_on FROM dsa_reports")" 2026-08-31
is "a keyword's category: Category 1a under Category 1" \
    "$(sql "SELECT parent FROM category_labels WHERE template_label = 'Category 1a' AND file_id IS NOT NULL")" \
    STATEMENT_CATEGORY_ANIMAL_WELFARE
is "the view has one label per code" "$(sql "SELECT count(*) FROM dsa_categories")" \
    "$(sql "SELECT count(DISTINCT code) FROM category_labels")"
is "and the template's label first" \
    "$(sql "SELECT label FROM dsa_categories WHERE code = 'KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS'")" \
    "Misleading information about the consumer’s rights"
TRDB_DB=booking-com-folder.sqlite
is "Booking.com's trailing spaces trimmed (Category 1c)" \
    "$(sql "SELECT '[' || label || ']' FROM category_labels WHERE template_label = 'Category 1c' AND file_id IS NOT NULL")" \
    "[Not captured by any other sub-category]"
check "the file has them" grep -q '^Category 1c,Not captured by any other sub-category  ,' "booking-com/2_categories_names.csv"
is "its Category 11g, published three times, is one row" \
    "$(sql "SELECT count(*) FROM category_labels WHERE template_label = 'Category 11g' AND file_id IS NOT NULL")" 1
is "the three rows counted: 101 loaded, 2 skipped" \
    "$(sql "SELECT rows_loaded || ' ' || rows_skipped FROM source_files WHERE profile = 'dsa-categories-names'")" "101 2"
is "its Category 5f, a second KEYWORD_OTHER under category 5, is kept" \
    "$(sql "SELECT group_concat(template_label, ' ') FROM (SELECT template_label FROM category_labels WHERE code = 'KEYWORD_OTHER' AND parent = 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS' AND file_id IS NOT NULL ORDER BY 1)")" \
    "Category 5e Category 5f"
is "Booking.com's provider" "$(sql "SELECT provider FROM dsa_reports")" "Booking.com B.V"
TRDB_DB=aliexpress-folder.sqlite
is "AliExpress's mojibake is kept as published" \
    "$(sql "SELECT label FROM category_labels WHERE template_label = 'Category 2d' AND file_id IS NOT NULL")" \
    "Misleading information about the consumer¡¯s rights"
is "the view gives the template's label beside it" \
    "$(sql "SELECT label FROM dsa_categories WHERE code = 'KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS'")" \
    "Misleading information about the consumer’s rights"
is "2026/1/1 is 2026-01-01" "$(sql "SELECT period_start FROM dsa_reports")" 2026-01-01
TRDB_DB=pinterest-folder.sqlite
check "Pinterest's multi-line note is kept whole" test "$(sql "SELECT note LIKE 'This category reflects the total number%' AND instr(note, char(10)) > 0 AND note LIKE '%captured under a different category or subcategory.' FROM category_labels WHERE code = 'TOTAL' AND file_id IS NOT NULL")" = 1
TRDB_DB=tiktok-folder.sqlite
is "TikTok's padded Table 1" "$(sql "SELECT period_start || '/' || period_end FROM dsa_reports")" \
    2025-07-01/2025-12-31
TRDB_DB=zalando-folder.sqlite
is "Zalando has no Table 2: only the template's labels" \
    "$(sql "SELECT count(*) FROM category_labels WHERE file_id IS NOT NULL")" 0
TRDB_DB="$WORK/trdb.sqlite"

# Table 1 first whatever the names: Temu's with Table 2 named to sort first
mkdir renamed
cp "$R/temu/2_categories_names.csv" "renamed/a categories.csv"
cp "$R/temu/1_report_identification.csv" "renamed/z identification.csv"
expect_exit 0 "a bundle whose Table 1 sorts last loads" "$TRDB" --db renamed.sqlite ingest renamed
is "Table 1 first" "$(head -n 1 "$OUT")" \
    "loaded renamed/z identification.csv profile=dsa-report-identification rows=5 rejected=0"
is "so Table 2 is the provider's" \
    "$("$TRDB" --db renamed.sqlite sql --format csv "SELECT publisher FROM source_files WHERE path LIKE '%categories.csv'" | tail -n 1 | tr -d '\r')" \
    "Whaleco Technology Limited"

# A folder of two services' reports is no bundle: neither provider is the other's Table 2's
mkdir flat
for b in temu aliexpress; do
    cp "$R/$b/1_report_identification.csv" "flat/$b-1.csv"
    cp "$R/$b/2_categories_names.csv" "flat/$b-2.csv"
done
expect_exit 0 "a flat folder of two reports loads" "$TRDB" --db flat.sqlite ingest flat
is "both Tables 1 first" "$(head -n 2 "$OUT" | grep -c 'profile=dsa-report-identification')" 2
is "each Table 1 is its provider's" \
    "$("$TRDB" --db flat.sqlite sql --format csv "SELECT group_concat(publisher, ';') FROM (SELECT publisher FROM source_files WHERE profile = 'dsa-report-identification' ORDER BY path)" | tail -n 1 | tr -d '\r')" \
    "Alibaba.com Singapore E-commerce Private Limited;Whaleco Technology Limited"
is "the Tables 2 are nobody's in particular" \
    "$("$TRDB" --db flat.sqlite sql --format csv "SELECT DISTINCT publisher FROM source_files WHERE profile = 'dsa-categories-names'" | tail -n +2 | tr -d '\r')" \
    "DSA report (provider not named)"

# A bundle with a Table 4 (made up: the shared bundles have none), as a folder and as a zip
mkdir -p four/tiktok
t1=$(table_file "$R/tiktok" 1)
t2=$(table_file "$R/tiktok" 2)
cp "$t1" "$t2" four/tiktok/
notices="four/tiktok/DSA_Transparency_Report_TikTok_July_December_2025 - 4_notices.csv"
printf '%s\r\n' \
    'Applicability,Service,Reporting period,Category of illegal content,"Description of the sub-category ""Other""",Scope,Number of notices submitted,Number of notices submitted by trusted flaggers' \
    'All,TikTok,2025-07-01/2025-12-31,TOTAL,,TOTAL,1234,56' >"$notices"
zip_folder "$WORK/four/tiktok" "$WORK/four.zip"
for src in four/tiktok four.zip; do
    shown=$notices
    [ "$src" = four.zip ] && shown="four.zip!tiktok/$(basename "$notices")"
    expect_exit 0 "$src: Tables 1, 2 and 4: exit 0, a skipped table is no warning" \
        "$TRDB" --db "$(basename "$src").sqlite" ingest "$src"
    cp "$OUT" four.out
    cp "$ERR" four.err
    is "$src: Table 4 skipped, one line" "$(grep -c '4_notices' four.out)" 1
    check "$src: that line" grep -qxF "skipped $shown profile=dsa-later-tables rows=0 rejected=0" four.out
    is "$src: and why, once" "$(grep -c 'skipped: EU DSA harmonised transparency report, Tables 4 and later' four.err)" 1
    is "$src: Tables 1 and 2 loaded" "$(grep -c '^loaded ' four.out)" 2
    expect_exit 0 "$src again" "$TRDB" --db "$(basename "$src").sqlite" ingest "$src"
    is "$src again: Table 4 skipped again, Tables 1 and 2 unchanged" \
        "$(cut -d' ' -f1 "$OUT" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 1 skipped; 2 unchanged;"
done
is "nothing of Table 4 is recorded" \
    "$("$TRDB" --db tiktok.sqlite sql --format csv "SELECT count(*) FROM source_files WHERE path LIKE '%4_notices%'" | tail -n 1 | tr -d '\r')" 0
expect_out "detect names the skip profile" "=> profile dsa-later-tables" "$TRDB" detect "$notices"
expect_out "a dry run says so too" "^skipped .*4_notices.csv profile=dsa-later-tables" \
    "$TRDB" --db dry.sqlite ingest --dry-run four/tiktok
cp "$OUT" dry.out
check "and the dry run checks Tables 1 and 2" grep -q "^checked .*1_report_identification.csv profile=dsa-report-identification rows=5 rejected=0" dry.out
is "committing nothing" \
    "$("$TRDB" --db dry.sqlite sql --format csv "SELECT count(*) FROM dsa_reports" | tail -n 1 | tr -d '\r')" 0
# an unrelated file with no profile fails as ever
printf 'a,b\n1,2\n' >four/tiktok/unrelated.csv
expect_err 3 "an unrelated file in the bundle fails, as ever" "unrelated.csv: no format profile matches" \
    "$TRDB" --db four.sqlite ingest four/tiktok
expect_out "trdb formats lists the three DSA profiles" "dsa-categories-names" "$TRDB" formats
is "all three" "$(grep -c '^dsa-\(report-identification\|categories-names\|later-tables\) ' "$OUT")" 3
finish
