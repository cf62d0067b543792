/*
 * fuzz_period.c: model/period.c. The first byte picks the options (what a
 * lone date stands for, how many months it ends, day/month order, date
 * only); the rest is the cell. Both period_parse and period_parse_instant
 * read it, and whatever they accept must be well-formed dates in order.
 */
#include "fuzz.h"
#include "../../lib/err.h"
#include "../../model/period.h"

#include "../../lib/banned.h"

static struct period_parser *pp;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const enum period_order orders[4] = {PERIOD_ORDER_AUTO, PERIOD_ORDER_MDY,
                                                PERIOD_ORDER_DMY, PERIOD_ORDER_AUTO};
    struct trdb_err err = {0, ""};
    struct period_opts o;
    struct period p;
    char out[24], *s;
    int rc, date_only;

    if (!pp) {
        pp = period_parser_new(&err);
        FUZZ_SETUP(pp != NULL, err.msg);
    }
    if (size < 1)
        return 0;
    o.role = data[0] & 1 ? PERIOD_DATE_IS_DAY : PERIOD_DATE_ENDS;
    o.months = (data[0] >> 1) & 15; /* 0 (the default, 6) to 15: past 12 as well */
    o.order = orders[(data[0] >> 5) & 3];
    date_only = data[0] >> 7;
    s = fuzz_cstr(data + 1, size - 1);

    memset(&p, 0, sizeof(p));
    rc = period_parse(pp, s, &o, &p, &err);
    FUZZ_CHECK(rc == 0 || rc == TRDB_EDATA || rc == TRDB_EAMBIG);
    if (rc == 0)
        fuzz_check_period(&p);
    else
        FUZZ_CHECK(err.code == rc && err.msg[0]);
    if (rc == TRDB_EAMBIG) {
        /* the caller settles the order for the file and asks again: that must not be ambiguous */
        o.order = PERIOD_ORDER_MDY;
        rc = period_parse(pp, s, &o, &p, &err);
        FUZZ_CHECK(rc != TRDB_EAMBIG);
        if (rc == 0)
            fuzz_check_period(&p);
    }
    /* the defaults, as a caller without options gets them */
    if (period_parse(pp, s, NULL, &p, &err) == 0)
        fuzz_check_period(&p);

    memset(out, 0, sizeof(out));
    rc = period_parse_instant(pp, s, &o, date_only, out, &err);
    FUZZ_CHECK(rc == 0 || rc == TRDB_EDATA || rc == TRDB_EAMBIG);
    if (rc == 0)
        fuzz_check_instant(out, date_only);
    free(s);
    return 0;
}
