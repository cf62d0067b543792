/*
 * fuzz_value.c: model/value.c. The first byte picks the options (count or
 * percent, fraction, blank or dash for zero); the rest is the cell. What
 * value_parse accepts must be a figure of the kind asked for: bounds in
 * order, whole counts, percentages within 0..100.
 */
#include "fuzz.h"
#include "../../lib/err.h"
#include "../../model/value.h"

#include "../../lib/banned.h"

static struct value_parser *vp;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trdb_err err = {0, ""};
    struct value_opts o;
    struct value v;
    char *s;
    int rc;

    if (!vp) {
        vp = value_parser_new(&err);
        FUZZ_SETUP(vp != NULL, err.msg);
    }
    if (size < 1)
        return 0;
    o.kind = data[0] & 1 ? VALUE_PERCENT : VALUE_COUNT;
    o.fraction = (data[0] >> 1) & 1;
    o.blank_zero = (data[0] >> 2) & 1;
    o.dash_zero = (data[0] >> 3) & 1;
    s = fuzz_cstr(data + 1, size - 1);

    rc = value_parse(vp, s, &o, &v, &err);
    FUZZ_CHECK(rc == 0 || rc == TRDB_EDATA);
    if (rc == 0)
        fuzz_check_value(&v, &o);
    else
        FUZZ_CHECK(err.code == rc && err.msg[0]);
    if (value_parse(vp, s, NULL, &v, &err) == 0)
        fuzz_check_value(&v, NULL);
    free(s);
    return 0;
}
