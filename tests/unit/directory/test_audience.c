/* test_audience.c — who an activity is for (src/directory/audience.c): names and --audience
** lists, reading a listing's name, description and taxonomy terms, the matching rule and its
** explanation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../src/directory/audience.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"

static void test_parse_and_format(void **state)
{
    (void)state;
    unsigned a;
    char err[200];
    assert_int_equal(audience_parse("Women, veterans", &a, err, sizeof err), BELONG_OK);
    assert_int_equal(a, AUDIENCE_WOMEN | AUDIENCE_VETERANS);
    assert_int_equal(audience_parse("", &a, err, sizeof err), BELONG_OK);
    assert_int_equal(a, 0);
    assert_int_equal(audience_parse("deaf,older-adults,lgbtq,youth,men", &a, err, sizeof err),
                     BELONG_OK);
    struct buf b = {0};
    audience_format(a, &b);
    assert_string_equal(buf_str(&b), "deaf,men,lgbtq,youth,older-adults");
    buf_free(&b);
    assert_int_equal(audience_parse("women,elders", &a, err, sizeof err), BELONG_EUSAGE);
    assert_non_null(strstr(err, "unknown audience 'elders'"));
    assert_string_equal(audience_name(0), "deaf");
    assert_null(audience_name(AUDIENCE_COUNT));
}

static void test_infer(void **state)
{
    (void)state;
    struct {
        const char *name, *description, *terms;
        unsigned audience;
    } cases[] = {
        {"Women's Walking Group", NULL, NULL, AUDIENCE_WOMEN},
        {"Veterans Coffee Hour", NULL, NULL, AUDIENCE_VETERANS},
        {"LGBTQ+ Game Night", NULL, NULL, AUDIENCE_LGBTQ},
        {"Teen Art Club", NULL, NULL, AUDIENCE_YOUTH},
        {"Seniors Strength and Balance", NULL, NULL, AUDIENCE_OLDER},
        {"Deaf Coffee Social", NULL, NULL, AUDIENCE_DEAF},
        {"Men's Breakfast", NULL, NULL, AUDIENCE_MEN},
        {"Chess Club", "A weekly group for veterans and their families.", NULL, AUDIENCE_VETERANS},
        {"Book Circle", "Open to women of all backgrounds.", NULL, AUDIENCE_WOMEN},
        {"Stretch Class", "Gentle movement for adults 55 and older.", NULL, AUDIENCE_OLDER},
        {"Coffee Social", "For Deaf and hard of hearing adults; ASL used throughout.", NULL,
         AUDIENCE_DEAF},
        {"Knitting", "Women only, no experience needed.", NULL, AUDIENCE_WOMEN},
        {"Support Group", NULL, "YN-9000\tVeterans", AUDIENCE_VETERANS},
        {"Drop-in", NULL, "\tSeniors", AUDIENCE_OLDER},
        {"Women Veterans Circle", NULL, NULL, AUDIENCE_WOMEN | AUDIENCE_VETERANS},
        /* for everyone */
        {"Chess Club", "All ages welcome.", NULL, 0},
        {"Community Choir", "Men and women, all voices.", NULL, 0},
        {"Choir for Men and Women", NULL, NULL, 0},
        {"Deaf-friendly Movie Night", "Captions and ASL interpreters.", NULL, 0},
        {"Game Night", "Open to all, including veterans and seniors.", NULL, 0},
        {"Garden Workday", "Tools provided; we grow food for the pantry.", NULL, 0},
        {"Menu Planning Workshop", "Plan meals on a budget.", NULL, 0},
        {"Trivia Night", "Teams of four; prizes for the winners.", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        unsigned got = audience_infer(cases[i].name, cases[i].description, cases[i].terms);
        if (got != cases[i].audience)
            fail_msg("case %zu (%s): got %#x, expected %#x", i, cases[i].name, got,
                     cases[i].audience);
    }
    assert_int_equal(audience_infer(NULL, NULL, NULL), 0);
}

