#!/bin/sh
# floor.sh: the floor of a normalizing load into trdb's schema, for the
# benchmark (bench/run.sh): the rows trdb would write for FILE, written by
# the sqlite3 shell alone, set-based, in one transaction: .import of the CSV
# into a scratch table, then one INSERT ... SELECT per target table, with the
# secondary indexes dropped before and built after (as trdb's bulk load does).
# No validation, no provenance beyond file and line, no summaries, no
# revisions: what SQLite's B-trees cost for these rows and indexes, and so
# how near trdb's own load can come to `.import` of the same file.
#
#   floor.sh removals FILE DB    a trdb-removal-list CSV (gen-removals.sh big):
#                                apps (one per app id) and app_removals
#   floor.sh userdata FILE DB    Google's user-data layout (tests/cli/lib-gen.sh):
#                                three fact_rows per row (requests, percentage
#                                disclosed, accounts)
#
# DB: a database just made by `trdb --db DB init` (the schema, no rows).
set -eu

[ $# -eq 3 ] || { echo "usage: floor.sh removals|userdata FILE DB" >&2; exit 2; }
kind=$1 file=$2 db=$3
[ -f "$file" ] || { echo "floor.sh: no file '$file'" >&2; exit 2; }
[ -f "$db" ] || { echo "floor.sh: no database '$db' (make it with trdb init)" >&2; exit 2; }
case $file in *\'* | *\"*) echo "floor.sh: a file name with a quote" >&2; exit 2 ;; esac

case $kind in
removals)
    load="
DROP INDEX app_removals_storefront;
DROP INDEX app_removals_key;
.import --csv \"$file\" floor_raw
INSERT INTO apps (store, app_id, bundle_id, name, developer, category)
SELECT 'apple', app_id, nullif(bundle_id, ''), nullif(app_name, ''), nullif(developer, ''),
       nullif(category, '')
FROM floor_raw WHERE true
ON CONFLICT DO NOTHING;
INSERT INTO app_removals (app, storefront, removed_on, kind, derived, reason, source_url, file_id,
                          line)
SELECT a.id, r.storefront, nullif(r.removed_on, ''), 'removed', 0, nullif(r.reason, ''),
       nullif(r.source_url, ''), 1, r.rowid + 1
FROM floor_raw r JOIN apps a ON a.store = 'apple' AND a.app_id = r.app_id;
CREATE UNIQUE INDEX app_removals_key
    ON app_removals(app, storefront, ifnull(removed_on, ''), kind, derived);
CREATE INDEX app_removals_storefront ON app_removals(storefront, removed_on, kind, app);"
    ;;
userdata)
    # a period ending on 06-30 started on 01-01, one on 12-31 on 07-01; CROSS
    # JOIN keeps the file's order (SQLite puts its left table outside)
    load="
DROP INDEX fact_rows_period;
DROP INDEX fact_rows_file;
DROP INDEX fact_rows_country;
.import --csv \"$file\" floor_raw
INSERT INTO fact_rows (file_id, line, dataset_id, request_type, country, period_start, period_end,
                       legal_process, metric, value_low, value_high, value_raw)
SELECT 1, r.rowid + 1, 1, 'user_data', r.\"CLDR Territory Code\",
       substr(r.\"Period Ending\", 1, 5) || CASE substr(r.\"Period Ending\", 6) WHEN '06-30'
           THEN '01-01' ELSE '07-01' END,
       r.\"Period Ending\", r.\"Legal Process\", m.metric,
       CAST(CASE m.metric WHEN 'requests' THEN r.\"User Data Requests\"
            WHEN 'pct_disclosed' THEN r.\"Percentage disclosed\" ELSE r.Accounts END AS INTEGER),
       CAST(CASE m.metric WHEN 'requests' THEN r.\"User Data Requests\"
            WHEN 'pct_disclosed' THEN r.\"Percentage disclosed\" ELSE r.Accounts END AS INTEGER),
       CASE m.metric WHEN 'requests' THEN r.\"User Data Requests\"
            WHEN 'pct_disclosed' THEN r.\"Percentage disclosed\" ELSE r.Accounts END
FROM floor_raw r
CROSS JOIN (SELECT 1 AS k, 'requests' AS metric UNION ALL SELECT 2, 'pct_disclosed'
            UNION ALL SELECT 3, 'accounts') m;
CREATE INDEX fact_rows_period ON fact_rows(dataset_id, period_start, period_end);
CREATE INDEX fact_rows_file ON fact_rows(file_id, line);
CREATE INDEX fact_rows_country ON fact_rows(country, period_end);"
    ;;
*)
    echo "floor.sh: removals or userdata, not '$kind'" >&2
    exit 2
    ;;
esac

# trdb's own settings: WAL, synchronous NORMAL; foreign keys are not checked
# (the sqlite3 shell's default), which only makes the floor lower
sqlite3 -bail "$db" <<EOF
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
BEGIN;
$load
DROP TABLE floor_raw;
COMMIT;
EOF
