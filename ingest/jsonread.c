/*
 * jsonread.c: documents are read whole (capped) and parsed by cJSON; JSON
 * Lines are split on LF and parsed one line at a time, so memory stays flat
 * however long the file. Paths are walked segment by segment: a number
 * indexes an array, anything else names an object member.
 */
#include "jsonread.h"
#include "../lib/buf.h"
#include "../lib/err.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

struct jsonr {
    csvr_read_fn read;
    void *ctx;
    int lines;
    struct buf pending; /* bytes read; those from off on are not yet handed out */
    size_t off;
    const char *last; /* the line handed out last (JSON Lines), and its length */
    size_t last_len;
    char *chunk;
    size_t chunk_len; /* bytes the last read put in chunk */
    int eof;
    long line;
    cJSON *doc, *rec;
    int index, done;
    char problem[160];
};

struct jsonr *jsonr_new(csvr_read_fn read, void *ctx, int lines, struct trdb_err *err)
{
    struct jsonr *r = calloc(1, sizeof(*r));

    if (!r || !(r->chunk = malloc(1 << 16))) {
        free(r);
        trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        return NULL;
    }
    r->read = read;
    r->ctx = ctx;
    r->lines = lines;
    buf_init(&r->pending, (lines ? JSONR_LINE_CAP : JSONR_DOC_CAP) + (1 << 16));
    return r;
}

void jsonr_free(struct jsonr *r)
{
    if (!r)
        return;
    cJSON_Delete(r->doc);
    cJSON_Delete(r->rec);
    buf_release(&r->pending);
    free(r->chunk);
    free(r);
}

static int fill(struct jsonr *r, struct trdb_err *err)
{
    long got = r->read(r->ctx, r->chunk, 1 << 16);

    if (got < 0)
        return trdb_err_set(err, TRDB_EIO, "cannot read the JSON input");
    r->chunk_len = (size_t)got;
    if (got == 0) {
        r->eof = 1;
        return 0;
    }
    if (buf_append(&r->pending, r->chunk, (size_t)got))
        return 1; /* past the cap: the caller says so */
    return 0;
}

/* 1 when s[0..n) nests arrays and objects deeper than cJSON parses (it only says "invalid"). */
static int too_deep(const char *s, size_t n)
{
    size_t depth = 0;
    int in_string = 0;

    for (size_t i = 0; i < n; i++) {
        if (in_string) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_string = 0;
        } else if (s[i] == '"') {
            in_string = 1;
        } else if (s[i] == '[' || s[i] == '{') {
            if (++depth > CJSON_NESTING_LIMIT)
                return 1;
        } else if ((s[i] == ']' || s[i] == '}') && depth) {
            depth--;
        }
    }
    return 0;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/*
 * JSON Lines: lines are handed out by moving off forward; what is left is
 * moved to the front only before a read, so a file of many short lines is
 * not copied once per line.
 */
static void consume(struct jsonr *r, size_t n)
{
    r->off += n;
    if (r->off == r->pending.len)
        r->off = r->pending.len = 0;
}

static void compact(struct jsonr *r)
{
    if (r->off) {
        memmove(r->pending.data, r->pending.data + r->off, r->pending.len - r->off);
        r->pending.len -= r->off;
        r->off = 0;
    }
}

/* JSON Lines: the next non-blank line. */
static int next_line(struct jsonr *r, cJSON **rec, long *line, const char **problem,
                     struct trdb_err *err)
{
    for (;;) {
        size_t avail = r->pending.len - r->off;
        char *nl = avail ? memchr(r->pending.data + r->off, '\n', avail) : NULL;
        char *start;
        size_t n;
        int over = 0;

        while (!nl && !r->eof) {
            size_t before;
            int rc;

            compact(r);
            before = r->pending.len;
            rc = fill(r, err);
            if (rc < 0)
                return rc;
            if (rc > 0) {
                over = 1;
                break;
            }
            if (r->pending.len > before)
                nl = memchr(r->pending.data + before, '\n', r->pending.len - before);
            if (nl)
                break;
        }
        if (over) {
            /*
             * a line past the cap: drop it up to its end, and say so. Its end
             * may be in the chunk that did not fit, with the lines after it.
             */
            size_t got = r->chunk_len;
            r->line++;
            buf_reset(&r->pending);
            r->off = 0;
            for (;;) {
                char *e = got ? memchr(r->chunk, '\n', got) : NULL;
                long more;
                if (e) {
                    buf_append(&r->pending, e + 1, (size_t)(r->chunk + got - e - 1));
                    break;
                }
                more = r->read(r->ctx, r->chunk, 1 << 16);
                if (more < 0)
                    return trdb_err_set(err, TRDB_EIO, "cannot read the JSON input");
                if (more == 0) {
                    r->eof = 1;
                    break;
                }
                got = (size_t)more;
            }
            snprintf(r->problem, sizeof(r->problem), "line longer than %u bytes",
                     (unsigned)JSONR_LINE_CAP);
            r->last = ""; /* not kept */
            r->last_len = 0;
            *rec = NULL;
            *line = r->line;
            *problem = r->problem;
            return 1;
        }
        if (!nl && r->pending.len == r->off)
            return 0;
        start = r->pending.data + r->off;
        n = nl ? (size_t)(nl - start) : r->pending.len - r->off;
        r->line++;
        if (!blank(start, n)) {
            const char *end = NULL;
            cJSON_Delete(r->rec);
            r->rec = n > JSONR_LINE_CAP ? NULL : cJSON_ParseWithLengthOpts(start, n, &end, 0);
            *line = r->line;
            *problem = NULL;
            if (n > JSONR_LINE_CAP)
                snprintf(r->problem, sizeof(r->problem), "line longer than %u bytes",
                         (unsigned)JSONR_LINE_CAP);
            else if (!r->rec && too_deep(start, n))
                snprintf(r->problem, sizeof(r->problem), "JSON nested deeper than %d levels",
                         CJSON_NESTING_LIMIT);
            else if (!r->rec)
                snprintf(r->problem, sizeof(r->problem), "not a JSON object (invalid JSON)");
            else if (!cJSON_IsObject(r->rec))
                snprintf(r->problem, sizeof(r->problem), "not a JSON object");
            else if (!blank(end, n - (size_t)(end - start)))
                snprintf(r->problem, sizeof(r->problem), "text after the JSON object");
            else
                r->problem[0] = '\0';
            if (r->problem[0]) {
                cJSON_Delete(r->rec);
                r->rec = NULL;
                *problem = r->problem;
            }
            *rec = r->rec;
            r->last = n > JSONR_LINE_CAP ? "" : start;
            r->last_len = n > JSONR_LINE_CAP ? 0 : n && start[n - 1] == '\r' ? n - 1 : n;
            consume(r, n + (nl ? 1 : 0));
            return 1;
        }
        consume(r, n + (nl ? 1 : 0));
    }
}

