#!/bin/sh
# lint.sh: the rules the tools enforce, over every C file of the tree:
#   - the layout of .clang-format (clang-format --dry-run -Werror);
#   - cppcheck's warnings, style, performance and portability checks;
#   - every C file includes lib/banned.h, and banned.h still refuses strcpy.
# Prints one line per problem and "lint: N problems" at the end; exits 1 on any.
# Run from the top of the tree (make lint does). CC may name the compiler.
set -u
CC=${CC:-cc}
dirs="lib model ingest queries reports cli tests"
files=$(find $dirs -name build -prune -o \( -name '*.c' -o -name '*.h' \) -print | LC_ALL=C sort)
cfiles=$(printf '%s\n' $files | grep '\.c$' | grep -v '^tests/lint/')
problems=0

for f in $files; do
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
        echo "lint: $f: not formatted as .clang-format says (clang-format -i $f)"
        problems=$((problems + 1))
    fi
done

# variableScope is off: the house declares a function's variables at its top,
# where the one `out:` label that frees them can see them (STYLE.md, rule 3).
out=$(cppcheck --quiet --std=c11 --enable=warning,style,performance,portability \
    --inline-suppr --error-exitcode=0 -D__GNUC__ -DFUZZ_TARGET='"lint"' \
    --suppress=missingIncludeSystem --suppress=variableScope \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]' $cfiles 2>&1)
if [ -n "$out" ]; then
    printf '%s\n' "$out" | grep -E '^[^ ]+:[0-9]+:[0-9]+: ' | sed 's/^/lint: cppcheck: /'
    problems=$((problems + $(printf '%s\n' "$out" | grep -cE '^[^ ]+:[0-9]+:[0-9]+: ')))
fi

for f in $cfiles; do
    if ! grep -q '^#include "[./]*lib/banned.h"' "$f" && ! grep -q '^#include "banned.h"' "$f"; then
        echo "lint: $f: does not include lib/banned.h (last, after the system headers)"
        problems=$((problems + 1))
    fi
done

# Headers come before banned.h in every C file, so the compiler does not see
# their calls: look for them here.
hfiles=$(printf '%s\n' $files | grep '\.h$' | grep -v '^lib/banned.h$')
hits=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)[[:space:]]*\(' $hfiles /dev/null)
if [ -n "$hits" ]; then
    printf '%s\n' "$hits" | sed 's/^/lint: banned function in a header: /'
    problems=$((problems + $(printf '%s\n' "$hits" | wc -l)))
fi

probe=tests/lint/banned-probe.c
if msg=$($CC -std=c11 -fsyntax-only "$probe" 2>&1); then
    echo "lint: $probe: compiled, so lib/banned.h no longer refuses strcpy"
    problems=$((problems + 1))
elif ! printf '%s' "$msg" | grep -q 'sorry_strcpy_is_a_banned_function'; then
    echo "lint: $probe: failed to compile, but not because of banned.h:"
    printf '%s\n' "$msg" | head -n 5
    problems=$((problems + 1))
fi

echo "lint: $problems problems"
[ "$problems" -eq 0 ]
