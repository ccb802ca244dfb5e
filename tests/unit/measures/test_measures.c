/* test_measures.c — the measures engine: every answer of every instrument, both sides of every
** band boundary, De Jong Gierveld's missing-data rules, ONS4's bands per item, every refusal
** with its message naming the item, and the tables' own consistency.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/measures/measures.h"
#include "../../src/measures/measures_json.h"
#include "../../src/util/rc.h"

/* Parses and scores text for the instrument named id. OUT: *r. Problems land in *d. */
static int score_text(const char *id, const char *text, struct measure_result *r, struct diag *d)
{
    const struct measure_instrument *in = measure_find(id);
    assert_non_null(in);
    int codes[MEASURE_ITEMS_MAX];
    int rc = measure_parse_answers(in, text, codes, d, "--answers");
    if (rc == BELONG_OK)
        rc = measure_score(in, codes, in->n_items, r, d, "--answers");
    return rc;
}

/* Scores text, which must be accepted; returns the result. */
static struct measure_result accept(const char *id, const char *text)
{
    struct measure_result r;
    struct diag d = {0};
    int rc = score_text(id, text, &r, &d);
    if (rc != BELONG_OK)
        fail_msg("%s \"%s\" refused: %s", id, text, buf_str(&d.text));
    assert_int_equal(d.count, 0);
    diag_free(&d);
    return r;
}

/* Scores text, which must be refused with one problem containing each of the given parts
** (NULL-terminated). */
static void refuse(const char *id, const char *text, ...)
{
    struct measure_result r;
    memset(&r, 0x5A, sizeof r);
    struct measure_result untouched = r;
    struct diag d = {0};
    assert_int_equal(score_text(id, text, &r, &d), BELONG_EDATA);
    assert_int_equal(d.count, 1);
    assert_memory_equal(&r, &untouched, sizeof r); /* nothing handed back */
    va_list ap;
    va_start(ap, text);
    for (const char *part; (part = va_arg(ap, const char *));)
        if (!strstr(buf_str(&d.text), part))
            fail_msg("%s \"%s\": message lacks \"%s\": %s", id, text, part, buf_str(&d.text));
    va_end(ap);
    diag_free(&d);
}

static const struct measure_scale_result *scale_named(const struct measure_result *r,
                                                      const char *name)
{
    for (size_t s = 0; s < r->n_scales; s++)
        if (strcmp(r->scales[s].scale->name, name) == 0)
            return &r->scales[s];
    fail_msg("no scale %s", name);
    return NULL;
}

static void expect_scale(const struct measure_result *r, const char *name, int score,
                         const char *band)
{
    const struct measure_scale_result *sr = scale_named(r, name);
    assert_false(sr->missing);
    assert_int_equal(sr->score, score);
    if (band) {
        assert_non_null(sr->band);
        assert_string_equal(sr->band->slug, band);
    } else {
        assert_null(sr->band);
    }
}

static void expect_missing(const struct measure_result *r, const char *name)
{
    const struct measure_scale_result *sr = scale_named(r, name);
    assert_true(sr->missing);
    assert_null(sr->band);
}

/* ---- the tables ------------------------------------------------------------------------------ */

