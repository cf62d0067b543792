/*
 * store_revise.c: what a new release restates (table revisions), found by
 * reading the previous release's rows and the new one's side by side in
 * rowid order and pairing the n-th figure of a key in one with the n-th in
 * the other through two hash tables of the rows still unpaired (few when
 * the releases list their rows in the same order). When too many stay
 * unpaired, model/revise.sql does it in SQL. Not for deciding which
 * release is newer (merge.sql).
 */
#include "store.h"
#include "store_int.h"
#include "../lib/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* at most this many rows wait for their pair (about 200 bytes each); past it, revise.sql */
enum { UNPAIRED_MAX = 100000, BUCKETS = 1 << 16 };

/*
 * the key of a figure: request_type, country, legal_process, requester,
 * product, reason, subcategory, detail, metric, period_start, period_end
 */
enum { NKEY = 11 };

/* A number as SQLite holds it: SQLITE_NULL, SQLITE_INTEGER or SQLITE_FLOAT. */
struct num {
    int type;
    sqlite3_int64 i;
    double d;
};

/* A row of fact_rows as the comparison reads it. */
struct frow {
    struct frow *next; /* in its key's queue */
    long line;
    long long dataset_id;
    struct num low, high;
    const char *raw;     /* NULL for NULL */
    const char *k[NKEY]; /* NULL for NULL */
};

/* The rows of one key waiting for a pair, in line order. */
struct queue {
    uint64_t hash;
    struct frow *head, *tail;
    struct queue *next; /* in its bucket */
};

struct side {
    struct queue **bucket;
};

struct revise {
    struct store *st;
    sqlite3_stmt *put; /* into temp.revised_rows */
    long long file_id, previous;
    struct side old, new;
    size_t unpaired;
    int gave_up;
};

static uint64_t key_hash(const struct frow *r)
{
    uint64_t h = 14695981039346656037ULL;

    for (int i = 0; i < NKEY; i++) {
        const unsigned char *p = (const unsigned char *)(r->k[i] ? r->k[i] : "");
        h = (h ^ (r->k[i] ? 1u : 2u)) * 1099511628211ULL;
        for (; *p; p++)
            h = (h ^ *p) * 1099511628211ULL;
    }
    return h;
}

static int same_key(const struct frow *a, const struct frow *b)
{
    for (int i = 0; i < NKEY; i++)
        if (a->k[i] != b->k[i] && (!a->k[i] || !b->k[i] || strcmp(a->k[i], b->k[i]) != 0))
            return 0;
    return 1;
}

/* A number read from column c; 0, or 1 for a value that is no number (revise.sql compares it). */
static int num_read(sqlite3_stmt *s, int c, struct num *n)
{
    n->type = sqlite3_column_type(s, c);
    if (n->type == SQLITE_INTEGER)
        n->i = sqlite3_column_int64(s, c);
    else if (n->type == SQLITE_FLOAT)
        n->d = sqlite3_column_double(s, c);
    return n->type != SQLITE_NULL && n->type != SQLITE_INTEGER && n->type != SQLITE_FLOAT;
}

/* SQL's "a IS NOT b" of two numbers. */
static int num_differ(const struct num *a, const struct num *b)
{
    if (a->type == SQLITE_NULL || b->type == SQLITE_NULL)
        return a->type != b->type;
    if (a->type == SQLITE_INTEGER && b->type == SQLITE_INTEGER)
        return a->i != b->i;
    /* stored integers are below 2^53 (store.c's bind_number): exact as doubles */
    return (a->type == SQLITE_INTEGER ? (double)a->i : a->d) !=
           (b->type == SQLITE_INTEGER ? (double)b->i : b->d);
}

static void num_bind(sqlite3_stmt *s, int i, const struct num *n)
{
    if (n->type == SQLITE_INTEGER)
        sqlite3_bind_int64(s, i, n->i);
    else if (n->type == SQLITE_FLOAT)
        sqlite3_bind_double(s, i, n->d);
    else
        sqlite3_bind_null(s, i);
}

