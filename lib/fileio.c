/*
 * fileio.c: a capped whole-file reader and a sorted folder listing (see
 * fileio.h). Not for streaming data files.
 */
#include "fileio.h"
#include "alloc.h"
#include "err.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

char *fileio_read_all(const char *path, size_t cap, const char *what, size_t *len,
                      struct trdb_err *err)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t n = 0, alloc = 0;
    const char *sp = what ? " " : "";

    if (!what)
        what = "";
    if (len)
        *len = 0;
    if (!f) {
        trdb_err_set(err, TRDB_EIO, "cannot open %s%s'%s': %s", what, sp, path, strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t want, got;
        /* One byte more than cap tells a file of exactly cap bytes from a larger one. */
        if (n + 1 >= alloc) {
            size_t need = alloc ? alloc * 2 : 64 * 1024;
            char *p;
            if (need > cap + 2)
                need = cap + 2;
            if (need <= n + 1 || !(p = realloc(data, need))) {
                trdb_err_set(err, TRDB_ENOMEM, "out of memory reading %s%s'%s'", what, sp, path);
                goto fail;
            }
            data = p;
            alloc = need;
        }
        want = alloc - 1 - n;
        got = fread(data + n, 1, want, f);
        n += got;
        if (n > cap) {
            trdb_err_set(err, TRDB_ELIMIT, "%s%s'%s' is larger than %zu bytes", what, sp, path,
                         cap);
            goto fail;
        }
        if (got < want) {
            if (ferror(f)) {
                trdb_err_set(err, TRDB_EIO, "cannot read %s%s'%s': %s", what, sp, path,
                             strerror(errno));
                goto fail;
            }
            break;
        }
    }
    fclose(f);
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
fail:
    fclose(f);
    free(data);
    return NULL;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void fileio_names_free(char **names)
{
    if (!names)
        return;
    for (size_t i = 0; names[i]; i++)
        free(names[i]);
    free(names);
}

int fileio_list_dir(const char *dir, int hidden, const char *what, char ***names, size_t *n,
                    struct trdb_err *err)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **v = NULL;
    size_t k = 0, cap = 0;

    *names = NULL;
    *n = 0;
    if (!d) {
        int why = errno;
        trdb_err_set(err, TRDB_EIO, "cannot open %s '%s': %s", what ? what : "folder", dir,
                     strerror(why));
        errno = why;
        return TRDB_EIO;
    }
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        const char *s = de->d_name;
        if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || (s[0] == '.' && !hidden))
            continue;
        /* v stays NULL-terminated, so that a failure can free it whole. */
        if (ALLOC_GROW(v, k + 2, cap) || !(v[k] = strdup(s))) {
            closedir(d);
            fileio_names_free(v);
            return trdb_err_set(err, TRDB_ENOMEM, "out of memory listing '%s'", dir);
        }
        v[++k] = NULL;
    }
    closedir(d);
    if (!v && !(v = calloc(1, sizeof(*v))))
        return trdb_err_set(err, TRDB_ENOMEM, "out of memory listing '%s'", dir);
    qsort(v, k, sizeof(*v), name_cmp);
    *names = v;
    *n = k;
    return 0;
}
