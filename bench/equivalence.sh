#!/bin/sh
# bench/equivalence.sh: dump what trdb makes of every file the tests load
# (samples, test fixtures, the real published files, generated lists), one
# fresh database per file plus one database holding them all in turn, as
# sorted text without surrogate ids, so two builds' dumps can be compared
# with diff: a faster load path must give the same facts, summaries,
# revisions and rejects.
#
#   sh bench/equivalence.sh TRDB OUTDIR    # then: diff -r OUTDIR_A OUTDIR_B
#
# Environment: TRDB_DATA (the data folder), REALDATA (default
# ../shared/realdata), EQ_ROWS (rows of the generated lists, default 20000).
set -u
[ $# -eq 2 ] || { echo "usage: $0 TRDB OUTDIR" >&2; exit 2; }
TRDB=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
REALDATA=${REALDATA:-$REPO/../shared/realdata}
ROWS=${EQ_ROWS:-20000}
mkdir -p "$OUT"
W=$(mktemp -d /tmp/trdb-eq.XXXXXX)
trap 'rm -rf "$W"' EXIT

# the generated inputs: a removal list, a second release of it (restated), Google's user-data layout
sh "$HERE/gen-removals.sh" big "$ROWS" "$W/removals.csv"
sh "$HERE/gen-removals.sh" china "$W/china.csv"
sh "$HERE/gen-removals.sh" observations "$((ROWS / 4))" "$W/captures.jsonl"
mkdir -p "$W/ud1" "$W/ud2"
# shellcheck disable=SC1091
. "$REPO/tests/cli/lib-gen.sh"
gen_user_data "$W/ud1/user-data.csv" "$((ROWS / 4))" 1
# a later release: the same rows, every 7th figure restated, a newer period added
awk -F, 'NR > 1 && NR % 7 == 0 { $5 = $5 + 1 } { print } END { }' OFS=, "$W/ud1/user-data.csv" >"$W/ud2/user-data.csv"
gen_user_data "$W/ud-late.csv" 64 9
sed 1d "$W/ud-late.csv" | sed 's/^[0-9][0-9][0-9][0-9]-/2030-/' >>"$W/ud2/user-data.csv"

{
    find "$REPO/data/samples" "$REPO/tests/data" -type f \
        \( -name '*.csv' -o -name '*.json' -o -name '*.jsonl' -o -name '*.zip' -o -name '*.tsv' -o -name '*.txt' \) |
        grep -v -e '/tests/data/[^/]*\.tsv$' -e '/profiles/' -e '/queries/' | sort
    [ -d "$REALDATA" ] && find "$REALDATA" -type f ! -name 'README*' | grep -v "$REALDATA/apple/" | sort
    echo "$W/removals.csv"
    echo "$W/china.csv"
    echo "$W/captures.jsonl"
    echo "$W/ud1/user-data.csv"
    echo "$W/ud2/user-data.csv"
} >"$W/files"

dump() { # DB FILE: every table's rows, sorted, ids by natural keys
    sqlite3 -batch "$1" >"$2" 2>&1 <<'SQL'
.mode list
.separator |
SELECT 'sf', path, sha256, bytes, profile, publisher, dataset_id, run, rows_loaded, rows_rejected, rows_skipped, facts, coverage_end, content_sha256, part FROM source_files ORDER BY 2, 3;
SELECT 'fact', file_id, line, dataset_id, request_type, country, period_start, period_end, legal_process, requester, product, reason, detail, metric, value_low, value_high, value_raw, is_aggregate, footnote, is_current, subcategory FROM fact_rows ORDER BY 2, 3, 4, 5, 6, 14, 7, 8, 9, 10, 11, 12, 13, 21, 15, 16, 17;
SELECT 'note', file_id, line, dataset_id, request_type, country, period_start, period_end, product, reason, subcategory, metric, column_name, note, is_current FROM fact_notes ORDER BY 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15;
SELECT 'cs', * FROM country_summary ORDER BY 2, 3, 4, 5, 6, 7, 8, 9;
SELECT 'rev', run, kind, dataset_id, request_type, country, period_start, period_end, legal_process, requester, product, reason, subcategory, detail, metric, old_low, old_high, old_raw, new_low, new_high, new_raw, old_file, old_line, new_file, new_line FROM revisions ORDER BY 22, 23, 24, 25, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15;
SELECT 'rej', file_id, run, line, column_name, reason, raw FROM rejects ORDER BY 2, 4, 5, 6, 7;
SELECT 'fp', * FROM file_periods ORDER BY 2, 3, 4;
SELECT 'fs', * FROM first_seen ORDER BY 2, 3, 4, 5, 6, 7, 8;
SELECT 'app', store, app_id, bundle_id, name, developer, category FROM apps ORDER BY 2, 3;
SELECT 'rm', a.store, a.app_id, r.storefront, r.removed_on, r.kind, r.derived, r.last_seen_available, r.reason, r.source_url, r.file_id, r.line FROM app_removals r JOIN apps a ON a.id = r.app ORDER BY 2, 3, 4, 5, 6, 7, 11, 12;
SELECT 'obs', a.store, a.app_id, o.storefront, o.observed_at, o.available, o.file_id, o.line FROM app_observations o JOIN apps a ON a.id = o.app ORDER BY 2, 3, 4, 5, 7, 8;
SELECT 'rmlist', * FROM app_removal_list ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14;
SELECT 'status', * FROM app_status ORDER BY 1, 2, 3, 4, 5, 6, 7, 8;
SELECT 'rmon', * FROM app_removal_months ORDER BY 2, 3;
SELECT 'rcat', * FROM app_removal_categories ORDER BY 2, 3;
SELECT 'rfile', * FROM app_removal_files ORDER BY 2, 3;
SELECT 'ofile', * FROM app_observation_files ORDER BY 2, 3;
SELECT 'stale', * FROM app_rollup_stale ORDER BY 2;
SELECT 'cl', * FROM category_labels ORDER BY 1, 2, 3, 4, 5;
SELECT 'dsa', * FROM dsa_reports ORDER BY 1, 2, 3, 4, 5, 6, 7;
SELECT 'col', * FROM file_columns ORDER BY 1, 2, 3;
SELECT 'ds', d.id, p.name, d.name, d.in_summary FROM datasets d JOIN publishers p ON p.id = d.publisher_id ORDER BY 2;
PRAGMA integrity_check;
PRAGMA foreign_key_check;
SQL
}

n=0
: >"$OUT/lines.txt"
: >"$OUT/files.txt"
while IFS= read -r f; do
    n=$((n + 1))
    db="$W/one.db"
    rm -f "$db" "$db-wal" "$db-shm"
    name=$(printf '%04d' "$n")
    "$TRDB" --db "$db" ingest "$f" 2>/dev/null | sed "s#$W/##; s#$REPO/##; s#$REALDATA/#REALDATA/#" >>"$OUT/lines.txt"
    [ -f "$db" ] && dump "$db" "$OUT/$name.txt"
    [ -f "$db" ] && "$TRDB" --db "$db" ingest "$f" 2>/dev/null | sed "s#$W/##; s#$REPO/##; s#$REALDATA/#REALDATA/#" >>"$OUT/lines.txt"
    echo "$name $f" | sed "s#$W/##; s#$REPO/##; s#$REALDATA/#REALDATA/#" >>"$OUT/files.txt"
done <"$W/files"
# every file in turn into one database, then each again (unchanged), then the second release again with --force
db="$W/all.db"
rm -f "$db"*
while IFS= read -r f; do "$TRDB" --db "$db" ingest "$f" >/dev/null 2>&1; done <"$W/files"
while IFS= read -r f; do "$TRDB" --db "$db" ingest "$f" >/dev/null 2>&1; done <"$W/files"
"$TRDB" --db "$db" ingest --force "$W/ud2/user-data.csv" "$W/removals.csv" >/dev/null 2>&1
dump "$db" "$OUT/all.txt"
# a second release of a dataset: its restatements (revisions)
db="$W/release.db"
"$TRDB" --db "$db" ingest "$W/ud1/user-data.csv" >/dev/null 2>&1
"$TRDB" --db "$db" ingest "$W/ud2/user-data.csv" >/dev/null 2>&1
dump "$db" "$OUT/release.txt"
for f in "$OUT"/*.txt; do sed -i "s#$W/##g; s#$REPO/##g; s#$REALDATA/#REALDATA/#g" "$f"; done
echo "$n files dumped into $OUT"
