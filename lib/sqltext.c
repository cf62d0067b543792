/*
 * sqltext.c: lookup in the table tools/embed-sql.sh generates, and a
 * statement on one line.
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

void sql_one_line(const char *sql, char *out, size_t cap)
{
    size_t w = 0;

    for (const char *r = sql; *r && w + 1 < cap; r++) {
        if (r[0] == '-' && r[1] == '-') {
            while (*r && *r != '\n')
                r++;
            if (!*r)
                break;
        }
        if (*r == '\n' || *r == ' ' || *r == '\t') {
            if (w && out[w - 1] != ' ')
                out[w++] = ' ';
        } else {
            out[w++] = *r;
        }
    }
    out[w] = '\0';
}