int jsonr_next(struct jsonr *r, struct cJSON **rec, long *line, const char **problem,
               struct trdb_err *err)
{
    *rec = NULL;
    *problem = NULL;
    if (r->lines)
        return next_line(r, rec, line, problem, err);
    if (r->done)
        return 0;
    if (!r->doc && !r->index) {
        int rc = 0;
        while (!r->eof && (rc = fill(r, err)) == 0)
            ;
        if (rc < 0)
            return rc;
        if (rc > 0 || !buf_cstr(&r->pending)) {
            r->done = 1;
            snprintf(r->problem, sizeof(r->problem), "JSON document larger than %u bytes",
                     (unsigned)JSONR_DOC_CAP);
            *line = 1;
            *problem = r->problem;
            return 1;
        }
        {
            int empty = blank(r->pending.data, r->pending.len);
            r->doc = cJSON_ParseWithLength(r->pending.data, r->pending.len);
            if (!r->doc && too_deep(r->pending.data, r->pending.len))
                snprintf(r->problem, sizeof(r->problem), "JSON nested deeper than %d levels",
                         CJSON_NESTING_LIMIT);
            else if (!r->doc || !(cJSON_IsObject(r->doc) || cJSON_IsArray(r->doc)))
                snprintf(r->problem, sizeof(r->problem), "%s",
                         empty     ? "the capture is empty"
                         : !r->doc ? "not valid JSON"
                                   : "not a JSON object or array");
            buf_release(&r->pending);
        }
        if (!r->doc || !(cJSON_IsObject(r->doc) || cJSON_IsArray(r->doc))) {
            r->done = 1;
            *line = 1;
            *problem = r->problem;
            return 1;
        }
    }
    if (cJSON_IsObject(r->doc)) {
        r->done = 1;
        *rec = r->doc;
        *line = 1;
        return 1;
    }
    for (;;) {
        cJSON *item = cJSON_GetArrayItem(r->doc, r->index++);
        if (!item) {
            r->done = 1;
            return 0;
        }
        *line = r->index;
        if (!cJSON_IsObject(item)) {
            snprintf(r->problem, sizeof(r->problem), "element %d is not a JSON object", r->index);
            *problem = r->problem;
            return 1;
        }
        *rec = item;
        return 1;
    }
}

static const cJSON *walk(const cJSON *rec, const char *path)
{
    const cJSON *at = rec;
    char seg[128];

    while (at && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof(seg))
            return NULL;
        memcpy(seg, path, n);
        seg[n] = '\0';
        path += n + (path[n] == '.');
        if (cJSON_IsArray(at) && n && strspn(seg, "0123456789") == n)
            at = cJSON_GetArrayItem(at, (int)strtol(seg, NULL, 10));
        else if (cJSON_IsObject(at))
            at = cJSON_GetObjectItemCaseSensitive(at, seg);
        else
            return NULL;
    }
    return at;
}

size_t jsonr_value(const struct cJSON *rec, const char *path, char *out, size_t n)
{
    const cJSON *v = rec ? walk(rec, path) : NULL;
    int len = 0;

    if (n)
        out[0] = '\0';
    if (!v)
        return 0; /* n == 0 still measures: snprintf writes nothing then */
    if (cJSON_IsString(v)) {
        len = snprintf(out, n, "%s", v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        /* the range first: casting a double out of long long's range is undefined */
        if (d < 9e15 && d > -9e15 && d == (double)(long long)d)
            len = snprintf(out, n, "%lld", (long long)d);
        else
            len = snprintf(out, n, "%.15g", d);
    } else if (cJSON_IsBool(v)) {
        len = snprintf(out, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    }
    return len < 0 ? 0 : (size_t)len;
}

const char *jsonr_line_text(const struct jsonr *r, size_t *len)
{
    *len = r->last ? r->last_len : 0;
    return r->last;
}

int jsonr_has(const struct cJSON *rec, const char *path)
{
    const cJSON *v = rec ? walk(rec, path) : NULL;

    return v != NULL;
}

int jsonr_inexact(const struct cJSON *rec, const char *path)
{
    const cJSON *v = rec ? walk(rec, path) : NULL;
    char text[64];

    if (!v || !cJSON_IsNumber(v))
        return 0;
    /* whole numbers are written in full only below 9e15 (a double holds them all to 2^53) */
    if (v->valuedouble >= 9e15 || v->valuedouble <= -9e15)
        return 1;
    jsonr_value(v, "", text, sizeof(text));
    return strtod(text, NULL) != v->valuedouble;
}
