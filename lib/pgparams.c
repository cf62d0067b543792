/*
 * pgparams.c: SQLite parameters (:name, @name, ?NNN) to PostgreSQL's $N,
 * skipping what is not SQL code: '...' strings, "..." identifiers, -- and
 * block comments, and the :: of a cast.
 */
#include "pgparams.h"
#include "buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

static int is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

/* The end of the quoted run starting at p (quote q, doubled to escape). */
static const char *skip_quoted(const char *p, char q)
{
    for (p++; *p; p++)
        if (*p == q) {
            if (p[1] != q)
                return p + 1;
            p++;
        }
    return p;
}

/* The end of the comment starting at p ("--" or block, PostgreSQL's nesting). */
static const char *skip_comment(const char *p)
{
    int depth = 0;

    if (p[0] == '-')
        return p + strcspn(p, "\n");
    for (; *p; p++) {
        if (p[0] == '/' && p[1] == '*') {
            depth++;
            p++;
        } else if (p[0] == '*' && p[1] == '/') {
            p++;
            if (--depth == 0)
                return p + 1;
        }
    }
    return p;
}

int pgparams_index(const struct pgparams *p, const char *name)
{
    for (int k = 0; k < p->n; k++)
        if (strcmp(p->names[k], name) == 0)
            return k + 1;
    return 0;
}

void pgparams_release(struct pgparams *p)
{
    free(p->sql);
    p->sql = NULL;
    p->n = 0;
}

int pgparams_rewrite(const char *sql, struct pgparams *out)
{
    struct buf b;
    const char *p = sql;

    memset(out, 0, sizeof(*out));
    buf_init(&b, 1 << 24);
    while (*p) {
        const char *start = p;
        size_t len;
        char name[PGPARAMS_NAME_MAX];
        int k;
        if (*p == '\'' || *p == '"') {
            p = skip_quoted(p, *p);
        } else if ((p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '*')) {
            p = skip_comment(p);
        } else if (p[0] == ':' && p[1] == ':') {
            p += 2; /* a cast: x::numeric */
        } else if ((*p == ':' || *p == '@') && is_name_char(p[1]) &&
                   !(p > sql && is_name_char(p[-1]) && *p == '@')) {
            for (p++; is_name_char(*p); p++)
                ;
        } else if (*p == '?') {
            for (p++; isdigit((unsigned char)*p); p++)
                ;
            if (p - start == 1)
                goto fail; /* a bare ? has no name to match a value by */
        } else {
            /* ordinary code: up to the next character that may start something else */
            for (p++; *p && !strchr("'\":@?-/", *p); p++)
                ;
            if (buf_append(&b, start, (size_t)(p - start)))
                goto fail;
            continue;
        }
        if (*start != ':' && *start != '@' && *start != '?') {
            if (buf_append(&b, start, (size_t)(p - start)))
                goto fail;
            continue;
        }
        if (start[0] == ':' && start[1] == ':') {
            if (buf_append(&b, start, 2))
                goto fail;
            continue;
        }
        len = (size_t)(p - start);
        if (len >= sizeof(name))
            goto fail;
        memcpy(name, start, len);
        name[len] = '\0';
        if (!(k = pgparams_index(out, name))) {
            if (out->n == PGPARAMS_MAX)
                goto fail;
            memcpy(out->names[out->n++], name, len + 1);
            k = out->n;
        }
        if (buf_printf(&b, "$%d", k))
            goto fail;
    }
    if (!buf_cstr(&b))
        goto fail;
    out->sql = b.len ? buf_detach(&b) : strdup("");
    buf_release(&b);
    if (!out->sql)
        goto fail;
    return 0;
fail:
    buf_release(&b);
    memset(out, 0, sizeof(*out));
    return -1;
}
