/*
 * err.h: errors as values with words. A fallible function returns 0 or a
 * negative TRDB_E* code and fills the struct trdb_err its caller passed in
 * (which may be NULL). Not for printing: cli/ decides how an error is shown.
 */
#ifndef TRDB_ERR_H
#define TRDB_ERR_H

enum trdb_code {
    TRDB_OK = 0,
    TRDB_EUSAGE = -1,    /* the caller asked for something that makes no sense */
    TRDB_EIO = -2,       /* a file could not be read or written */
    TRDB_EDATA = -3,     /* the input is not what we can read */
    TRDB_EDB = -4,       /* SQLite said no */
    TRDB_ENOMEM = -5,    /* out of memory */
    TRDB_ELIMIT = -6,    /* input grew past a cap */
    TRDB_ENOTFOUND = -7, /* a name, file or profile does not exist */
    TRDB_EAMBIG = -8,    /* more than one reading is possible */
    TRDB_EBUSY = -9,     /* another process holds the database */
    TRDB_EINTR = -10     /* a signal asked to stop (lib/interrupt.h) */
};

struct trdb_err {
    int code;
    char msg[512];
};

/*
 * Record an error: sets err->code and formats err->msg (truncated to fit).
 * Returns code, so that `return trdb_err_set(err, TRDB_EDATA, ...)` works.
 * err may be NULL.
 */
int trdb_err_set(struct trdb_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Put context in front of an error already set: "CONTEXT: old message".
 * Returns err->code (0 when err is NULL).
 */
int trdb_err_prefix(struct trdb_err *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reset err to "no error". err may be NULL. */
void trdb_err_clear(struct trdb_err *err);

#endif
