# lib.sh: sourced by every shell test. It runs the test in a fresh temporary
# folder (removed on exit), with its own database, and gives TAP helpers:
#   check DESC CMD...              CMD exits 0
#   expect_exit CODE DESC CMD...   CMD exits with CODE
#   expect_out DESC PATTERN CMD... CMD exits 0 and its stdout matches PATTERN (grep -E)
#   expect_err CODE DESC PATTERN CMD...  CMD exits with CODE and its stderr matches PATTERN
#   is DESC GOT WANT               two strings are equal
#   skip_all REASON                skip the whole script
#   finish                         print the plan; call last
# After each command, its output is in $OUT and $ERR (files) and its exit code in $CODE;
# a command may read the previous command's $OUT (it is replaced only when the command ends).
set -eu
: "${TRDB:?set TRDB to the trdb binary}"
TOP=$(pwd)
WORK=$(mktemp -d)
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
cd "$WORK"
export TRDB_DB="$WORK/trdb.sqlite"
# the user's own profiles (~/.local/share/trdb/formats, $TRDB_FORMATS) stay out of the tests
export XDG_DATA_HOME="$WORK/.xdg"
unset TRDB_FORMATS
OUT="$WORK/.out"
ERR="$WORK/.err"
CODE=0
_n=0

_result() {
    _n=$((_n + 1))
    if [ "$1" = ok ]; then
        echo "ok $_n - $2"
    else
        echo "not ok $_n - $2"
        shift 2
        for line in "$@"; do echo "# $line"; done
        sed 's/^/# stdout: /' "$OUT" | head -n 15
        sed 's/^/# stderr: /' "$ERR" | head -n 15
    fi
}

_run() {
    CODE=0
    "$@" >"$OUT.new" 2>"$ERR.new" || CODE=$?
    mv "$OUT.new" "$OUT"
    mv "$ERR.new" "$ERR"
}

check() {
    d=$1; shift
    _run "$@"
    if [ "$CODE" -eq 0 ]; then _result ok "$d"; else _result no "$d" "exit code $CODE, wanted 0"; fi
}

expect_exit() {
    want=$1; d=$2; shift 2
    _run "$@"
    if [ "$CODE" -eq "$want" ]; then _result ok "$d"; else _result no "$d" "exit code $CODE, wanted $want"; fi
}

expect_out() {
    d=$1; pat=$2; shift 2
    _run "$@"
    if [ "$CODE" -eq 0 ] && grep -Eq -- "$pat" "$OUT"; then
        _result ok "$d"
    else
        _result no "$d" "exit code $CODE; wanted 0 and stdout matching: $pat"
    fi
}

expect_err() {
    want=$1; d=$2; pat=$3; shift 3
    _run "$@"
    if [ "$CODE" -eq "$want" ] && grep -Eq -- "$pat" "$ERR"; then
        _result ok "$d"
    elif [ "$CODE" -ne "$want" ]; then
        _result no "$d" "exit code $CODE, wanted $want"
    else
        _result no "$d" "stderr does not match: $pat"
    fi
}

is() {
    if [ "$2" = "$3" ]; then
        _result ok "$1"
    else
        : >"$OUT"
        : >"$ERR"
        _result no "$1" "got:  '$2'" "want: '$3'"
    fi
}

skip_all() {
    echo "1..1"
    echo "ok 1 - $(basename "$0") # SKIP $1"
    exit 0
}

# One value (or one column) from the database: sql "SELECT ..." (CSV output without its
# header and CR, each value unquoted).
sql() {
    "$TRDB" sql --format csv "$1" | tail -n +2 | tr -d '\r' |
        sed -e '/^".*"$/{s/^"//;s/"$//;s/""/"/g;}'
}

finish() {
    echo "1..$_n"
}
