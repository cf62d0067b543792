# pgcopy.sh: sourced by a test (after tests/lib/pgcluster.sh) that compares
# the backends on the same rows: pg_copy_from_sqlite SQLITE DBNAME copies
# every table of the SQLite file into the PostgreSQL database DBNAME (made
# by `trdb --db URI init`), column by column in SQLite's order, then sets
# each identity sequence past the largest id. NULL travels as the unquoted
# marker ~NULL~ (sqlite3 -csv quotes any text holding a space or a quote,
# and the marker holds neither), so NULL and the empty string stay apart.
# Foreign keys are not checked during the copy (session_replication_role).

pg_copy_from_sqlite() {
    _db=$1
    _pgdb=$2
    _dir=$(mktemp -d "${WORK:-/tmp}/pgcopy.XXXXXX")
    {
        echo "SET session_replication_role = replica;"
        echo "BEGIN;"
        for _t in $(sqlite3 "$_db" "SELECT name FROM sqlite_schema WHERE type = 'table'
                                    AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
            _cols=$(sqlite3 "$_db" "SELECT group_concat(name, ',') FROM
                                    (SELECT name FROM pragma_table_info('$_t') ORDER BY cid)")
            sqlite3 -csv -cmd ".nullvalue ~NULL~" "$_db" "SELECT * FROM \"$_t\"" >"$_dir/$_t.csv"
            echo "DELETE FROM \"$_t\";"
            printf '\\copy "%s" (%s) FROM '\''%s'\'' WITH (FORMAT csv, NULL '\''~NULL~'\'')\n' \
                "$_t" "$_cols" "$_dir/$_t.csv"
        done
        # identity and serial columns: the next id after the copied ones
        cat <<'EOS'
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT table_name, column_name FROM information_schema.columns
             WHERE table_schema = current_schema()
               AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
               AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = current_schema())
    LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), coalesce(max(%I), 0) + 1, false) FROM %I',
                       r.table_name, r.column_name, r.column_name, r.table_name);
    END LOOP;
END $$;
COMMIT;
EOS
    } >"$_dir/copy.sql"
    pg_psql -d "$_pgdb" -f "$_dir/copy.sql"
}
