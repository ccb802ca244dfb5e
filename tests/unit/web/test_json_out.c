/* test_json_out.c — JSON written straight into a buffer (src/web/json_out.c) and the search
** API's answer written with it (src/web/api_search_json.c): byte for byte what jansson's
** json_dumps writes for the same values (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)),
** hostile strings, reals and random pages of results among them.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cli/format.h"
#include "../../src/directory/activity.h"
#include "../../src/directory/search.h"
#include "../../src/matching/reasons.h"
#include "../../src/util/timeutil.h"
#include "../../src/web/json_out.h"
#include "../../src/web/web_internal.h"

#define FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12))

/* What jansson writes for v (released here), as a value of an array: "[v]" without brackets. */
static char *jansson_of(json_t *v)
{
    json_t *list = json_array();
    json_array_append_new(list, v ? v : json_null());
    char *text = json_dumps(list, FLAGS);
    json_decref(list);
    size_t n = strlen(text);
    memmove(text, text + 1, n - 2);
    text[n - 2] = '\0';
    return text;
}

static void assert_string_as_jansson(const char *s)
{
    struct buf b = {0};
    struct json_out o;
    json_out_init(&o, &b);
    json_out_string(&o, s);
    char *want = jansson_of(s ? json_string(s) : json_null());
    assert_string_equal(buf_str(&b), want);
    free(want);
    buf_free(&b);
}

static void strings_are_written_as_jansson_writes_them(void **state)
{
    (void)state;
    const char *cases[] = {"",
                           "plain words, with commas: and colons",
                           "a \"quoted\" word",
                           "back\\slash",
                           "a/slash",
                           "tab\there, newline\nthere, cr\r, bell\a, nul-free \x01\x1f",
                           "del \x7f",
                           "caf\xc3\xa9 na\xc3\xafve \xe2\x80\x94 \xf0\x9f\x8c\xb1",
                           "line\xe2\x80\xa8separator",
                           "</script><b>&amp;</b>",
                           NULL};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_string_as_jansson(cases[i]);
    /* Longer than the encoder's stack buffer, with escapes throughout. */
    char long_text[2000];
    for (size_t i = 0; i < sizeof long_text - 1; i++)
        long_text[i] = i % 7 == 0 ? '"' : i % 11 == 0 ? '\n' : (char)('a' + i % 26);
    long_text[sizeof long_text - 1] = '\0';
    assert_string_as_jansson(long_text);
}

/* Random strings of every length up to 40 (the writer looks at eight bytes at a time), each
** byte a plain one or, at any place, one jansson escapes or a byte of a UTF-8 sequence (whole,
** cut, or stray): the same text as jansson's, or null where jansson refuses it. */
static void random_strings_are_written_as_jansson_writes_them(void **state)
{
    (void)state;
    const char specials[] = {'"', '\\', 0x7f, 0x1f, 0x01, '\n', '\t', ' ',
                             '~', '/',  0x20, 0x21, 0x5b, 0x5d, 0x7e};
    const char *utf8[] = {"\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x8c\xb1", "\xc3",
                          "\xa9",     "\xff",         "\xe2\x80\xa8"};
    uint64_t x = 2463534242ULL;
    for (int i = 0; i < 200000; i++) {
        char text[200];
        size_t len = 0, want = (size_t)(i % 41);
        while (len < want) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            unsigned pick = (unsigned)(x % 100);
            if (pick < 90 || i % 5 == 0) {
                text[len++] = (char)(0x20 + (x >> 8) % 0x5f); /* printable ASCII, '"' and '\' too */
            } else if (pick < 96) {
                text[len++] = specials[(x >> 8) % sizeof specials];
            } else {
                const char *u = utf8[(x >> 8) % (sizeof utf8 / sizeof *utf8)];
                memcpy(text + len, u, strlen(u));
                len += strlen(u);
            }
        }
        text[len] = '\0';
        assert_string_as_jansson(text);
    }
}

