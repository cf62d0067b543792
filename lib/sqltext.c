/*
 * sqltext.c: lookup in the table tools/embed-sql.sh generates.
 */
#include "sqltext.h"

#include <string.h>

#include "banned.h"

const char *sql_text(const char *path)
{
    for (const struct sql_text *s = sql_texts; s->path; s++)
        if (strcmp(s->path, path) == 0)
            return s->text;
    return NULL;
}
