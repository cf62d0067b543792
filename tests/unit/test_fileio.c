/*
 * test_fileio.c: lib/fileio.c and lib/alloc.c: the whole-file reader keeps
 * every byte up to its cap and refuses one byte more, names a missing file;
 * the folder listing is sorted, leaves out dot names unless asked, and is
 * NULL-terminated; ALLOC_GROW keeps elements and at least doubles.
 */
#include "table.h"
#include "../../lib/alloc.h"
#include "../../lib/err.h"
#include "../../lib/fileio.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/banned.h"

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/trdb-fileio-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *name, const char *data, size_t n)
{
    char path[128];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void fileio_read_all_keeps_bytes_up_to_the_cap(void **state)
{
    char path[128];
    struct trdb_err err = {0};
    size_t len = 99;
    char *s;

    (void)state;
    write_file("ten",
               "0123\0"
               "56789",
               10);
    snprintf(path, sizeof(path), "%s/ten", dir);
    s = fileio_read_all(path, 10, NULL, &len, &err);
    assert_non_null(s);
    assert_int_equal(len, 10);
    assert_memory_equal(s,
                        "0123\0"
                        "56789",
                        11); /* and the terminator */
    free(s);
    s = fileio_read_all(path, 9, NULL, &len, &err);
    assert_null(s);
    assert_int_equal(err.code, TRDB_ELIMIT);
    assert_non_null(strstr(err.msg, "larger than 9 bytes"));
}

static void fileio_read_all_reads_empty_and_large_files(void **state)
{
    enum { BIG = 300000 };
    char path[128];
    struct trdb_err err = {0};
    char *big = malloc(BIG), *s;
    size_t len;

    (void)state;
    assert_non_null(big);
    for (size_t i = 0; i < BIG; i++)
        big[i] = (char)('a' + i % 26);
    write_file("big", big, BIG);
    write_file("empty", "", 0);
    snprintf(path, sizeof(path), "%s/big", dir);
    s = fileio_read_all(path, BIG, NULL, &len, &err);
    assert_non_null(s);
    assert_int_equal(len, BIG);
    assert_memory_equal(s, big, BIG);
    assert_int_equal(s[BIG], '\0');
    free(s);
    snprintf(path, sizeof(path), "%s/empty", dir);
    s = fileio_read_all(path, 0, NULL, &len, &err);
    assert_non_null(s);
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    free(s);
    free(big);
}

static void fileio_read_all_names_a_missing_file(void **state)
{
    struct trdb_err err = {0};

    (void)state;
    assert_null(fileio_read_all("/nonexistent/trdb-x", 100, NULL, NULL, &err));
    assert_int_equal(err.code, TRDB_EIO);
    assert_string_equal(err.msg, "cannot open '/nonexistent/trdb-x': No such file or directory");
    assert_null(fileio_read_all("/nonexistent/trdb-x", 100, "profile", NULL, &err));
    assert_string_equal(err.msg,
                        "cannot open profile '/nonexistent/trdb-x': No such file or directory");
}

static void fileio_list_dir_is_sorted_and_skips_dot_names(void **state)
{
    struct trdb_err err = {0};
    char **names;
    size_t n;

    (void)state;
    write_file("b.json", "", 0);
    write_file("a.json", "", 0);
    write_file(".hidden", "", 0);
    write_file("B.json", "", 0);
    assert_int_equal(fileio_list_dir(dir, 0, NULL, &names, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(names[0], "B.json");
    assert_string_equal(names[1], "a.json");
    assert_string_equal(names[2], "b.json");
    assert_null(names[3]);
    fileio_names_free(names);
    assert_int_equal(fileio_list_dir(dir, 1, NULL, &names, &n, &err), 0);
    assert_int_equal(n, 4);
    assert_string_equal(names[0], ".hidden");
    fileio_names_free(names);
    fileio_names_free(NULL);
    errno = 0;
    assert_int_equal(fileio_list_dir("/nonexistent/trdb-x", 0, NULL, &names, &n, &err), TRDB_EIO);
    assert_int_equal(errno, ENOENT); /* left as opendir set it */
    assert_null(names);
    assert_string_equal(err.msg,
                        "cannot open folder '/nonexistent/trdb-x': No such file or directory");
    fileio_list_dir("/nonexistent/trdb-x", 0, "profile folder", &names, &n, &err);
    assert_string_equal(
        err.msg, "cannot open profile folder '/nonexistent/trdb-x': No such file or directory");
}

static void alloc_grow_keeps_elements_and_doubles(void **state)
{
    int *a = NULL;
    size_t cap = 0, last = 0, grows = 0;

    (void)state;
    for (size_t i = 0; i < 10000; i++) {
        assert_int_equal(ALLOC_GROW(a, i + 1, cap), 0);
        assert_true(cap >= i + 1);
        if (cap != last) {
            grows++;
            assert_true(last == 0 ? cap == 16 : cap >= 2 * last);
            last = cap;
        }
        a[i] = (int)i;
    }
    assert_true(grows <= 11); /* 16 doubling to 16384 */
    for (size_t i = 0; i < 10000; i++)
        assert_int_equal(a[i], (int)i);
    assert_int_equal(ALLOC_GROW(a, 5, cap), 0); /* no shrink, no change */
    assert_int_equal(cap, last);
    free(a);
}

static void alloc_grow_refuses_a_size_that_overflows(void **state)
{
    char *a = NULL;
    size_t cap = 0;

    (void)state;
    assert_int_equal(alloc_grow((void **)&a, &cap, SIZE_MAX / 2 + 2, 4, 16), -1);
    assert_null(a);
    assert_int_equal(cap, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(fileio_read_all_keeps_bytes_up_to_the_cap, make_dir,
                                        remove_dir),
        cmocka_unit_test_setup_teardown(fileio_read_all_reads_empty_and_large_files, make_dir,
                                        remove_dir),
        cmocka_unit_test(fileio_read_all_names_a_missing_file),
        cmocka_unit_test_setup_teardown(fileio_list_dir_is_sorted_and_skips_dot_names, make_dir,
                                        remove_dir),
        cmocka_unit_test(alloc_grow_keeps_elements_and_doubles),
        cmocka_unit_test(alloc_grow_refuses_a_size_that_overflows),
    };
    return cmocka_run_group_tests_name("fileio", tests, NULL, NULL);
}