static void tables_are_consistent(void **state)
{
    (void)state;
    assert_int_equal(measure_instrument_count, 5);
    for (size_t n = 0; n < measure_instrument_count; n++) {
        const struct measure_instrument *in = measure_instruments[n];
        assert_true(in->n_items >= 1 && in->n_items <= MEASURE_ITEMS_MAX);
        assert_true(in->n_scales >= 1 && in->n_scales <= MEASURE_SCALES_MAX);
        assert_true(in->total_scale < (int)in->n_scales);
        assert_ptr_equal(measure_find(in->id), in);
        for (size_t i = 0; i < in->n_items; i++) {
            const struct measure_options *o = in->items[i].answers;
            for (size_t k = 0; k < o->n; k++) {
                const struct measure_option *a = &o->options[k];
                /* typed answers are matched folded: keys and labels are lower case, no comma */
                for (const char *p = a->key; *p; p++)
                    assert_false(*p == ',' || (*p >= 'A' && *p <= 'Z'));
                for (const char *p = a->label ? a->label : ""; *p; p++)
                    assert_false(*p == ',' || (*p >= 'A' && *p <= 'Z'));
                assert_true(a->code != MEASURE_ANSWER_MISSING);
                for (size_t j = 0; j < k; j++) {
                    assert_int_not_equal(o->options[j].code, a->code);
                    assert_string_not_equal(o->options[j].key, a->key);
                }
            }
        }
        for (size_t s = 0; s < in->n_scales; s++) {
            const struct measure_scale *sc = &in->scales[s];
            assert_int_equal(sc->items >> in->n_items, 0);
            assert_int_not_equal(sc->items, 0);
            int min, max;
            measure_scale_range(in, sc, &min, &max);
            if (!sc->n_bands)
                continue;
            /* the bands cover the range in order, without gaps or overlaps */
            assert_int_equal(sc->bands[0].min, min);
            for (size_t b = 1; b < sc->n_bands; b++)
                assert_int_equal(sc->bands[b].min, sc->bands[b - 1].max + 1);
            assert_int_equal(sc->bands[sc->n_bands - 1].max, max);
        }
    }
}

static void finds_instruments_by_their_written_names(void **state)
{
    (void)state;
    const char *ucla[] = {"ucla3", "UCLA-3", "ucla_3", "Ucla 3", NULL};
    for (int i = 0; ucla[i]; i++)
        assert_string_equal(measure_find(ucla[i])->id, "ucla3");
    assert_string_equal(measure_find("LSNS-6")->id, "lsns6");
    assert_string_equal(measure_find("DJG-6")->id, "djg6");
    assert_string_equal(measure_find("ONS4")->id, "ons4");
    assert_string_equal(measure_find("check-in")->id, "checkin");
    const char *unknown[] = {"", "phq9", "ucla", "ucla33", "lsns", "-", NULL};
    for (int i = 0; unknown[i]; i++)
        assert_null(measure_find(unknown[i]));
    assert_null(measure_find(NULL));
}

/* ---- UCLA-3 ---------------------------------------------------------------------------------- */

static void ucla3_every_answer_of_every_item(void **state)
{
    (void)state;
    const char *keys[] = {"1", "2", "3"};
    const char *labels[] = {"hardly ever", "Some of the time", "  OFTEN "};
    for (int item = 0; item < 3; item++) {
        for (int a = 0; a < 3; a++) {
            char text[64];
            for (int by_label = 0; by_label < 2; by_label++) {
                const char *ans = by_label ? labels[a] : keys[a];
                snprintf(text, sizeof text, "%s,%s,%s", item == 0 ? ans : "1",
                         item == 1 ? ans : "1", item == 2 ? ans : "1");
                struct measure_result r = accept("ucla3", text);
                assert_int_equal(r.codes[item], a + 1);
                expect_scale(&r, "total", 2 + a + 1, "not-lonely");
            }
        }
    }
}

static void ucla3_cut_off_at_six(void **state)
{
    (void)state;
    struct measure_result r = accept("ucla3", "1,1,1");
    expect_scale(&r, "total", 3, "not-lonely");
    r = accept("ucla3", "2,2,1");
    expect_scale(&r, "total", UCLA3_LONELY_MIN - 1, "not-lonely");
    assert_string_equal(measure_total(&r)->band->words,
                        "not lonely (below the commonly used cut-off of 6)");
    r = accept("ucla3", "2,2,2");
    expect_scale(&r, "total", UCLA3_LONELY_MIN, "lonely");
    r = accept("ucla3", "3,3,3");
    expect_scale(&r, "total", 9, "lonely");
}

/* ---- LSNS-6 ---------------------------------------------------------------------------------- */

