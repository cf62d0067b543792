/*
 * value.c: the figure forms of DESIGN.md as PCRE2 patterns over a cleaned
 * cell (trimmed, footnote marks and percent signs taken off). Numbers keep
 * their exact value up to 2^53, the limit of a double; past that, a reject.
 */
#include "value.h"
#include "../lib/err.h"
#include "../lib/rx.h"
#include "../lib/utf8.h"

#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/*
 * A number: thousands grouped by comma, space or no-break spaces, or plain
 * digits. ASCII digits only: with Unicode properties \d would also take
 * Arabic-Indic and full-width digits, which to_number() does not read.
 */
#define NUM "(?:[0-9]{1,3}(?:(?:,|\\x{00A0}|\\x{202F}| )[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?"
#define DASH "(?:-|\\x{2013}|\\x{2014}|to)"

enum { V_NUM, V_LESS, V_MORE, V_PLUS, V_RANGE, V_UNKNOWN, V_NONE, V_COUNT };

static const char *const patterns[V_COUNT] = {
    [V_NUM] = "^(" NUM ")$",
    [V_LESS] = "^<\\s*(=?)\\s*(" NUM ")$",
    [V_MORE] = "^>\\s*(=?)\\s*(" NUM ")$",
    [V_PLUS] = "^(" NUM ")\\s*\\+$",
    [V_RANGE] = "^(" NUM ")\\s*" DASH "\\s*(" NUM ")$",
    [V_UNKNOWN] = "^\\?+$",
    [V_NONE] = "^(?:-|\\x{2013}|\\x{2014}|n/?a|n\\.a\\.|not available)$",
};

struct value_parser {
    struct rx *rx[V_COUNT];
};

struct value_parser *value_parser_new(struct trdb_err *err)
{
    struct value_parser *vp = calloc(1, sizeof(*vp));

    if (!vp) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    for (int i = 0; i < V_COUNT; i++) {
        vp->rx[i] = rx_new(patterns[i], RX_CASELESS, err);
        if (!vp->rx[i]) {
            value_parser_free(vp);
            return NULL;
        }
    }
    return vp;
}

void value_parser_free(struct value_parser *vp)
{
    if (!vp)
        return;
    for (int i = 0; i < V_COUNT; i++)
        rx_free(vp->rx[i]);
    free(vp);
}

/*
 * The number in s[0..n) (already matched by NUM). Returns 0 and OUT *out,
 * or TRDB_ELIMIT past 2^53.
 */
static int to_number(const char *s, size_t n, double *out)
{
    unsigned long long whole = 0;
    double frac = 0, scale = 1;
    int digits = 0, in_frac = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            in_frac = 1;
        } else if (c >= '0' && c <= '9') {
            if (in_frac) {
                scale /= 10;
                frac += (c - '0') * scale;
            } else {
                if (whole || c != '0')
                    digits++;
                if (digits > 16)
                    return TRDB_ELIMIT;
                whole = whole * 10 + (c - '0');
            }
        }
        /* separators (comma, spaces) are skipped */
    }
    if (whole > (1ULL << 53))
        return TRDB_ELIMIT;
    *out = (double)whole + frac;
    return 0;
}

/* Footnote marks publishers stick to figures: * and daggers, section signs. */
static int strip_footnote(char *s)
{
    size_t n = strlen(s);
    int found = 0;

    for (;;) {
        if (n >= 1 && s[n - 1] == '*') {
            n--;
        } else if (n >= 3 && (unsigned char)s[n - 3] == 0xe2 && (unsigned char)s[n - 2] == 0x80 &&
                   ((unsigned char)s[n - 1] == 0xa0 || (unsigned char)s[n - 1] == 0xa1)) {
            n -= 3; /* U+2020 dagger, U+2021 double dagger */
        } else if (n >= 2 && (unsigned char)s[n - 2] == 0xc2 && (unsigned char)s[n - 1] == 0xa7) {
            n -= 2; /* U+00A7 section sign */
        } else {
            break;
        }
        found = 1;
    }
    s[n] = '\0';
    if (found)
        utf8_trim(s);
    return found;
}

/* Remove every '%' and report whether there was one. */
static int strip_percent(char *s)
{
    char *w = s;
    int found = 0;

    for (char *r = s; *r; r++) {
        if (*r == '%')
            found = 1;
        else
            *w++ = *r;
    }
    *w = '\0';
    if (found)
        utf8_trim(s);
    return found;
}

