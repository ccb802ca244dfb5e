/* test_reasons.c — the plain-language reasons: the peer's own words where they matched, the
** time, the trip, the step in social pressure, the facts; 2-4 of them, strongest first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/directory/activity.h"
#include "../../src/matching/reasons.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"

#include "match_fixture.h"

static struct match_candidate garden(void)
{
    struct match_candidate c;
    memset(&c, 0, sizeof c);
    c.id = 11;
    c.name = "Seedling Potting Session";
    c.category = "gardening-nature";
    c.category_label = "Gardening & nature";
    c.organization = "Greenfield Community Garden";
    c.tags = "community garden,seeds,greenhouse";
    c.intensity = 2;
    c.group_size = 6;
    c.cost_cents = 0;
    c.peer_run = TRI_NO;
    c.substance_free = TRI_YES;
    c.has_distance = true;
    c.distance_miles = 1.2;
    c.access = ACCESS_TRANSIT | ACCESS_WHEELCHAIR;
    c.n_fitting_occurrences = 3;
    c.when_weekday = 1;
    c.when_start_minute = 18 * 60;
    c.when_end_minute = 20 * 60;
    c.when_weekly = true;
    return c;
}

/* Builds the reasons for c and checks the count and that each is non-empty. */
static void reasons_for(const struct match_peer_view *peer, const struct match_candidate *c,
                        struct match_reasons *r)
{
    struct match_context ctx;
    match_context_init(&ctx, peer, &data.concepts, &data.values);
    struct match_factors f;
    match_score(&ctx, c, &f);
    match_reasons(&ctx, c, &f, r);
    assert_true(r->n >= MATCH_REASONS_MIN && r->n <= MATCH_REASONS_MAX);
    for (size_t i = 0; i < r->n; i++)
        assert_true(strlen(r->items[i]) > 3);
}

static bool has_reason(const struct match_reasons *r, const char *needle)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strstr(r->items[i], needle))
            return true;
    }
    return false;
}

static void print_reasons(const struct match_reasons *r)
{
    for (size_t i = 0; i < r->n; i++)
        printf("# reason %zu: %s\n", i + 1, r->items[i]);
}

static void test_own_words_lead(void **state)
{
    (void)state;
    static const char *interests[] = {"I love plants"};
    struct match_peer_view peer = {
        .interests = interests, .n_interests = 1, .comfort = 2, .max_travel_miles = 5};
    struct match_candidate c = garden();
    struct match_reasons r;
    reasons_for(&peer, &c, &r);
    print_reasons(&r);
    assert_non_null(strstr(r.items[0], "You said \xe2\x80\x9cplants\xe2\x80\x9d"));
    assert_non_null(strstr(r.items[0], "community garden"));
    assert_true(has_reason(&r, "gentle first step"));
    match_reasons_free(&r);
}

static void test_two_own_words(void **state)
{
    (void)state;
    static const char *interests[] = {"I used to sing in church"};
    struct match_peer_view peer = {.interests = interests, .n_interests = 1, .comfort = 3};
    struct match_candidate c = garden();
    c.name = "Gospel Choir Rehearsal";
    c.category = "faith-spiritual";
    c.category_label = "Faith & spiritual";
    c.tags = "gospel,choir,singing,worship";
    c.intensity = 4;
    struct match_reasons r;
    reasons_for(&peer, &c, &r);
    print_reasons(&r);
    assert_string_equal(r.items[0], "You said \xe2\x80\x9csing\xe2\x80\x9d and "
                                    "\xe2\x80\x9c"
                                    "church\xe2\x80\x9d \xe2\x80\x94 this is "
                                    "about gospel and choir");
    match_reasons_free(&r);

    /* A general word alone ("volunteer" for goats) is not named as a match. */
    static const char *goats[] = {"I kept goats"};
    struct match_peer_view goat_peer = {.interests = goats, .n_interests = 1, .comfort = 2};
    struct match_candidate d = garden();
    d.tags = "volunteer,sorting";
    reasons_for(&goat_peer, &d, &r);
    print_reasons(&r);
    assert_false(has_reason(&r, "You said"));
    match_reasons_free(&r);
}

static void test_time_trip_and_facts(void **state)
{
    (void)state;
    /* No interest match: the time, the trip and the facts carry it. */
    struct match_peer_view peer = {.comfort = 4, .max_travel_miles = 10};
    struct match_candidate c = garden();
    c.intensity = 4;
    struct match_reasons r;
    reasons_for(&peer, &c, &r);
    print_reasons(&r);
    assert_true(has_reason(&r, "Tuesdays 6\xe2\x80\x93"
                               "8 pm, when you're free"));
    assert_true(has_reason(&r, "1.2 miles away, near the bus"));
    assert_true(has_reason(&r, "Free"));
    assert_false(has_reason(&r, "You said"));
    match_reasons_free(&r);

    /* A place at its ZIP code's or town's centre: the distance is said as the guess it is. */
    c.distance_approximate = true;
    reasons_for(&peer, &c, &r);
    assert_true(has_reason(&r, "Within about a mile, near the bus"));
    assert_false(has_reason(&r, "1.2 miles"));
    match_reasons_free(&r);
    c.distance_miles = 4.4;
    reasons_for(&peer, &c, &r);
    assert_true(has_reason(&r, "About 4 miles away, near the bus"));
    match_reasons_free(&r);
}

