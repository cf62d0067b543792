/*
 * tempdb.h: a database path of its own for each unit test that opens a
 * store: tempdb_setup makes a unique name under /tmp (the file itself is
 * left to the test to create), tempdb_teardown removes the database with
 * its -wal and -shm files. Header-only, like table.h.
 */
#ifndef TRDB_TEST_TEMPDB_H
#define TRDB_TEST_TEMPDB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char dbpath[64];

/* A cmocka setup: dbpath becomes /tmp/trdb-<what>-XXXXXX, not yet a file. */
static inline int tempdb_setup(const char *what)
{
    int fd;

    snprintf(dbpath, sizeof(dbpath), "/tmp/trdb-%s-XXXXXX", what);
    fd = mkstemp(dbpath);
    if (fd < 0)
        return -1;
    close(fd);
    unlink(dbpath);
    return 0;
}

/* A cmocka teardown: the database and its WAL files go. */
static inline int tempdb_teardown(void)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    char p[80];

    for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
        snprintf(p, sizeof(p), "%s%s", dbpath, suffix[i]);
        unlink(p);
    }
    return 0;
}

#endif
