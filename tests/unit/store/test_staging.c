/* test_staging.c — the scratch store of staging.h: rows read back as last staged, whether they
** are asked for in order (stepped to by a scan) or not (looked up), in an indexed table and in
** one kept in blocks (unindexed). */
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
** after it was written back reads as written, in order, out of order and after a gap; the rows
** refused are counted. */
static void rows_read_as_last_staged(bool is_indexed)
{
    struct staging *st = NULL;
    char err[200];
    const int n_values[1] = {2};
    const bool indexed[1] = {is_indexed};
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
    long flagged = -1;
    assert_int_equal(staging_count_flagged(st, 0, &flagged), BELONG_OK);
    assert_int_equal(flagged, 40); /* n % 3 == 0 below 120 */
    /* The gap filled late, a row grown and shrunk in place: its neighbours stay as they were. */
    put(st, 120, "s120", "late", true);
    put(st, 5, "s5", "a much longer name than it had before, to move what follows it", false);
    expect(st, 4, "second", false);
    expect(st, 6, "second", true);
    put(st, 5, "s5", "", false);
    expect(st, 5, "", false);
    expect(st, 6, "second", true);
    expect(st, 120, "late", true);
    expect(st, 121, "first 121", false);
    assert_int_equal(staging_count_flagged(st, 0, &flagged), BELONG_OK);
    assert_int_equal(flagged, 41);
    if (is_indexed) {
        bool found = false;
        size_t at = 0;
        assert_int_equal(staging_find(st, 0, "s77", &found, &at), BELONG_OK);
        assert_true(found);
        assert_int_equal(at, 77);
    }
    staging_close(st);
}

static void rows_read_as_last_staged_indexed(void **state)
{
    (void)state;
    rows_read_as_last_staged(true);
}

static void rows_read_as_last_staged_in_blocks(void **state)
{
    (void)state;
    rows_read_as_last_staged(false);
}

struct kids {
    size_t v[64];
    size_t n;
};

static void kid(void *ctx, size_t child)
{
    struct kids *k = ctx;
    if (k->n < 64)
        k->v[k->n++] = child;
}

/* The children of parent under kind, as "c1 c2 ...". */
static const char *children(struct staging *st, int kind, size_t parent)
{
    static char text[256];
    struct kids k = {.n = 0};
    assert_int_equal(staging_children(st, kind, parent, kid, &k), BELONG_OK);
    text[0] = '\0';
    for (size_t i = 0; i < k.n; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%zu", i ? " " : "", k.v[i]);
    return text;
}

/* The assembly asks for each service's children in order, the checks add links as they go:
** every parent gets its children, lowest first, asked for in order, out of order, far ahead,
** and after a link is added; kinds do not mix. */
static void children_read_whole_in_any_order(void **state)
{
    (void)state;
    struct staging *st = NULL;
    char err[200];
    const int n_values[1] = {1};
    const bool indexed[1] = {false};
    assert_int_equal(staging_open(&st, 1, n_values, indexed, 1024, err, sizeof err), BELONG_OK);
    for (size_t p = 0; p < 100; p += 2) { /* even parents: children 3p+2, 3p+1 (kind 1), p (2) */
        assert_int_equal(staging_link(st, 1, p, 3 * p + 2), BELONG_OK);
        assert_int_equal(staging_link(st, 1, p, 3 * p + 1), BELONG_OK);
        assert_int_equal(staging_link(st, 2, p, p), BELONG_OK);
    }
    char want[64];
    for (size_t p = 0; p < 100; p++) {
        if (p % 2)
            snprintf(want, sizeof want, "%s", "");
        else
            snprintf(want, sizeof want, "%zu %zu", 3 * p + 1, 3 * p + 2);
        assert_string_equal(children(st, 1, p), want);
    }
    assert_string_equal(children(st, 1, 10), "31 32"); /* back */
    assert_string_equal(children(st, 1, 12), "37 38");
    assert_string_equal(children(st, 1, 90), "271 272"); /* far ahead */
    assert_string_equal(children(st, 2, 90), "90");
    assert_string_equal(children(st, 1, 92), "277 278");
    assert_int_equal(staging_link(st, 1, 94, 5), BELONG_OK);
    assert_int_equal(staging_link(st, 1, 93, 7), BELONG_OK);
    assert_string_equal(children(st, 1, 93), "7");
    assert_string_equal(children(st, 1, 94), "5 283 284");
    assert_string_equal(children(st, 1, 200), "");
    assert_string_equal(children(st, 40, 94), ""); /* a kind past the scanned ones */
    assert_int_equal(staging_link(st, 40, 94, 9), BELONG_OK);
    assert_string_equal(children(st, 40, 94), "9");
    staging_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_read_as_last_staged_indexed),
        cmocka_unit_test(rows_read_as_last_staged_in_blocks),
        cmocka_unit_test(children_read_whole_in_any_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
