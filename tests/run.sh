#!/bin/sh
# run.sh: run every test and count. Unit tests (cmocka, in $UNIT_DIR) and
# the shell tests (tests/cli/t*.sh, tests/integration/t*.sh) all speak TAP:
# each "ok" is a pass, each "not ok" a failure, "# SKIP" a skip. A test
# program that dies without its plan counts as one more failure; one that
# ran fewer tests than its plan says counts each missing one as failed (one
# that ran more, as one failure). The last line is "N passed, N failed".
# Run from the top of the source tree; the log goes to $ARTIFACTS (under
# build/), never into the source tree.
set -u
: "${TRDB:?set TRDB to the trdb binary}"
: "${UNIT_DIR:?set UNIT_DIR to the folder of unit test binaries}"
export TRDB TRDB_DATA="${TRDB_DATA:-$(pwd)/data}" TEST_DATA="$(pwd)/tests/data"
export REALDATA="${REALDATA:-$(cd .. && pwd)/shared/realdata}"
export CMOCKA_MESSAGE_OUTPUT=TAP
ARTIFACTS="${ARTIFACTS:-$(pwd)/build/artifacts}"
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/sanitizer.*
# Under SANITIZE=..., every report goes to a file, so that one hidden behind an
# expected non-zero exit code still fails the run (see the end).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:exitcode=99:log_path=$ARTIFACTS/sanitizer}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=99:log_path=$ARTIFACTS/sanitizer}"
log="$ARTIFACTS/test.log"
: >"$log"
passed=0 failed=0 skipped=0

run_one() {
    name=$1
    shift
    out=$(mktemp)
    "$@" >"$out" 2>&1
    status=$?
    cat "$out" >>"$log"
    p=$(grep -c '^ok ' "$out" | tr -d ' ')
    # a skip is "ok N # SKIP" in TAP, and cmocka's skip() prints "not ok N # SKIP"
    ps=$(grep -c '^ok .*# SKIP' "$out" | tr -d ' ')
    s=$(grep -cE '^(not )?ok .*# SKIP' "$out" | tr -d ' ')
    f=$(grep '^not ok ' "$out" | grep -vc '# SKIP' | tr -d ' ')
    p=$((p - ps))
    # the plans ("1..N", one per cmocka group) against the tests that reported
    planned=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$out" | awk '{ n += $1 } END { print n + 0 }')
    ran=$(grep -cE '^(not )?ok ' "$out" | tr -d ' ')
    if ! grep -q '^1\.\.[0-9]' "$out"; then
        f=$((f + 1))
        echo "FAIL $name: exited $status without printing its plan"
        sed 's/^/    /' "$out" | tail -n 20
    elif [ "$planned" -ne "$ran" ]; then
        if [ "$planned" -gt "$ran" ]; then f=$((f + planned - ran)); else f=$((f + 1)); fi
        echo "FAIL $name: planned $planned tests but $ran ran (exited $status)"
        sed 's/^/    /' "$out" | tail -n 20
    elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=$((f + 1))
        echo "FAIL $name: exited $status although every test it ran passed"
        sed 's/^/    /' "$out" | tail -n 20
    elif [ "$f" -gt 0 ]; then
        echo "FAIL $name:"
        grep -A8 '^not ok ' "$out" | sed 's/^/    /' | head -n 60
    fi
    grep -E '^(not )?ok .*# SKIP' "$out" | sed "s|^|skipped: $name: |"
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
    printf '%-48s %4d passed %3d failed\n' "$name" "$p" "$f"
    rm -f "$out"
}

for t in "$UNIT_DIR"/test_*; do
    [ -x "$t" ] || continue
    run_one "unit/$(basename "$t")" "$t"
done
for t in tests/cli/t*.sh tests/integration/t*.sh; do
    [ -f "$t" ] || continue
    run_one "$t" sh "$t"
done
for report in "$ARTIFACTS"/sanitizer.*; do
    [ -f "$report" ] || continue
    echo "FAIL sanitizer report $report:"
    head -n 30 "$report" | sed 's/^/    /'
    failed=$((failed + 1))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