static void text_bind(sqlite3_stmt *s, int i, const char *t)
{
    if (t)
        sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

/* The current row of s (see the SELECT in revise_pass); 1 when a value is no number. */
static int row_read(sqlite3_stmt *s, struct frow *r)
{
    memset(r, 0, sizeof(*r));
    r->line = (long)sqlite3_column_int64(s, 0);
    for (int i = 0; i < NKEY; i++)
        r->k[i] = (const char *)sqlite3_column_text(s, 1 + i);
    r->raw = (const char *)sqlite3_column_text(s, 14);
    r->dataset_id = sqlite3_column_int64(s, 15);
    return num_read(s, 12, &r->low) || num_read(s, 13, &r->high);
}

/* A copy of r in one block, texts and all; NULL when out of memory. */
static struct frow *row_copy(const struct frow *r)
{
    size_t len = sizeof(*r), at;
    struct frow *c;

    at = len;
    for (int i = 0; i < NKEY; i++)
        len += r->k[i] ? strlen(r->k[i]) + 1 : 0;
    len += r->raw ? strlen(r->raw) + 1 : 0;
    if (!(c = malloc(len)))
        return NULL;
    *c = *r;
    c->next = NULL;
    for (int i = 0; i <= NKEY; i++) {
        const char **t = i < NKEY ? &c->k[i] : &c->raw;
        size_t l;
        if (!*t)
            continue;
        l = strlen(*t) + 1;
        memcpy((char *)c + at, *t, l);
        *t = (char *)c + at;
        at += l;
    }
    return c;
}

/* The first row waiting in side with r's key, taken off its queue; NULL when none. */
static struct frow *side_take(struct revise *rv, struct side *sd, const struct frow *r, uint64_t h)
{
    struct queue **q = &sd->bucket[h & (BUCKETS - 1)];

    for (; *q; q = &(*q)->next) {
        struct queue *found = *q;
        struct frow *head = found->head;
        if (found->hash != h || !same_key(head, r))
            continue;
        found->head = head->next;
        if (!found->head) {
            *q = found->next;
            free(found);
        }
        rv->unpaired--;
        return head;
    }
    return NULL;
}

/* r waits in side for its pair; 0, or -1 when out of memory. */
static int side_put(struct revise *rv, struct side *sd, const struct frow *r, uint64_t h)
{
    struct queue **b = &sd->bucket[h & (BUCKETS - 1)], *q;
    struct frow *c = row_copy(r);

    if (!c)
        return -1;
    for (q = *b; q && (q->hash != h || !same_key(q->head, r)); q = q->next)
        ;
    if (!q) {
        if (!(q = calloc(1, sizeof(*q)))) {
            free(c);
            return -1;
        }
        q->hash = h;
        q->next = *b;
        *b = q;
        q->head = c;
    } else {
        q->tail->next = c;
    }
    q->tail = c;
    rv->unpaired++;
    return 0;
}

static void side_release(struct side *sd)
{
    if (!sd->bucket)
        return;
    for (size_t b = 0; b < BUCKETS; b++) {
        while (sd->bucket[b]) {
            struct queue *q = sd->bucket[b];
            sd->bucket[b] = q->next;
            while (q->head) {
                struct frow *r = q->head;
                q->head = r->next;
                free(r);
            }
            free(q);
        }
    }
    free(sd->bucket);
    sd->bucket = NULL;
}

/* A revision: old restated as n, or vanished (n NULL). Returns 0 or an error code. */
static int emit(struct revise *rv, const struct frow *o, const struct frow *n, struct trdb_err *err)
{
    /* temp.revised_rows' columns, as merge.sql makes it */
    static const int key_col[NKEY] = {3, 4, 7, 8, 9, 10, 11, 12, 13, 5, 6};
    sqlite3_stmt *s = rv->put;

    if (n && !num_differ(&o->low, &n->low) && !num_differ(&o->high, &n->high))
        return 0;
    sqlite3_bind_text(s, 1, n ? "changed" : "vanished", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, o->dataset_id);
    for (int i = 0; i < NKEY; i++)
        text_bind(s, key_col[i], o->k[i]);
    num_bind(s, 14, &o->low);
    num_bind(s, 15, &o->high);
    text_bind(s, 16, o->raw);
    if (n) {
        num_bind(s, 17, &n->low);
        num_bind(s, 18, &n->high);
        text_bind(s, 19, n->raw);
        sqlite3_bind_int64(s, 22, n->line);
    } else {
        for (int i = 17; i <= 19; i++)
            sqlite3_bind_null(s, i);
        sqlite3_bind_null(s, 22);
    }
    sqlite3_bind_int64(s, 20, rv->previous);
    sqlite3_bind_int64(s, 21, o->line);
    return store_step_done(rv->st, s, err, "cannot record a revision");
}

/*
 * One row of a side read: paired with the first row of its key waiting on
 * the other side, else it waits (or has none, once the other side is read to
 * its end). Returns 0 or an error code; gives up
 * (rv->gave_up) past UNPAIRED_MAX.
 */
static int pair_row(struct revise *rv, sqlite3_stmt *s, int is_old, int other_done,
                    struct trdb_err *err)
{
    struct frow cur, *other;
    uint64_t h;
    int rc;

    if (row_read(s, &cur)) {
        rv->gave_up = 1;
        return 0;
    }
    h = key_hash(&cur);
    other = side_take(rv, is_old ? &rv->new : &rv->old, &cur, h);
    if (other) {
        rc = is_old ? emit(rv, &cur, other, err) : emit(rv, other, &cur, err);
        free(other);
        return rc;
    }
    /* the other release is read to its end: an old row has vanished, a new one is new */
    if (other_done)
        return is_old ? emit(rv, &cur, NULL, err) : 0;
    if (rv->unpaired >= UNPAIRED_MAX) {
        rv->gave_up = 1;
        return 0;
    }
    if (side_put(rv, is_old ? &rv->old : &rv->new, &cur, h))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory comparing two releases");
    return 0;
}

/*
 * The rows of file in span that lie in the periods temp.revised gives
 * previous, in rowid order (the file's order). When every period of the
 * file is one of them (a release of the same periods), no row is looked up
 * there.
 */
static int side_open(struct revise *rv, const long long span[2], long long file, sqlite3_stmt **s,
                     struct trdb_err *err)
{
    static const char sql[] =
        "SELECT o.line, o.request_type, o.country, o.legal_process, o.requester, o.product, "
        "o.reason, o.subcategory, o.detail, o.metric, o.period_start, o.period_end, o.value_low, "
        "o.value_high, o.value_raw, o.dataset_id FROM fact_rows o "
        "WHERE o.id BETWEEN ?1 AND ?2 AND +o.file_id = ?3 AND (?5 OR EXISTS (SELECT 1 FROM "
        "temp.revised r WHERE r.dataset_id = o.dataset_id AND r.period_start = o.period_start "
        "AND r.period_end = o.period_end AND r.previous = ?4)) ORDER BY o.id";
    static const char all_sql[] =
        "SELECT NOT EXISTS (SELECT 1 FROM file_periods fp JOIN source_files s ON s.id = fp.file_id "
        "WHERE fp.file_id = ?1 AND NOT EXISTS (SELECT 1 FROM temp.revised r "
        "WHERE r.dataset_id = s.dataset_id AND r.period_start = fp.period_start "
        "AND r.period_end = fp.period_end AND r.previous = ?2))";
    sqlite3_stmt *all = NULL;
    int every = 0;

    if (sqlite3_prepare_v2(store_db(rv->st), all_sql, -1, &all, NULL) != SQLITE_OK)
        return store_db_error(rv->st, err, "cannot read a release's periods");
    sqlite3_bind_int64(all, 1, file);
    sqlite3_bind_int64(all, 2, rv->previous);
    if (sqlite3_step(all) == SQLITE_ROW)
        every = sqlite3_column_int(all, 0);
    sqlite3_finalize(all);
    if (sqlite3_prepare_v2(store_db(rv->st), sql, -1, s, NULL) != SQLITE_OK)
        return store_db_error(rv->st, err, "cannot read a release's rows");
    sqlite3_bind_int64(*s, 1, span[0]);
    sqlite3_bind_int64(*s, 2, span[1]);
    sqlite3_bind_int64(*s, 3, file);
    sqlite3_bind_int64(*s, 4, rv->previous);
    sqlite3_bind_int(*s, 5, every);
    return 0;
}

/* Compare the rows of previous with the file's, in the periods it restates. */
static int revise_pass(struct revise *rv, const long long mine[2], struct trdb_err *err)
{
    long long theirs[2] = {0, -1};
    sqlite3_stmt *o = NULL, *n = NULL;
    int rc, more_o = 1, more_n = 1;

    if ((rc = store_rowid_span(rv->st, "fact_rows", rv->previous, theirs, err)) ||
        (rc = side_open(rv, theirs, rv->previous, &o, err)) ||
        (rc = side_open(rv, mine, rv->file_id, &n, err)))
        goto out;
    rv->old.bucket = calloc(BUCKETS, sizeof(*rv->old.bucket));
    rv->new.bucket = calloc(BUCKETS, sizeof(*rv->new.bucket));
    if (!rv->old.bucket || !rv->new.bucket) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory comparing two releases");
        goto out;
    }
    /* a row from each side in turn: releases in the same order pair as they go */
    while (!rc && !rv->gave_up && (more_o || more_n)) {
        for (int side = 0; side < 2 && !rc && !rv->gave_up; side++) {
            sqlite3_stmt *s = side == 0 ? o : n;
            int *more = side == 0 ? &more_o : &more_n;
            int step;
            if (!*more)
                continue;
            step = sqlite3_step(s);
            if (step == SQLITE_ROW)
                rc = pair_row(rv, s, side == 0, side == 0 ? !more_n : !more_o, err);
            else if (step == SQLITE_DONE)
                *more = 0;
            else
                rc = store_db_error(rv->st, err, "cannot read a release's rows");
        }
    }
    /* what of the old release found no pair has vanished */
    for (size_t b = 0; !rc && !rv->gave_up && b < BUCKETS; b++)
        for (struct queue *q = rv->old.bucket[b]; q && !rc; q = q->next)
            for (struct frow *r = q->head; r && !rc; r = r->next)
                rc = emit(rv, r, NULL, err);
out:
    side_release(&rv->old);
    side_release(&rv->new);
    rv->unpaired = 0;
    sqlite3_finalize(o);
    sqlite3_finalize(n);
    return rc;
}

