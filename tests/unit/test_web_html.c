/* test_web_html.c — the web's HTML writer (src/web/html.c): each context's escaping (text,
** attribute, URL component) of hostile values, the links it allows, a misuse aborting, the
** page layout's landmarks; and schedules in words (src/web/schedule_words.c).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/directory/schedule.h"
#include "../../src/web/html.h"
#include "../../src/web/web_internal.h"

#define HOSTILE "<script>alert(\"x\")</script> & 'q'"

static void text_and_attributes_are_escaped(void **state)
{
    (void)state;
    struct buf b = {0};
    html_printf(&b, "<p title=\"%s\">%s</p>", HOSTILE, HOSTILE);
    assert_string_equal(buf_str(&b),
                        "<p title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                        "&#39;q&#39;\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
                        "&#39;q&#39;</p>");
    buf_reset(&b);
    html_printf(&b, "%s|%s", NULL, "bad \x01 byte \xff");
    assert_string_equal(buf_str(&b), "|bad \xef\xbf\xbd byte \xef\xbf\xbd");
    buf_free(&b);
}

static void url_components_are_percent_encoded(void **state)
{
    (void)state;
    struct buf b = {0};
    html_printf(&b, "<a href=\"/?town=%u&amp;q=%u\">", "Springfield, MA", "a&b=c\"><script> é");
    assert_string_equal(buf_str(&b), "<a href=\"/?town=Springfield%2C%20MA&amp;q=a%26b%3Dc%22%3E%"
                                     "3Cscript%3E%20%C3%A9\">");
    buf_reset(&b);
    html_printf(&b, "%d %l %z 100%%", -3, (long long)1 << 40, (size_t)7);
    assert_string_equal(buf_str(&b), "-3 1099511627776 7 100%");
    buf_free(&b);
}

static void only_web_urls_are_links(void **state)
{
    (void)state;
    assert_true(html_url_is_web("https://example.org/a?b=c"));
    assert_true(html_url_is_web("HTTP://example.org"));
    assert_false(html_url_is_web("javascript:alert(1)"));
    assert_false(html_url_is_web(" javascript:alert(1)"));
    assert_false(html_url_is_web("JaVaScRiPt:alert(1)"));
    assert_false(html_url_is_web("data:text/html,<script>"));
    assert_false(html_url_is_web("https://"));
    assert_false(html_url_is_web("https://a b"));
    assert_false(html_url_is_web("https://a\nb"));
    assert_false(html_url_is_web("//evil.example"));
    assert_false(html_url_is_web(NULL));
}

static void an_unknown_directive_aborts(void **state)
{
    (void)state;
    /* A page's format string with a directive the writer does not know is a programming
    ** error: it must never silently write an unescaped value. */
    pid_t pid = fork();
    if (pid == 0) {
        struct buf b = {0};
        freopen("/dev/null", "w", stderr);
        html_printf(&b, "%x", 1);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

static void the_layout_has_its_landmarks(void **state)
{
    (void)state;
    struct buf b = {0};
    html_page_begin(&b, "Find <activities>", NULL);
    html_page_end(&b);
    const char *s = buf_str(&b);
    assert_non_null(strstr(s, "<html lang=\"en\">"));
    assert_non_null(strstr(s, "<title>Find &lt;activities&gt; · belong</title>"));
    assert_non_null(strstr(s, "<meta name=\"viewport\""));
    assert_non_null(strstr(s, "<a class=\"skip\" href=\"#main\">"));
    assert_non_null(strstr(s, "<header class=\"site\">"));
    assert_non_null(strstr(s, "<nav aria-label=\"Main\">"));
    assert_non_null(strstr(s, "<main id=\"main\">"));
    assert_non_null(strstr(s, "<footer class=\"site\">"));
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "style="));
    buf_free(&b);
}

static void words(const char *dtstart, int duration_s, const char *rrule, const char *valid_to,
                  const char *want)
{
    struct schedule sc = {.dtstart = (char *)dtstart,
                          .duration_s = duration_s,
                          .rrule = (char *)rrule,
                          .valid_to = (char *)valid_to};
    char out[WEB_SCHEDULE_WORDS_LEN];
    web_schedule_words(&sc, out, sizeof out);
    assert_string_equal(out, want);
}

static void schedules_in_words(void **state)
{
    (void)state;
    words("20261203T173000", 5400, "FREQ=WEEKLY;BYDAY=TH", NULL,
          "Every Thursday at 17:30, 90 minutes");
    words("20261201T180000", 3600, "FREQ=WEEKLY;BYDAY=TU,TH", NULL,
          "Every Tuesday and Thursday at 18:00, 60 minutes");
    words("20261130T090000", 7200, "FREQ=WEEKLY;BYDAY=MO,WE,FR", "2027-06-30",
          "Every Monday, Wednesday and Friday at 09:00, 2 hours, until 2027-06-30");
    words("20261201T180000", 3600, "FREQ=WEEKLY", NULL, "Every Tuesday at 18:00, 60 minutes");
    words("20261201T180000", 3600, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", NULL,
          "Every other Tuesday at 18:00, 60 minutes");
    words("20261208T100000", 7200, "FREQ=MONTHLY;BYDAY=2TU", NULL,
          "The second Tuesday of each month at 10:00, 2 hours");
    words("20261229T100000", 3600, "FREQ=MONTHLY;BYDAY=-1TU", NULL,
          "The last Tuesday of each month at 10:00, 60 minutes");
    words("20261215T100000", 3600, "FREQ=MONTHLY;BYMONTHDAY=15", NULL,
          "Day 15 of each month at 10:00, 60 minutes");
    words("20261201T070000", 1800, "FREQ=DAILY", NULL, "Every day at 07:00, 30 minutes");
    words("20261208T180000", 5400, NULL, NULL, "Once, on Tuesday 2026-12-08 at 18:00, 90 minutes");
    words("20261201", 86400, "FREQ=YEARLY", NULL, "Repeats: FREQ=YEARLY");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_and_attributes_are_escaped),
        cmocka_unit_test(url_components_are_percent_encoded),
        cmocka_unit_test(only_web_urls_are_links),
        cmocka_unit_test(an_unknown_directive_aborts),
        cmocka_unit_test(the_layout_has_its_landmarks),
        cmocka_unit_test(schedules_in_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
