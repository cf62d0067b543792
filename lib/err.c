/*
 * err.c: filling struct trdb_err. Messages are lower case, without a full
 * stop, and say what went wrong first (see STYLE.md rule 3).
 */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

int trdb_err_set(struct trdb_err *err, int code, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return code;
}

int trdb_err_prefix(struct trdb_err *err, const char *fmt, ...)
{
    char head[256];
    char old[sizeof((struct trdb_err){0}.msg)];
    va_list ap;

    if (!err)
        return 0;
    va_start(ap, fmt);
    vsnprintf(head, sizeof(head), fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof(old));
    if (snprintf(err->msg, sizeof(err->msg), "%s: %s", head, old) >= (int)sizeof(err->msg))
        memcpy(err->msg + sizeof(err->msg) - 4, "...", 4); /* cut short, and say so */
    return err->code;
}

void trdb_err_clear(struct trdb_err *err)
{
    if (!err)
        return;
    err->code = 0;
    err->msg[0] = '\0';
}
