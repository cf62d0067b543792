/*
 * fact_groups.c: count a loading file's facts in summary.sql's groups while
 * the writer stores them (a hash table of the groups, and the row being
 * counted, whose percentages take their weight from the requests beside
 * them). Not for deciding when the counts may stand in for the rows
 * (merge.sql, store_script.c) or for the summary rules (summary.sql).
 */
#include "fact_groups.h"
#include "value.h"
#include "../lib/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/*
 * At most this many groups (about 150 bytes each): a file with more (one
 * group per row, say) is counted from its rows by summary.sql, and memory
 * stays flat.
 */
enum { GROUPS_MAX = 50000 };

/* the dimensions a percentage and its requests share (summary.sql's weight) */
enum { D_REQUEST_TYPE, D_LEGAL_PROCESS, D_REQUESTER, D_PRODUCT, D_REASON, D_COUNT };

struct group_rec {
    struct fact_group g; /* its strings point into key */
    uint64_t hash;
    char *key;
};

/* A fact of the row being counted. */
struct pending {
    size_t group; /* its group, or (size_t)-1 when it counts in none (no country) */
    int pct;      /* a percentage, which takes a weight */
    int requests; /* requests, which give one */
    int has_low, has_high;
    double low, high;
    size_t dim[D_COUNT]; /* offsets in the row's arena, or (size_t)-1 for NULL */
};

/* A set of keys (a 64-bit number and two texts), each kept once, in the order first seen. */
struct keyset {
    struct seen_key *keys;
    size_t n, cap;
    size_t *slots; /* index + 1, 0 free */
    size_t nslots;
};

struct seen_key {
    uint64_t hash;
    long long num;
    char *a, *b; /* one block: a, then b */
};

/* at most this many periods, and as many (dataset, country) pairs, are kept for a file */
enum { SEEN_MAX = 20000 };

struct fact_groups {
    struct group_rec *recs;
    size_t n, cap;
    size_t *slots; /* open addressing: index + 1 of a group, 0 for a free slot */
    size_t nslots;
    struct pending *row;
    size_t nrow, rowcap;
    char *arena; /* the row's dimensions, NUL-terminated */
    size_t alen, acap;
    long long row_file;
    long row_line;
    int in_row;
    int unusable;
    struct keyset periods, countries;
    struct file_seen span;
    int seen_lost; /* a period or country did not fit */
};

struct fact_groups *fact_groups_new(void)
{
    struct fact_groups *g = calloc(1, sizeof(struct fact_groups));

    if (g)
        g->span.last_fact = g->span.last_note = -1;
    return g;
}

static void keyset_reset(struct keyset *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->keys[i].a);
    k->n = 0;
    if (k->slots)
        memset(k->slots, 0, k->nslots * sizeof(*k->slots));
}

static void keyset_free(struct keyset *k)
{
    keyset_reset(k);
    free(k->keys);
    free(k->slots);
}

void fact_groups_reset(struct fact_groups *g)
{
    if (!g)
        return;
    keyset_reset(&g->periods);
    keyset_reset(&g->countries);
    g->span.first_fact = g->span.first_note = 0;
    g->span.last_fact = g->span.last_note = -1;
    g->seen_lost = 0;
    for (size_t i = 0; i < g->n; i++)
        free(g->recs[i].key);
    g->n = 0;
    if (g->slots)
        memset(g->slots, 0, g->nslots * sizeof(*g->slots));
    g->nrow = 0;
    g->alen = 0;
    g->in_row = 0;
    g->row_file = 0;
    g->row_line = 0;
    g->unusable = 0;
}

void fact_groups_free(struct fact_groups *g)
{
    if (!g)
        return;
    fact_groups_reset(g);
    keyset_free(&g->periods);
    keyset_free(&g->countries);
    free(g->recs);
    free(g->slots);
    free(g->row);
    free(g->arena);
    free(g);
}