static void test_values_and_peer_run(void **state)
{
    (void)state;
    static const char *vals[] = {"helping-others"};
    struct match_peer_view peer = {.values = vals,
                                   .n_values = 1,
                                   .comfort = 3,
                                   .prefers_peer_run = true,
                                   .prefers_substance_free = true};
    struct match_candidate c = garden();
    c.name = "Food Pantry Sorting Shift";
    c.category = "volunteering";
    c.category_label = "Volunteering";
    c.tags = "volunteer,food pantry,sorting";
    c.intensity = 3;
    c.peer_run = TRI_YES;
    struct match_reasons r;
    reasons_for(&peer, &c, &r);
    print_reasons(&r);
    assert_true(has_reason(&r, "Fits what matters to you: helping others"));
    assert_true(has_reason(&r, "Free, peer-run and substance-free"));
    assert_true(has_reason(&r, "Right at your comfort level"));
    match_reasons_free(&r);
}

static void test_tag_history_novelty_virtual(void **state)
{
    (void)state;
    static const char *tags[] = {"music"};
    struct match_history_item hist[2] = {
        {.category = "music", .organization = "Other", .went = true, .rating = 5},
        {.category = "music", .organization = "Other", .went = true, .rating = 4},
    };
    struct match_peer_view peer = {.tags = tags,
                                   .n_tags = 1,
                                   .comfort = 3,
                                   .accepts_virtual = true,
                                   .history = hist,
                                   .n_history = 2};
    struct match_candidate c = garden();
    c.name = "Online Listening Hour";
    c.category = "music";
    c.category_label = "Music";
    c.tags = "music,listening";
    c.intensity = 4;
    c.distance_miles = 9.0; /* far enough not to be a reason */
    c.cost_cents = 500;
    c.substance_free = TRI_UNKNOWN;
    c.when_weekly = false;
    c.when_weekday = 5;
    c.when_start_minute = 10 * 60 + 30;
    c.when_end_minute = 12 * 60;
    struct match_reasons r;
    reasons_for(&peer, &c, &r);
    print_reasons(&r);
    assert_true(has_reason(&r, "Matches your interest in music"));
    assert_true(has_reason(&r, "One small step up"));
    assert_true(has_reason(&r, "You enjoyed music before"));
    assert_false(has_reason(&r, "Free"));
    assert_false(has_reason(&r, "miles"));
    match_reasons_free(&r);

    /* Online, for a peer who accepts it: no travel. */
    c.is_virtual = true;
    c.has_distance = false;
    c.intensity = 3;
    reasons_for(&peer, &c, &r);
    print_reasons(&r);
    assert_true(has_reason(&r, "Online \xe2\x80\x94 no travel needed"));
    match_reasons_free(&r);

    /* A new category, for a peer who has been places, is worth saying. */
    struct match_candidate d = garden();
    d.intensity = 3;
    reasons_for(&peer, &d, &r);
    print_reasons(&r);
    assert_true(has_reason(&r, "Something new: you haven't tried gardening & nature yet"));
    match_reasons_free(&r);
}

static void test_fallback_reaches_two(void **state)
{
    (void)state;
    /* Nothing fits well: a far, costly activity two steps up. Still two plain reasons. */
    struct match_peer_view peer = {.comfort = 1, .max_travel_miles = 3};
    struct match_candidate c = garden();
    c.intensity = 3;
    c.cost_cents = 1500;
    c.substance_free = TRI_NO;
    c.distance_miles = 2.9;
    c.access = 0;
    c.when_weekday = -1;
    c.n_fitting_occurrences = 1;
    struct match_reasons r;
    reasons_for(&peer, &c, &r);
    print_reasons(&r);
    assert_true(has_reason(&r, "Once in the next 21 days"));
    assert_true(has_reason(&r, "2.9 miles away"));
    match_reasons_free(&r);
}

static void check_range(int start, int end, const char *want)
{
    struct buf b = {0};
    reasons_format_time_range(&b, start, end);
    assert_string_equal(buf_str(&b), want);
    buf_free(&b);
}

