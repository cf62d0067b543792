/*
 * app_counts.c: a bounded hash map (open addressing, FNV-1a) from a group's
 * key to the counts a file of app records adds to it (app_counts.h). Keys
 * are copied; groups are kept in insertion order for the walk at file end.
 */
#include "app_counts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

enum { SHORT_KEY = 40 }; /* keys up to this long are kept in the group: one cache line less */

struct group {
    struct app_count c;
    size_t len;
    char *key; /* short, or its own copy */
    char short_key[SHORT_KEY];
};

/* a slot: the group's index + 1 (0: free) and 32 bits of its hash, checked first */
struct slot {
    uint32_t idx, tag;
};

struct app_counts {
    struct group *g; /* groups in insertion order */
    size_t n, max;
    struct slot *slot; /* nslots a power of two */
    size_t nslots;
};

enum { FIRST_SLOTS = 64 };

struct app_counts *app_counts_new(size_t max_keys)
{
    struct app_counts *m = calloc(1, sizeof(*m));

    if (!m)
        return NULL;
    m->max = max_keys;
    m->nslots = FIRST_SLOTS;
    if (!(m->slot = calloc(m->nslots, sizeof(*m->slot)))) {
        free(m);
        return NULL;
    }
    return m;
}

void app_counts_free(struct app_counts *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        if (m->g[i].len > SHORT_KEY)
            free(m->g[i].key);
    free(m->g);
    free(m->slot);
    free(m);
}

static uint64_t hash(const char *key, size_t len)
{
    uint64_t h = 14695981039346656037u;

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 1099511628211u;
    /* the low bits pick the slot: fold the high ones in (MurmurHash3's finalizer) */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return h;
}

/* Twice the slots, every group placed again: 0, or -1 out of memory (nothing changes). */
static int grow(struct app_counts *m)
{
    size_t n = m->nslots * 2;
    struct slot *slot = calloc(n, sizeof(*slot));

    if (!slot)
        return -1;
    for (size_t i = 0; i < m->n; i++) {
        uint64_t h = hash(m->g[i].key, m->g[i].len);
        size_t s = (size_t)h & (n - 1);
        while (slot[s].idx)
            s = (s + 1) & (n - 1);
        slot[s].idx = (uint32_t)(i + 1);
        slot[s].tag = (uint32_t)(h >> 32);
    }
    free(m->slot);
    m->slot = slot;
    m->nslots = n;
    return 0;
}

struct app_count *app_counts_get(struct app_counts *m, const char *key, size_t len)
{
    uint64_t h = hash(key, len);
    uint32_t tag = (uint32_t)(h >> 32);
    size_t s = (size_t)h & (m->nslots - 1);
    struct group *g;

    for (; m->slot[s].idx; s = (s + 1) & (m->nslots - 1)) {
        if (m->slot[s].tag != tag)
            continue;
        g = &m->g[m->slot[s].idx - 1];
        if (g->len == len && memcmp(g->key, key, len) == 0)
            return &g->c;
    }
    if (m->n >= m->max || m->n >= UINT32_MAX)
        return NULL;
    if ((m->n + 1) * 2 > m->nslots) { /* at most half full */
        if (grow(m))
            return NULL;
        return app_counts_get(m, key, len);
    }
    if (!(m->n & (m->n - 1))) { /* at 0, 1, 2, 4, ...: room for twice as many */
        struct group *more = realloc(m->g, (m->n ? m->n * 2 : 1) * sizeof(*more));
        if (!more)
            return NULL;
        m->g = more;
        for (size_t i = 0; i < m->n; i++) /* the short keys moved with their groups */
            if (m->g[i].len <= SHORT_KEY)
                m->g[i].key = m->g[i].short_key;
    }
    g = &m->g[m->n];
    g->key = len <= SHORT_KEY ? g->short_key : malloc(len);
    if (!g->key)
        return NULL;
    memcpy(g->key, key, len);
    g->len = len;
    memset(&g->c, 0, sizeof(g->c));
    m->slot[s].idx = (uint32_t)++m->n;
    m->slot[s].tag = tag;
    return &g->c;
}

size_t app_counts_size(const struct app_counts *m)
{
    return m->n;
}

struct app_count *app_counts_at(struct app_counts *m, size_t i, const char **key, size_t *len)
{
    if (i >= m->n)
        return NULL;
    *key = m->g[i].key;
    *len = m->g[i].len;
    return &m->g[i].c;
}

int app_count_date(struct app_count *c, const char *date)
{
    size_t n;

    if (!date || !*date)
        return 0;
    if ((n = strlen(date)) >= APP_COUNT_DATE)
        return -1;
    if (!c->lo[0] || strcmp(date, c->lo) < 0)
        memcpy(c->lo, date, n + 1);
    if (!c->hi[0] || strcmp(date, c->hi) > 0)
        memcpy(c->hi, date, n + 1);
    return 0;
}