static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* a text of the key: its bytes and its end, or a mark of NULL */
static uint64_t fnv_text(uint64_t h, const char *s)
{
    static const unsigned char null_mark[2] = {0xff, 0};

    return s ? fnv(h, s, strlen(s) + 1) : fnv(h, null_mark, sizeof(null_mark));
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* Keep (num, a, b) in k once; 0, or -1 when it does not fit (SEEN_MAX, or no memory). */
static int keyset_add(struct keyset *k, long long num, const char *a, const char *b)
{
    uint64_t h = fnv_text(fnv_text(fnv(14695981039346656037ULL, &num, sizeof(num)), a), b);
    struct seen_key *e;
    size_t at, la = strlen(a) + 1, lb = strlen(b) + 1;

    if (k->n * 2 >= k->nslots) {
        size_t n = k->nslots ? k->nslots * 2 : 64;
        size_t *slots = calloc(n, sizeof(*slots));
        if (!slots)
            return -1;
        for (size_t i = 0; i < k->n; i++) {
            size_t j = (size_t)k->keys[i].hash & (n - 1);
            while (slots[j])
                j = (j + 1) & (n - 1);
            slots[j] = i + 1;
        }
        free(k->slots);
        k->slots = slots;
        k->nslots = n;
    }
    for (at = (size_t)h & (k->nslots - 1); k->slots[at]; at = (at + 1) & (k->nslots - 1)) {
        e = &k->keys[k->slots[at] - 1];
        if (e->hash == h && e->num == num && strcmp(e->a, a) == 0 && strcmp(e->b, b) == 0)
            return 0;
    }
    if (k->n >= SEEN_MAX || ALLOC_GROW(k->keys, k->n + 1, k->cap))
        return -1;
    e = &k->keys[k->n];
    if (!(e->a = malloc(la + lb)))
        return -1;
    memcpy(e->a, a, la);
    e->b = e->a + la;
    memcpy(e->b, b, lb);
    e->hash = h;
    e->num = num;
    k->slots[at] = ++k->n;
    return 0;
}

static void span_add(long long *first, long long *last, long long id)
{
    if (*last < *first || id < *first)
        *first = id;
    if (*last < *first || id > *last)
        *last = id;
}

/* The key fields of a fact as its group has them. */
struct key {
    long long dataset_id;
    const char *country, *period_start, *period_end, *request_type, *metric, *product;
    int is_aggregate, is_total, no_sub;
};

static uint64_t key_hash(const struct key *k)
{
    uint64_t h = 14695981039346656037ULL;
    int flags[3] = {k->is_aggregate, k->is_total, k->no_sub};

    h = fnv(h, &k->dataset_id, sizeof(k->dataset_id));
    h = fnv(h, flags, sizeof(flags));
    h = fnv_text(h, k->country);
    h = fnv_text(h, k->period_start);
    h = fnv_text(h, k->period_end);
    h = fnv_text(h, k->request_type);
    h = fnv_text(h, k->metric);
    return fnv_text(h, k->product);
}

static int key_is(const struct fact_group *g, const struct key *k)
{
    return g->dataset_id == k->dataset_id && g->is_aggregate == k->is_aggregate &&
           g->is_total == k->is_total && g->no_sub == k->no_sub &&
           strcmp(g->country, k->country) == 0 && strcmp(g->period_start, k->period_start) == 0 &&
           strcmp(g->period_end, k->period_end) == 0 &&
           strcmp(g->request_type, k->request_type) == 0 && strcmp(g->metric, k->metric) == 0 &&
           same_text(g->product, k->product);
}

/* Double the slots (at least 64) and place every group again. Returns 0 or -1. */
static int rehash(struct fact_groups *g)
{
    size_t n = g->nslots ? g->nslots * 2 : 64;
    size_t *slots = calloc(n, sizeof(*slots));

    if (!slots)
        return -1;
    for (size_t i = 0; i < g->n; i++) {
        size_t at = (size_t)g->recs[i].hash & (n - 1);
        while (slots[at])
            at = (at + 1) & (n - 1);
        slots[at] = i + 1;
    }
    free(g->slots);
    g->slots = slots;
    g->nslots = n;
    return 0;
}

/* A copy of the key's texts in one block, the group's strings pointing into it. */
static int group_init(struct group_rec *r, const struct key *k, uint64_t hash)
{
    const char *texts[6] = {k->country,      k->period_start, k->period_end,
                            k->request_type, k->metric,       k->product};
    const char **dest[6] = {&r->g.country,      &r->g.period_start, &r->g.period_end,
                            &r->g.request_type, &r->g.metric,       &r->g.product};
    size_t len = 0, at = 0;

    for (int i = 0; i < 6; i++)
        len += texts[i] ? strlen(texts[i]) + 1 : 0;
    memset(r, 0, sizeof(*r));
    if (!(r->key = malloc(len ? len : 1)))
        return -1;
    for (int i = 0; i < 6; i++) {
        size_t l;
        if (!texts[i])
            continue;
        l = strlen(texts[i]) + 1;
        memcpy(r->key + at, texts[i], l);
        *dest[i] = r->key + at;
        at += l;
    }
    r->hash = hash;
    r->g.dataset_id = k->dataset_id;
    r->g.is_aggregate = k->is_aggregate;
    r->g.is_total = k->is_total;
    r->g.no_sub = k->no_sub;
    return 0;
}

/* The index of the group of key k, added when new; (size_t)-1 when the groups give up. */
static size_t group_of(struct fact_groups *g, const struct key *k)
{
    uint64_t h = key_hash(k);
    size_t at;

    if (g->n * 2 >= g->nslots && rehash(g))
        return (size_t)-1;
    for (at = (size_t)h & (g->nslots - 1); g->slots[at]; at = (at + 1) & (g->nslots - 1)) {
        struct group_rec *r = &g->recs[g->slots[at] - 1];
        if (r->hash == h && key_is(&r->g, k))
            return g->slots[at] - 1;
    }
    if (g->n >= GROUPS_MAX || ALLOC_GROW(g->recs, g->n + 1, g->cap) ||
        group_init(&g->recs[g->n], k, h))
        return (size_t)-1;
    g->slots[at] = ++g->n;
    return g->n - 1;
}

static const char *dim_at(const struct fact_groups *g, size_t off)
{
    return off == (size_t)-1 ? NULL : g->arena + off;
}

/* The row's facts counted: each percentage weighted by the first requests of its dimensions. */
static void row_flush(struct fact_groups *g)
{
    for (size_t i = 0; i < g->nrow; i++) {
        const struct pending *p = &g->row[i];
        struct fact_group *grp;
        if (p->group == (size_t)-1)
            continue;
        grp = &g->recs[p->group].g;
        grp->n++;
        if (p->has_low) {
            grp->n_low++;
            grp->sum_low += p->low;
        }
        if (p->has_high) {
            grp->n_high++;
            grp->sum_high += p->high;
        }
        if (!p->pct || !p->has_low)
            continue;
        for (size_t j = 0; j < g->nrow; j++) {
            const struct pending *q = &g->row[j];
            int d = 0;
            if (!q->requests)
                continue;
            while (d < D_COUNT && same_text(dim_at(g, p->dim[d]), dim_at(g, q->dim[d])))
                d++;
            if (d < D_COUNT)
                continue;
            if (q->has_low) {
                double w = q->has_high ? (q->low + q->high) / 2.0 : q->low;
                grp->sum_w += w;
                grp->sum_lw += p->low * w;
            }
            break; /* the first such fact, with a figure or not */
        }
    }
    g->nrow = 0;
    g->alen = 0;
}

/* Keep a dimension of the row's fact in the row's arena: its offset, (size_t)-1 for NULL. */
static size_t row_keep(struct fact_groups *g, const char *s)
{
    size_t l, at = g->alen;

    if (!s)
        return (size_t)-1;
    l = strlen(s) + 1;
    if (ALLOC_GROW(g->arena, g->alen + l, g->acap)) {
        g->unusable = 1;
        return (size_t)-1;
    }
    memcpy(g->arena + at, s, l);
    g->alen += l;
    return at;
}

void fact_groups_add(struct fact_groups *g, const struct fact *f)
{
    const char *dims[D_COUNT] = {f->request_type, f->legal_process, f->requester, f->product,
                                 f->reason};
    struct pending *p;

    if (!g)
        return;
    if (!g->seen_lost && (keyset_add(&g->periods, 0, f->period_start, f->period_end) ||
                          (f->country && keyset_add(&g->countries, f->dataset_id, f->country, ""))))
        g->seen_lost = 1;
    if (g->unusable)
        return;
    if (!g->in_row || f->file_id != g->row_file || f->line != g->row_line) {
        if (g->in_row && f->file_id == g->row_file && f->line < g->row_line) {
            g->unusable = 1; /* a row's facts may lie apart: their weights cannot be had */
            return;
        }
        row_flush(g);
        g->in_row = 1;
        g->row_file = f->file_id;
        g->row_line = f->line;
    }
    if (ALLOC_GROW(g->row, g->nrow + 1, g->rowcap)) {
        g->unusable = 1;
        return;
    }
    p = &g->row[g->nrow++];
    memset(p, 0, sizeof(*p));
    p->group = (size_t)-1;
    if (f->country) {
        struct key k = {f->dataset_id,
                        f->country,
                        f->period_start,
                        f->period_end,
                        f->request_type,
                        f->metric,
                        f->product,
                        f->is_aggregate,
                        f->reason && strcmp(f->reason, "TOTAL") == 0,
                        f->subcategory == NULL};
        if ((p->group = group_of(g, &k)) == (size_t)-1) {
            g->unusable = 1;
            return;
        }
    }
    p->pct = strcmp(f->metric, "pct_disclosed") == 0;
    p->requests = strcmp(f->metric, "requests") == 0;
    p->has_low = f->v->status == VALUE_FIGURE && f->v->has_low;
    p->has_high = f->v->status == VALUE_FIGURE && f->v->has_high;
    p->low = f->v->low;
    p->high = f->v->high;
    for (int d = 0; d < D_COUNT; d++)
        p->dim[d] = row_keep(g, dims[d]);
}

int fact_groups_finish(struct fact_groups *g)
{
    if (!g || g->unusable)
        return 0;
    row_flush(g);
    g->in_row = 0;
    return 1;
}

size_t fact_groups_count(const struct fact_groups *g)
{
    return g ? g->n : 0;
}

const struct fact_group *fact_groups_at(const struct fact_groups *g, size_t i)
{
    return &g->recs[i].g;
}

void fact_groups_fact_id(struct fact_groups *g, long long id)
{
    if (g)
        span_add(&g->span.first_fact, &g->span.last_fact, id);
}

void fact_groups_note(struct fact_groups *g, const char *period_start, const char *period_end,
                      long long id)
{
    if (!g)
        return;
    span_add(&g->span.first_note, &g->span.last_note, id);
    if (!g->seen_lost && keyset_add(&g->periods, 0, period_start, period_end))
        g->seen_lost = 1;
}

int fact_groups_seen(const struct fact_groups *g, struct file_seen *out)
{
    if (!g || g->seen_lost)
        return 0;
    *out = g->span;
    return 1;
}

size_t fact_groups_nperiods(const struct fact_groups *g)
{
    return g ? g->periods.n : 0;
}

void fact_groups_period_at(const struct fact_groups *g, size_t i, const char **start,
                           const char **end)
{
    *start = g->periods.keys[i].a;
    *end = g->periods.keys[i].b;
}

size_t fact_groups_ncountries(const struct fact_groups *g)
{
    return g ? g->countries.n : 0;
}

void fact_groups_country_at(const struct fact_groups *g, size_t i, long long *dataset_id,
                            const char **country)
{
    *dataset_id = g->countries.keys[i].num;
    *country = g->countries.keys[i].a;
}
