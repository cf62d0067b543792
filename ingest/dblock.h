/*
 * dblock.h: the writers' lock of a database: the file DB.lock, held with
 * flock, so that one ingest, fetch or summary rebuild writes at a time
 * (readers need no lock: WAL). Not for SQLite's own locking, which guards
 * single statements, not a whole run.
 */
#ifndef TRDB_DBLOCK_H
#define TRDB_DBLOCK_H

struct trdb_err;

/*
 * Take the writers' lock of the database at db_path (one lock however the
 * path is spelled), waiting up to wait_seconds. Returns 0 with the lock's
 * descriptor in *fd (release it with dblock_release), or, with *fd -1 and
 * err set: TRDB_EBUSY when another process held it all that time, TRDB_EIO
 * when the lock file cannot be opened or locked.
 */
int dblock_take(const char *db_path, double wait_seconds, int *fd, struct trdb_err *err);

/* Release the lock taken by dblock_take. fd may be -1 (no lock). */
void dblock_release(int fd);

#endif
