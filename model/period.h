/*
 * period.h: reading the periods publishers write ("2019-06-30" ending a
 * half-year, "2013 H1", "January - June 2017", "12/31/2009", Excel serial
 * numbers, ISO intervals "2026-01-01/2026-06-30") into ISO start and end dates. Not for deciding
 * day/month order across a file: the caller passes the order, or learns that a cell is ambiguous
 * (TRDB_EAMBIG) and decides for the whole file.
 */
#ifndef TRDB_PERIOD_H
#define TRDB_PERIOD_H

struct trdb_err;

/* Years trdb accepts in a period. */
#define PERIOD_YEAR_MIN 1900
#define PERIOD_YEAR_MAX 2199

struct period {
    char start[11]; /* YYYY-MM-DD */
    char end[11];   /* YYYY-MM-DD, inclusive */
    int numeric;    /* the cell was a numeric date like 12/31/2009, whose order matters */
    int forced;     /* PERIOD_ORDER_DMY or _MDY when the cell itself shows its order (31/12) */
};

/* What a lone date (no label) stands for. */
enum period_date_role {
    PERIOD_DATE_ENDS,  /* the last day of a period of `months` months */
    PERIOD_DATE_IS_DAY /* the period is that one day */
};

enum period_order {
    PERIOD_ORDER_AUTO, /* decide from the cell; TRDB_EAMBIG when it cannot */
    PERIOD_ORDER_MDY,
    PERIOD_ORDER_DMY
};

struct period_opts {
    enum period_date_role role;
    int months; /* for PERIOD_DATE_ENDS; 6 when 0 */
    enum period_order order;
};

struct period_parser;

/* Compile the patterns. Returns NULL with a reason in err. */
struct period_parser *period_parser_new(struct trdb_err *err);
void period_parser_free(struct period_parser *pp);

/*
 * Parse s (NUL-terminated, surrounding white space allowed). Returns 0 and
 * fills OUT p; TRDB_EDATA for an unreadable or impossible period;
 * TRDB_EAMBIG for a slash date whose day/month order the cell cannot tell
 * under PERIOD_ORDER_AUTO. The message quotes s. opts may be NULL (half-year
 * ending dates, automatic order).
 */
int period_parse(struct period_parser *pp, const char *s, const struct period_opts *opts,
                 struct period *p, struct trdb_err *err);

/*
 * Read a point in time: a date in any form period_parse reads as a day
 * ("2020-12-31", "12/31/2020" in the order opts says, an Excel serial), or
 * an ISO 8601 date and time ("2019-02-05T22:55:23Z", "2020-12-31 08:00",
 * "2020-12-31T10:00:00+08:00", converted to UTC). OUT out: "YYYY-MM-DD" for a
 * date, "YYYY-MM-DDTHH:MM:SSZ" for a time (date_only: always the date, in
 * UTC). Returns 0, TRDB_EDATA, or TRDB_EAMBIG as period_parse.
 */
int period_parse_instant(struct period_parser *pp, const char *s, const struct period_opts *opts,
                         int date_only, char out[24], struct trdb_err *err);

/* 1 when p is a half-year: January to June, or July to December, of one year. */
int period_is_half_year(const struct period *p);

/*
 * Read a day written year first: "2026-08-31", or with one-digit months and
 * days and '/' or '.' ("2026/8/31", as some DSA reports write it), white
 * space around it allowed. OUT out: "YYYY-MM-DD". Returns 0, or TRDB_EDATA
 * quoting s ("'2026/13/1' is not a date (YYYY-MM-DD, or YYYY/M/D)").
 */
int period_parse_day(const char *s, char out[11], struct trdb_err *err);

/* 1 when y-m-d is a real calendar date within the years above. */
int period_date_valid(int y, int m, int d);

#endif
