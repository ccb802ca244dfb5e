/* test_categories.c — the category table (src/directory/categories.c): the process's copy
** (categories_shared) read once per version of the data file, shared by threads, read again
** when the file changes, and a bad file reported as before.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/directory/categories.h"
#include "../../src/util/rc.h"

static char dir[] = "/tmp/belong-test-categories-XXXXXX";
static char file[4200];

/* Writes text as the data folder's categories.tsv; its mtime moves with its size. */
static void write_file(const char *text)
{
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static const char two[] = "# slug\tlabel\tkeywords\n"
                          "music\tMusic\tchoir,drum circle\n"
                          "gardening-nature\tGardening & nature\tgarden\n";

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(file, sizeof file, "%s/categories.tsv", dir);
    setenv("BELONG_DATA_DIR", dir, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(file);
    rmdir(dir);
    return 0;
}

/* The same file twice: one table, borrowed, the same as categories_load reads. */
static void read_once_and_shared(void **state)
{
    (void)state;
    write_file(two);
    struct category_table a, b, loaded;
    struct diag d = {0};
    assert_int_equal(categories_shared(&a, &d), BELONG_OK);
    assert_int_equal(categories_shared(&b, &d), BELONG_OK);
    assert_true(a.shared);
    assert_ptr_equal(a.items, b.items);
    assert_int_equal(categories_load(NULL, &loaded, &d), BELONG_OK);
    assert_int_equal(a.n, loaded.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.items[i].slug, loaded.items[i].slug);
        assert_string_equal(a.items[i].label, loaded.items[i].label);
        assert_int_equal(a.items[i].n_keywords, loaded.items[i].n_keywords);
    }
    categories_free(&loaded);
    categories_free(&a); /* forgets its view: b still reads the shared copy */
    assert_null(a.items);
    assert_string_equal(category_find(&b, "music")->label, "Music");
    categories_free(&b);
    assert_int_equal(d.text.len, 0);
    diag_free(&d);
}

/* A changed file is read again; a table borrowed before stays readable. */
static void changed_file_read_again(void **state)
{
    (void)state;
    write_file(two);
    struct category_table before, after;
    struct diag d = {0};
    assert_int_equal(categories_shared(&before, &d), BELONG_OK);
    assert_null(category_find(&before, "chess"));
    char more[512];
    snprintf(more, sizeof more, "%schess\tChess & games\tchess club\n", two);
    write_file(more);
    assert_int_equal(categories_shared(&after, &d), BELONG_OK);
    assert_int_equal(after.n, before.n + 1);
    assert_string_equal(category_find(&after, "chess")->label, "Chess & games");
    assert_string_equal(category_find(&before, "music")->label, "Music");
    categories_free(&before);
    categories_free(&after);
    diag_free(&d);
}

/* A malformed or missing file: its error every time, naming the file and line; then read. */
static void bad_file_reported(void **state)
{
    (void)state;
    write_file("music\tMusic\tchoir\nno tabs here\n");
    for (int round = 0; round < 2; round++) {
        struct category_table t;
        struct diag d = {0};
        assert_int_equal(categories_shared(&t, &d), BELONG_EDATA);
        assert_int_equal(t.n, 0);
        char where[4300];
        snprintf(where, sizeof where, "%s:2", file);
        assert_non_null(strstr(buf_str(&d.text), where));
        categories_free(&t);
        diag_free(&d);
    }
    unlink(file);
    struct category_table t;
    struct diag d = {0};
    assert_int_equal(categories_shared(&t, &d), BELONG_ENOINPUT);
    assert_non_null(strstr(buf_str(&d.text), file));
    diag_free(&d);
    write_file(two);
    struct diag ok = {0};
    assert_int_equal(categories_shared(&t, &ok), BELONG_OK);
    assert_int_equal(t.n, 2);
    categories_free(&t);
    diag_free(&ok);
}

static void *reader(void *arg)
{
    const struct category **seen = arg;
    for (int i = 0; i < 2000; i++) {
        struct category_table t;
        struct diag d = {0};
        if (categories_shared(&t, &d) != BELONG_OK || t.n != 2)
            return NULL;
        *seen = category_find(&t, "gardening-nature");
        categories_free(&t);
        diag_free(&d);
    }
    return arg;
}

/* Four threads at once get the same table. */
static void threads_share_one_table(void **state)
{
    (void)state;
    write_file(two);
    pthread_t th[4];
    const struct category *seen[4] = {0};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, reader, &seen[i]), 0);
    for (int i = 0; i < 4; i++) {
        void *ok;
        assert_int_equal(pthread_join(th[i], &ok), 0);
        assert_non_null(ok);
        assert_non_null(seen[i]);
        assert_ptr_equal(seen[i], seen[0]);
    }
    assert_string_equal(seen[0]->label, "Gardening & nature");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read_once_and_shared),
        cmocka_unit_test(changed_file_read_again),
        cmocka_unit_test(bad_file_reported),
        cmocka_unit_test(threads_share_one_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
