/*
 * hierarchy.c: a row's place in its profile's hierarchy (hierarchy.h): the
 * level its cell matches, and the values it carries from the nearest row
 * above of the level it is under. The DSA Table 3 keyword rows
 * (KEYWORD_*) are under the category row (STATEMENT_CATEGORY_*) above
 * them, whatever that row's other cells. Not for the rows' other fields.
 */
#include "hierarchy.h"
#include "../lib/err.h"
#include "../lib/rx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

int hier_state_init(struct hier_state *s, const struct hierarchy *h)
{
    memset(s, 0, sizeof(*s));
    s->h = h;
    if (!h->nlevels)
        return 0;
    s->last = calloc(h->nlevels, sizeof(*s->last));
    s->seen = calloc(h->nlevels, sizeof(*s->seen));
    if (!s->last || !s->seen) {
        hier_state_release(s);
        return TRDB_ENOMEM;
    }
    return 0;
}

void hier_state_release(struct hier_state *s)
{
    if (!s)
        return;
    for (size_t l = 0; s->last && s->h && l < s->h->nlevels; l++)
        for (int f = 0; f < F_COUNT; f++)
            free(s->last[l][f]);
    free(s->last);
    free(s->seen);
    memset(s, 0, sizeof(*s));
}

/* 1 when level k is below level l: l is on the chain of its 'under's. */
static int below(const struct hierarchy *h, int k, int l)
{
    /* a level is only ever under one before it: the chain ends */
    for (int u = h->levels[k].under; u >= 0; u = h->levels[u].under)
        if (u == l)
            return 1;
    return 0;
}

int hier_place(struct hier_state *s, const char *cell, const char *column, char *why, size_t cap)
{
    const struct hierarchy *h = s->h;
    char *vals[F_COUNT] = {NULL};
    int level = -1;

    for (size_t l = 0; l < h->nlevels && level < 0; l++)
        if (rx_match(h->levels[l].match, cell, strlen(cell)) == 1)
            level = (int)l;
    if (level < 0) {
        snprintf(why, cap, "'%s' in column '%s' is of no level of the hierarchy", cell, column);
        return -1;
    }
    {
        const struct hier_level *lv = &h->levels[level];
        if (lv->under >= 0 && !s->seen[lv->under]) {
            snprintf(why, cap, "'%s' in column '%s' has no row of level '%s' above it", cell,
                     column, h->levels[lv->under].name);
            return -1;
        }
        for (int f = 0; f < F_COUNT; f++) {
            const char *v = f == lv->field ? cell : lv->under >= 0 ? s->last[lv->under][f] : NULL;
            if (v && !(vals[f] = strdup(v))) {
                for (int g = 0; g < f; g++)
                    free(vals[g]);
                return TRDB_ENOMEM;
            }
        }
    }
    for (int f = 0; f < F_COUNT; f++) {
        free(s->last[level][f]);
        s->last[level][f] = vals[f];
        s->row[f] = vals[f];
    }
    s->seen[level] = 1;
    /* a new row of this level: what was under its predecessor is under nothing now */
    for (size_t k = 0; k < h->nlevels; k++)
        if (below(h, (int)k, level))
            s->seen[k] = 0;
    return level;
}
