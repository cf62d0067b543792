/*
 * fetch.c: one libcurl easy handle per attempt, writing to DIR/.NAME.part
 * while hashing; on success the part file is flushed and renamed over
 * DIR/NAME, so a reader never sees half a download. Retries: connection
 * failures, timeouts, a body cut short, and 5xx answers; a 4xx is final.
 */
#include "fetch.h"
#include "../lib/digest.h"
#include "../lib/err.h"
#include "../lib/fileio.h"
#include "../model/store.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../lib/banned.h"

/* A list of sources is small: anything from 1 MiB up is not one. */
#define FETCH_LIST_CAP ((1 << 20) - 1)

static char *text_of(const cJSON *obj, const char *key)
{
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key));

    return v ? strdup(v) : NULL;
}

/* A landing name must stay in the landing folder: no slash, no dot-file. */
static int safe_name(const char *s)
{
    return s && *s && s[0] != '.' && !strchr(s, '/') && strlen(s) < 200;
}

int fetch_sources_load(const char *path, struct fetch_source **list, size_t *n,
                       struct trdb_err *err)
{
    char *text;
    cJSON *root = NULL, *arr, *it;
    struct fetch_source *out = NULL;
    size_t k = 0;
    int rc = 0;

    *list = NULL;
    *n = 0;
    if (!(text = fileio_read_all(path, FETCH_LIST_CAP, NULL, NULL, err)))
        return err ? err->code : TRDB_EIO;
    root = cJSON_Parse(text);
    arr = cJSON_GetObjectItemCaseSensitive(root, "sources");
    if (!cJSON_IsArray(arr)) {
        rc = trdb_err_set(err, TRDB_EDATA, "%s: expected {\"sources\": [...]}", path);
        goto out;
    }
    out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*out));
    if (!out) {
        rc = trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        goto out;
    }
    cJSON_ArrayForEach(it, arr)
    {
        struct fetch_source *s = &out[k++];
        s->name = text_of(it, "name");
        s->url = text_of(it, "url");
        s->publisher = text_of(it, "publisher");
        s->profile = text_of(it, "profile");
        if (!safe_name(s->name) || !s->url ||
            (strncmp(s->url, "https://", 8) != 0 && strncmp(s->url, "http://", 7) != 0)) {
            rc = trdb_err_set(err, TRDB_EDATA,
                              "%s: source %zu needs a \"name\" (a plain file name) and an http(s) "
                              "\"url\"",
                              path, k);
            goto out;
        }
    }
out:
    cJSON_Delete(root);
    free(text);
    if (rc) {
        fetch_sources_free(out, k);
        return rc;
    }
    *list = out;
    *n = k;
    return 0;
}

void fetch_sources_free(struct fetch_source *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++) {
        free(list[i].name);
        free(list[i].url);
        free(list[i].publisher);
        free(list[i].profile);
    }
    free(list);
}

/* One attempt's state, shared with libcurl's callbacks. */
struct attempt {
    FILE *out;
    EVP_MD_CTX *sha; /* the body's sha256 */
    long long bytes, max_bytes;
    int too_big, write_failed, hash_failed;
    char etag[256];
    char last_modified[128];
};

static size_t on_data(char *p, size_t size, size_t nmemb, void *ctx)
{
    struct attempt *a = ctx;
    size_t n = size * nmemb;

    if (a->bytes + (long long)n > a->max_bytes) {
        a->too_big = 1;
        return 0; /* stops the transfer */
    }
    if (fwrite(p, 1, n, a->out) != n) {
        a->write_failed = 1;
        return 0;
    }
    if (!EVP_DigestUpdate(a->sha, p, n)) {
        a->hash_failed = 1;
        return 0;
    }
    a->bytes += (long long)n;
    return n;
}

/* Keep the ETag and Last-Modified headers of the final answer. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *ctx)
{
    struct attempt *a = ctx;
    size_t n = size * nmemb, k = 0;
    char *dst = NULL;
    size_t cap = 0;

    if (n > 5 && strncmp(p, "HTTP/", 5) == 0) {
        a->etag[0] = a->last_modified[0] = '\0'; /* a redirect's headers do not count */
        return n;
    }
    if (n > 5 && strncasecmp(p, "ETag:", 5) == 0)
        dst = a->etag, cap = sizeof(a->etag), k = 5;
    else if (n > 14 && strncasecmp(p, "Last-Modified:", 14) == 0)
        dst = a->last_modified, cap = sizeof(a->last_modified), k = 14;
    if (dst) {
        size_t len;
        while (k < n && (p[k] == ' ' || p[k] == '\t'))
            k++;
        len = n - k;
        while (len && (p[k + len - 1] == '\r' || p[k + len - 1] == '\n' || p[k + len - 1] == ' '))
            len--;
        if (len >= cap)
            len = cap - 1;
        memcpy(dst, p + k, len);
        dst[len] = '\0';
    }
    return n;
}