/* Eligibility fields: the text read as a term is, ages as an audience only when they leave out
** most adults, "open to all" said explicitly. */
static void test_eligibility(void **state)
{
    (void)state;
    struct {
        const char *text;
        int min_age, max_age;
        unsigned audience;
        bool open;
    } cases[] = {
        {"Veterans and their families", 0, 0, AUDIENCE_VETERANS, false},
        {"Women 18+", 0, 0, AUDIENCE_WOMEN, false},
        {"Ages 55 and up", 0, 0, AUDIENCE_OLDER, false},
        {"Youth 13-18", 0, 0, AUDIENCE_YOUTH, false},
        {"Ages 13 to 18", 0, 0, AUDIENCE_YOUTH, false},
        {"between 14 and 21 years old", 0, 0, AUDIENCE_YOUTH, false},
        {"Under 18", 0, 0, AUDIENCE_YOUTH, false},
        {"Children 12 and under", 0, 0, AUDIENCE_YOUTH, false},
        {"Young people up to 24", 0, 0, AUDIENCE_YOUTH, false},
        {"Must be 60 years of age or older", 0, 0, AUDIENCE_OLDER, false},
        {"Residents over 54", 0, 0, AUDIENCE_OLDER, false},
        {"at least 62", 0, 0, AUDIENCE_OLDER, false},
        {"Seniors 60+ and disabled adults", 0, 0, AUDIENCE_OLDER, false},
        {"Deaf/Hard of Hearing", 0, 0, AUDIENCE_DEAF, false},
        {"LGBTQ+ adults 18 and older", 0, 0, AUDIENCE_LGBTQ, false},
        {"Women veterans", 0, 0, AUDIENCE_WOMEN | AUDIENCE_VETERANS, false},
        /* ages that leave most adults in are no audience */
        {"Adults 18+", 0, 0, 0, false},
        {"Adults", 0, 0, 0, false},
        {"21 and over", 0, 0, 0, false},
        {"Adults 18-64", 0, 0, 0, false},
        {"Ages 16 and up", 0, 0, 0, false},
        {"Must live in Worcester County", 0, 0, 0, false},
        {"Household income under 200% of poverty", 0, 0, 0, false},
        /* the structured ages (HSDS 3.0 minimum_age, maximum_age) */
        {NULL, 55, 0, AUDIENCE_OLDER, false},
        {NULL, 13, 18, AUDIENCE_YOUTH, false},
        {NULL, 0, 17, AUDIENCE_YOUTH, false},
        {NULL, 18, 0, 0, false},
        {NULL, 18, 99, 0, false},
        {"", 0, 0, 0, false},
        {"Women", 18, 0, AUDIENCE_WOMEN, false},
        /* welcome, not required */
        {"Open to all; veterans encouraged", 0, 0, 0, true},
        {"Everyone, including seniors", 0, 0, 0, true},
        {"Anyone", 0, 0, 0, true},
        {"None", 0, 0, 0, true},
        {"No requirements", 0, 0, 0, true},
        {"Men and women", 0, 0, 0, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool open = !cases[i].open;
        unsigned got =
            audience_eligibility(cases[i].text, cases[i].min_age, cases[i].max_age, &open);
        if (got != cases[i].audience || open != cases[i].open)
            fail_msg("case %zu (%s %d-%d): got %#x open %d, expected %#x open %d", i,
                     cases[i].text ? cases[i].text : "NULL", cases[i].min_age, cases[i].max_age,
                     got, open, cases[i].audience, cases[i].open);
    }
    assert_int_equal(audience_eligibility(NULL, 0, 0, NULL), 0);
}

static void test_match_rule(void **state)
{
    (void)state;
    unsigned missing;
    assert_int_equal(audience_match(0, 0, false, &missing), AUDIENCE_OPEN);
    assert_int_equal(audience_match(AUDIENCE_VETERANS, AUDIENCE_VETERANS, true, &missing),
                     AUDIENCE_THEIRS);
    assert_int_equal(audience_match(AUDIENCE_VETERANS, AUDIENCE_WOMEN, true, &missing),
                     AUDIENCE_NOT_THEIRS);
    assert_int_equal(missing, AUDIENCE_VETERANS);
    /* Not said: an activity for an audience is left out (never send someone where they may
    ** not be welcome). */
    assert_int_equal(audience_match(AUDIENCE_WOMEN, 0, false, &missing), AUDIENCE_NOT_THEIRS);
    /* Several audiences: the peer must be part of every one. */
    assert_int_equal(
        audience_match(AUDIENCE_WOMEN | AUDIENCE_VETERANS, AUDIENCE_VETERANS, true, &missing),
        AUDIENCE_NOT_THEIRS);
    assert_int_equal(missing, AUDIENCE_WOMEN);
    struct buf b = {0};
    audience_explain(AUDIENCE_WOMEN | AUDIENCE_VETERANS, true, &b);
    assert_string_equal(buf_str(&b),
                        "It is for women and veterans, and your profile does not say you are.");
    buf_reset(&b);
    audience_explain(AUDIENCE_WOMEN, false, &b);
    assert_string_equal(buf_str(&b),
                        "It is for women, and your profile does not say who you are: a listing for "
                        "a particular group is left out until it does (peer edit --audience).");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_format),
        cmocka_unit_test(test_infer),
        cmocka_unit_test(test_eligibility),
        cmocka_unit_test(test_match_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