static void lsns6_every_answer_of_every_item(void **state)
{
    (void)state;
    const char *labels[] = {"none",        "one", "two", "three or four", "five  through eight",
                            "Nine or more"};
    for (int item = 0; item < 6; item++) {
        for (int a = 0; a <= 5; a++) {
            for (int by_label = 0; by_label < 2; by_label++) {
                char ans[32], text[128] = "";
                if (by_label)
                    snprintf(ans, sizeof ans, "%s", labels[a]);
                else
                    snprintf(ans, sizeof ans, "%d", a);
                for (int i = 0; i < 6; i++) {
                    strcat(text, i == item ? ans : "0");
                    if (i < 5)
                        strcat(text, ",");
                }
                struct measure_result r = accept("lsns6", text);
                assert_int_equal(r.codes[item], a);
                expect_scale(&r, "total", a, "at-risk");
                expect_scale(&r, item < 3 ? "family" : "friends", a, "few-ties");
                expect_scale(&r, item < 3 ? "friends" : "family", 0, "few-ties");
            }
        }
    }
}

static void lsns6_cut_offs_for_total_and_subscales(void **state)
{
    (void)state;
    struct measure_result r = accept("lsns6", "2,2,1,2,2,2");
    expect_scale(&r, "total", LSNS6_AT_RISK_BELOW - 1, "at-risk");
    assert_string_equal(measure_total(&r)->band->words, "at risk of social isolation (below 12)");
    expect_scale(&r, "family", LSNS6_SUBSCALE_FLAG_BELOW - 1, "few-ties");
    expect_scale(&r, "friends", LSNS6_SUBSCALE_FLAG_BELOW, "ties");
    r = accept("lsns6", "2,2,2,2,2,1");
    expect_scale(&r, "total", 11, "at-risk");
    expect_scale(&r, "family", 6, "ties");
    expect_scale(&r, "friends", 5, "few-ties");
    r = accept("lsns6", "2,2,2,2,2,2");
    expect_scale(&r, "total", LSNS6_AT_RISK_BELOW, "not-at-risk");
    r = accept("lsns6", "5,5,5,0,0,1");
    expect_scale(&r, "total", 16, "not-at-risk");
    expect_scale(&r, "family", 15, "ties");
    expect_scale(&r, "friends", 1, "few-ties");
    r = accept("lsns6", "5,5,5,5,5,5");
    expect_scale(&r, "total", 30, "not-at-risk");
}

/* ---- De Jong Gierveld 6 --------------------------------------------------------------------- */

/* Items 1, 5, 6 are emotional; 2, 3, 4 social (the published order). */
static const int djg_emotional[] = {1, 0, 0, 0, 1, 1};

static void djg6_every_answer_of_every_item(void **state)
{
    (void)state;
    const char *answers[] = {"yes", "more or less", "no"};
    const char *typed[] = {"YES", " More  or less ", "No"};
    for (int item = 0; item < 6; item++) {
        for (int a = 0; a < 3; a++) {
            for (int t = 0; t < 2; t++) {
                /* the other items at their not-lonely answer */
                char text[128] = "";
                for (int i = 0; i < 6; i++) {
                    const char *ans =
                        i == item ? (t ? typed[a] : answers[a]) : (djg_emotional[i] ? "no" : "yes");
                    strcat(text, ans);
                    if (i < 5)
                        strcat(text, ",");
                }
                struct measure_result r = accept("djg6", text);
                assert_int_equal(r.codes[item], a + 1);
                /* emotional: yes and more or less are lonely; social: no and more or less */
                int lonely = djg_emotional[item] ? a < 2 : a > 0;
                expect_scale(&r, "total", lonely, "not-lonely");
                expect_scale(&r, djg_emotional[item] ? "emotional" : "social", lonely, NULL);
                expect_scale(&r, djg_emotional[item] ? "social" : "emotional", 0, NULL);
            }
        }
    }
}

