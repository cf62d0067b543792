# lib-options.sh: sourced by the tests that hold the command line's texts
# against each other (--help, the man page cli/trdb.1, the bash completion).
# Each function prints one option a line, sorted, without duplicates.

# The commands, as 'trdb --help' lists them.
trdb_commands() {
    "$TRDB" --help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p'
}

# The long options a help text (on stdin) names, except --help and --db,
# which every command takes (the man page gives them once, under OPTIONS).
options_in_text() {
    grep -oE -- '--[a-z][a-z-]*' | grep -vx -e --help -e --db | LC_ALL=C sort -u
}

# help_options CMD: the options 'trdb CMD --help' names.
help_options() {
    "$TRDB" "$1" --help | options_in_text
}

# man_section MANFILE CMD: the roff text of the subsection '.SS CMD' (up to
# the next .SS or .SH), comments left out, '\-' as '-'.
man_section() {
    awk -v cmd="$2" '/^\.SS / { on = ($2 == cmd); next } /^\.SH / { on = 0 } on' "$1" |
        grep -v '^\.\\"' | sed 's/\\-/-/g'
}

# man_sh MANFILE TITLE: the roff text of the section '.SH TITLE'.
man_sh() {
    awk -v t="$2" '/^\.SH / { on = (substr($0, 5) == t || substr($0, 5) == "\"" t "\""); next } on' "$1" |
        grep -v '^\.\\"' | sed 's/\\-/-/g'
}

# man_options MANFILE CMD: the options the man page's subsection for CMD names.
man_options() {
    man_section "$1" "$2" | options_in_text
}

# same_options WHAT A B: prints what only one of the two lists (files) has; fails then.
same_options() {
    only_a=$(LC_ALL=C comm -23 "$2" "$3" | tr '\n' ' ')
    only_b=$(LC_ALL=C comm -13 "$2" "$3" | tr '\n' ' ')
    [ -z "$only_a$only_b" ] && return 0
    echo "$1: only in the first: ${only_a:-none}; only in the second: ${only_b:-none}" >&2
    return 1
}
