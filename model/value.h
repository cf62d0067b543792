/*
 * value.h: reading one published figure ("1,234", "<10", "0 - 249",
 * "5000+", "?", "-", "83.00%", "1*") into a low..high pair plus flags.
 * Not for deciding what a figure means (metric, unit): profiles do that.
 */
#ifndef TRDB_VALUE_H
#define TRDB_VALUE_H

struct trdb_err;

enum value_status {
    VALUE_NONE,    /* no figure: blank, "-", "N/A"; store no fact */
    VALUE_UNKNOWN, /* "?": the publisher does not know or may not say; a fact with no bounds */
    VALUE_FIGURE   /* a number or a band; high may be open ("5000+") */
};

enum value_kind {
    VALUE_COUNT,   /* whole numbers, >= 0 */
    VALUE_PERCENT, /* 0..100; "83.00%", "83", or a fraction "0.83" when fraction is set */
    VALUE_NUMBER   /* any number >= 0, decimals allowed ("291.10" hours) */
};

struct value_opts {
    enum value_kind kind;
    int fraction;   /* percent: a bare number is a fraction of 1 ("0.83" -> 83) */
    int blank_zero; /* this publisher writes blank for zero */
    int dash_zero;  /* this publisher writes "-" for zero */
};

struct value {
    enum value_status status;
    int has_low, has_high;
    double low, high;
    int footnote; /* a footnote mark was stripped */
};

struct value_parser;

/* Compile the patterns. Returns NULL with a reason in err. */
struct value_parser *value_parser_new(struct trdb_err *err);
void value_parser_free(struct value_parser *vp);

/*
 * Parse s (NUL-terminated). Returns 0 and fills OUT v; TRDB_EDATA with the
 * cell quoted when it is not a figure of the kind asked for (text, a
 * negative count, a fraction of a request, a percent over 100, a number
 * past 2^53). opts may be NULL (counts).
 */
int value_parse(struct value_parser *vp, const char *s, const struct value_opts *opts,
                struct value *v, struct trdb_err *err);

#endif
