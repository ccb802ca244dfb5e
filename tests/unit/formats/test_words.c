/* test_words.c — accessibility, cost and language words as directories write them, read through
** data/access_words.tsv, data/cost_words.tsv and data/languages.tsv: every line of each file does
** what it says, and the variants real directories use map as docs/taxonomy.md promises. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/directory/activity.h"
#include "../../src/formats/words.h"
#include "../../src/util/datadir.h"
#include "../../src/util/rc.h"

static struct listing_words words;

static int setup(void **state)
{
    (void)state;
    struct diag d = {0};
    int rc = listing_words_load(&words, &d);
    if (rc != BELONG_OK)
        fprintf(stderr, "%s", buf_str(&d.text));
    diag_free(&d);
    return rc == BELONG_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    listing_words_free(&words);
    return 0;
}

/* Calls fn(first column, second column) for each data line of a data file. */
static int each_line(const char *name, void (*fn)(const char *, const char *))
{
    char path[4096];
    FILE *f = fopen(data_file_path(name, path, sizeof path), "r");
    assert_non_null(f);
    char line[512];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab)
            continue;
        *tab = '\0';
        fn(line, tab + 1);
        n++;
    }
    fclose(f);
    return n;
}

static void access_line(const char *phrase, const char *meaning)
{
    static const struct {
        const char *name;
        unsigned flag;
    } flags[] = {{"wheelchair", ACCESS_WHEELCHAIR},
                 {"asl", ACCESS_ASL},
                 {"quiet", ACCESS_QUIET},
                 {"transit", ACCESS_TRANSIT},
                 {"none", 0}};
    if (strcmp(meaning, "not") == 0) {
        /* A negator cancels the phrase after it. */
        char text[128];
        snprintf(text, sizeof text, "%s wheelchair access", phrase);
        if (words_access(&words, text) != 0)
            fail_msg("negator '%s' does not cancel: '%s'", phrase, text);
        return;
    }
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (strcmp(meaning, flags[i].name) == 0) {
            if (words_access(&words, phrase) != flags[i].flag)
                fail_msg("'%s' gives %u, not %s", phrase, words_access(&words, phrase), meaning);
            return;
        }
    fail_msg("unknown meaning '%s'", meaning);
}

static void every_access_line_maps(void **state)
{
    (void)state;
    assert_true(each_line("access_words.tsv", access_line) > 40);
}

static void cost_line(const char *phrase, const char *meaning)
{
    char text[128];
    size_t n = strlen(phrase);
    const char *p = phrase[0] == '^' ? phrase + 1 : phrase;
    n -= (size_t)(p - phrase);
    if (n && p[n - 1] == '$' && p != phrase)
        n--;
    snprintf(text, sizeof text, "%.*s", (int)n, p);
    if (strcmp(meaning, "not") == 0) {
        snprintf(text, sizeof text, "%s free", phrase);
        if (words_cost(&words, text) != WORDS_COST_NONE)
            fail_msg("negator '%s' does not cancel: '%s'", phrase, text);
        return;
    }
    enum words_cost want = strcmp(meaning, "sliding") == 0 ? WORDS_COST_VARIES : WORDS_COST_FREE;
    if (words_cost(&words, text) != want)
        fail_msg("'%s' does not read as %s", text, meaning);
}

static void every_cost_line_maps(void **state)
{
    (void)state;
    assert_true(each_line("cost_words.tsv", cost_line) > 20);
}

static void language_line(const char *name, const char *aliases)
{
    const char *got = words_language(&words, name);
    if (!got || strcmp(got, name) != 0)
        fail_msg("'%s' is not its own name", name);
    for (const char *p = aliases; *p;) {
        size_t n = strcspn(p, ",");
        char alias[128];
        snprintf(alias, sizeof alias, "%.*s", (int)n, p);
        got = words_language(&words, alias);
        if (!got || strcmp(got, name) != 0)
            fail_msg("'%s' gives '%s', not '%s'", alias, got ? got : "(none)", name);
        p += n + (p[n] == ',');
    }
}

static void every_language_line_maps(void **state)
{
    (void)state;
    assert_true(each_line("languages.tsv", language_line) > 30);
}

