/*
 * fetch.h: downloading the publishers' files listed in data/sources.json
 * with libcurl: conditional requests (the ETag and Last-Modified the server
 * gave last time, kept in the database), timeouts, retries with backoff, a
 * size cap, and an atomic write into a landing folder. Not for reading the
 * files: what changed is handed to ingest.
 */
#ifndef TRDB_FETCH_H
#define TRDB_FETCH_H

#include <stddef.h>

struct trdb_err;
struct store;

struct fetch_source {
    char *name; /* the file name in the landing folder */
    char *url;
    char *publisher; /* for people: what it is */
    char *profile;   /* the profile to ingest it with, or NULL to detect */
};

/*
 * Read a sources file: {"sources": [{"name", "url", "publisher", "profile"}]}.
 * Returns 0 with OUT *list and *n (free with fetch_sources_free), or a
 * negative code naming the file and the entry at fault.
 */
int fetch_sources_load(const char *path, struct fetch_source **list, size_t *n,
                       struct trdb_err *err);
void fetch_sources_free(struct fetch_source *list, size_t n);

struct fetch_opts {
    const char *landing;  /* the folder downloads land in */
    long connect_timeout; /* seconds */
    long stall_timeout;   /* seconds without a byte before giving up */
    long total_timeout;   /* seconds for one attempt */
    int retries;          /* attempts after the first, on errors worth retrying */
    double backoff;       /* seconds before the first retry; doubles each time */
    long long max_bytes;  /* a bigger download is refused */
};

enum fetch_outcome {
    FETCH_NEW,          /* new content, written to the landing folder */
    FETCH_SAME,         /* downloaded again, but the bytes are the ones already there */
    FETCH_NOT_MODIFIED, /* the server said 304 */
    FETCH_FAILED
};

/*
 * Fetch one source. Returns 0 with OUT *outcome and, for FETCH_NEW and
 * FETCH_SAME, the landed file's path in path; or a negative code when the
 * database failed. A download that fails (404, timeout, truncated body, too
 * big) is FETCH_FAILED with the reason in err, and leaves no file behind.
 */
int fetch_one(struct store *st, const struct fetch_source *src, const struct fetch_opts *o,
              char *path, size_t pathlen, enum fetch_outcome *outcome, struct trdb_err *err);

#endif
