/* test_factors.c — the shape of each matching factor: bounds, monotonicity, the graded-exposure
** curve (comfort and one above best, 1 → 5 near 0), the virtual exemption, the weights, and
** match_score putting it together. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/directory/activity.h"
#include "../../src/matching/factors.h"
#include "../../src/matching/match.h"
#include "../../src/util/rc.h"

static void assert_unit(double x)
{
    assert_true(x >= 0.0 && x <= 1.0);
}

static void test_weights_sum_to_one(void **state)
{
    (void)state;
    const struct match_weights *w = &MATCH_WEIGHTS;
    double sum =
        w->interest + w->values + w->exposure + w->distance + w->schedule + w->history + w->novelty;
    assert_true(fabs(sum - 1.0) < 1e-9);
    /* Interest leads, novelty is a small bonus. */
    assert_true(w->interest > w->exposure && w->exposure > w->values);
    assert_true(w->novelty < w->interest / 4);
}

static void test_exposure_shape(void **state)
{
    (void)state;
    for (int comfort = 1; comfort <= 5; comfort++) {
        for (int intensity = 1; intensity <= 5; intensity++)
            assert_unit(factor_exposure(comfort, intensity));
        /* Best at the comfort level or one above. */
        assert_true(factor_exposure(comfort, comfort) == 1.0);
        if (comfort < 5)
            assert_true(factor_exposure(comfort, comfort + 1) == 1.0);
        /* One below is fine but slightly lower. */
        if (comfort > 1) {
            double below = factor_exposure(comfort, comfort - 1);
            assert_true(below < 1.0 && below >= 0.8);
        }
        /* Upward jumps beyond +1 fall steeply and monotonically. */
        for (int i = comfort + 2; i <= 5; i++)
            assert_true(factor_exposure(comfort, i) < factor_exposure(comfort, i - 1));
        /* Downward: monotonic, never zero. */
        for (int i = comfort - 1; i >= 1; i--) {
            assert_true(factor_exposure(comfort, i) <= factor_exposure(comfort, i + 1));
            assert_true(factor_exposure(comfort, i) >= 0.4);
        }
    }
    assert_true(factor_exposure(1, 5) < 0.01); /* one-on-one only → 40-person mixer */
    assert_true(factor_exposure(1, 4) < 0.05);
    assert_true(factor_exposure(1, 3) < 0.5 && factor_exposure(1, 3) > 0.1);
    /* A big jump up is worse than the same distance down. */
    assert_true(factor_exposure(2, 4) < factor_exposure(4, 2));
    /* Unknowns: intensity unknown is neutral; comfort unknown is treated as 2. */
    assert_true(factor_exposure(3, 0) == 0.5);
    assert_true(factor_exposure(0, 2) == factor_exposure(MATCH_COMFORT_DEFAULT, 2));
    assert_true(factor_exposure(0, 5) < 0.05);
}

static void test_distance_shape(void **state)
{
    (void)state;
    double prev = 2.0;
    for (double miles = 0.0; miles <= 40.0; miles += 0.5) {
        double f = factor_distance(true, miles, 10.0, false, false);
        assert_unit(f);
        assert_true(f < prev || miles == 0.0);
        prev = f;
    }
    assert_true(factor_distance(true, 0.0, 10.0, false, false) == 1.0);
    assert_true(fabs(factor_distance(true, 5.0, 10.0, false, false) - 0.5) < 1e-9);
    assert_true(fabs(factor_distance(true, 10.0, 10.0, false, false) - 0.2) < 1e-9);
    /* A peer who travels farther minds a given distance less. */
    assert_true(factor_distance(true, 3.0, 20.0, false, false) >
                factor_distance(true, 3.0, 5.0, false, false));
    /* Virtual: exempt from distance for peers who accept it, useless for those who do not. */
    assert_true(factor_distance(false, 0.0, 2.0, true, true) >= 0.8);
    assert_true(factor_distance(true, 500.0, 2.0, true, true) >= 0.8);
    assert_true(factor_distance(false, 0.0, 2.0, true, false) == 0.0);
    /* Unknowns and junk stay in bounds. */
    assert_true(factor_distance(false, 0.0, 10.0, false, false) == 0.5);
    assert_true(factor_distance(true, 3.0, -1.0, false, false) ==
                factor_distance(true, 3.0, MATCH_TRAVEL_DEFAULT_MILES, false, false));
    assert_true(factor_distance(true, 0.2, 0.0, false, false) > 0.8); /* no travel: at the door */
    assert_unit(factor_distance(true, NAN, 10.0, false, false));
    assert_unit(factor_distance(true, -3.0, 10.0, false, false));
    assert_unit(factor_distance(true, 1.0, INFINITY, false, false));
}