int store_revise(struct store *st, long long file_id, const long long span[2], struct trdb_err *err)
{
    static const char put_sql[] =
        "INSERT INTO temp.revised_rows (kind, dataset_id, request_type, country, period_start, "
        "period_end, legal_process, requester, product, reason, subcategory, detail, metric, "
        "old_low, old_high, old_raw, new_low, new_high, new_raw, old_file, old_line, new_line) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
        "?19, ?20, ?21, ?22)";
    /* in the order revise.sql records them: by key, then line */
    static const char keep_sql[] =
        "INSERT INTO revisions (run, kind, dataset_id, request_type, country, period_start, "
        "period_end, legal_process, requester, product, reason, subcategory, detail, metric, "
        "old_low, old_high, old_raw, new_low, new_high, new_raw, old_file, old_line, new_file, "
        "new_line) "
        "SELECT (SELECT run FROM source_files WHERE id = ?1), kind, dataset_id, request_type, "
        "country, period_start, period_end, legal_process, requester, product, reason, "
        "subcategory, detail, metric, old_low, old_high, old_raw, new_low, new_high, new_raw, "
        "old_file, old_line, ?1, new_line FROM temp.revised_rows "
        "ORDER BY request_type, country, legal_process, requester, product, reason, subcategory, "
        "detail, metric, period_start, period_end, old_line";
    struct revise rv;
    sqlite3_stmt *prev = NULL, *keep = NULL;
    long long previous[64];
    int nprev = 0, rc = 0;

    memset(&rv, 0, sizeof(rv));
    rv.st = st;
    rv.file_id = file_id;
    if (sqlite3_prepare_v2(store_db(st), "SELECT DISTINCT previous FROM temp.revised", -1, &prev,
                           NULL) != SQLITE_OK)
        return store_db_error(st, err, "cannot list the releases a file restates");
    while ((rc = sqlite3_step(prev)) == SQLITE_ROW && nprev < 64)
        previous[nprev++] = sqlite3_column_int64(prev, 0);
    /* a file restating more releases than that at once is compared in SQL */
    rv.gave_up = rc == SQLITE_ROW;
    sqlite3_finalize(prev);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_db_error(st, err, "cannot list the releases a file restates");
    rc = 0;
    if (!nprev && !rv.gave_up)
        return 0;
    if (sqlite3_prepare_v2(store_db(st), put_sql, -1, &rv.put, NULL) != SQLITE_OK)
        return store_db_error(st, err, "cannot record a revision");
    for (int i = 0; i < nprev && !rc && !rv.gave_up; i++) {
        rv.previous = previous[i];
        rc = revise_pass(&rv, span, err);
    }
    sqlite3_finalize(rv.put);
    if (rc)
        return rc;
    if (rv.gave_up)
        return (rc = store_exec(st, "DELETE FROM temp.revised_rows", err,
                                "cannot compare two releases"))
                   ? rc
                   : store_run_script(st, "model/revise.sql", file_id, err);
    if (sqlite3_prepare_v2(store_db(st), keep_sql, -1, &keep, NULL) != SQLITE_OK)
        return store_db_error(st, err, "cannot record the revisions");
    sqlite3_bind_int64(keep, 1, file_id);
    rc = store_step_done(st, keep, err, "cannot record the revisions");
    sqlite3_finalize(keep);
    return rc ? rc
              : store_exec(st, "DELETE FROM temp.revised_rows", err, "cannot record the revisions");
}