static void djg6_bands_at_each_boundary(void **state)
{
    (void)state;
    /* lonely answers: emotional yes, social no */
    struct measure_result r = accept("djg6", "no,yes,yes,yes,no,no");
    expect_scale(&r, "total", 0, "not-lonely");
    r = accept("djg6", "yes,yes,yes,yes,no,no");
    expect_scale(&r, "total", DJG6_MODERATE_MIN - 1, "not-lonely");
    r = accept("djg6", "yes,no,yes,yes,no,no");
    expect_scale(&r, "total", DJG6_MODERATE_MIN, "moderately-lonely");
    expect_scale(&r, "emotional", 1, NULL);
    expect_scale(&r, "social", 1, NULL);
    r = accept("djg6", "yes,no,no,no,no,no");
    expect_scale(&r, "total", DJG6_SEVERE_MIN - 1, "moderately-lonely");
    r = accept("djg6", "yes,no,no,no,more or less,no");
    expect_scale(&r, "total", DJG6_SEVERE_MIN, "severely-lonely");
    assert_string_equal(measure_total(&r)->band->words, "severely lonely");
    r = accept("djg6", "yes,no,more or less,no,yes,more or less");
    expect_scale(&r, "total", 6, "severely-lonely");
    expect_scale(&r, "emotional", 3, NULL);
    expect_scale(&r, "social", 3, NULL);
}

static void djg6_missing_data_rules(void **state)
{
    (void)state;
    /* none missing: covered above. One missing, written "-" or left empty: the total is the
    ** count over the other five; the missing item's subscale is missing. */
    struct measure_result r = accept("djg6", "-,no,no,no,yes,yes");
    expect_scale(&r, "total", 5, "severely-lonely");
    expect_missing(&r, "emotional");
    expect_scale(&r, "social", 3, NULL);
    assert_int_equal(r.codes[0], MEASURE_ANSWER_MISSING);
    r = accept("djg6", "yes, ,no,no,yes,yes");
    expect_scale(&r, "total", 5, "severely-lonely");
    expect_scale(&r, "emotional", 3, NULL);
    expect_missing(&r, "social");
    assert_int_equal(scale_named(&r, "social")->n_missing, 1);
    r = accept("djg6", "no,yes,yes,yes,no,");
    expect_scale(&r, "total", 0, "not-lonely");
    expect_missing(&r, "emotional");
    /* two missing from one subscale: no total, the other subscale still scored */
    r = accept("djg6", "-,no,no,yes,-,yes");
    expect_missing(&r, "total");
    assert_null(measure_total(&r)->band);
    expect_missing(&r, "emotional");
    expect_scale(&r, "social", 2, NULL);
    r = accept("djg6", "yes,-,-,-,no,yes");
    expect_missing(&r, "total");
    expect_scale(&r, "emotional", 2, NULL);
    /* two missing, one from each subscale: nothing can be scored */
    refuse("djg6", "-,-,no,no,yes,yes", "answers: too many items not answered", "djg6", NULL);
    refuse("djg6", ",,,,,", "too many items not answered", NULL);
}

/* ---- ONS4 ------------------------------------------------------------------------------------ */

static void ons4_every_answer_and_each_items_bands(void **state)
{
    (void)state;
    static const char *wellbeing[11] = {"low",    "low",  "low",  "low",       "low",      "medium",
                                        "medium", "high", "high", "very-high", "very-high"};
    static const char *anxiety[11] = {"very-low", "very-low", "low",  "low",  "medium", "medium",
                                      "high",     "high",     "high", "high", "high"};
    const char *scales[] = {"life-satisfaction", "worthwhile", "happiness", "anxiety"};
    for (int item = 0; item < 4; item++) {
        for (int v = 0; v <= 10; v++) {
            char text[64] = "";
            for (int i = 0; i < 4; i++) {
                char one[8];
                snprintf(one, sizeof one, "%d%s", i == item ? v : 5, i < 3 ? "," : "");
                strcat(text, one);
            }
            struct measure_result r = accept("ons4", text);
            assert_null(measure_total(&r)); /* never summed */
            assert_int_equal(r.codes[item], v);
            expect_scale(&r, scales[item], v, item == 3 ? anxiety[v] : wellbeing[v]);
        }
    }
    struct measure_result r = accept("ons4", "not at all,Completely,4,10");
    expect_scale(&r, "life-satisfaction", 0, "low");
    expect_scale(&r, "worthwhile", 10, "very-high");
    expect_scale(&r, "anxiety", 10, "high");
    assert_string_equal(scale_named(&r, "anxiety")->band->words, "high anxiety");
}

