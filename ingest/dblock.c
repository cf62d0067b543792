/*
 * dblock.c: the writers' lock of a database (DB.lock, flock), taken by an
 * ingest session and by a summary rebuild, with the wait and the words that
 * say who holds it. Not for anything inside the database.
 */
#include "dblock.h"
#include "../lib/err.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "../lib/banned.h"

/* Open path for flock; a lock file made by another user may be read-only to us. */
static int open_lock_file(const char *path)
{
    /* others sharing the database may lack write access to a lock file we made: flock
       needs only an open descriptor, so read-only will do */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

    if (fd < 0 && errno == EACCES) {
        int first = errno;
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            errno = first; /* the reason to give is why it could not be made */
    }
    return fd;
}

int dblock_take(const char *db_path, double wait_seconds, int *fd, struct trdb_err *err)
{
    char path[PATH_MAX + 16];
    struct timespec start, now, pause = {0, 100 * 1000 * 1000};
    int lfd;

    *fd = -1;
    /* one lock per database file, however its path is spelled (a symlink, ./) */
    {
        char *real = realpath(db_path, NULL);
        snprintf(path, sizeof(path), "%s.lock", real ? real : db_path);
        free(real);
    }
    if (!isfinite(wait_seconds))
        wait_seconds = 0;
    lfd = open_lock_file(path);
    if (lfd < 0)
        return trdb_err_set(err, TRDB_EIO,
                            "cannot open the lock file '%s': %s (is the database's folder "
                            "writable?)",
                            path, strerror(errno));
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        double waited;
        if (flock(lfd, LOCK_EX | LOCK_NB) == 0) {
            *fd = lfd;
            return 0;
        }
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int rc = trdb_err_set(err, TRDB_EIO, "cannot lock '%s': %s", path, strerror(errno));
            close(lfd);
            return rc;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        waited = (double)(now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9;
        if (waited >= wait_seconds) {
            close(lfd);
            return trdb_err_set(err, TRDB_EBUSY,
                                "another trdb ingest or fetch is writing '%s' (it holds '%s'); "
                                "gave up after %.0f seconds (--wait SECONDS waits longer)",
                                db_path, path, wait_seconds);
        }
        nanosleep(&pause, NULL);
    }
}

void dblock_release(int fd)
{
    if (fd >= 0)
        close(fd); /* closing the descriptor releases the lock */
}
