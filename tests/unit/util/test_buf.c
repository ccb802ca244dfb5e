/* test_buf.c — the growable buffer and the diagnostics collector (and its renaming). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/util/buf.h"
#include "../../src/util/diag.h"
#include "../../src/util/limits.h"
#include "../../src/util/strset.h"
#include "../../src/util/text.h"

static void empty_buffer_reads_as_empty_string(void **state)
{
    (void)state;
    struct buf b = {0};
    assert_string_equal(buf_str(&b), "");
    char *s = buf_detach(&b);
    assert_string_equal(s, "");
    free(s);
}

static void appends_grow_past_initial_capacity(void **state)
{
    (void)state;
    struct buf b = {0};
    for (int i = 0; i < 1000; i++)
        buf_printf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 2000);
    assert_int_equal(strlen(buf_str(&b)), 2000);
    assert_memory_equal(b.data, "0,1,2,", 6);
    buf_free(&b);
}

static void diag_formats_file_line_field(void **state)
{
    (void)state;
    struct diag d = {0};
    diag_add(&d, "locations.csv", 2, "latitude", "%s is outside [-90, 90]", "100");
    diag_add(&d, "x.ics", 0, NULL, "broken");
    assert_int_equal(d.count, 2);
    assert_string_equal(buf_str(&d.text), "locations.csv:2: latitude: 100 is outside [-90, 90]\n"
                                          "x.ics: broken\n");
    diag_free(&d);
}

/* Found by fuzz/fuzz_hsds_csv.c: a quoted CSV value with line breaks, echoed in a message,
** split one problem over several lines (the later ones without FILE:LINE, or made to look like
** other problems), and a terminal escape in the input reached stderr as is. */
static void diag_keeps_one_problem_a_line(void **state)
{
    (void)state;
    struct diag d = {0};
    diag_add(&d, "schedules.csv", 3, "opens_at", "'%s' is not a time",
             "9am\nschedules.csv:9: all fine\r\x1b[2J\t\x7f");
    diag_add(&d, "peer.json", 0, "na\nme", "unknown field");
    assert_int_equal(d.count, 2);
    assert_string_equal(buf_str(&d.text), "schedules.csv:3: opens_at: '9am\\nschedules.csv:9: all "
                                          "fine\\r\\x1B[2J\\t\\x7F' is not a time\n"
                                          "peer.json: na\\nme: unknown field\n");
    diag_free(&d);
}

/* Limits are named as people read numbers: with thousands separators. */
static void limits_read_with_separators(void **state)
{
    (void)state;
    char out[32];
    assert_string_equal(limit_text(0, out, sizeof out), "0");
    assert_string_equal(limit_text(999, out, sizeof out), "999");
    assert_string_equal(limit_text(1000, out, sizeof out), "1,000");
    assert_string_equal(limit_text(65536, out, sizeof out), "65,536");
    assert_string_equal(limit_text(INPUT_MAX_BYTES, out, sizeof out), "67,108,864");
    assert_string_equal(limit_text(-1234567, out, sizeof out), "-1,234,567");
    char big[600];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_string_equal(text_problem(big, 500, false), "is longer than the 500-byte limit");
    assert_null(text_problem("fine", 500, false));
}

/* A set tells each key once, however many and however it grows. */
static void strset_tells_new_keys(void **state)
{
    (void)state;
    enum { N = 5000 };
    static char keys[N][16];
    struct strset set = {0};
    for (int i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "sch-%d", i);
        assert_true(strset_add(&set, keys[i]));
    }
    for (int i = 0; i < N; i++) {
        char again[16];
        snprintf(again, sizeof again, "sch-%d", i); /* equal text, another pointer */
        assert_false(strset_add(&set, again));
    }
    assert_int_equal(set.n, N);
    assert_true(strset_add(&set, ""));
    assert_false(strset_add(&set, ""));
    strset_free(&set);
    assert_null(set.slots);
}

/* diag_rename: the files read from a temporary copy named as the user knows them, from an
** offset on; other lines, and lines before the offset, kept; the new name's control characters
** made visible, as diag_add makes them. */
static void diag_rename_names_files_as_the_user_knows_them(void **state)
{
    (void)state;
    struct diag d = {0};
    diag_add(&d, "/tmp/belong-zip-1-ab/pkg/services.csv", 2, "id", "before");
    size_t from = d.text.len;
    diag_add(&d, "/tmp/belong-zip-1-ab/pkg/services.csv", 3, "name", "missing");
    diag_add(&d, "elsewhere.csv", 4, NULL, "kept");
    diag_add(&d, "/tmp/belong-zip-1-ab", 0, NULL, "the folder itself");
    diag_rename(&d, from, "/tmp/belong-zip-1-ab", "export\n.zip");
    assert_string_equal(buf_str(&d.text), "/tmp/belong-zip-1-ab/pkg/services.csv:2: id: before\n"
                                          "export\\n.zip/pkg/services.csv:3: name: missing\n"
                                          "elsewhere.csv:4: kept\n"
                                          "export\\n.zip: the folder itself\n");
    assert_int_equal(d.count, 4);
    diag_rename(&d, d.text.len, "x", "y"); /* nothing after the end */
    assert_int_equal(d.count, 4);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_buffer_reads_as_empty_string),
        cmocka_unit_test(appends_grow_past_initial_capacity),
        cmocka_unit_test(diag_formats_file_line_field),
        cmocka_unit_test(diag_keeps_one_problem_a_line),
        cmocka_unit_test(diag_rename_names_files_as_the_user_knows_them),
        cmocka_unit_test(limits_read_with_separators),
        cmocka_unit_test(strset_tells_new_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
