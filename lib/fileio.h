/*
 * fileio.h: the two file-system jobs several modules share: reading a small
 * whole file (a profile, a country list, a fetch list) under a cap, and
 * listing a folder's names in byte order. Not for source data files, which
 * are streamed (ingest/source.h).
 */
#ifndef TRDB_FILEIO_H
#define TRDB_FILEIO_H

#include <stddef.h>

struct trdb_err;

/*
 * Read the whole file at path, at most cap bytes, and NUL-terminate it.
 * what names the kind of file in messages ("cannot open WHAT 'PATH': reason";
 * NULL: no word). Returns the text (the caller frees it) with its length in
 * *len (len may be NULL), or NULL with err set: TRDB_EIO (cannot open or
 * read, with the reason), TRDB_ELIMIT (larger than cap), TRDB_ENOMEM.
 */
char *fileio_read_all(const char *path, size_t cap, const char *what, size_t *len,
                      struct trdb_err *err);

/*
 * The names in folder dir, sorted with strcmp, without "." and "..", and
 * without hidden names (a leading dot) unless hidden is set. what names the
 * folder in messages ("cannot open WHAT 'DIR': reason"; NULL: "folder").
 * Returns 0 with *names (a NULL-terminated array; free with
 * fileio_names_free) and *n, or TRDB_EIO (cannot open the folder: the
 * reason in err, and errno as opendir left it) or TRDB_ENOMEM.
 */
int fileio_list_dir(const char *dir, int hidden, const char *what, char ***names, size_t *n,
                    struct trdb_err *err);

/* Free what fileio_list_dir returned. names may be NULL. */
void fileio_names_free(char **names);

#endif