/* The words real directories use (issue 8), and what must not be read. */
static void accessibility_as_directories_write_it(void **state)
{
    (void)state;
    const struct {
        const char *text;
        unsigned flags;
    } cases[] = {
        {"Handicap accessible", ACCESS_WHEELCHAIR},
        {"HANDICAP-ACCESSIBLE building", ACCESS_WHEELCHAIR},
        {"Wheelchair accessible entrance", ACCESS_WHEELCHAIR},
        {"ADA accessible", ACCESS_WHEELCHAIR},
        {"ADA-compliant restrooms", ACCESS_WHEELCHAIR},
        {"Ramp at the side; elevator to all floors", ACCESS_WHEELCHAIR},
        {"Step-free entrance", ACCESS_WHEELCHAIR},
        {"ASL interpreter on request", ACCESS_ASL},
        {"American Sign Language", ACCESS_ASL},
        {"Sensory-friendly hours on Mondays", ACCESS_QUIET},
        {"A quiet room", ACCESS_QUIET},
        {"Two blocks from the subway; bus 7", ACCESS_TRANSIT},
        /* HSDS 1.1 / Ohana enumerations, as a comma list */
        {"disabled_parking, ramp, restroom, wheelchair", ACCESS_WHEELCHAIR},
        {"deaf_interpreter", ACCESS_ASL},
        {"elevator, tape_braille", ACCESS_WHEELCHAIR},
        {"cd, restroom, tty", 0},
        {"wheelchair_van", 0},
        /* negated, or not about access */
        {"Not wheelchair accessible", 0},
        {"No elevator; stairs only", 0},
        {"Not handicap accessible", 0},
        {"Spanish interpreter available", 0},
        {"Business hours; trainees welcome", 0},
        {"Ada Lovelace coding night", 0},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (words_access(&words, cases[i].text) != cases[i].flags)
            fail_msg("'%s' gives %u, expected %u", cases[i].text,
                     words_access(&words, cases[i].text), cases[i].flags);
    assert_int_equal(words_access(&words, NULL), 0);
}

static void cost_as_directories_write_it(void **state)
{
    (void)state;
    const struct {
        const char *text;
        enum words_cost said;
    } cases[] = {
        {"Free", WORDS_COST_FREE},
        {"free of charge", WORDS_COST_FREE},
        {"None.", WORDS_COST_FREE},
        {"none", WORDS_COST_FREE},
        {"None. Donations requested of clients who can afford it.", WORDS_COST_FREE},
        {"No fee", WORDS_COST_FREE},
        {"No cost to members", WORDS_COST_FREE},
        {"Donation", WORDS_COST_FREE},
        {"Suggested donation $3", WORDS_COST_FREE},
        {"Pay what you can", WORDS_COST_FREE},
        {"$0", WORDS_COST_FREE},
        {"0.00", WORDS_COST_FREE},
        {"Sliding scale", WORDS_COST_VARIES},
        {"Sliding-fee scale", WORDS_COST_VARIES},
        {"Free for some; sliding scale for others", WORDS_COST_VARIES},
        {"Vary according to income ($5-$90)", WORDS_COST_VARIES},
        {"Not free", WORDS_COST_NONE},
        {"$60 application fee", WORDS_COST_NONE},
        {"Nonetheless, call ahead", WORDS_COST_NONE},
        {"Fees vary", WORDS_COST_NONE},
        {"", WORDS_COST_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (words_cost(&words, cases[i].text) != cases[i].said)
            fail_msg("'%s' gives %d, expected %d", cases[i].text, words_cost(&words, cases[i].text),
                     cases[i].said);
}

static void languages_by_name_or_code(void **state)
{
    (void)state;
    const struct {
        const char *value, *name;
    } cases[] = {
        {"es", "Spanish"},       {"SPA", "Spanish"},
        {"Español", "Spanish"},  {" english ", "English"},
        {"en-US", "English"},    {"zh-Hant", "Chinese"},
        {"pt_BR", "Portuguese"}, {"Kreyol", "Haitian Creole"},
        {"Farsi", "Persian"},    {"ASL", "American Sign Language"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = words_language(&words, cases[i].value);
        if (!got || strcmp(got, cases[i].name) != 0)
            fail_msg("'%s' gives '%s', expected '%s'", cases[i].value, got ? got : "(none)",
                     cases[i].name);
    }
    assert_null(words_language(&words, "Klingon"));
    assert_null(words_language(&words, ""));
    assert_null(words_language(&words, "-"));
}

/* A bad data line is reported with its file and line; the good lines still load. */
static void bad_data_line_is_reported(void **state)
{
    (void)state;
    char dir[] = "/tmp/belong-test-words-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *files[] = {"access_words.tsv", "cost_words.tsv", "languages.tsv"};
    for (int i = 0; i < 3; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(i == 0 ? "# comment\nramp\twheelchair\nlift\tstairs\n" : "# empty\n", f);
        fclose(f);
    }
    const char *saved = getenv("BELONG_DATA_DIR");
    char *keep = saved ? strdup(saved) : NULL;
    setenv("BELONG_DATA_DIR", dir, 1);
    struct listing_words w;
    struct diag d = {0};
    assert_int_equal(listing_words_load(&w, &d), BELONG_EDATA);
    assert_non_null(strstr(buf_str(&d.text), "access_words.tsv:3: unknown meaning 'stairs'"));
    assert_int_equal(words_access(&w, "a ramp"), ACCESS_WHEELCHAIR);
    listing_words_free(&w);
    diag_free(&d);
    if (keep)
        setenv("BELONG_DATA_DIR", keep, 1);
    else
        unsetenv("BELONG_DATA_DIR");
    free(keep);
    for (int i = 0; i < 3; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        remove(path);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_access_line_maps),
        cmocka_unit_test(every_cost_line_maps),
        cmocka_unit_test(every_language_line_maps),
        cmocka_unit_test(accessibility_as_directories_write_it),
        cmocka_unit_test(cost_as_directories_write_it),
        cmocka_unit_test(languages_by_name_or_code),
        cmocka_unit_test(bad_data_line_is_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
