/*
 * hierarchy.h: placing a file's rows in the hierarchy its profile declares
 * (profile key "hierarchy"): which level a row is of, from its cell in the
 * hierarchy's column, and the values of the hierarchy's fields, a level
 * "under" another taking them from the nearest row above of that level.
 * Not for loading the levels (profile_rows.c) or storing facts (rowmap.c).
 */
#ifndef TRDB_HIERARCHY_H
#define TRDB_HIERARCHY_H

#include "profile.h"

#include <stddef.h>

/* What one file has seen so far: per level, the field values of its last row. */
struct hier_state {
    const struct hierarchy *h;
    char *(*last)[F_COUNT]; /* [nlevels][F_COUNT], owned; NULL entries are blank */
    int *seen;              /* per level: a row of it came since the level above it changed */
    char *row[F_COUNT];     /* the current row's values (borrowed from last) */
};

/* Start a file. Returns 0 or TRDB_ENOMEM. Release with hier_state_release. */
int hier_state_init(struct hier_state *s, const struct hierarchy *h);
void hier_state_release(struct hier_state *s);

/*
 * Place a row whose cell (trimmed) in the hierarchy's column is cell:
 * returns its level (from 0) with s->row holding the hierarchy's field
 * values for it, or -1 with why (cap bytes) saying what is wrong (no
 * level matches the cell; the level is under one no row above was of),
 * or TRDB_ENOMEM (< -1). A row that fails leaves the state as it was.
 */
int hier_place(struct hier_state *s, const char *cell, const char *column, char *why, size_t cap);

#endif