/* jansson's tree leaves such a key out (json_string refuses the text); the writer keeps the key
** with null. The store holds valid UTF-8 (imports refuse anything else). */
static void invalid_utf8_is_null(void **state)
{
    (void)state;
    struct buf b = {0};
    struct json_out o;
    json_out_init(&o, &b);
    json_out_array_begin(&o);
    json_out_string(&o, "bad \xff byte");
    json_out_string(&o, "cut \xc3");
    json_out_array_end(&o);
    assert_string_equal(buf_str(&b), "[null, null]");
    buf_free(&b);
}

static void reals_and_integers_are_written_as_jansson_writes_them(void **state)
{
    (void)state;
    double reals[] = {0.0,  -0.0,    1.0,    0.1,     2.5,     0.06,  0.987976, 1e-7,
                      1e21, 123.45,  -17.25, 1.0 / 3, 64.0001, 1e300, 5e-324,   12345678901234.5,
                      NAN,  INFINITY};
    for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) {
        struct buf b = {0};
        struct json_out o;
        json_out_init(&o, &b);
        json_out_real(&o, reals[i]);
        char *want = jansson_of(json_real(reals[i]));
        assert_string_equal(buf_str(&b), want);
        free(want);
        buf_free(&b);
    }
    long long ints[] = {0, -1, 42, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        struct buf b = {0};
        struct json_out o;
        json_out_init(&o, &b);
        json_out_integer(&o, ints[i]);
        char *want = jansson_of(json_integer(ints[i]));
        assert_string_equal(buf_str(&b), want);
        free(want);
        buf_free(&b);
    }
}

static void assert_decimal_as_jansson(double v, int decimals)
{
    char got[64], want[64];
    struct buf b = {0};
    struct json_out o;
    json_out_init(&o, &b);
    json_out_decimal(&o, v, decimals);
    snprintf(got, sizeof got, "%s", buf_str(&b));
    buf_free(&b);
    json_t *real = json_real(cli_rounded(v, decimals));
    size_t n = real ? json_dumpb(real, want, sizeof want - 1, FLAGS | JSON_ENCODE_ANY) : 0;
    want[n] = '\0';
    json_decref(real);
    if (strcmp(got, n ? want : "null") != 0)
        fail_msg("%.17g to %d places: %s, jansson %s", v, decimals, got, n ? want : "null");
}

/* A value rounded to a few places, written without printf, against jansson's writing of the
** value cli_rounded gives: millions of random values of every size (with the few places of
** the API's distances, costs and scores, and others), and the edges (zero and minus zero,
** halves, the largest and smallest written plainly, the first written with an exponent,
** 12 and 13 digits, infinities, NaN). */
static void decimals_are_written_as_jansson_writes_the_rounded_real(void **state)
{
    (void)state;
    double edges[] = {0.0,
                      -0.0,
                      0.005,
                      -0.005,
                      0.004999,
                      0.015,
                      0.025,
                      1.005,
                      2.675,
                      0.125,
                      1e-4,
                      1e-5,
                      9.9999e-5,
                      0.00010049,
                      0.0001005,
                      0.00015,
                      0.000149999,
                      999999999999.0,
                      99999999999.99,
                      999999999999.5,
                      1e12,
                      123456789012.5,
                      12345678901.23,
                      1e15,
                      1e22,
                      1e300,
                      -1e300,
                      5e-324,
                      0.1,
                      0.7,
                      1.0 / 3,
                      2.0 / 3,
                      64.0001,
                      42.0,
                      -17.25,
                      3.14159265358979,
                      NAN,
                      INFINITY,
                      -INFINITY};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        for (int d = 0; d <= 8; d++)
            assert_decimal_as_jansson(edges[i], d);
    uint64_t x = 88172645463325252ULL; /* xorshift64 */
    for (int i = 0; i < 3000000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        switch (i % 4) {
        case 0: /* any double but NaN and infinities */
            memcpy(&v, &x, sizeof v);
            if (!isfinite(v))
                continue;
            break;
        case 1: /* miles and dollars: 0 to 100,000, in hundredths and between */
            v = (double)(x % 10000000) / 100.0 + (double)(x >> 40) / 1e9;
            break;
        case 2: /* scores: 0 to 1 */
            v = (double)(x >> 11) / 9007199254740992.0;
            break;
        default: /* every magnitude from 1e-9 to 1e14, either sign */
            v = pow(10, (double)(x % 2300) / 100.0 - 9) * ((x >> 32) & 1 ? -1 : 1);
            break;
        }
        assert_decimal_as_jansson(v, i % 3 == 0 ? 2 : i % 3 == 1 ? 6 : (int)(x >> 60) % 9);
    }
}

