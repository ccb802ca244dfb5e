/* test_false_matches.c — the peer's words that must not make a match (issue 11): a word found
** only in a proper name, a common word, a word in another sense, "people" where the peer does
** not want people, a negated word; the reasons that name what matched or say nothing; goals
** (less talk, a friend, getting out) and how far a peer reaches by how they travel; online
** listings scored by how well they fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/directory/activity.h"
#include "../../src/directory/audience.h"
#include "../../src/directory/language.h"
#include "../../src/matching/constraints.h"
#include "../../src/matching/goals.h"
#include "../../src/matching/propername.h"
#include "../../src/matching/reasons.h"
#include "../../src/matching/senses.h"
#include "../../src/util/rc.h"

#include "match_fixture.h"

static struct match_candidate listing(const char *name, const char *category, const char *tags)
{
    struct match_candidate c;
    memset(&c, 0, sizeof c);
    c.id = 1;
    c.name = name;
    c.category = category;
    c.tags = tags;
    c.intensity = 2;
    c.has_distance = true;
    c.distance_miles = 1.0;
    c.n_fitting_occurrences = 3;
    c.when_weekday = c.when_start_minute = c.when_end_minute = -1;
    c.text_term = -1;
    return c;
}

/* The term fit of c for a peer who said `interest`. */
static double term_fit(const char *interest, const struct match_candidate *c)
{
    const char *interests[] = {interest};
    struct match_peer_view peer = {.interests = interests, .n_interests = 1, .comfort = 2};
    struct match_context ctx;
    match_context_init_data(&ctx, &peer, &data);
    struct match_factors f;
    match_score(&ctx, c, &f);
    return f.term_fit;
}

/* Whether the text of c (name, description) vouches for a text match of `interest`. */
static bool text_vouches(const char *interest, struct match_candidate *c, const char *description)
{
    const char *interests[] = {interest};
    struct match_peer_view peer = {.interests = interests, .n_interests = 1, .comfort = 2};
    struct match_context ctx;
    match_context_init_data(&ctx, &peer, &data);
    return match_text_evidence(&ctx, c, description);
}

/* ---- proper names ------------------------------------------------------------------------ */

