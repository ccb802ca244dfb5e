/* test_buf.c — the growable buffer and the diagnostics collector. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/util/buf.h"
#include "../../src/util/diag.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(empty_buffer_reads_as_empty_string),
        cmocka_unit_test(appends_grow_past_initial_capacity),
        cmocka_unit_test(diag_formats_file_line_field),
        cmocka_unit_test(diag_keeps_one_problem_a_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