static void test_time_ranges(void **state)
{
    (void)state;
    check_range(18 * 60, 20 * 60,
                "6\xe2\x80\x93"
                "8 pm");
    check_range(10 * 60, 11 * 60 + 30,
                "10\xe2\x80\x93"
                "11:30 am");
    check_range(11 * 60, 13 * 60,
                "11 am\xe2\x80\x93"
                "1 pm");
    check_range(12 * 60, 13 * 60,
                "12\xe2\x80\x93"
                "1 pm");
    check_range(22 * 60, 24 * 60,
                "10 pm\xe2\x80\x93"
                "12 am");
    check_range(9 * 60 + 15, -1, "9:15 am");
    check_range(0, -1, "12 am");
}

static void test_times_not_listed(void **state)
{
    (void)state;
    char text[TIMES_TEXT_LEN];
    times_not_listed_text(0, text);
    assert_string_equal(text, "times not listed");
    times_not_listed_text(1u << 1, text);
    assert_string_equal(text, "open Tuesdays, times not listed");
    times_not_listed_text(1u << 1 | 1u << 3, text);
    assert_string_equal(text, "open Tuesdays and Thursdays, times not listed");
    times_not_listed_text(1u << 0 | 1u << 2 | 1u << 4 | 1u << 6, text);
    assert_string_equal(text, "open Mondays, Wednesdays, Fridays and Sundays, times not listed");
    times_not_listed_text(0x7f, text);
    assert_string_equal(text, "open every day, times not listed");

    /* the reason to ask comes first; a full list drops its weakest */
    struct match_reasons r = {0};
    for (int i = 0; i < MATCH_REASONS_MAX; i++) {
        char item[16];
        snprintf(item, sizeof item, "reason %d", i);
        r.items[r.n++] = strdup(item);
    }
    reasons_ask_about_times(&r, 1u << 5);
    assert_int_equal(r.n, MATCH_REASONS_MAX);
    assert_string_equal(r.items[0],
                        "Open Saturdays, times not listed: call or write to ask when it meets.");
    assert_string_equal(r.items[1], "reason 0");
    assert_string_equal(r.items[MATCH_REASONS_MAX - 1], "reason 2");
    match_reasons_free(&r);

    struct buf b = {0};
    reasons_no_dates_listed(&b, 0, true);
    assert_string_equal(buf_str(&b), "No dates listed (times not listed), so it is not in the list."
                                     " It meets every other limit: call or write to ask when it"
                                     " meets (recommend --ask-about-times lists it at the end).");
    buf_reset(&b);
    reasons_no_dates_listed(&b, 1u << 1, false);
    assert_string_equal(
        buf_str(&b),
        "No dates listed (open Tuesdays, times not listed), so it is not in the list.");
    buf_free(&b);
}

/* The step the visits suggest: first among the reasons of a listing that fits it (up: at the new
** level; down: at or below it), the weakest one dropped when full; others are left alone. */
static void test_step_reason(void **state)
{
    (void)state;
    struct match_reasons r = {0};
    r.items[r.n++] = strdup("You said \u201cplants\u201d");
    assert_false(reasons_step(&r, true, 3, 2));
    assert_false(reasons_step(&r, true, 3, 4));
    assert_false(reasons_step(&r, true, 3, 0));
    assert_int_equal(r.n, 1);
    assert_true(reasons_step(&r, true, 3, 3));
    assert_int_equal(r.n, 2);
    assert_non_null(strstr(r.items[0], "A step up"));
    assert_non_null(strstr(r.items[0], "level 3"));
    assert_non_null(strstr(r.items[1], "plants"));
    match_reasons_free(&r);

    assert_false(reasons_step(&r, false, 2, 3));
    assert_true(reasons_step(&r, false, 2, 1));
    assert_non_null(strstr(r.items[0], "A gentler step"));
    for (int i = 0; i < MATCH_REASONS_MAX - 1; i++)
        r.items[r.n++] = strdup("another reason");
    assert_int_equal(r.n, MATCH_REASONS_MAX);
    assert_true(reasons_step(&r, false, 2, 2));
    assert_int_equal(r.n, MATCH_REASONS_MAX);
    assert_non_null(strstr(r.items[0], "A gentler step"));
    assert_non_null(strstr(r.items[1], "A gentler step"));
    match_reasons_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_own_words_lead),
        cmocka_unit_test(test_two_own_words),
        cmocka_unit_test(test_time_trip_and_facts),
        cmocka_unit_test(test_step_reason),
        cmocka_unit_test(test_values_and_peer_run),
        cmocka_unit_test(test_tag_history_novelty_virtual),
        cmocka_unit_test(test_fallback_reaches_two),
        cmocka_unit_test(test_time_ranges),
        cmocka_unit_test(test_times_not_listed),
    };
    return cmocka_run_group_tests(tests, load_maps, free_maps);
}