/* ---- weekly check-in ------------------------------------------------------------------------- */

static void checkin_every_answer(void **state)
{
    (void)state;
    const char *labels[] = {"not at all connected", "a little connected", "somewhat connected",
                            "quite connected", "very connected"};
    for (int v = 1; v <= 5; v++) {
        char text[8];
        snprintf(text, sizeof text, "%d", v);
        struct measure_result r = accept("checkin", text);
        expect_scale(&r, "connected", v, NULL);
        r = accept("checkin", labels[v - 1]);
        assert_int_equal(r.codes[0], v);
    }
    refuse("checkin", "0", "item 1 (connected)", "\"0\" is not an answer", "5 (very connected)",
           NULL);
    refuse("checkin", "6", "item 1 (connected)", NULL);
    refuse("checkin", "", "item 1 (connected): not answered", NULL);
    refuse("checkin", "3,4", "checkin has 1 item: give 1 answer separated by commas, not 2", NULL);
}

/* ---- every combination against the published rules ---------------------------------------- */

/* The published rules written out again, independently of the tables, for one instrument's
** codes (MEASURE_ANSWER_MISSING for unanswered). Fills score/missing/band per scale name. */
struct expected {
    const char *name;
    bool missing;
    int score;
    const char *band; /* NULL: no band */
};

static size_t published(const char *id, const int *a, struct expected *e)
{
    if (strcmp(id, "ucla3") == 0) {
        int sum = a[0] + a[1] + a[2];
        e[0] = (struct expected){"total", false, sum, sum >= 6 ? "lonely" : "not-lonely"};
        return 1;
    }
    if (strcmp(id, "lsns6") == 0) {
        int fam = a[0] + a[1] + a[2], fr = a[3] + a[4] + a[5];
        e[0] =
            (struct expected){"total", false, fam + fr, fam + fr < 12 ? "at-risk" : "not-at-risk"};
        e[1] = (struct expected){"family", false, fam, fam < 6 ? "few-ties" : "ties"};
        e[2] = (struct expected){"friends", false, fr, fr < 6 ? "few-ties" : "ties"};
        return 3;
    }
    if (strcmp(id, "djg6") == 0) {
        /* codes 1 yes, 2 more or less, 3 no; emotional items 1, 5, 6; social 2, 3, 4 */
        int emo = 0, soc = 0, emo_missing = 0, soc_missing = 0;
        for (int i = 0; i < 6; i++) {
            bool emotional = i == 0 || i == 4 || i == 5;
            if (a[i] == MEASURE_ANSWER_MISSING)
                emotional ? emo_missing++ : soc_missing++;
            else if (emotional)
                emo += a[i] == 1 || a[i] == 2;
            else
                soc += a[i] == 3 || a[i] == 2;
        }
        int total = emo + soc;
        bool total_missing = emo_missing + soc_missing > 1;
        e[0] = (struct expected){"total", total_missing, total_missing ? 0 : total,
                                 total_missing ? NULL
                                 : total <= 1  ? "not-lonely"
                                 : total <= 4  ? "moderately-lonely"
                                               : "severely-lonely"};
        e[1] = (struct expected){"emotional", emo_missing > 0, emo_missing ? 0 : emo, NULL};
        e[2] = (struct expected){"social", soc_missing > 0, soc_missing ? 0 : soc, NULL};
        return 3;
    }
    if (strcmp(id, "ons4") == 0) {
        const char *names[] = {"life-satisfaction", "worthwhile", "happiness", "anxiety"};
        for (int i = 0; i < 3; i++)
            e[i] = (struct expected){names[i], false, a[i],
                                     a[i] <= 4   ? "low"
                                     : a[i] <= 6 ? "medium"
                                     : a[i] <= 8 ? "high"
                                                 : "very-high"};
        e[3] = (struct expected){names[3], false, a[3],
                                 a[3] <= 1   ? "very-low"
                                 : a[3] <= 3 ? "low"
                                 : a[3] <= 5 ? "medium"
                                             : "high"};
        return 4;
    }
    e[0] = (struct expected){"connected", false, a[0], NULL};
    return 1;
}