static void test_schedule_saturates(void **state)
{
    (void)state;
    assert_true(factor_schedule(0, 21) == 0.0);
    assert_true(factor_schedule(-2, 21) == 0.0);
    double prev = 0.0;
    for (int n = 1; n <= 60; n++) {
        double f = factor_schedule(n, 21);
        assert_unit(f);
        assert_true(f > prev || f == 1.0);
        prev = f;
    }
    assert_true(factor_schedule(3, 21) > 0.7);                           /* weekly */
    assert_true(factor_schedule(6, 21) - factor_schedule(3, 21) < 0.25); /* saturating */
    assert_true(factor_schedule(60, 21) > 0.99);
    /* The same rate over a longer window scores the same. */
    assert_true(fabs(factor_schedule(3, 21) - factor_schedule(6, 42)) < 1e-9);
    assert_true(factor_schedule(3, 0) == factor_schedule(3, MATCH_WINDOW_DAYS_DEFAULT));
}

static void test_text_fit_robust(void **state)
{
    (void)state;
    assert_true(factor_text_fit(0.0, 8.0) == 0.0);
    assert_true(factor_text_fit(-3.0, 8.0) == 0.0); /* a negative relevance is not a match */
    assert_true(factor_text_fit(NAN, 8.0) == 0.0);
    assert_true(factor_text_fit(INFINITY, 8.0) == 0.0);
    assert_unit(factor_text_fit(1e9, 1e9));
    assert_unit(factor_text_fit(5.0, NAN));
    double prev = 0.0;
    for (double relevance = 0.5; relevance <= 30.0; relevance += 0.5) {
        double f = factor_text_fit(relevance, 30.0);
        assert_unit(f);
        assert_true(f > prev);
        prev = f;
    }
    /* The best candidate of a set scores high whatever the corpus scale. */
    assert_true(factor_text_fit(0.8, 0.8) > 0.6);
    assert_true(factor_text_fit(25.0, 25.0) > 0.9);
    /* Without a best, the absolute curve alone. */
    assert_true(fabs(factor_text_fit(2.0, 0.0) - 0.5) < 1e-9);
}

static void test_interest_combination(void **state)
{
    (void)state;
    assert_true(factor_tag_fit(0) == 0.0);
    assert_true(factor_tag_fit(1) == 0.5);
    assert_true(factor_tag_fit(2) > factor_tag_fit(1));
    assert_unit(factor_tag_fit(1000));
    double own = 1.0, expansion = 0.6;
    assert_true(factor_term_fit(&own, 1) > factor_term_fit(&expansion, 1));
    double both[2] = {1.0, 0.6};
    assert_true(factor_term_fit(both, 2) > factor_term_fit(&own, 1));
    assert_unit(factor_term_fit(both, 2));
    assert_true(factor_term_fit(NULL, 0) == 0.0);
    assert_true(factor_interest(0, 0, 0) == 0.0);
    /* Each part raises interest; all stay in bounds. */
    assert_true(factor_interest(0.5, 0, 0) > 0.0);
    assert_true(factor_interest(0.5, 0.5, 0) > factor_interest(0.5, 0, 0));
    assert_true(factor_interest(0.5, 0.5, 0.5) > factor_interest(0.5, 0.5, 0));
    assert_unit(factor_interest(1, 1, 1));
    assert_unit(factor_interest(2, -1, NAN));
}

static void test_values_and_preferences(void **state)
{
    (void)state;
    double w[2] = {0.6, 0.5};
    assert_true(fabs(factor_value_weight(w, 2) - 0.8) < 1e-9);
    assert_true(factor_values(0.0, false, TRI_YES, false, TRI_YES) == 0.0);
    assert_true(factor_values(1.0, false, TRI_NO, false, TRI_NO) == 1.0);
    assert_true(factor_values(0.0, true, TRI_YES, false, TRI_NO) == 0.5);
    assert_true(factor_values(0.0, true, TRI_UNKNOWN, false, TRI_NO) == 0.0);
    assert_true(factor_values(0.4, true, TRI_YES, true, TRI_YES) >
                factor_values(0.4, true, TRI_YES, false, TRI_YES));
    assert_unit(factor_values(0.9, true, TRI_YES, true, TRI_YES));
}

