#!/bin/sh
# docs/ describes the database users get: every column of every public view
# and table named in docs/data-model.md's headings is listed under its
# heading, the contract's objects are all there, and every word of the
# vocabulary is named. The README and docs/ send no reader outside the
# repository.
. "$(dirname "$0")/lib.sh"
DOC="$TOP/docs/data-model.md"
"$TRDB" init >/dev/null

# The objects the docs describe, from headings like "### `facts` (view)"
objects=$(sed -n 's/^### `\([a-z_]*\)` (\(view\|table\))$/\1/p' "$DOC")
for must in facts country_summary app_status app_removal_list source_files ingest_runs rejects \
    revisions revision_list notes dsa_categories dsa_reports metric_units; do
    check "docs/data-model.md describes $must" sh -c "printf '%s\n' \"\$1\" | grep -qx '$must'" - "$objects"
done

# The backquoted names in the first cell of each table row under a heading
documented() {
    awk -v obj="$1" '
        /^### / { inside = ($0 ~ "^### `" obj "` ") ; next }
        /^## / { inside = 0 }
        inside && /^\| `/ {
            cell = $0; sub(/^\| /, "", cell); sub(/ \|.*/, "", cell)
            n = split(cell, parts, /`, `/)
            for (i = 1; i <= n; i++) { name = parts[i]; gsub(/`/, "", name); print name }
        }' "$DOC"
}
for obj in $objects; do
    cols=$(sqlite3 "$TRDB_DB" "SELECT name FROM pragma_table_info('$obj')")
    is "$obj exists in a new database" "$(test -n "$cols" && echo yes)" "yes"
    missing=""
    for c in $cols; do
        documented "$obj" | grep -qx "$c" || missing="$missing $c"
    done
    is "every column of $obj is documented" "$missing" ""
    extra=""
    for c in $(documented "$obj"); do
        printf '%s\n' "$cols" | grep -qx "$c" || extra="$extra $c"
    done
    is "docs name no column $obj lacks" "$extra" ""
done

# Every request type, metric and measure is named in the docs
for f in request_types metrics measures; do
    missing=""
    for w in $(grep -v '^#' "$TOP/data/vocabulary/$f.tsv" | cut -f1); do
        grep -q "\`$w\`" "$DOC" || missing="$missing $w"
    done
    is "every word of $f.tsv is in docs/data-model.md" "$missing" ""
done

# Nothing points outside the repository
is "README.md and docs/ never send a reader to ../shared" \
    "$(grep -l '\.\./shared' "$TOP/README.md" "$TOP"/docs/*.md 2>/dev/null)" ""
finish