/* Every combination of answers (and, for DJG-6, of unanswered items) of every instrument, typed
** as text, scored against the rules above: 27 + 46,656 + 4,096 + 14,641 + 5 cases. */
static void every_combination_scores_as_published(void **state)
{
    (void)state;
    for (size_t n = 0; n < measure_instrument_count; n++) {
        const struct measure_instrument *in = measure_instruments[n];
        size_t per_item[MEASURE_ITEMS_MAX], combos = 1;
        for (size_t i = 0; i < in->n_items; i++) {
            per_item[i] = in->items[i].answers->n + (in->missing_allowed ? 1 : 0);
            combos *= per_item[i];
        }
        size_t refused = 0;
        for (size_t k = 0; k < combos; k++) {
            int codes[MEASURE_ITEMS_MAX];
            struct buf text = {0};
            size_t rest = k;
            for (size_t i = 0; i < in->n_items; i++) {
                size_t pick = rest % per_item[i];
                rest /= per_item[i];
                const struct measure_options *o = in->items[i].answers;
                if (pick == o->n) {
                    codes[i] = MEASURE_ANSWER_MISSING;
                    buf_puts(&text, i ? ",-" : "-");
                } else {
                    codes[i] = o->options[pick].code;
                    buf_printf(&text, "%s%s", i ? "," : "", o->options[pick].key);
                }
            }
            struct expected want[MEASURE_SCALES_MAX];
            size_t n_want = published(in->id, codes, want);
            bool all_missing = true;
            for (size_t s = 0; s < n_want; s++)
                all_missing &= want[s].missing;
            struct measure_result r;
            struct diag d = {0};
            int rc = score_text(in->id, buf_str(&text), &r, &d);
            if (all_missing) {
                assert_int_equal(rc, BELONG_EDATA);
                refused++;
            } else {
                if (rc != BELONG_OK)
                    fail_msg("%s \"%s\" refused: %s", in->id, buf_str(&text), buf_str(&d.text));
                assert_int_equal(r.n_scales, n_want);
                for (size_t s = 0; s < n_want; s++) {
                    const struct measure_scale_result *sr = scale_named(&r, want[s].name);
                    assert_int_equal(sr->missing, want[s].missing);
                    assert_int_equal(sr->score, want[s].score);
                    if (want[s].band)
                        assert_string_equal(sr->band->slug, want[s].band);
                    else
                        assert_null(sr->band);
                }
            }
            diag_free(&d);
            buf_free(&text);
        }
        /* DJG-6: refused exactly when an emotional and a social item are both unanswered */
        if (strcmp(in->id, "djg6") == 0)
            assert_int_equal(refused, (size_t)(4 * 4 * 4 - 3 * 3 * 3) * (4 * 4 * 4 - 3 * 3 * 3));
        else
            assert_int_equal(refused, 0);
    }
}

/* ---- refusals -------------------------------------------------------------------------------- */

