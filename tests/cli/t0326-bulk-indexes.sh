#!/bin/sh
# A load into empty row tables builds their secondary indexes after the rows
# (model/store.c store_bulk_begin/end), and so does a new release as big as
# the facts already held: after a load, after a load that fails half-way,
# and after a second file on top, the database has exactly the indexes of a
# fresh 'trdb init', and a failed load leaves nothing behind.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-gen.sh"

indexes() { # DB: every index's name and text
    "$TRDB" --db "$1" sql --format csv "SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name" | md5sum
}
"$TRDB" --db init.sqlite init >/dev/null
init_idx=$(indexes init.sqlite)
is "a fresh database has the row tables' secondary indexes" \
    "$("$TRDB" --db init.sqlite sql --format csv "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('fact_rows', 'fact_notes', 'app_removals', 'app_observations') AND sql NOT LIKE 'CREATE UNIQUE%'" | sed -n 2p | tr -d "\r")" "7"

sh "$TOP/bench/gen-removals.sh" big 3000 removals.csv
gen_user_data userdata.csv 2000 1
check "a removal list loads into an empty database" "$TRDB" ingest removals.csv
is "and the indexes are all there again" "$(indexes "$TRDB_DB")" "$init_idx"
check "a user-data file loads" "$TRDB" ingest userdata.csv
is "the indexes after facts" "$(indexes "$TRDB_DB")" "$init_idx"
is "the facts' period index is used" \
    "$("$TRDB" sql --format csv "SELECT count(*) FROM fact_rows INDEXED BY fact_rows_period WHERE dataset_id > 0" | sed -n 2p | tr -d "\r")" \
    "$("$TRDB" sql --format csv "SELECT count(*) FROM fact_rows" | sed -n 2p | tr -d "\r")"
is "the database is sound" "$(sql "PRAGMA integrity_check")" "ok"

# a new release of a dataset as big as what the table holds (the same file with a blank line
# appended) builds the facts' indexes after its rows too, all but fact_rows_file (file_id, line),
# which the file's rows extend at its end; a small file on top keeps them up to date
cp userdata.csv release2.csv
echo >>release2.csv
TRDB_SLOW_SQL=0 "$TRDB" ingest release2.csv >release2.out 2>release2.err
is "a second release loads" "$(grep -c '^loaded' release2.out)" "1"
is "and puts off the facts' indexes" "$(grep -c 'CREATE INDEX fact_rows_country' release2.err)" "1"
is "but not the one that leads with file_id (its rows go to its end, in order)" \
    "$(grep -c 'CREATE INDEX fact_rows_file' release2.err)" "0"
is "whose rows are the file's, in the order of their lines" \
    "$("$TRDB" sql --format csv "SELECT count(*) FROM (SELECT id, row_number() OVER (ORDER BY line, id) AS k FROM fact_rows INDEXED BY fact_rows_file WHERE file_id = (SELECT max(id) FROM source_files)) x JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM fact_rows WHERE file_id = (SELECT max(id) FROM source_files)) y USING (id, k)" | sed -n 2p | tr -d "\r")" \
    "$("$TRDB" sql --format csv "SELECT count(*) FROM fact_rows WHERE file_id = (SELECT max(id) FROM source_files)" | sed -n 2p | tr -d "\r")"
is "which are all there again" "$(indexes "$TRDB_DB")" "$init_idx"
is "and hold every fact" \
    "$("$TRDB" sql --format csv "SELECT count(*) FROM fact_rows INDEXED BY fact_rows_country WHERE country > ''" | sed -n 2p | tr -d "\r")" \
    "$("$TRDB" sql --format csv "SELECT count(*) FROM fact_rows WHERE country > ''" | sed -n 2p | tr -d "\r")"
gen_user_data small.csv 20 7
TRDB_SLOW_SQL=0 "$TRDB" ingest small.csv >small.out 2>small.err
is "a small file on top loads" "$(grep -c '^loaded' small.out)" "1"
is "and keeps the indexes as they are" "$(grep -c 'CREATE INDEX fact_rows' small.err)" "0"
is "the database is still sound" "$(sql "PRAGMA integrity_check")" "ok"

# a load that fails half-way (a full disk) into an empty database: rolled back, indexes and all
gen_user_data big.csv 60000
code=0
(ulimit -f 200 && exec "$TRDB" --db failed.sqlite ingest big.csv) >full.out 2>full.err || code=$?
is "a load into an empty database that fails exits 3" "$code" "3"
is "leaves its indexes" "$(indexes failed.sqlite)" "$init_idx"
is "and no fact" "$("$TRDB" --db failed.sqlite sql --format csv "SELECT count(*) FROM fact_rows" | sed -n 2p | tr -d "\r")" "0"
is "a sound database" "$("$TRDB" --db failed.sqlite sql --format csv "PRAGMA integrity_check" | sed -n 2p | tr -d "\r")" "ok"
expect_exit 0 "with room again, it loads" "$TRDB" --db failed.sqlite ingest big.csv
is "with its indexes" "$(indexes failed.sqlite)" "$init_idx"
finish
