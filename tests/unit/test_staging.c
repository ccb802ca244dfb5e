/* test_staging.c — the scratch store of staging.h: rows read back as last staged, whether they
** are asked for in order (stepped to by a scan) or not (looked up). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/store/staging.h"
#include "../../src/util/rc.h"

static void put(struct staging *st, size_t n, const char *id, const char *name, bool rejected)
{
    const char *v[2] = {id, name};
    struct staging_row row = {
        .v = v, .n_values = 2, .file = 0, .line = (long)n + 2, .rejected = rejected};
    assert_int_equal(staging_put(st, 0, n, &row), BELONG_OK);
}

static void expect(struct staging *st, size_t n, const char *name, bool rejected)
{
    struct staging_row row;
    assert_int_equal(staging_get(st, 0, n, &row), BELONG_OK);
    assert_int_equal(row.n_values, 2);
    assert_string_equal(row.v[1], name);
    assert_int_equal(row.line, (long)n + 2);
    assert_int_equal(row.rejected, rejected);
}

/* A check reads a table in order and writes back the rows it refuses as it goes: a row read
** after it was written back reads as written, in order, out of order and after a gap. */
static void rows_read_in_order_read_as_last_staged(void **state)
{
    (void)state;
    struct staging *st = NULL;
    char err[200];
    const int n_values[1] = {2};
    const bool indexed[1] = {true};
    assert_int_equal(staging_open(&st, 1, n_values, indexed, 1024, err, sizeof err), BELONG_OK);
    char id[16], name[16];
    for (size_t n = 0; n < 200; n++) {
        if (n == 120)
            continue; /* a gap */
        snprintf(id, sizeof id, "s%zu", n);
        snprintf(name, sizeof name, "first %zu", n);
        put(st, n, id, name, false);
    }
    /* In order, rewriting each row once read, and rows ahead of the reading. */
    for (size_t n = 0; n < 120; n++) {
        snprintf(name, sizeof name, "first %zu", n);
        expect(st, n, (n % 7 == 0 && n > 0) ? "ahead" : name, false);
        snprintf(id, sizeof id, "s%zu", n);
        put(st, n, id, "second", n % 3 == 0);
        if (n % 7 == 6) {
            snprintf(id, sizeof id, "s%zu", n + 1);
            put(st, n + 1, id, "ahead", false);
        }
    }
    struct staging_row row;
    assert_int_equal(staging_get(st, 0, 120, &row), BELONG_ENOINPUT);
    expect(st, 121, "first 121", false); /* after the gap */
    expect(st, 122, "first 122", false);
    /* Read again, in order and out of order: every row as last written. */
    for (size_t n = 0; n < 120; n++)
        expect(st, n, "second", n % 3 == 0);
    expect(st, 50, "second", false);
    expect(st, 3, "second", true);
    expect(st, 199, "first 199", false);
    assert_int_equal(staging_get(st, 0, 200, &row), BELONG_ENOINPUT);
    bool found = false;
    size_t at = 0;
    assert_int_equal(staging_find(st, 0, "s77", &found, &at), BELONG_OK);
    assert_true(found);
    assert_int_equal(at, 77);
    staging_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_read_in_order_read_as_last_staged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