static void nesting_is_written_as_jansson_writes_it(void **state)
{
    (void)state;
    struct buf b = {0};
    struct json_out o;
    json_out_init(&o, &b);
    json_out_object_begin(&o);
    json_out_key(&o, "empty_list");
    json_out_array_begin(&o);
    json_out_array_end(&o);
    json_out_key(&o, "empty_object");
    json_out_object_begin(&o);
    json_out_object_end(&o);
    json_out_key(&o, "list");
    json_out_array_begin(&o);
    json_out_bool(&o, true);
    json_out_null(&o);
    json_out_object_begin(&o);
    json_out_key(&o, "a");
    json_out_bool(&o, false);
    json_out_object_end(&o);
    json_out_array_end(&o);
    json_out_object_end(&o);
    json_t *v =
        json_pack("{s:[], s:{}, s:[b, n, {s:b}]}", "empty_list", "empty_object", "list", 1, "a", 0);
    char *want = json_dumps(v, FLAGS);
    assert_string_equal(buf_str(&b), want);
    free(want);
    json_decref(v);
    buf_free(&b);
}

/* The answer as the API wrote it before json_out: a tree of jansson values (the keys of
** cli_search_result_json, then intensity_words and online), dumped. */
static char *answer_by_jansson(const struct search_result *items, size_t n, size_t total,
                               int offset, int limit, const char *text_category)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct search_result *r = &items[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(r->id));
        json_object_set_new(o, "name", cli_json_string_or_null(r->name));
        json_object_set_new(o, "organization", cli_json_string_or_null(r->organization));
        json_object_set_new(o, "category", cli_json_string_or_null(r->category));
        json_object_set_new(o, "town", cli_json_string_or_null(r->town));
        json_object_set_new(o, "distance_miles",
                            r->has_distance ? cli_json_rounded(r->distance_miles, 2) : json_null());
        json_t *next = json_array();
        for (size_t k = 0; k < r->n_next; k++)
            json_array_append_new(next, cli_json_iso(r->next[k], r->tzid));
        json_object_set_new(o, "next", next);
        json_object_set_new(o, "cost", cli_json_cost(r->cost_cents));
        json_object_set_new(o, "access", cli_json_access(r->access));
        json_object_set_new(o, "intensity",
                            r->intensity > 0 ? json_integer(r->intensity) : json_null());
        json_object_set_new(o, "score", cli_json_rounded(r->score, 6));
        json_object_set_new(o, "times_not_listed", json_boolean(r->times_not_listed));
        json_object_set_new(o, "open_days", cli_json_weekdays(r->open_days));
        json_object_set_new(o, "text_as_category",
                            text_category ? json_string(text_category) : json_null());
        const char *words = r->intensity > 0 ? match_intensity_words(r->intensity) : NULL;
        json_object_set_new(o, "intensity_words", words ? json_string(words) : json_null());
        json_object_set_new(o, "online", json_boolean(r->is_virtual));
        json_array_append_new(list, o);
    }
    size_t next = (size_t)offset + n;
    json_t *root = json_object();
    json_object_set_new(root, "total", json_integer((json_int_t)total));
    json_object_set_new(root, "offset", json_integer(offset));
    json_object_set_new(root, "limit", json_integer(limit));
    json_object_set_new(root, "next_offset",
                        next < total ? json_integer((json_int_t)next) : json_null());
    json_object_set_new(root, "q_as_category",
                        text_category ? json_string(text_category) : json_null());
    json_object_set_new(root, "items", list);
    char *text = json_dumps(root, FLAGS);
    json_decref(root);
    size_t len = strlen(text);
    text = realloc(text, len + 2);
    memcpy(text + len, "\n", 2);
    return text;
}