static void pause_for(double seconds)
{
    struct timespec ts;

    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

/* fetch_one's work, with sha (a context it owns) to hash each attempt's body. */
static int fetch_with(struct store *st, const struct fetch_source *src, const struct fetch_opts *o,
                      EVP_MD_CTX *sha_ctx, char *path, size_t pathlen, enum fetch_outcome *outcome,
                      struct trdb_err *err)
{
    struct fetch_state prev;
    char part[4300], sha[65];
    double wait = o->backoff;
    int known, rc = 0;

    *outcome = FETCH_FAILED;
    snprintf(path, pathlen, "%s/%s", o->landing, src->name);
    snprintf(part, sizeof(part), "%s/.%s.part", o->landing, src->name);
    known = store_fetch_get(st, src->url, &prev, err);
    if (known < 0)
        return known;
    if (known == 1) {
        /*
         * Ask only for what changed when what we have is really there: the last
         * download landed where this one would, its bytes are intact, and it was
         * loaded. Otherwise (deleted by hand, another landing folder, an ingest that
         * failed) fetch it whole again.
         */
        char on_disk[65];
        struct known_file k;
        struct trdb_err e = {0, ""};
        int loaded = store_file_known(st, prev.sha256, &k, &e);
        if (loaded < 0)
            return trdb_err_set(err, e.code, "%s", e.msg);
        if (strcmp(prev.path, path) != 0 || digest_file(path, on_disk, NULL, NULL) != 0 ||
            strcmp(on_disk, prev.sha256) != 0 || loaded != 1)
            prev.etag[0] = prev.last_modified[0] = '\0';
    }
    for (int attempt = 0; attempt <= o->retries; attempt++) {
        struct attempt a;
        struct curl_slist *hdrs = NULL;
        CURL *c;
        CURLcode cc;
        long status = 0;
        char buf[600];
        int retry = 0;

        memset(&a, 0, sizeof(a));
        a.sha = sha_ctx;
        if (!EVP_DigestInit_ex(a.sha, EVP_sha256(), NULL))
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
        a.max_bytes = o->max_bytes;
        if (attempt > 0) {
            pause_for(wait);
            wait *= 2;
        }
        a.out = fopen(part, "wb");
        if (!a.out) {
            trdb_err_set(err, TRDB_EIO, "cannot write '%s': %s", part, strerror(errno));
            return 0;
        }
        c = curl_easy_init();
        if (!c) {
            fclose(a.out);
            remove(part);
            return trdb_err_set(err, TRDB_ENOMEM, "cannot start libcurl");
        }
        /* ask for the file only if it changed since last time */
        if (known == 1 && prev.etag[0]) {
            snprintf(buf, sizeof(buf), "If-None-Match: %s", prev.etag);
            hdrs = curl_slist_append(hdrs, buf);
        }
        if (known == 1 && prev.last_modified[0]) {
            snprintf(buf, sizeof(buf), "If-Modified-Since: %s", prev.last_modified);
            hdrs = curl_slist_append(hdrs, buf);
        }
        curl_easy_setopt(c, CURLOPT_URL, src->url);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, o->total_timeout);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o->stall_timeout);
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &a);
        curl_easy_setopt(c, CURLOPT_USERAGENT, "trdb (transparency-report database)");
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        cc = curl_easy_perform(c);
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(c);
        curl_slist_free_all(hdrs);
        if (fflush(a.out) != 0 || fsync(fileno(a.out)) != 0)
            a.write_failed = 1;
        fclose(a.out);

        if (cc == CURLE_OK && status == 304) {
            remove(part);
            *outcome = FETCH_NOT_MODIFIED;
            return store_fetch_put(st, src->url, prev.etag, prev.last_modified, prev.sha256,
                                   prev.path, "not modified", err);
        }
        if (cc == CURLE_OK && status >= 200 && status < 300 && !a.write_failed) {
            if ((rc = digest_final_hex(a.sha, sha, err)) != 0) {
                remove(part);
                return rc;
            }
            if (known == 1 && strcmp(sha, prev.sha256) == 0 && access(path, R_OK) == 0) {
                remove(part);
                *outcome = FETCH_SAME;
            } else if (rename(part, path) != 0) {
                trdb_err_set(err, TRDB_EIO, "cannot move '%s' to '%s': %s", part, path,
                             strerror(errno));
                remove(part);
                return 0;
            } else {
                *outcome = FETCH_NEW;
            }
            rc = store_fetch_put(st, src->url, a.etag, a.last_modified, sha, path,
                                 *outcome == FETCH_NEW ? "new" : "same", err);
            return rc;
        }
        remove(part);
        /* why it failed, and whether another attempt may help */
        if (a.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
            trdb_err_set(err, TRDB_ELIMIT, "%s: larger than the cap of %lld bytes", src->url,
                         o->max_bytes);
        } else if (a.hash_failed) {
            trdb_err_set(err, TRDB_ENOMEM, "%s: cannot hash the download", src->url);
        } else if (a.write_failed) {
            trdb_err_set(err, TRDB_EIO, "cannot write '%s': %s", part, strerror(errno));
        } else if (cc != CURLE_OK) {
            trdb_err_set(err, TRDB_EIO, "%s: %s", src->url, curl_easy_strerror(cc));
            retry = cc == CURLE_COULDNT_CONNECT || cc == CURLE_OPERATION_TIMEDOUT ||
                    cc == CURLE_PARTIAL_FILE || cc == CURLE_RECV_ERROR || cc == CURLE_GOT_NOTHING ||
                    cc == CURLE_COULDNT_RESOLVE_HOST || cc == CURLE_SEND_ERROR;
        } else {
            trdb_err_set(err, TRDB_EIO, "%s: the server answered HTTP %ld", src->url, status);
            retry = status >= 500 || status == 429;
        }
        if (!retry)
            break;
    }
    *outcome = FETCH_FAILED;
    if (known == 1)
        rc = store_fetch_put(st, src->url, prev.etag, prev.last_modified, prev.sha256, prev.path,
                             "failed", NULL);
    return rc < 0 ? rc : 0;
}

int fetch_one(struct store *st, const struct fetch_source *src, const struct fetch_opts *o,
              char *path, size_t pathlen, enum fetch_outcome *outcome, struct trdb_err *err)
{
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    int rc;

    if (!sha) {
        *outcome = FETCH_FAILED;
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory");
    }
    rc = fetch_with(st, src, o, sha, path, pathlen, outcome, err);
    EVP_MD_CTX_free(sha);
    return rc;
}
