/*
 * test_hierarchy.c: ingest/hierarchy.c against tests/data/hierarchy.tsv, the
 * levels of a DSA Table 3 (TOTAL, categories, keywords under them), one
 * test per sequence of rows.
 */
#include "table.h"
#include "../../ingest/hierarchy.h"
#include "../../lib/err.h"
#include "../../lib/rx.h"

#include "../../lib/banned.h"

static struct hierarchy dsa;

static void hierarchy_case(void **state)
{
    struct table_case *c = *state;
    struct hier_state s;
    char *cells[64], *want[64];
    size_t n, nw;

    assert_int_equal(c->nfields, 2);
    n = table_split(c->field[0], cells, 64);
    nw = table_split(c->field[1], want, 64);
    assert_int_equal(n, nw);
    assert_int_equal(hier_state_init(&s, &dsa), 0);
    for (size_t i = 0; i < n; i++) {
        char why[400] = "", got[400];
        int level = hier_place(&s, cells[i], "Category", why, sizeof(why));
        if (strncmp(want[i], "error: ", 7) == 0) {
            assert_int_equal(level, -1);
            if (!strstr(why, want[i] + 7))
                fail_msg("row %zu: message '%s' lacks '%s'", i + 1, why, want[i] + 7);
            continue;
        }
        if (level < 0)
            fail_msg("row %zu rejected: %s", i + 1, why);
        snprintf(got, sizeof(got), "%d:%s/%s", level, s.row[F_REASON] ? s.row[F_REASON] : "",
                 s.row[F_SUBCATEGORY] ? s.row[F_SUBCATEGORY] : "");
        assert_string_equal(got, want[i]);
    }
    hier_state_release(&s);
}

int main(void)
{
    static struct hier_level levels[3] = {
        {NULL, F_REASON, NULL, -1, 1},
        {NULL, F_REASON, "category", -1, 1},
        {NULL, F_SUBCATEGORY, NULL, 1, 0},
    };
    static const char *const pats[3] = {"^TOTAL$", "^STATEMENT_CATEGORY_[A-Z0-9_]+$",
                                        "^KEYWORD_[A-Z0-9_]+$"};
    struct trdb_err err = {0, ""};
    struct table_case *cases;
    int n, rc;

    for (int i = 0; i < 3; i++)
        if (!(levels[i].match = rx_new(pats[i], RX_CASELESS, &err))) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
    dsa.levels = levels;
    dsa.nlevels = 3;
    n = table_load("hierarchy.tsv", &cases);
    rc = table_run("hier_place", cases, n, hierarchy_case);
    table_free(cases, n);
    for (int i = 0; i < 3; i++)
        rx_free(levels[i].match);
    return rc;
}
