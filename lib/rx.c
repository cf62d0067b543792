/*
 * rx.c: PCRE2 compile and match with limits. JIT when the platform has it;
 * the interpreter otherwise, with a match limit so that no cell can make a
 * pattern backtrack for ever.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rx.h"
#include "err.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct rx {
    pcre2_code *code;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    const char *subject; /* the last subject matched */
    char *pattern;
};

struct rx *rx_new(const char *pattern, unsigned flags, struct trdb_err *err)
{
    struct rx *r = calloc(1, sizeof(*r));
    int errcode;
    PCRE2_SIZE erroff;
    uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;

    if (!r) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory compiling a pattern");
        return NULL;
    }
    if (flags & RX_CASELESS)
        opts |= PCRE2_CASELESS;
    r->code =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &errcode, &erroff, NULL);
    if (!r->code) {
        PCRE2_UCHAR why[160];
        pcre2_get_error_message(errcode, why, sizeof(why));
        trdb_err_set(err, TRDB_EDATA, "bad pattern '%s' at offset %zu: %s", pattern, (size_t)erroff,
                     (char *)why);
        rx_free(r);
        return NULL;
    }
    (void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
    r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
    r->mctx = pcre2_match_context_create(NULL);
    r->pattern = strdup(pattern);
    if (!r->md || !r->mctx || !r->pattern) {
        trdb_err_set(err, TRDB_ENOMEM, "out of memory compiling a pattern");
        rx_free(r);
        return NULL;
    }
    pcre2_set_match_limit(r->mctx, 1000000);
    pcre2_set_depth_limit(r->mctx, 10000);
    return r;
}

void rx_free(struct rx *r)
{
    if (!r)
        return;
    pcre2_match_data_free(r->md);
    pcre2_match_context_free(r->mctx);
    pcre2_code_free(r->code);
    free(r->pattern);
    free(r);
}

int rx_match(struct rx *r, const char *s, size_t n)
{
    int rc = pcre2_match(r->code, (PCRE2_SPTR)s, n, 0, 0, r->md, r->mctx);

    r->subject = s;
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ? TRDB_ELIMIT : TRDB_EDATA;
}

int rx_group(const struct rx *r, int i, const char **p, size_t *n)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
    uint32_t count = pcre2_get_ovector_count(r->md);

    if (i < 0 || (uint32_t)i >= count || ov[2 * i] == PCRE2_UNSET)
        return 0;
    *p = r->subject + ov[2 * i];
    *n = ov[2 * i + 1] - ov[2 * i];
    return 1;
}

int rx_named(const struct rx *r, const char *name, const char **p, size_t *n)
{
    int i = pcre2_substring_number_from_name(r->code, (PCRE2_SPTR)name);

    if (i < 0)
        return 0;
    return rx_group(r, i, p, n);
}

int rx_groups(const struct rx *r)
{
    uint32_t c = 0;

    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &c);
    return (int)c;
}

const char *rx_pattern(const struct rx *r)
{
    return r->pattern;
}
