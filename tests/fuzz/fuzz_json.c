/*
 * fuzz_json.c: ingest/jsonread.c. The first byte picks JSON Lines or one
 * document, the size of the pieces the input arrives in, and whether the
 * first line is a path to ask for besides the usual ones; the rest is the
 * JSON. Every record is flattened at the paths the shipped JSON profiles
 * read ("results.0.trackName", "response.resultCount"...) and a few odd
 * ones, into buffers of several sizes, which must agree with each other;
 * dates at a profile's date path go through period_parse_instant.
 */
#include "fuzz.h"
#include "../../ingest/jsonread.h"
#include "../../ingest/profile.h"
#include "../../lib/err.h"
#include "../../model/period.h"

#include <cjson/cJSON.h>

#include "../../lib/banned.h"

#define MAX_PATHS 256
#define BIG (1u << 16)

static struct profile_set *set;
static struct period_parser *pp;
static const char *paths[MAX_PATHS];
static int is_date[MAX_PATHS]; /* a profile reads a date or time at this path */
static size_t npaths;
static char *big;

static void add_path(const char *p, int date)
{
    size_t i;

    for (i = 0; i < npaths && strcmp(paths[i], p) != 0; i++)
        ;
    if (i == npaths && npaths < MAX_PATHS)
        paths[npaths++] = p;
    if (i < npaths && date)
        is_date[i] = 1;
}

static void setup(void)
{
    static char long_segment[300];
    static const char *const odd[] = {"results.0.trackName",
                                      "results.0.trackId",
                                      "results.0.bundleId",
                                      "resultCount",
                                      "results",
                                      "results.0",
                                      "results.1",
                                      "results.-1",
                                      "results.00",
                                      "results.99999999999999999999",
                                      "results.2147483648",
                                      "",
                                      ".",
                                      "..",
                                      "a..b",
                                      "0",
                                      "a.b.c.d.e.f.g.h",
                                      NULL};
    struct trdb_err err = {0, ""};
    char dir[4096], vocab[4096];

    FUZZ_SETUP(profile_set_load(fuzz_data_path("formats", dir, sizeof(dir)),
                                fuzz_data_path("vocabulary", vocab, sizeof(vocab)), &set,
                                &err) == 0,
               err.msg);
    pp = period_parser_new(&err);
    FUZZ_SETUP(pp != NULL, err.msg);
    big = malloc(BIG);
    FUZZ_SETUP(big != NULL, "out of memory");
    for (size_t i = 0; i < set->n; i++) {
        const struct profile *p = &set->p[i];
        if (p->format == FORMAT_CSV)
            continue;
        for (size_t k = 0; p->keys && p->keys[k]; k++)
            add_path(p->keys[k], 0);
        for (int f = 0; f < F_COUNT; f++)
            if (p->field[f].src == SRC_PATH)
                add_path(p->field[f].path, f == F_DATE);
    }
    for (size_t i = 0; odd[i]; i++)
        add_path(odd[i], 0);
    /* a segment longer than the walker's own buffer */
    memset(long_segment, 'x', sizeof(long_segment) - 1);
    add_path(long_segment, 0);
}

/* The value at path, asked for with buffers of several sizes: all must agree. */
static void flatten(const cJSON *rec, const char *path, int date)
{
    static const size_t sizes[] = {0, 1, 2, 9, 64};
    size_t len = jsonr_value(rec, path, big, BIG);
    int has = jsonr_has(rec, path);

    FUZZ_CHECK(strlen(big) == (len < BIG ? len : BIG - 1));
    if (!has)
        FUZZ_CHECK(len == 0);
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        char small[64];
        size_t n = sizes[i];
        memset(small, 'Z', sizeof(small));
        FUZZ_CHECK(jsonr_value(rec, path, small, n) == len);
        if (n) {
            size_t want = len < n ? len : n - 1;
            FUZZ_CHECK(strlen(small) == want && memcmp(small, big, want) == 0);
        } else {
            FUZZ_CHECK(small[0] == 'Z'); /* nothing written */
        }
    }
    if (date && len && len < BIG) {
        struct trdb_err err = {0, ""};
        char out[24];
        for (int date_only = 0; date_only < 2; date_only++)
            if (period_parse_instant(pp, big, NULL, date_only, out, &err) == 0)
                fuzz_check_instant(out, date_only);
    }
}

/* 1 when text[0..n) is at the start of a line of the input. */
static int line_of_input(const uint8_t *data, size_t size, const char *text, size_t n)
{
    for (size_t i = 0; i + n <= size; i++)
        if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, text, n) == 0)
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trdb_err err = {0, ""};
    struct fuzz_mem m;
    struct jsonr *r;
    char *extra = NULL;
    long last = 0;
    int lines, rc, records = 0;

    if (!set)
        setup();
    if (size < 1)
        return 0;
    lines = data[0] & 1;
    m.step = fuzz_step(data[0] >> 1);
    m.data = data + 1;
    m.size = size - 1;
    m.pos = 0;
    if (data[0] & 16) {
        const uint8_t *nl = memchr(m.data, '\n', m.size);
        if (nl) {
            extra = fuzz_cstr(m.data, (size_t)(nl - m.data));
            m.size -= (size_t)(nl - m.data) + 1;
            m.data = nl + 1;
        }
    }

    r = jsonr_new(fuzz_mem_read, &m, lines, &err);
    FUZZ_SETUP(r != NULL, err.msg);
    for (;;) {
        cJSON *rec = NULL;
        const char *problem = NULL;
        long line = -1;

        rc = jsonr_next(r, &rec, &line, &problem, &err);
        FUZZ_CHECK(rc == 0 || rc == 1);
        if (rc == 0)
            break;
        records++;
        /* a record, or a reason: never both, never neither */
        FUZZ_CHECK((rec != NULL) != (problem != NULL));
        FUZZ_CHECK(!rec || cJSON_IsObject(rec));
        FUZZ_CHECK(!problem || problem[0]);
        FUZZ_CHECK(line >= 1);
        /* JSON Lines count lines, an array its elements: always forward */
        FUZZ_CHECK(line > last);
        last = line;
        FUZZ_CHECK(!lines || (size_t)line <= m.size + 1);
        {
            /* a line's text is one line of the input (a document has none) */
            size_t n;
            const char *text = jsonr_line_text(r, &n);
            FUZZ_CHECK(lines == (text != NULL));
            FUZZ_CHECK(!text || (n <= m.size && !memchr(text, '\n', n)));
            FUZZ_CHECK(!text || !rec || memchr(text, '{', n));
            FUZZ_CHECK(!text || !n || line_of_input(m.data, m.size, text, n));
        }
        for (size_t i = 0; i < npaths; i++)
            flatten(rec, paths[i], is_date[i]);
        if (extra)
            flatten(rec, extra, 1);
    }
    /* at the end it stays at the end */
    {
        cJSON *rec = NULL;
        const char *problem = NULL;
        long line = 0;
        FUZZ_CHECK(jsonr_next(r, &rec, &line, &problem, &err) == 0 && !rec);
    }
    /* a document that is not an array is one record, or one reason */
    FUZZ_CHECK(lines || records > 0 || (m.size && m.data[0] != '{'));
    jsonr_free(r);
    free(extra);
    return 0;
}
