#!/bin/sh
# The bash completion, cli/trdb.bash: sourced in bash, its function fills
# COMPREPLY with the commands, each command's options (the same as its
# --help names), named queries, their KEY= names and choices, profile names
# (the user's too) for ingest --format, folders for --out and files for ingest.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/cli/lib-options.sh"
command -v bash >/dev/null || skip_all "bash is not installed"
COMPLETION="$TOP/cli/trdb.bash"

# complete WORD...: the words of the command line, the last one being completed
# (bash splits "--opt=value" into "--opt" "=" "value"; both forms are tried).
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _trdb
        printf "%s\n" "${COMPREPLY[@]}"' complete "$COMPLETION" "$TRDB" "$@"
}
# completes DESC WANT WORD...: the completions, one line each, sorted and joined by spaces, are WANT
completes() {
    d=$1 want=$2
    shift 2
    is "$d" "$(complete_words "$@" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')" "$want"
}

check "it loads in bash and registers itself" bash -c '. "$1" && complete -p trdb | grep -q _trdb' x "$COMPLETION"

trdb_commands | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//' >want-commands
completes "the commands" "$(cat want-commands)" ""
completes "a command from its start" "query" qu
completes "after --db PATH" "query" --db x.sqlite qu
completes "the global options" "--db --help --version" --
completes "a command's options" "--dry-run" ingest --dr
completes "options after an argument" "--force --format --formats" ingest some.csv --f

# each command's options are those its --help names
while read -r c; do
    help_options "$c" >"help-$c"
    bash -c '. "$1"; _trdb_options "$2"' x "$COMPLETION" "$c" | tr ' ' '\n' | LC_ALL=C sort -u >"comp-$c"
    check "$c: the completion offers the options --help names" same_options "$c" "help-$c" "comp-$c"
    # the options --help shows with a value ("--wait SECONDS", "--format table|csv...")
    "$TRDB" "$c" --help | grep -oE -- '--[a-z][a-z-]*[ =]([A-Z]|table\|)' | sed 's/[ =].*//' |
        grep -vx -e --db | LC_ALL=C sort -u >"help-value-$c"
    bash -c '. "$1"; for o in $(_trdb_options "$2"); do
        case $_trdb_takes_value in *" $o "*) echo "$o" ;; esac; done' x "$COMPLETION" "$c" |
        LC_ALL=C sort -u >"comp-value-$c"
    check "$c: the completion knows which options take a value" \
        same_options "$c" "help-value-$c" "comp-value-$c"
done <<EOC
$(trdb_commands)
EOC

# values of options
completes "--format of a printing command" "csv json ndjson table" sql --format ""
completes "--format=VALUE in one word" "--format=csv" query --format=c
completes "--format = VALUE as bash splits it" "csv" runs --format = c
completes "ingest --format: the profiles" "google-user-data-dlr-requests google-user-data-requests" \
    ingest --format google-user-data-
mkdir -p mine out-dir
cp "$TOP/data/formats/google-user-data-requests.json" mine/zz-my-layout.json
sed -i 's/"name": "google-user-data-requests"/"name": "zz-my-layout"/' mine/zz-my-layout.json
export TRDB_FORMATS="$WORK/mine"
completes "ingest --format: the user's profiles too" "zz-my-layout" ingest --format zz-
completes "ingest --format=PROFILE in one word" "--format=zz-my-layout" ingest --format=zz-
unset TRDB_FORMATS
: >out-file
completes "--out: folders only" "out-dir" report --out out-
completes "ingest: files" "out-dir out-file" ingest out-
completes "fetch's options" "--max-bytes" fetch --max

# named queries, their keys and choices
"$TRDB" query --list --format csv | tail -n +2 | cut -d, -f1 | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//' >want-queries
check "there are named queries" grep -q "top" want-queries
completes "query: the named queries" "$(cat want-queries)" query ""
completes "query NAME: its KEY= names" "limit= measure= period= publisher=" query top ""
completes "options before NAME are skipped" "measure=" query --format csv top me
completes "a KEY's choices, as bash splits KEY=VALUE" \
    "dsa_order_items dsa_orders_to_act dsa_orders_to_provide_information" query agg measure = dsa_
completes "a KEY's choices in one word" "axis_y=none" query agg axis_y=n
finish