static void test_propername_rules(void **state)
{
    (void)state;
    struct {
        const char *text, *word;
        bool prose;
        const char *town;
        bool proper;
    } cases[] = {
        {"Elm Park Chess Club", "Elm", false, NULL, true},
        {"Elm Park Chess Club", "Park", false, NULL, true},
        {"Elm Park Chess Club", "Chess", false, NULL, false},
        {"Harbor Light Center Supper", "Harbor", false, NULL, true},
        {"Harbor Light Center Supper", "Light", false, NULL, true},
        {"Harbor Light Center Supper", "Supper", false, NULL, false},
        {"Park Cleanup Day", "Park", false, NULL, false},
        {"Community Garden Workday", "Garden", false, NULL, false},
        {"Grace Church Soup Kitchen", "Grace", false, NULL, true},
        {"Forbes Library Book Club", "Book", false, NULL, false},
        {"Forbes Library Book Club", "Forbes", false, NULL, true},
        {"Hyde Park Knitting Circle", "Hyde", false, "Hyde Park", true},
        {"Knitting in Hyde Park", "Park", false, "Hyde Park", true},
        {"knitting in the park", "park", false, NULL, false},
        {"We walk the trails of Elm Park every week.", "Elm", true, NULL, true},
        {"We meet at the Riverside Grange.", "Riverside", true, NULL, true},
        {"We meet at the Riverside Grange.", "Grange", true, NULL, true},
        {"Tomatoes, peppers and beans. Seeds are free.", "Seeds", true, NULL, false},
        {"Tomatoes, peppers and beans.", "Tomatoes", true, NULL, false},
        {"Bring your own tomatoes and I will bring bread.", "I", true, NULL, false},
        {"Sponsored by Bank of Maple", "Bank", true, NULL, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *w = strstr(cases[i].text, cases[i].word);
        assert_non_null(w);
        bool got = propername_contains(cases[i].text, w, strlen(cases[i].word), cases[i].prose,
                                       cases[i].town);
        if (got != cases[i].proper)
            fail_msg("case %zu: \"%s\" in \"%s\": expected %s", i, cases[i].word, cases[i].text,
                     cases[i].proper ? "proper" : "not proper");
    }
}

static void test_proper_name_word_is_no_interest(void **state)
{
    (void)state;
    /* "I love the park" meets "Elm Park" only as a name. */
    struct match_candidate chess = listing("Elm Park Chess Club", "games", "chess");
    assert_true(term_fit("I love walking in the park", &chess) == 0.0);
    /* The same word outside a name still counts. */
    struct match_candidate cleanup = listing("Park Cleanup Day", "volunteering", "cleanup");
    assert_true(term_fit("I love walking in the park", &cleanup) > 0.5);
    /* "light" in "Harbor Light Center" is not about light or photography. */
    struct match_candidate supper = listing("Harbor Light Center Supper", "food", "meal");
    assert_true(term_fit("light and shadow in photos", &supper) == 0.0);
    /* A word of the listing's town ("Elm" of Elm Grove) is a name too. */
    struct match_candidate walk = listing("Elm Grove Walkers", "fitness", "walking");
    walk.town = "Elm Grove";
    assert_true(term_fit("elm trees", &walk) == 0.0);
    assert_true(term_fit("walking", &walk) > 0.5);
}

static void test_text_match_in_a_name_only_is_dropped(void **state)
{
    (void)state;
    struct match_candidate c = listing("Tuesday Supper", "food", "meal");
    /* The peer's word is only in the organisation's name in the description. */
    assert_false(text_vouches("I like harbors and boats", &c,
                              "A hot meal every Tuesday, served by the Harbor Light volunteers."));
    assert_int_equal(c.text_term, -1);
    /* ... and in plain words it vouches, naming the listing's word. */
    assert_true(text_vouches("I miss my mother's tomatoes", &c,
                             "Dinner with salad and tomatoes from the garden."));
    assert_true(c.text_term >= 0);
    assert_string_equal(c.text_word, "tomatoes");
    /* A word that starts a sentence is not a name. */
    struct match_candidate d = listing("Tuesday Supper", "food", "meal");
    assert_true(text_vouches("tomatoes", &d, "Fresh food. Tomatoes and beans from the plots."));
    /* Elm Park in prose. */
    struct match_candidate e = listing("Tuesday Supper", "food", "meal");
    assert_false(text_vouches("walks in the park", &e, "Supper is at the Elm Park fieldhouse."));
}

/* ---- common words ------------------------------------------------------------------------ */

static void test_common_words_count_little(void **state)
{
    (void)state;
    struct concept_terms t;
    memset(&t, 0, sizeof t);
    concepts_expand(NULL, "a group for the community", CONCEPT_OWN_WEIGHT, &t);
    for (size_t i = 0; i < t.n; i++)
        assert_true(t.items[i].weight <= CONCEPT_OWN_WEIGHT * CONCEPT_COMMON_WEIGHT + 1e-9);
    assert_true(t.n >= 2);
    /* So a common word alone reaches neither the text query nor a named reason. */
    struct concept_query q;
    assert_int_equal(concepts_text_query(&t, CONCEPT_OWN_WEIGHT, &q), 0);
    struct match_candidate club = listing("Thursday Club Meeting", "social", "club,meeting");
    struct match_candidate chess = listing("Chess Club", "games", "chess");
    assert_true(term_fit("the club", &club) < 0.3);
    assert_true(term_fit("chess club", &chess) > term_fit("chess club", &club));
    assert_true(concepts_is_common_word("people", 6));
    assert_true(concepts_is_common_word("group", 5));
    assert_false(concepts_is_common_word("chess", 5));
}

/* ---- senses ------------------------------------------------------------------------------ */

static void test_senses_read(void **state)
{
    (void)state;
    const char *river[] = {"I used to fish from the river bank"};
    const char *food[] = {"Food Bank Volunteers", "food pantry,sorting"};
    const char *none[] = {"the bank"};
    char key[CONCEPT_WORD_MAX];
    concepts_word_key("bank", 4, key);
    assert_true(senses_ambiguous(&data.senses, key));
    assert_string_equal(senses_read(&data.senses, key, river, 1), "river");
    assert_string_equal(senses_read(&data.senses, key, food, 2), "food");
    assert_null(senses_read(&data.senses, key, none, 1));
    assert_true(senses_agreement(&data.senses, key, "river", "food") == 0.0);
    assert_true(senses_agreement(&data.senses, key, "food", "food") == 1.0);
    assert_true(senses_agreement(&data.senses, key, NULL, "food") == SENSE_UNSURE_WEIGHT);
    concepts_word_key("chess", 5, key);
    assert_false(senses_ambiguous(&data.senses, key));
    assert_true(senses_agreement(&data.senses, key, NULL, NULL) == 1.0);
}

static void test_other_sense_is_no_match(void **state)
{
    (void)state;
    struct {
        const char *peer, *name, *category, *tags;
        bool matches;
    } cases[] = {
        {"I fish from the river bank", "Food Bank Volunteers", "volunteering", "food pantry",
         false},
        {"I used to volunteer at the food bank", "Food Bank Volunteers", "volunteering",
         "food pantry", true},
        {"bass fishing on the lake", "Bass Guitar Jam", "music", "guitar,band", false},
        {"I play bass in a band", "Bass Guitar Jam", "music", "guitar,band", true},
        {"basketball on the court", "Housing Court Clinic", "legal", "legal,housing", false},
        {"shooting hoops at the court", "Pickup Basketball Court", "sports", "basketball", true},
        {"making jam from berries", "Friday Jam Session", "music", "guitar,fiddle", false},
        {"swimming in the pool", "Pool Night", "games", "billiards", false},
        {"old records and vinyl", "Record Sealing Clinic", "legal", "legal,cori", false},
        {"rock climbing", "Rock Band Night", "music", "band,guitar", false},
        {"board games", "Library Board Meeting", "civic", "trustees,governance", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct match_candidate c = listing(cases[i].name, cases[i].category, cases[i].tags);
        const char *interests[] = {cases[i].peer};
        struct match_peer_view peer = {.interests = interests, .n_interests = 1, .comfort = 2};
        struct match_context ctx;
        match_context_init_data(&ctx, &peer, &data);
        struct match_hit hits[16];
        size_t n = match_hits(&ctx, &c, hits, 16);
        bool ambiguous_hit = false;
        for (size_t k = 0; k < n; k++) {
            if (hits[k].term < 0)
                continue;
            if (senses_ambiguous(&data.senses, ctx.terms.items[hits[k].term].key))
                ambiguous_hit = true;
        }
        if (ambiguous_hit != cases[i].matches)
            fail_msg("case %zu: \"%s\" vs \"%s\": expected %s", i, cases[i].peer, cases[i].name,
                     cases[i].matches ? "a match" : "no match");
    }
}

static void test_unsure_sense_counts_little(void **state)
{
    (void)state;
    /* The peer's sentence does not say which bank: the match counts, but little. */
    struct match_candidate c = listing("Food Bank Volunteers", "volunteering", "food pantry");
    struct match_candidate plain = listing("Chess Night", "games", "chess");
    double unsure = term_fit("the bank", &c);
    double sure = term_fit("chess", &plain);
    assert_true(unsure > 0.0);
    assert_true(unsure < sure / 2);
}

/* ---- people and friends ------------------------------------------------------------------ */

static bool has_term(const struct concept_terms *t, const char *term)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->items[i].term, term) == 0)
            return true;
    return false;
}

