# trdb.bash: bash completion for trdb (installed as
# share/bash-completion/completions/trdb). Completes the commands, each
# command's options (the same as its --help names: tests/cli/t0017-completion.sh
# checks), named queries and their KEY= names and choices (from trdb itself),
# profile names for ingest --format (trdb formats), and files otherwise.
# Needs bash only, not the bash-completion package.

# The options of each command, and those that take a value.
_trdb_options() {
    case $1 in
    init) echo "--rebuild-summary --wait" ;;
    ingest) echo "--dry-run --force --format --formats --encoding --wait --name --max-bytes --no-follow --json" ;;
    formats) echo "--formats --format" ;;
    detect) echo "--all --formats --encoding" ;;
    rejects) echo "--file --format" ;;
    runs) echo "--limit --format" ;;
    changes) echo "--since --format" ;;
    query) echo "--format --list" ;;
    sql) echo "--format --timeout" ;;
    report) echo "--out --removal-lists" ;;
    metadata) echo "--datasette --docs" ;;
    fetch) echo "--sources --landing --no-ingest --timeout --stall --retries --backoff --max-bytes --wait --formats" ;;
    esac
}
_trdb_commands="init ingest formats detect rejects runs changes query sql report fetch metadata"
_trdb_takes_value=" --db --format --formats --encoding --wait --file --limit --since --timeout --out --sources --landing --stall --retries --backoff --max-bytes --docs --name "

# _trdb_values CMD OPT TRDB: the completions of OPT's value, or "-f"/"-d" for files/folders.
_trdb_values() {
    case $2 in
    --db | --sources | --docs) echo -f ;;
    --formats | --out | --landing) echo -d ;;
    --format)
        if [ "$1" = ingest ]; then
            "$3" formats --format csv 2>/dev/null | tail -n +2 | cut -d, -f1
        else
            echo "table csv json ndjson"
        fi
        ;;
    --encoding) echo "UTF-8 UTF-16LE UTF-16BE WINDOWS-1252 ISO-8859-1 MACINTOSH" ;;
    esac
}

# _trdb_query_params TRDB NAME: "KEY TYPE" lines of a named query's parameters.
_trdb_query_params() {
    "$1" query "$2" --help 2>/dev/null |
        sed -n '/^Parameters:/,$s/^  \([a-z_][a-z_0-9]*\)  *\([^:]*\):.*/\1 \2/p'
}

_trdb() {
    local trdb=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev="" opt="" prefix=""
    local cmd="" qname="" i w values
    local -a operands=()

    [ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()
    # the command and the operands before the word being completed
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        if [ "$w" = "--" ]; then
            continue
        elif [ "${COMP_WORDS[i + 1]}" = "=" ]; then
            i=$((i + 2)) # --opt = value (bash splits words at '=')
        elif [[ $w == -* ]]; then
            [[ $w != *=* && $_trdb_takes_value == *" $w "* ]] && i=$((i + 1))
        elif [ -z "$cmd" ]; then
            cmd=$w
        else
            operands+=("$w")
        fi
    done
    # the value of an option: "--opt value", "--opt=value", or bash's "--opt" "=" "value"
    if [ "$cur" = "=" ] && [[ $prev == --* ]]; then
        opt=$prev cur=""
    elif [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ] && [[ ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == --*=* ]]; then
        opt=${cur%%=*} prefix="$opt=" cur=${cur#*=}
    elif [[ $prev == --* && $_trdb_takes_value == *" $prev "* ]]; then
        opt=$prev
    fi
    if [[ $opt == --* ]]; then
        values=$(_trdb_values "$cmd" "$opt" "$trdb")
        case $values in
        -f) COMPREPLY=($(compgen -f -- "$cur")) ;;
        -d) COMPREPLY=($(compgen -d -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "$values" -- "$cur")) ;;
        esac
        [ "$values" = -f ] || [ "$values" = -d ] && compopt -o filenames 2>/dev/null
        [ -n "$prefix" ] && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
        return 0
    fi
    if [ -z "$cmd" ]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "--db --help --version" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$_trdb_commands" -- "$cur"))
        fi
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_trdb_options "$cmd") --help --db" -- "$cur"))
        return 0
    fi
    case $cmd in
    query)
        qname=${operands[0]}
        if [ -z "$qname" ]; then
            COMPREPLY=($(compgen -W "$("$trdb" query --list --format csv 2>/dev/null |
                tail -n +2 | cut -d, -f1)" -- "$cur"))
        elif [ "$cur" = "=" ] || [ "$prev" = "=" ] || [[ $cur == *=* ]]; then
            # KEY=VALUE: the choices of a parameter that has some
            local key kprefix=""
            if [ "$cur" = "=" ]; then
                key=$prev cur=""
            elif [ "$prev" = "=" ]; then
                key=${COMP_WORDS[COMP_CWORD - 2]}
            else
                key=${cur%%=*} kprefix="$key=" cur=${cur#*=}
            fi
            values=$(_trdb_query_params "$trdb" "$qname" | awk -v k="$key" '$1 == k { print $2 }')
            [[ $values == *,* ]] && COMPREPLY=($(compgen -W "${values//,/ }" -- "$cur"))
            [ -n "$kprefix" ] && COMPREPLY=("${COMPREPLY[@]/#/$kprefix}")
        else
            COMPREPLY=($(compgen -W "$(_trdb_query_params "$trdb" "$qname" |
                awk '{ print $1 "=" }')" -- "$cur"))
            compopt -o nospace 2>/dev/null
        fi
        ;;
    ingest | detect)
        COMPREPLY=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
        ;;
    esac
    return 0
}
complete -F _trdb trdb
