/*
 * period.c: the period forms of DESIGN.md, each a PCRE2 pattern tried in
 * turn. Digits are ASCII only ([0-9], not \d, which with Unicode properties
 * would take Arabic-Indic or full-width digits that the arithmetic here
 * does not read). Years outside 1900..2199 are refused: no transparency
 * report is dated there, and a typo is likelier. Month names are English
 * (full, three letters, "Sept"); other languages come through profiles.
 */
#include "period.h"
#include "../lib/err.h"
#include "../lib/rx.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../lib/banned.h"

enum { P_INTERVAL, P_ISO, P_YH, P_HY, P_NHY, P_MONTHS, P_SLASH, P_YEAR, P_SERIAL, P_TIME, P_COUNT };

static const char *const patterns[P_COUNT] = {
    /* an ISO 8601 interval of two dates, as the EU's DSA templates write it */
    [P_INTERVAL] = "^([0-9]{4})-([0-9]{2})-([0-9]{2})\\s*/\\s*([0-9]{4})-([0-9]{2})-([0-9]{2})$",
    [P_ISO] =
        "^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
        "(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$",
    [P_YH] = "^([0-9]{4})\\s*[-/ ]?\\s*([HQ])([1-4])$",
    [P_HY] = "^([HQ])([1-4])\\s*[-/ ]?\\s*([0-9]{4})$",
    [P_NHY] = "^([1-4])([HQ])\\s*[-/ ]?\\s*([0-9]{4})$",
    [P_MONTHS] = "^(\\p{L}+)\\.?\\s*([0-9]{4})?\\s*(?:-|\\x{2013}|\\x{2014}|to)\\s*"
                 "(\\p{L}+)\\.?\\s*([0-9]{4})$",
    [P_SLASH] = "^([0-9]{1,2})([/.-])([0-9]{1,2})\\2([0-9]{2}|[0-9]{4})$",
    [P_YEAR] = "^([0-9]{4})$",
    [P_SERIAL] = "^([0-9]{5})(?:\\.0+)?$",
    [P_TIME] =
        "^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.[0-9]+)?)?"
        "(Z|[+-][0-9]{2}:?[0-9]{2})?$",
};

struct period_parser {
    struct rx *rx[P_COUNT];
};

struct period_parser *period_parser_new(struct trdb_err *err)
{
    struct period_parser *pp = calloc(1, sizeof(*pp));

    if (!pp) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    for (int i = 0; i < P_COUNT; i++) {
        pp->rx[i] = rx_new(patterns[i], RX_CASELESS, err);
        if (!pp->rx[i]) {
            period_parser_free(pp);
            return NULL;
        }
    }
    return pp;
}