static void refuses_answers_out_of_range_naming_the_item(void **state)
{
    (void)state;
    refuse("ucla3", "1,4,1", "--answers: item 2 (left out): \"4\" is not an answer",
           "ucla3 takes 1 (hardly ever), 2 (some of the time), 3 (often)", NULL);
    refuse("ucla3", "0,1,1", "item 1 (lack companionship)", NULL);
    refuse("ucla3", "1,1,never", "item 3 (isolated): \"never\" is not an answer", NULL);
    refuse("lsns6", "1,1,1,1,1,6", "item 6 (friends to call on): \"6\" is not an answer",
           "5 (nine or more)", NULL);
    refuse("lsns6", "1,-1,1,1,1,1", "item 2 (relatives to talk to)", NULL);
    refuse("lsns6", "1,1.5,1,1,1,1", "item 2", NULL);
    refuse("lsns6", "1,1,1,3-4,1,1", "item 4 (friends seen)", NULL);
    refuse("djg6", "yes,no,maybe,no,yes,yes", "item 3 (trust): \"maybe\" is not an answer",
           "djg6 takes yes, more or less, no, or - or nothing when not answered", NULL);
    refuse("djg6", "1,no,no,no,yes,yes", "item 1 (emptiness): \"1\" is not an answer", NULL);
    refuse("ons4", "5,5,11,5", "item 3 (happy yesterday): \"11\" is not an answer",
           "0 (not at all), 1, 2", "10 (completely)", NULL);
    refuse("ons4", "5,5,5,-3", "item 4 (anxious yesterday)", NULL);
    char long_answer[300];
    memset(long_answer, '9', sizeof long_answer - 1);
    long_answer[sizeof long_answer - 1] = '\0';
    char text[400];
    snprintf(text, sizeof text, "1,%s,1", long_answer);
    refuse("ucla3", text, "item 2 (left out): an answer of 299 bytes is not an answer", NULL);
}

static void refuses_a_wrong_count_of_answers(void **state)
{
    (void)state;
    refuse("ucla3", "1,2", "answers: ucla3 has 3 items: give 3 answers separated by commas, not 2",
           NULL);
    refuse("ucla3", "1,2,3,1", "not 4", NULL);
    refuse("ucla3", "1,2,3,", "not 4", NULL);
    refuse("lsns6", "1,2,3", "lsns6 has 6 items", NULL);
    refuse("djg6", "yes,no,no,no,yes", "djg6 has 6 items", "not 5", NULL);
    refuse("ons4", "5", "ons4 has 4 items", NULL);
}

static void refuses_an_unanswered_item_where_every_item_is_needed(void **state)
{
    (void)state;
    refuse("ucla3", "1,,3", "item 2 (left out): not answered: every item is needed", NULL);
    refuse("ucla3", "1,2,-", "item 3 (isolated): not answered", NULL);
    refuse("lsns6", "1,1,1,-,1,1", "item 4 (friends seen): not answered", NULL);
    refuse("ons4", "5,5, ,5", "item 3 (happy yesterday): not answered", NULL);
}

static void reports_every_bad_item_at_once(void **state)
{
    (void)state;
    struct measure_result r;
    struct diag d = {0};
    assert_int_equal(score_text("ucla3", "0,2,7", &r, &d), BELONG_EDATA);
    assert_int_equal(d.count, 2);
    assert_non_null(strstr(buf_str(&d.text), "item 1 (lack companionship)"));
    assert_non_null(strstr(buf_str(&d.text), "item 3 (isolated)"));
    diag_free(&d);
}

static void scoring_refuses_codes_no_item_takes(void **state)
{
    (void)state;
    const struct measure_instrument *in = measure_find("ucla3");
    struct measure_result r;
    struct diag d = {0};
    int codes[] = {1, 9, 1};
    assert_int_equal(measure_score(in, codes, 3, &r, &d, "store"), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "store: item 2 (left out): code 9 is not an answer"));
    diag_free(&d);
    assert_int_equal(measure_score(in, codes, 2, &r, &d, "store"), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "answers: ucla3 has 3 items, not 2"));
    diag_free(&d);
    const struct measure_instrument *djg = measure_find("djg6");
    int djg_codes[] = {1, 2, 3, 0, 1, 1};
    assert_int_equal(measure_score(djg, djg_codes, 6, &r, &d, "store"), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "item 4 (close): code 0 is not an answer"));
    diag_free(&d);
}

static void control_characters_in_answers_stay_on_one_line(void **state)
{
    (void)state;
    struct measure_result r;
    struct diag d = {0};
    assert_int_equal(score_text("ucla3", "1,\x1b[2J,1", &r, &d), BELONG_EDATA);
    assert_null(strchr(buf_str(&d.text), '\x1b'));
    assert_non_null(strstr(buf_str(&d.text), "\\x1B[2j"));
    diag_free(&d);
}