static void test_history_rises_and_falls(void **state)
{
    (void)state;
    assert_true(factor_history(NULL, 0, "music", "Org") == 0.5);
    struct match_history_item good[2] = {
        {.category = "music", .organization = "A", .went = true, .rating = 5},
        {.category = "music", .organization = "B", .went = true, .rating = 4},
    };
    struct match_history_item bad[2] = {
        {.category = "music", .organization = "A", .declined = true},
        {.category = "music", .organization = "B", .went = true, .rating = 1},
    };
    assert_true(factor_history(good, 1, "music", NULL) > 0.5);
    assert_true(factor_history(good, 2, "music", NULL) > factor_history(good, 1, "music", NULL));
    assert_true(factor_history(bad, 1, "music", NULL) < 0.5);
    assert_true(factor_history(bad, 2, "music", NULL) < factor_history(bad, 1, "music", NULL));
    /* Other categories are untouched; the same organisation counts half. */
    assert_true(factor_history(good, 2, "arts-crafts", NULL) == 0.5);
    double org = factor_history(good, 1, "arts-crafts", "A");
    assert_true(org > 0.5 && org < factor_history(good, 1, "music", NULL));
    for (size_t i = 0; i < 2; i++) {
        assert_unit(factor_history(good, i + 1, "music", "A"));
        assert_unit(factor_history(bad, i + 1, "music", "A"));
    }
    assert_true(history_tried_category(good, 2, "music"));
    assert_false(history_tried_category(bad, 1, "music")); /* declined is not tried */
    assert_true(history_tried_organization(good, 2, "B"));
    assert_false(history_tried_organization(good, 2, NULL));
}

static void test_novelty_order(void **state)
{
    (void)state;
    assert_true(factor_novelty(false, false) == 1.0);
    assert_true(factor_novelty(false, false) > factor_novelty(false, true));
    assert_true(factor_novelty(false, true) > factor_novelty(true, false));
    assert_true(factor_novelty(true, false) > factor_novelty(true, true));
    assert_unit(factor_novelty(true, true));
}

static void test_combine_gate(void **state)
{
    (void)state;
    struct match_factor_values all = {1, 1, 1, 1, 1, 1, 1};
    assert_true(fabs(factor_combine(&all) - 1.0) < 1e-9);
    struct match_factor_values none = {0, 0, 0.5, 0, 0, 0, 0};
    assert_unit(factor_combine(&none));
    /* A perfect topic with a 1 → 5 jump scores below a modest topic at the right step. */
    struct match_factor_values jump = {1, 1, factor_exposure(1, 5), 1, 1, 0.5, 1};
    struct match_factor_values gentle = {0.3, 0, factor_exposure(1, 2), 0.5, 0.5, 0.5, 0.4};
    assert_true(factor_combine(&jump) < 0.05);
    assert_true(factor_combine(&gentle) > factor_combine(&jump));
}

/* ---- match_score over plain structs ------------------------------------------------------ */

static struct match_candidate candidate(int64_t id, const char *name, const char *category,
                                        const char *tags, int intensity)
{
    struct match_candidate c;
    memset(&c, 0, sizeof c);
    c.id = id;
    c.name = name;
    c.category = category;
    c.tags = tags;
    c.intensity = intensity;
    c.cost_cents = 0;
    c.has_distance = true;
    c.distance_miles = 2.0;
    c.n_fitting_occurrences = 3;
    c.when_weekday = -1;
    c.when_start_minute = c.when_end_minute = -1;
    return c;
}

static void test_match_score_interest_beats_novelty(void **state)
{
    (void)state;
    static const char *interests[] = {"plants"};
    struct match_history_item history[1] = {
        {.category = "gardening-nature", .organization = "Green Org", .went = true, .rating = 3},
    };
    struct match_peer_view peer = {.interests = interests,
                                   .n_interests = 1,
                                   .comfort = 2,
                                   .max_travel_miles = 10,
                                   .history = history,
                                   .n_history = 1};
    struct match_context ctx;
    match_context_init(&ctx, &peer, NULL, NULL);
    struct match_candidate garden =
        candidate(1, "Seedling Potting", "gardening-nature", "gardening,seeds,plants", 2);
    garden.organization = "Green Org"; /* tried category and organisation: novelty low */
    struct match_candidate chess = candidate(2, "Chess Club", "social-games", "chess,games", 2);
    chess.organization = "Other Org";
    struct match_factors fg, fc;
    match_score(&ctx, &garden, &fg);
    match_score(&ctx, &chess, &fc);
    assert_true(fg.f.novelty < fc.f.novelty);
    assert_true(fg.f.interest >= 0.8);
    assert_true(fg.score > fc.score);
    assert_unit(fg.score);
    assert_unit(fc.score);
}