static int figure(struct value *v, double low, int has_high, double high)
{
    v->status = VALUE_FIGURE;
    v->has_low = 1;
    v->low = low;
    v->has_high = has_high;
    v->high = has_high ? high : 0;
    return 0;
}

static int group_number(const struct rx *r, int g, double *out)
{
    const char *p;
    size_t n;

    if (!rx_group(r, g, &p, &n))
        return TRDB_EDATA;
    return to_number(p, n, out);
}

int value_parse(struct value_parser *vp, const char *in, const struct value_opts *opts,
                struct value *v, struct trdb_err *err)
{
    static const struct value_opts defaults = {VALUE_COUNT, 0, 0, 0};
    const struct value_opts *o = opts ? opts : &defaults;
    char s[128];
    size_t n = strlen(in);
    int percent_sign = 0, rc, which;
    double a = 0, b = 0;

    memset(v, 0, sizeof(*v));
    if (n >= sizeof(s))
        return trdb_err_set(err, TRDB_EDATA, "not a figure: '%.40s...' (%zu bytes)", in, n);
    memcpy(s, in, n + 1);
    utf8_trim(s);
    v->footnote = strip_footnote(s);
    if (o->kind == VALUE_PERCENT)
        percent_sign = strip_percent(s);
    n = strlen(s);

    if (n == 0) {
        if (!o->blank_zero || v->footnote)
            return v->status = VALUE_NONE, 0;
        return figure(v, 0, 1, 0);
    }
    if (rx_match(vp->rx[V_UNKNOWN], s, n) == 1) {
        v->status = VALUE_UNKNOWN;
        return 0;
    }
    if (rx_match(vp->rx[V_NONE], s, n) == 1) {
        if (o->dash_zero && (s[0] == '-' || (unsigned char)s[0] == 0xe2))
            return figure(v, 0, 1, 0);
        v->status = VALUE_NONE;
        return 0;
    }

    for (which = V_NUM; which <= V_RANGE; which++)
        if (rx_match(vp->rx[which], s, n) == 1)
            break;
    if (which > V_RANGE)
        return trdb_err_set(err, TRDB_EDATA, "not a %s: '%s'",
                            o->kind == VALUE_PERCENT ? "percentage" : "number", in);

    rc = group_number(vp->rx[which], which == V_LESS || which == V_MORE ? 2 : 1, &a);
    if (!rc && which == V_RANGE)
        rc = group_number(vp->rx[which], 2, &b);
    if (rc)
        return trdb_err_set(err, TRDB_EDATA, "number too large: '%s'", in);

    if (o->kind == VALUE_PERCENT && o->fraction && !percent_sign) {
        a *= 100;
        b *= 100;
    }
    if (o->kind == VALUE_COUNT && (a != (double)(long long)a || b != (double)(long long)b))
        return trdb_err_set(err, TRDB_EDATA, "not a whole number: '%s'", in);

    switch (which) {
    case V_NUM:
        figure(v, a, 1, a);
        break;
    case V_LESS: {
        const char *eq;
        size_t eqn = 0;
        rx_group(vp->rx[V_LESS], 1, &eq, &eqn);
        if (o->kind == VALUE_COUNT && !eqn && a < 1)
            return trdb_err_set(err, TRDB_EDATA, "no count is below zero: '%s'", in);
        figure(v, 0, 1, o->kind == VALUE_COUNT && !eqn ? a - 1 : a);
        break;
    }
    case V_MORE: {
        const char *eq;
        size_t eqn = 0;
        rx_group(vp->rx[V_MORE], 1, &eq, &eqn);
        figure(v, o->kind == VALUE_COUNT && !eqn ? a + 1 : a, 0, 0);
        break;
    }
    case V_PLUS:
        figure(v, a, 0, 0);
        break;
    default:
        if (a > b)
            return trdb_err_set(err, TRDB_EDATA, "range '%s' runs backwards", in);
        figure(v, a, 1, b);
        break;
    }
    if (o->kind == VALUE_PERCENT && ((v->has_high && v->high > 100) || v->low > 100))
        return trdb_err_set(err, TRDB_EDATA, "percentage over 100: '%s'", in);
    return 0;
}