/* ---- JSON ------------------------------------------------------------------------------------ */

static void results_as_json(void **state)
{
    (void)state;
    struct measure_result r = accept("lsns6", "2,2,1,2,2,2");
    json_t *j = measure_result_json(&r);
    char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(
        text, "{\"answers\":[\"2\",\"2\",\"1\",\"2\",\"2\",\"2\"],\"band\":{\"band\":\"at-risk\","
              "\"meaning\":\"at risk of social isolation (below 12)\"},\"instrument\":\"lsns6\","
              "\"missing\":false,\"score\":11,\"subscales\":{\"family\":{\"band\":{\"band\":"
              "\"few-ties\",\"meaning\":\"few family ties (below 6: a commonly quoted but less "
              "established flag)\"},\"missing\":false,\"score\":5},\"friends\":{\"band\":{\"band\":"
              "\"ties\",\"meaning\":\"friendship ties at 6 or more\"},\"missing\":false,\"score\":"
              "6}}}");
    free(text);
    json_decref(j);

    r = accept("djg6", "-,no,no,yes,-,yes");
    j = measure_result_json(&r);
    assert_true(json_is_null(json_object_get(j, "score")));
    assert_true(json_is_true(json_object_get(j, "missing")));
    assert_true(json_is_null(json_array_get(json_object_get(j, "answers"), 0)));
    assert_string_equal(json_string_value(json_array_get(json_object_get(j, "answers"), 1)), "no");
    json_t *social = json_object_get(json_object_get(j, "subscales"), "social");
    assert_int_equal(json_integer_value(json_object_get(social, "score")), 2);
    json_decref(j);

    r = accept("ons4", "7,8,9,1");
    j = measure_result_json(&r);
    assert_true(json_is_null(json_object_get(j, "score")));
    assert_int_equal(json_object_size(json_object_get(j, "subscales")), 4);
    json_t *anxiety = json_object_get(json_object_get(j, "subscales"), "anxiety");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(anxiety, "band"), "meaning")),
        "very low anxiety");
    json_decref(j);

    j = measure_instrument_json(measure_find("djg6"));
    json_t *items = json_object_get(j, "items");
    assert_int_equal(json_array_size(items), 6);
    assert_string_equal(json_string_value(json_object_get(json_array_get(items, 4), "text")),
                        "I miss having people around.");
    json_t *total = json_array_get(json_object_get(j, "scales"), 0);
    assert_int_equal(json_integer_value(json_object_get(total, "missing_allowed")), 1);
    assert_int_equal(json_integer_value(json_object_get(total, "max")), 6);
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_are_consistent),
        cmocka_unit_test(finds_instruments_by_their_written_names),
        cmocka_unit_test(ucla3_every_answer_of_every_item),
        cmocka_unit_test(ucla3_cut_off_at_six),
        cmocka_unit_test(lsns6_every_answer_of_every_item),
        cmocka_unit_test(lsns6_cut_offs_for_total_and_subscales),
        cmocka_unit_test(djg6_every_answer_of_every_item),
        cmocka_unit_test(djg6_bands_at_each_boundary),
        cmocka_unit_test(djg6_missing_data_rules),
        cmocka_unit_test(ons4_every_answer_and_each_items_bands),
        cmocka_unit_test(checkin_every_answer),
        cmocka_unit_test(every_combination_scores_as_published),
        cmocka_unit_test(refuses_answers_out_of_range_naming_the_item),
        cmocka_unit_test(refuses_a_wrong_count_of_answers),
        cmocka_unit_test(refuses_an_unanswered_item_where_every_item_is_needed),
        cmocka_unit_test(reports_every_bad_item_at_once),
        cmocka_unit_test(scoring_refuses_codes_no_item_takes),
        cmocka_unit_test(control_characters_in_answers_stay_on_one_line),
        cmocka_unit_test(results_as_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