static void test_match_score_gate_and_virtual(void **state)
{
    (void)state;
    static const char *interests[] = {"I used to sing in church"};
    struct match_peer_view peer = {
        .interests = interests, .n_interests = 1, .comfort = 1, .accepts_virtual = true};
    struct match_context ctx;
    match_context_init(&ctx, &peer, NULL, NULL);
    struct match_candidate mixer = candidate(1, "Singing Mixer", "music", "sing,church", 5);
    struct match_candidate quiet = candidate(2, "Listening Room", "music", "listening,quiet", 1);
    struct match_factors fm, fq;
    match_score(&ctx, &mixer, &fm);
    match_score(&ctx, &quiet, &fq);
    assert_true(fm.f.interest > fq.f.interest);
    assert_true(fm.score < fq.score); /* the big jump sinks it */

    struct match_candidate online = candidate(3, "Online Sing", "music", "sing", 2);
    online.is_virtual = true;
    online.has_distance = false;
    struct match_factors fo;
    match_score(&ctx, &online, &fo);
    /* Online: as near as it fits (factor_online_fit), never a free distance score. */
    assert_true(fo.f.distance >= 0.6 && fo.f.distance <= 0.85);
    struct match_candidate bingo = candidate(4, "Online Bingo", "games", "bingo", 2);
    bingo.is_virtual = true;
    bingo.has_distance = false;
    struct match_factors fb;
    match_score(&ctx, &bingo, &fb);
    assert_true(fb.f.distance < 0.1);
    peer.accepts_virtual = false;
    match_score(&ctx, &online, &fo);
    assert_true(fo.f.distance == 0.0);
}

static void test_match_score_tags_values(void **state)
{
    (void)state;
    static const char *tags[] = {"board games"};
    static const char *values[] = {"Helping others"};
    struct match_peer_view peer = {.tags = tags, .n_tags = 1, .values = values, .n_values = 1};
    struct value_map vm;
    struct diag diag = {0};
    assert_int_equal(value_map_load(NULL, &vm, &diag), BELONG_OK);
    struct match_context ctx;
    match_context_init(&ctx, &peer, NULL, &vm);
    struct match_candidate games =
        candidate(1, "Board Game Afternoon", "social-games", "board games,games,social", 2);
    struct match_candidate pantry =
        candidate(2, "Food Pantry Sorting", "volunteering", "volunteer,food pantry", 2);
    struct match_factors fg, fp;
    match_score(&ctx, &games, &fg);
    match_score(&ctx, &pantry, &fp);
    assert_true(fg.tag_fit >= 0.5);
    assert_true(fp.tag_fit == 0.0);
    assert_true(fp.f.values == 1.0);
    assert_true(fg.f.values == 0.0);
    value_map_free(&vm);
    diag_free(&diag);
}

static void test_match_score_relevance_relative(void **state)
{
    (void)state;
    struct match_peer_view peer = {.comfort = 3};
    struct match_context ctx;
    match_context_init(&ctx, &peer, NULL, NULL);
    struct match_candidate a = candidate(1, "A", NULL, NULL, 3);
    struct match_candidate b = candidate(2, "B", NULL, NULL, 3);
    a.relevance = 6.0;
    b.relevance = 2.0;
    match_context_note_relevance(&ctx, a.relevance);
    match_context_note_relevance(&ctx, b.relevance);
    assert_true(ctx.relevance_best == 6.0);
    struct match_factors fa, fb;
    match_score(&ctx, &a, &fa);
    match_score(&ctx, &b, &fb);
    assert_true(fa.text_fit > fb.text_fit);
    assert_true(fa.score > fb.score);
}

static void test_value_map_rejects_bad_lines(void **state)
{
    (void)state;
    char path[] = "/tmp/belong-test-values-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# comment\nnature\tgardening-nature:1.0\nbroken line\nfaith\tfaith-spiritual:7\n", f);
    fclose(f);
    struct value_map vm;
    struct diag diag = {0};
    assert_int_equal(value_map_load(path, &vm, &diag), BELONG_EDATA);
    assert_int_equal(diag.count, 2);
    assert_non_null(strstr(buf_str(&diag.text), ":3:"));
    assert_non_null(strstr(buf_str(&diag.text), ":4:"));
    assert_int_equal(vm.n, 0);
    diag_free(&diag);
    remove(path);
    struct diag d2 = {0};
    assert_int_equal(value_map_load("/nonexistent/values.tsv", &vm, &d2), BELONG_ENOINPUT);
    diag_free(&d2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weights_sum_to_one),
        cmocka_unit_test(test_exposure_shape),
        cmocka_unit_test(test_distance_shape),
        cmocka_unit_test(test_schedule_saturates),
        cmocka_unit_test(test_text_fit_robust),
        cmocka_unit_test(test_interest_combination),
        cmocka_unit_test(test_values_and_preferences),
        cmocka_unit_test(test_history_rises_and_falls),
        cmocka_unit_test(test_novelty_order),
        cmocka_unit_test(test_combine_gate),
        cmocka_unit_test(test_match_score_interest_beats_novelty),
        cmocka_unit_test(test_match_score_gate_and_virtual),
        cmocka_unit_test(test_match_score_tags_values),
        cmocka_unit_test(test_match_score_relevance_relative),
        cmocka_unit_test(test_value_map_rejects_bad_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
