/*
 * table.h: reading the table-driven test cases in tests/data/ (one case per
 * line, fields separated by tabs, '#' lines and blank lines ignored) and
 * turning each line into a cmocka test of its own, named after the line.
 * Header-only so that every unit test binary can use it.
 */
#ifndef TRDB_TEST_TABLE_H
#define TRDB_TEST_TABLE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_MAX_FIELDS 6

struct table_case {
    char *field[TABLE_MAX_FIELDS];
    int nfields;
    int line;
    char name[160];
};

/* Path of a file in tests/data: $TEST_DATA, else ./tests/data. */
static inline const char *table_path(const char *file, char *buf, size_t n)
{
    const char *base = getenv("TEST_DATA");
    snprintf(buf, n, "%s/%s", base && *base ? base : "tests/data", file);
    return buf;
}

/*
 * Read file (a name in tests/data) into cases; returns the count, or exits
 * the test program when the file cannot be read (a missing table is a
 * failure, never a pass).
 */
static inline int table_load(const char *file, struct table_case **out)
{
    char tpath[4096], line[4096];
    FILE *f = fopen(table_path(file, tpath, sizeof(tpath)), "r");
    struct table_case *cases = NULL;
    int n = 0, cap = 0, lineno = 0;

    if (!f) {
        fprintf(stderr, "cannot open test table %s\n", tpath);
        exit(1);
    }
    while (fgets(line, sizeof(line), f)) {
        struct table_case *c;
        char *p = line;
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            cases = realloc(cases, (size_t)cap * sizeof(*cases));
            if (!cases)
                exit(1);
        }
        c = &cases[n++];
        memset(c, 0, sizeof(*c));
        c->line = lineno;
        while (c->nfields < TABLE_MAX_FIELDS) {
            char *tab = strchr(p, '\t');
            if (tab)
                *tab = '\0';
            c->field[c->nfields++] = strdup(p);
            if (!tab)
                break;
            p = tab + 1;
        }
        snprintf(c->name, sizeof(c->name), "%s:%d [%s]", file, lineno, c->field[0]);
    }
    fclose(f);
    *out = cases;
    return n;
}

/* One cmocka test per case, each run by fn with the case as its state. */
static inline int table_run(const char *group, struct table_case *cases, int n,
                            CMUnitTestFunction fn)
{
    struct CMUnitTest *tests = calloc((size_t)n + 1, sizeof(*tests));
    int rc;

    for (int i = 0; i < n; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = fn;
        tests[i].initial_state = &cases[i];
    }
    rc = _cmocka_run_group_tests(group, tests, (size_t)n, NULL, NULL);
    free(tests);
    return rc;
}

/*
 * Split a field in place at each '|' (a list inside one cell) into at most
 * max pointers in out; returns the count (1 for "").
 */
static inline size_t table_split(char *s, char **out, size_t max)
{
    size_t n = 0;

    while (n < max) {
        char *bar = strchr(s, '|');
        out[n++] = s;
        if (!bar)
            break;
        *bar = '\0';
        s = bar + 1;
    }
    return n;
}

static inline void table_free(struct table_case *cases, int n)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; k < cases[i].nfields; k++)
            free(cases[i].field[k]);
    free(cases);
}

#endif
