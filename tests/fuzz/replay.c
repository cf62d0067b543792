/*
 * replay.c: a main() for one fuzz target without libFuzzer, so that `make
 * test` (gcc, no clang needed) runs the target over its seed corpus and over
 * every crash input ever found: tests/fuzz/corpus/TARGET/ and
 * tests/fuzz/regressions/TARGET/, or the files and folders given as
 * arguments. It prints TAP, one "ok" per input; an input that crashes the
 * target ends the run early, which tests/run.sh counts as a failure (the
 * "#" line before it names the input). Not a fuzzer: it only replays.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "../../lib/banned.h"

#ifndef FUZZ_TARGET
#error "compile with -DFUZZ_TARGET='\"name\"'"
#endif

#define REPLAY_MAX_INPUT (16u << 20)

struct list {
    char **path;
    size_t n, cap;
};

static void add(struct list *l, const char *path)
{
    if (l->n == l->cap) {
        char **p = realloc(l->path, (l->cap = l->cap ? l->cap * 2 : 64) * sizeof(*p));
        FUZZ_SETUP(p != NULL, "out of memory");
        l->path = p;
    }
    l->path[l->n] = strdup(path);
    FUZZ_SETUP(l->path[l->n] != NULL, "out of memory");
    l->n++;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add path, or the files of the folder path (not dot-files); -1 when it cannot be read. */
static int collect(struct list *l, const char *path)
{
    struct stat sb;
    struct dirent *de;
    size_t first = l->n;
    DIR *d;

    if (stat(path, &sb) != 0)
        return -1;
    if (!S_ISDIR(sb.st_mode)) {
        add(l, path);
        return 0;
    }
    if (!(d = opendir(path)))
        return -1;
    while ((de = readdir(d)) != NULL) {
        char full[4096];
        if (de->d_name[0] == '.' ||
            snprintf(full, sizeof(full), "%s/%s", path, de->d_name) >= (int)sizeof(full))
            continue;
        if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode))
            add(l, full);
    }
    closedir(d);
    qsort(l->path + first, l->n - first, sizeof(*l->path), by_name);
    return 0;
}

/*
 * The whole file in a buffer of exactly its size, as libFuzzer hands inputs
 * over (so that reading past the end is caught); NULL when it cannot be read
 * or is past REPLAY_MAX_INPUT.
 */
static uint8_t *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    long len;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
        (unsigned long)len <= REPLAY_MAX_INPUT && fseek(f, 0, SEEK_SET) == 0 &&
        (data = malloc(len ? (size_t)len : 1)) != NULL) {
        if (fread(data, 1, (size_t)len, f) == (size_t)len) {
            *size = (size_t)len;
        } else {
            free(data);
            data = NULL;
        }
    }
    fclose(f);
    return data;
}

int main(int argc, char **argv)
{
    struct list l = {NULL, 0, 0};
    char corpus[256], regressions[256];
    int failed = 0;
    size_t i;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1) {
        for (int a = 1; a < argc; a++)
            if (collect(&l, argv[a]) != 0) {
                printf("1..1\nnot ok 1 - %s: cannot read '%s': %s\n", FUZZ_TARGET, argv[a],
                       strerror(errno));
                return 1;
            }
    } else {
        /* the seeds must be there; regressions only once something was found */
        snprintf(corpus, sizeof(corpus), "tests/fuzz/corpus/%s", FUZZ_TARGET);
        snprintf(regressions, sizeof(regressions), "tests/fuzz/regressions/%s", FUZZ_TARGET);
        if (collect(&l, corpus) != 0 || l.n == 0) {
            printf("1..1\nnot ok 1 - %s: no seed corpus in '%s' (run from the top of the "
                   "source tree)\n",
                   FUZZ_TARGET, corpus);
            return 1;
        }
        (void)collect(&l, regressions);
    }
    printf("1..%zu\n", l.n);
    for (i = 0; i < l.n; i++) {
        size_t size = 0;
        uint8_t *data = slurp(l.path[i], &size);

        if (!data) {
            printf("not ok %zu - %s: %s: cannot read it\n", i + 1, FUZZ_TARGET, l.path[i]);
            failed++;
            continue;
        }
        printf("# %s: %s (%zu bytes)\n", FUZZ_TARGET, l.path[i], size);
        LLVMFuzzerTestOneInput(data, size);
        free(data);
        printf("ok %zu - %s: %s\n", i + 1, FUZZ_TARGET, l.path[i]);
    }
    for (i = 0; i < l.n; i++)
        free(l.path[i]);
    free(l.path);
    return failed ? 1 : 0;
}
