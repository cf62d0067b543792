# bench/lib.sh: helpers shared by bench/pg.sh and bench/pg-scale.sh (sourced).
#   say TEXT...      progress on stderr
#   line TEXT...     TEXT on stdout as it is (echo would read a backslash: \copy)
#   now_ns           the time in nanoseconds (GNU date)
#   secs T0 T1       seconds between two now_ns, 3 decimals
#   median N...      the median of the numbers, 3 decimals (nothing when none)
#   calc FMT EXPR    awk's printf of FMT with EXPR
#   human N          N with thousands separators (1,234,567)
say() { printf 'bench: %s\n' "$*" >&2; }
line() { printf '%s\n' "$*"; }
now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
median() {
    printf '%s\n' "$@" | awk 'NF' | sort -n | awk '{ v[NR] = $1 }
        END { if (NR == 0) exit; if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
human() { awk -v n="$1" 'BEGIN { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s); print s }'; }