void period_parser_free(struct period_parser *pp)
{
    if (!pp)
        return;
    for (int i = 0; i < P_COUNT; i++)
        rx_free(pp->rx[i]);
    free(pp);
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int period_date_valid(int y, int m, int d)
{
    return y >= PERIOD_YEAR_MIN && y <= PERIOD_YEAR_MAX && m >= 1 && m <= 12 && d >= 1 &&
           d <= month_days(y, m);
}

int period_parse_day(const char *s, char out[11], struct trdb_err *err)
{
    int part[3] = {0, 0, 0}, digits[3] = {0, 0, 0}, k = 0;
    char sep = 0;
    const char *p = s;

    while (*p == ' ' || *p == '\t')
        p++;
    for (; *p && *p != ' ' && *p != '\t' && k < 3; p++) {
        if (*p >= '0' && *p <= '9' && digits[k] < 4) {
            part[k] = part[k] * 10 + (*p - '0');
            digits[k]++;
        } else if ((*p == '-' || *p == '/' || *p == '.') && digits[k] && k < 2 &&
                   (!sep || *p == sep)) {
            sep = *p;
            k++;
        } else {
            break;
        }
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p || k != 2 || digits[0] != 4 || digits[1] > 2 || digits[2] > 2 || !digits[2] ||
        !period_date_valid(part[0], part[1], part[2]))
        return trdb_err_set(err, TRDB_EDATA, "'%s' is not a date (YYYY-MM-DD, or YYYY/M/D)", s);
    snprintf(out, 11, "%04d-%02d-%02d", part[0], part[1], part[2]);
    return 0;
}

static int year_ok(int y, const char *s, struct trdb_err *err)
{
    if (y >= PERIOD_YEAR_MIN && y <= PERIOD_YEAR_MAX)
        return 0;
    return trdb_err_set(err, TRDB_EDATA, "year out of range (%d to %d) in period '%s'",
                        PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, s);
}

/* Write YYYY-MM-DD; callers pass a valid date (year 1..9999). */
static void put_date(char out[11], int y, int m, int d)
{
    const int parts[3][2] = {{y, 4}, {m, 2}, {d, 2}};
    int pos = 0;

    for (int i = 0; i < 3; i++) {
        int v = parts[i][0], w = parts[i][1];
        if (i)
            out[pos++] = '-';
        for (int k = w - 1; k >= 0; k--, v /= 10)
            out[pos + k] = (char)('0' + v % 10);
        pos += w;
    }
    out[pos] = '\0';
}

/* Months m1..m2 (m1 may lie in the year before y2) as one period. */
static void set_months(struct period *p, int y1, int m1, int y2, int m2)
{
    put_date(p->start, y1, m1, 1);
    put_date(p->end, y2, m2, month_days(y2, m2));
}

/* Integer value of s[0..n), all digits, n <= 9. */
static int num(const char *s, size_t n)
{
    int v = 0;

    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int group_num(const struct rx *r, int i)
{
    const char *p;
    size_t n;

    return rx_group(r, i, &p, &n) ? num(p, n) : -1;
}

/* Month number from an English name or abbreviation, or 0. */
static int month_from_name(const char *s, size_t n)
{
    static const char *const names[12] = {"january",   "february", "march",    "april",
                                          "may",       "june",     "july",     "august",
                                          "september", "october",  "november", "december"};
    if (n == 4 && strncasecmp(s, "sept", 4) == 0)
        return 9;
    for (int i = 0; i < 12; i++) {
        size_t len = strlen(names[i]);
        if ((n == len || n == 3) && strncasecmp(s, names[i], n) == 0)
            return i + 1;
    }
    return 0;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A lone date becomes a period according to its role. */
static int date_period(const char *s, int y, int m, int d, const struct period_opts *o,
                       struct period *p, struct trdb_err *err)
{
    int months = o->months > 0 ? o->months : 6;
    int sy = y, sm = m - months + 1;

    if (year_ok(y, s, err))
        return TRDB_EDATA;
    if (!period_date_valid(y, m, d))
        return trdb_err_set(err, TRDB_EDATA, "invalid date '%s'", s);
    if (o->role == PERIOD_DATE_IS_DAY) {
        put_date(p->start, y, m, d);
        put_date(p->end, y, m, d);
        return 0;
    }
    if (d != month_days(y, m))
        return trdb_err_set(err, TRDB_EDATA,
                            "date '%s' does not end a month, so it cannot end a %d-month period", s,
                            months);
    while (sm < 1) {
        sm += 12;
        sy--;
    }
    set_months(p, sy, sm, y, m);
    return 0;
}

static int two_digit_year(int y)
{
    return y < 70 ? 2000 + y : 1900 + y;
}

int period_parse(struct period_parser *pp, const char *in, const struct period_opts *opts,
                 struct period *p, struct trdb_err *err)
{
    static const struct period_opts defaults = {PERIOD_DATE_ENDS, 6, PERIOD_ORDER_AUTO};
    const struct period_opts *o = opts ? opts : &defaults;
    char s[64];
    size_t n;
    struct rx *r;

    p->numeric = 0;
    p->forced = PERIOD_ORDER_AUTO;
    while (isspace((unsigned char)*in))
        in++;
    n = strlen(in);
    while (n && isspace((unsigned char)in[n - 1]))
        n--;
    if (n == 0)
        return trdb_err_set(err, TRDB_EDATA, "empty period");
    if (n >= sizeof(s))
        return trdb_err_set(err, TRDB_EDATA, "unrecognized period '%.40s...'", in);
    memcpy(s, in, n);
    s[n] = '\0';

    r = pp->rx[P_INTERVAL];
    if (rx_match(r, s, n) == 1) {
        int y1 = group_num(r, 1), m1 = group_num(r, 2), d1 = group_num(r, 3);
        int y2 = group_num(r, 4), m2 = group_num(r, 5), d2 = group_num(r, 6);
        if (year_ok(y1, s, err) || year_ok(y2, s, err))
            return TRDB_EDATA;
        if (!period_date_valid(y1, m1, d1) || !period_date_valid(y2, m2, d2))
            return trdb_err_set(err, TRDB_EDATA, "invalid date in period '%s'", s);
        if (y1 * 10000 + m1 * 100 + d1 > y2 * 10000 + m2 * 100 + d2)
            return trdb_err_set(err, TRDB_EDATA, "period '%s' ends before it starts", s);
        put_date(p->start, y1, m1, d1);
        put_date(p->end, y2, m2, d2);
        return 0;
    }

    r = pp->rx[P_ISO];
    if (rx_match(r, s, n) == 1)
        return date_period(s, group_num(r, 1), group_num(r, 2), group_num(r, 3), o, p, err);

    r = pp->rx[P_YH];
    if (rx_match(r, s, n) == 1 || rx_match(r = pp->rx[P_HY], s, n) == 1 ||
        rx_match(r = pp->rx[P_NHY], s, n) == 1) {
        const char *kind;
        size_t kn;
        int y, k;
        if (r == pp->rx[P_YH]) {
            y = group_num(r, 1), k = group_num(r, 3), rx_group(r, 2, &kind, &kn);
        } else if (r == pp->rx[P_HY]) {
            y = group_num(r, 3), k = group_num(r, 2), rx_group(r, 1, &kind, &kn);
        } else {
            y = group_num(r, 3), k = group_num(r, 1), rx_group(r, 2, &kind, &kn);
        }
        if (year_ok(y, s, err))
            return TRDB_EDATA;
        if (toupper((unsigned char)kind[0]) == 'H') {
            if (k > 2)
                return trdb_err_set(err, TRDB_EDATA, "no half-year H%d in '%s'", k, s);
            set_months(p, y, k == 1 ? 1 : 7, y, k == 1 ? 6 : 12);
        } else {
            set_months(p, y, 3 * k - 2, y, 3 * k);
        }
        return 0;
    }

    r = pp->rx[P_MONTHS];
    if (rx_match(r, s, n) == 1) {
        const char *a, *b;
        size_t an, bn;
        int m1, m2, y2 = group_num(r, 4), y1 = group_num(r, 2);
        rx_group(r, 1, &a, &an);
        rx_group(r, 3, &b, &bn);
        m1 = month_from_name(a, an);
        m2 = month_from_name(b, bn);
        if (!m1 || !m2)
            return trdb_err_set(err, TRDB_EDATA, "unknown month name in period '%s'", s);
        if (y1 < 0)
            y1 = m1 <= m2 ? y2 : y2 - 1;
        if (year_ok(y1, s, err) || year_ok(y2, s, err))
            return TRDB_EDATA;
        if (y1 * 12 + m1 > y2 * 12 + m2)
            return trdb_err_set(err, TRDB_EDATA, "period '%s' ends before it starts", s);
        set_months(p, y1, m1, y2, m2);
        return 0;
    }

    r = pp->rx[P_SLASH];
    if (rx_match(r, s, n) == 1) {
        const char *yp;
        size_t yn;
        int a = group_num(r, 1), b = group_num(r, 3), y = group_num(r, 4), m, d;
        enum period_order order = o->order;
        rx_group(r, 4, &yp, &yn);
        if (yn == 2)
            y = two_digit_year(y);
        p->numeric = 1;
        if (a > 12 && b <= 12)
            p->forced = PERIOD_ORDER_DMY;
        else if (b > 12 && a <= 12)
            p->forced = PERIOD_ORDER_MDY;
        if (order == PERIOD_ORDER_AUTO) {
            if (a > 12 && b <= 12)
                order = PERIOD_ORDER_DMY;
            else if (b > 12 && a <= 12)
                order = PERIOD_ORDER_MDY;
            else if (a == b)
                order = PERIOD_ORDER_MDY;
            else if (a <= 12 && b <= 12)
                return trdb_err_set(err, TRDB_EAMBIG,
                                    "ambiguous date '%s': day and month could be either way", s);
            else
                return trdb_err_set(err, TRDB_EDATA, "invalid date '%s'", s);
        }
        m = order == PERIOD_ORDER_MDY ? a : b;
        d = order == PERIOD_ORDER_MDY ? b : a;
        return date_period(s, y, m, d, o, p, err);
    }

    r = pp->rx[P_YEAR];
    if (rx_match(r, s, n) == 1) {
        int y = group_num(r, 1);
        if (year_ok(y, s, err))
            return TRDB_EDATA;
        set_months(p, y, 1, y, 12);
        return 0;
    }

    r = pp->rx[P_SERIAL];
    if (rx_match(r, s, n) == 1) {
        /* Excel's 1900 date system counts a 29 February 1900 that never was. */
        int serial = group_num(r, 1), y, m, d;
        if (serial == 60)
            return trdb_err_set(err, TRDB_EDATA, "invalid date '%s' (Excel's 1900-02-29)", s);
        civil_from_days((long)serial - (serial > 60 ? 25569 : 25568), &y, &m, &d);
        return date_period(s, y, m, d, o, p, err);
    }
    return trdb_err_set(err, TRDB_EDATA, "unrecognized period '%s'", s);
}

int period_is_half_year(const struct period *p)
{
    /* the same year, and January to June or July to December */
    return strncmp(p->start, p->end, 4) == 0 &&
           ((strcmp(p->start + 4, "-01-01") == 0 && strcmp(p->end + 4, "-06-30") == 0) ||
            (strcmp(p->start + 4, "-07-01") == 0 && strcmp(p->end + 4, "-12-31") == 0));
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int period_parse_instant(struct period_parser *pp, const char *in, const struct period_opts *opts,
                         int date_only, char out[24], struct trdb_err *err)
{
    struct period_opts day = {PERIOD_DATE_IS_DAY, 1, PERIOD_ORDER_AUTO};
    struct rx *r = pp->rx[P_TIME];
    struct period p;
    char s[64];
    size_t n;

    while (isspace((unsigned char)*in))
        in++;
    n = strlen(in);
    while (n && isspace((unsigned char)in[n - 1]))
        n--;
    if (n && n < sizeof(s)) {
        memcpy(s, in, n);
        s[n] = '\0';
        if (rx_match(r, s, n) == 1) {
            int y = group_num(r, 1), mo = group_num(r, 2), d = group_num(r, 3);
            int h = group_num(r, 4), mi = group_num(r, 5), se = group_num(r, 6);
            long long t;
            const char *z;
            size_t zn = 0;
            if (se < 0)
                se = 0;
            if (!period_date_valid(y, mo, d) || h > 23 || mi > 59 || se > 60)
                return trdb_err_set(err, TRDB_EDATA, "invalid time '%s'", s);
            t = (long long)days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
            /* the pattern is caseless: "z" is UTC too, not an offset */
            if (rx_group(r, 7, &z, &zn) && toupper((unsigned char)z[0]) != 'Z') {
                /* +hh:mm or +hhmm: the local time is ahead of UTC by that much */
                int oh = (z[1] - '0') * 10 + (z[2] - '0');
                int om = (z[zn - 2] - '0') * 10 + (z[zn - 1] - '0');
                t -= (z[0] == '+' ? 1 : -1) * (long long)(oh * 3600 + om * 60);
            }
            {
                long days = (long)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
                long rem = (long)(t - (long long)days * 86400);
                civil_from_days(days, &y, &mo, &d);
                if (date_only) {
                    put_date(out, y, mo, d);
                } else {
                    char date[11];
                    put_date(date, y, mo, d);
                    snprintf(out, 24, "%.10sT%02ld:%02ld:%02ldZ", date, rem / 3600 % 24,
                             rem / 60 % 60, rem % 60);
                }
            }
            return 0;
        }
    }
    if (opts)
        day.order = opts->order;
    {
        int rc = period_parse(pp, in, &day, &p, err);
        if (rc)
            return rc;
    }
    if (strcmp(p.start, p.end) != 0)
        return trdb_err_set(err, TRDB_EDATA, "'%s' is a period, not a day", in);
    memcpy(out, p.start, 11);
    return 0;
}