static void test_people_only_where_wanted(void **state)
{
    (void)state;
    struct {
        const char *sentence;
        bool social;
    } cases[] = {
        {"I can't stand how people look at me", false},
        {"people stare at me on the bus", false},
        {"I don't trust people", false},
        {"people make me nervous", false},
        {"I am afraid of people", false},
        {"my friends moved away", false},
        {"I want to meet new people", true},
        {"be around people without having to talk", true},
        {"make a friend", true},
        {"I miss my friends", true},
        {"spend time with people", true},
        {"people, crowds, noise: no", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct concept_terms t;
        memset(&t, 0, sizeof t);
        concepts_expand(&data.concepts, cases[i].sentence, CONCEPT_OWN_WEIGHT, &t);
        if (has_term(&t, "social") != cases[i].social)
            fail_msg("case %zu: \"%s\": expected %s", i, cases[i].sentence,
                     cases[i].social ? "a social wish" : "no social wish");
    }
}

static void test_negated_words_are_no_interest(void **state)
{
    (void)state;
    struct concept_terms t;
    memset(&t, 0, sizeof t);
    concepts_expand(NULL, "play music with people without drinking", CONCEPT_OWN_WEIGHT, &t);
    assert_true(has_term(&t, "music"));
    assert_false(has_term(&t, "drink"));
    assert_false(has_term(&t, "without"));
    memset(&t, 0, sizeof t);
    concepts_expand(NULL, "no crowds, but I love painting", CONCEPT_OWN_WEIGHT, &t);
    assert_false(has_term(&t, "crowd"));
    assert_true(has_term(&t, "paint"));
}

/* ---- goals --------------------------------------------------------------------------------- */

static void test_goals_read(void **state)
{
    (void)state;
    struct {
        const char *goal;
        unsigned flags;
    } cases[] = {
        {"be around people without having to talk", GOAL_QUIETER},
        {"be around people without having to make conversation", GOAL_QUIETER},
        {"somewhere quiet to be", GOAL_QUIETER},
        {"make a friend", GOAL_FRIEND},
        {"make one friend who gets my drawings", GOAL_FRIEND},
        {"find a real friend", GOAL_FRIEND},
        {"get out of the house once a week", GOAL_GET_OUT},
        {"get out of the apartment", GOAL_GET_OUT},
        {"see people in person", GOAL_GET_OUT},
        {"talk to people even though I can't leave the house right now", 0},
        {"learn to cook", 0},
        {"my friend moved away", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *g[] = {cases[i].goal};
        unsigned got = goals_read(g, 1);
        if (got != cases[i].flags)
            fail_msg("case %zu: \"%s\": got %#x, expected %#x", i, cases[i].goal, got,
                     cases[i].flags);
    }
    const char *both[] = {"make a friend", "get out of the house"};
    assert_int_equal(goals_read(both, 2), GOAL_FRIEND | GOAL_GET_OUT);
    assert_int_equal(goals_read(NULL, 0), 0);
}

static struct match_factors score_with_goal(const char *goal, const struct match_candidate *c,
                                            int comfort)
{
    const char *interests[] = {"chess"};
    const char *goals[] = {goal};
    struct match_peer_view peer = {.interests = interests,
                                   .n_interests = 1,
                                   .goals = goals,
                                   .n_goals = goal ? 1 : 0,
                                   .comfort = comfort,
                                   .accepts_virtual = true,
                                   .max_travel_miles = 10};
    struct match_context ctx;
    match_context_init_data(&ctx, &peer, &data);
    struct match_factors f;
    match_score(&ctx, c, &f);
    return f;
}

static void test_goal_less_talk_lowers_intensity(void **state)
{
    (void)state;
    struct match_candidate chat = listing("Chess Night", "games", "chess");
    chat.intensity = 4; /* comfort 3: one step up is fine, unless they asked for less talk */
    struct match_factors plain = score_with_goal(NULL, &chat, 3);
    struct match_factors quiet =
        score_with_goal("be around people without having to talk", &chat, 3);
    assert_true(plain.f.exposure == 1.0);
    assert_true(quiet.f.exposure < 0.5);
    assert_true(quiet.score < plain.score);
    /* A listing at their level stays fine. */
    chat.intensity = 2;
    quiet = score_with_goal("be around people without having to talk", &chat, 3);
    assert_true(quiet.f.exposure == 1.0);
    assert_int_equal(factor_goal_comfort(1, true), 1);
    assert_int_equal(factor_goal_comfort(0, true), MATCH_COMFORT_DEFAULT - 1);
    assert_int_equal(factor_goal_comfort(4, false), 4);
}

static void test_goal_friend_favours_recurring_small_groups(void **state)
{
    (void)state;
    struct match_candidate weekly = listing("Chess Circle", "games", "chess");
    weekly.group_size = 6;
    weekly.when_weekly = true;
    struct match_candidate once = weekly;
    once.when_weekly = false;
    once.n_fitting_occurrences = 1;
    struct match_candidate big = weekly;
    big.group_size = 40;
    struct match_factors fw = score_with_goal("make a friend", &weekly, 2);
    struct match_factors fo = score_with_goal("make a friend", &once, 2);
    struct match_factors fb = score_with_goal("make a friend", &big, 2);
    struct match_factors fn = score_with_goal(NULL, &weekly, 2);
    assert_true(fw.f.values > fo.f.values);
    assert_true(fw.f.values > fb.f.values);
    assert_true(fw.f.values > fn.f.values);
    assert_true(factor_friend_goal(0.0, 3, false, 0, 2) == 0.5);
    assert_true(factor_friend_goal(0.0, 3, false, 0, 5) == 0.0);
}

static void test_goal_get_out_lowers_online(void **state)
{
    (void)state;
    struct match_candidate online = listing("Online Chess", "games", "chess");
    online.is_virtual = true;
    online.has_distance = false;
    struct match_factors stay = score_with_goal(NULL, &online, 2);
    struct match_factors out = score_with_goal("get out of the house", &online, 2);
    assert_true(stay.f.distance > 0.5);
    assert_true(out.f.distance == 0.0);
    assert_true(out.score < stay.score);
}

/* ---- online, transit ------------------------------------------------------------------- */

static void test_online_scored_by_fit(void **state)
{
    (void)state;
    /* An off-topic online listing no longer beats an on-topic one far away. */
    struct match_candidate online = listing("Online Trivia", "games", "trivia");
    online.is_virtual = true;
    online.has_distance = false;
    struct match_candidate far = listing("Chess Club", "games", "chess");
    far.distance_miles = 17.0;
    const char *interests[] = {"chess"};
    struct match_peer_view peer = {.interests = interests,
                                   .n_interests = 1,
                                   .comfort = 2,
                                   .accepts_virtual = true,
                                   .max_travel_miles = 20};
    struct match_context ctx;
    match_context_init_data(&ctx, &peer, &data);
    struct match_factors fo, ff;
    match_score(&ctx, &online, &fo);
    match_score(&ctx, &far, &ff);
    assert_true(ff.score > fo.score);
    assert_true(fo.f.distance < ff.f.distance);
    /* Between online listings, the one that fits is nearer. */
    struct match_candidate online_chess = listing("Online Chess", "games", "chess");
    online_chess.is_virtual = true;
    online_chess.has_distance = false;
    struct match_factors fc;
    match_score(&ctx, &online_chess, &fc);
    assert_true(fc.f.distance > fo.f.distance);
    assert_true(factor_online_fit(0.85, 1.0, 0.0) == 0.85);
    assert_true(factor_online_fit(0.85, 0.0, 0.0) == 0.0);
}

static void test_transit_bonus(void **state)
{
    (void)state;
    struct match_candidate near_bus = listing("Chess Club", "games", "chess");
    near_bus.distance_miles = 4.0;
    near_bus.access = ACCESS_TRANSIT;
    struct match_candidate no_bus = near_bus;
    no_bus.access = 0;
    const char *interests[] = {"chess"};
    struct match_peer_view peer = {.interests = interests,
                                   .n_interests = 1,
                                   .comfort = 2,
                                   .max_travel_miles = 5,
                                   .uses_transit = true};
    struct match_context ctx;
    match_context_init_data(&ctx, &peer, &data);
    struct match_factors fa, fb;
    match_score(&ctx, &near_bus, &fa);
    match_score(&ctx, &no_bus, &fb);
    assert_true(fa.f.distance > fb.f.distance);
    peer.uses_transit = false;
    match_score(&ctx, &near_bus, &fa);
    assert_true(fa.f.distance == fb.f.distance);
    assert_true(factor_transit_bonus(1.0) == 1.0);
    assert_true(factor_transit_bonus(0.0) > 0.39 && factor_transit_bonus(0.0) < 0.41);
}

/* ---- audience ---------------------------------------------------------------------------- */

static void test_audience_theirs_counts_in_favour(void **state)
{
    (void)state;
    struct match_candidate vets = listing("Coffee Hour", "social", "coffee");
    vets.audience = AUDIENCE_VETERANS;
    struct match_candidate open = listing("Coffee Hour", "social", "coffee");
    const char *interests[] = {"coffee"};
    struct match_peer_view peer = {
        .interests = interests, .n_interests = 1, .comfort = 2, .audience = AUDIENCE_VETERANS};
    struct match_context ctx;
    match_context_init_data(&ctx, &peer, &data);
    struct match_factors fv, fo;
    match_score(&ctx, &vets, &fv);
    match_score(&ctx, &open, &fo);
    assert_true(fv.f.values > fo.f.values);
    assert_true(fv.score > fo.score);
    /* Several audiences: only when the peer is part of every one. */
    vets.audience = AUDIENCE_VETERANS | AUDIENCE_WOMEN;
    match_score(&ctx, &vets, &fv);
    assert_true(fv.f.values == fo.f.values);
    assert_true(factor_audience_theirs(0.0) == 0.5);
    /* The hard constraint: not theirs, or not said, is left out. */
    struct match_limits lim = {5.0, true, -1, 0, false, AUDIENCE_VETERANS, true, NULL};
    assert_int_equal(match_check_audience(&lim, &vets), MATCH_EX_AUDIENCE);
    vets.audience = AUDIENCE_VETERANS;
    assert_int_equal(match_check_audience(&lim, &vets), MATCH_FITS);
    assert_int_equal(match_check_audience(&lim, &open), MATCH_FITS);
    lim.audience_known = false;
    lim.audience = 0;
    assert_int_equal(match_check_audience(&lim, &vets), MATCH_EX_AUDIENCE);
    struct buf why = {0};
    match_exclusion_explain(MATCH_EX_AUDIENCE, &lim, &vets, &why);
    assert_string_equal(buf_str(&why),
                        "It is for veterans, and your profile does not say who you are: a listing "
                        "for a particular group is left out until it does (peer edit --audience).");
    buf_free(&why);
}

/* A listing held in the peer's language other than English counts in their favour; one held
** only in languages they do not speak is left out, and --explain says so. */
static void test_language_as_audience(void **state)
{
    (void)state;
    struct listing_words words;
    struct diag d = {0};
    assert_int_equal(listing_words_load(&words, &d), BELONG_OK);
    diag_free(&d);
    struct match_candidate spanish = listing("Coffee Hour", "social", "coffee");
    spanish.languages = "Spanish";
    struct match_candidate open = listing("Coffee Hour", "social", "coffee");
    const char *speaks[] = {"English", "español"};
    struct language_fits fits;
    language_fits_init(&fits, &words, speaks, 2, false);
    struct match_limits lim = {5.0, true, -1, 0, false, 0, false, &fits};
    assert_int_equal(match_check_audience(&lim, &spanish), MATCH_FITS);
    assert_int_equal(match_check_audience(&lim, &open), MATCH_FITS);
    spanish.language_theirs = language_fits_get(&fits, spanish.languages) == AUDIENCE_THEIRS;
    assert_true(spanish.language_theirs);
    const char *interests[] = {"coffee"};
    struct match_peer_view peer = {.interests = interests, .n_interests = 1, .comfort = 2};
    struct match_context ctx;
    match_context_init_data(&ctx, &peer, &data);
    struct match_factors fs, fo;
    match_score(&ctx, &spanish, &fs);
    match_score(&ctx, &open, &fo);
    assert_true(fs.f.values > fo.f.values);
    assert_true(fs.score > fo.score);
    /* A peer who lists no language: English; the Spanish listing is left out. */
    language_fits_init(&fits, &words, NULL, 0, false);
    assert_int_equal(match_check_audience(&lim, &spanish), MATCH_EX_LANGUAGE);
    assert_string_equal(match_exclusion_name(MATCH_EX_LANGUAGE), "language");
    struct buf why = {0};
    match_exclusion_explain(MATCH_EX_LANGUAGE, &lim, &spanish, &why);
    assert_string_equal(buf_str(&why), "It is held in Spanish, and your profile lists no language, "
                                       "so it is taken to be English (peer edit --languages).");
    buf_free(&why);
    listing_words_free(&words);
}

/* ---- reasons ----------------------------------------------------------------------------- */

static bool any_reason_has(const struct match_reasons *r, const char *needle)
{
    for (size_t i = 0; i < r->n; i++)
        if (strstr(r->items[i], needle))
            return true;
    return false;
}

static void test_text_reason_names_words_or_nothing(void **state)
{
    (void)state;
    const char *interests[] = {"I miss my mother's tomatoes"};
    struct match_peer_view peer = {.interests = interests, .n_interests = 1, .comfort = 2};
    struct match_context ctx;
    match_context_init_data(&ctx, &peer, &data);
    ctx.relevance_best = 6.0;
    struct match_candidate c = listing("Tuesday Supper", "food", "meal");
    c.relevance = 6.0;
    assert_true(match_text_evidence(&ctx, &c, "Salad with tomatoes from the plots."));
    struct match_factors f;
    match_score(&ctx, &c, &f);
    struct match_reasons r;
    match_reasons(&ctx, &c, &f, &r);
    assert_true(any_reason_has(&r, "You said \xe2\x80\x9ctomatoes\xe2\x80\x9d"));
    assert_true(any_reason_has(&r, "\xe2\x80\x9ctomatoes\xe2\x80\x9d"));
    assert_false(any_reason_has(&r, "the things you said you enjoy"));
    match_reasons_free(&r);
    /* A text match with no word to name gives no interest reason at all. */
    struct match_candidate d = listing("Tuesday Supper", "food", "meal");
    d.relevance = 6.0;
    match_score(&ctx, &d, &f);
    match_reasons(&ctx, &d, &f, &r);
    assert_false(any_reason_has(&r, "You said"));
    assert_false(any_reason_has(&r, "the things you said you enjoy"));
    match_reasons_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_propername_rules),
        cmocka_unit_test(test_proper_name_word_is_no_interest),
        cmocka_unit_test(test_text_match_in_a_name_only_is_dropped),
        cmocka_unit_test(test_common_words_count_little),
        cmocka_unit_test(test_senses_read),
        cmocka_unit_test(test_other_sense_is_no_match),
        cmocka_unit_test(test_unsure_sense_counts_little),
        cmocka_unit_test(test_people_only_where_wanted),
        cmocka_unit_test(test_negated_words_are_no_interest),
        cmocka_unit_test(test_goals_read),
        cmocka_unit_test(test_goal_less_talk_lowers_intensity),
        cmocka_unit_test(test_goal_friend_favours_recurring_small_groups),
        cmocka_unit_test(test_goal_get_out_lowers_online),
        cmocka_unit_test(test_online_scored_by_fit),
        cmocka_unit_test(test_transit_bonus),
        cmocka_unit_test(test_text_reason_names_words_or_nothing),
        cmocka_unit_test(test_audience_theirs_counts_in_favour),
        cmocka_unit_test(test_language_as_audience),
    };
    return cmocka_run_group_tests(tests, load_maps, free_maps);
}