static const char *pick(const char *const *list, size_t n)
{
    return list[(size_t)rand() % n];
}

static void random_answers_are_the_jansson_tree_dumped(void **state)
{
    (void)state;
    static const char *const names[] = {
        "Garden Club", "Caf\xc3\xa9 \"Chat\"", "Back\\slash", "Tab\there", "Open Mic / Poetry",
        "\xe2\x80\x94", "Line\nbreak",
        /* every control character, DEL, and bytes that are not UTF-8 (a store edited by hand) */
        "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
        "\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\r",
        "Caf\xe9 (Latin-1)", "\xed\xa0\x80 a surrogate's bytes", "cut \xc3", NULL};
    static const char *const zones[] = {"America/New_York", "America/Los_Angeles", "Europe/Paris",
                                        "Asia/Kolkata",     "Australia/Lord_Howe", NULL};
    static const char *const slugs[] = {"gardening-nature", "music", NULL};
    srand(20261205);
    for (int round = 0; round < 300; round++) {
        size_t n = (size_t)(rand() % 6);
        struct search_result items[6];
        memset(items, 0, sizeof items);
        for (size_t i = 0; i < n; i++) {
            struct search_result *r = &items[i];
            r->id = rand() % 200000 + 1;
            r->name = (char *)pick(names, 12);
            r->organization = (char *)pick(names, 12);
            r->category = (char *)pick(slugs, 3);
            r->town = (char *)pick(names, 12);
            r->tzid = (char *)pick(zones, 6);
            r->has_distance = rand() % 3 != 0;
            r->distance_miles = (double)rand() / RAND_MAX * 120.0;
            r->n_next = (size_t)(rand() % (SEARCH_NEXT_MAX + 1));
            time_t t = 1764000000 + (time_t)(rand() % (400 * 86400));
            for (size_t k = 0; k < r->n_next; k++, t += (time_t)(rand() % (9 * 86400)) + 60)
                r->next[k] = t;
            int costs[] = {COST_UNKNOWN, 0, 500, 750, 1999, 1, 100000};
            r->cost_cents = costs[rand() % 7];
            r->access = (unsigned)rand() & 0xff;
            r->intensity = rand() % 6;
            r->is_virtual = rand() % 2;
            r->score = (double)rand() / RAND_MAX;
            r->times_not_listed = rand() % 4 == 0;
            r->open_days = (unsigned)rand() & 0x7f;
        }
        size_t total = n + (size_t)(rand() % 3) * (size_t)(rand() % 1000);
        int offset = rand() % 50, limit = rand() % 100 + 1;
        const char *text_category = pick(slugs, 3);
        struct buf b = {0};
        api_search_json(&b, items, n, total, offset, limit, text_category);
        char *want = answer_by_jansson(items, n, total, offset, limit, text_category);
        assert_string_equal(buf_str(&b), want);
        free(want);
        buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strings_are_written_as_jansson_writes_them),
        cmocka_unit_test(random_strings_are_written_as_jansson_writes_them),
        cmocka_unit_test(invalid_utf8_is_null),
        cmocka_unit_test(reals_and_integers_are_written_as_jansson_writes_them),
        cmocka_unit_test(decimals_are_written_as_jansson_writes_the_rounded_real),
        cmocka_unit_test(nesting_is_written_as_jansson_writes_it),
        cmocka_unit_test(random_answers_are_the_jansson_tree_dumped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
