/* test_concepts.c — the concept map bridging a peer's everyday words and organisers' words:
** stemming, stop words, the example phrases, weights, the FTS query, bad map files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/matching/concepts.h"
#include "../../src/store/sqlite_internal.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"

static struct concept_map map;

static int load_map(void **state)
{
    (void)state;
    struct diag diag = {0};
    int rc = concepts_load(NULL, &map, &diag);
    if (rc != BELONG_OK)
        diag_print(&diag, stderr);
    diag_free(&diag);
    return rc;
}

static int free_map(void **state)
{
    (void)state;
    concepts_free(&map);
    return 0;
}

static const struct concept_term *find_term(const struct concept_terms *t, const char *term)
{
    for (size_t i = 0; i < t->n; i++) {
        if (strcmp(t->items[i].term, term) == 0)
            return &t->items[i];
    }
    return NULL;
}

static void expand(const char *text, struct concept_terms *t)
{
    memset(t, 0, sizeof *t);
    concepts_expand(&map, text, CONCEPT_OWN_WEIGHT, t);
}

static void check_form(const char *word, const char *want)
{
    char out[CONCEPT_WORD_MAX];
    concepts_word_form(word, strlen(word), out);
    if (strcmp(out, want) != 0)
        fail_msg("%s -> %s, want %s", word, out, want);
}

static void test_word_forms(void **state)
{
    (void)state;
    check_form("bikes", "bike");
    check_form("fixing", "fix");
    check_form("Fixed", "fix");
    check_form("running", "run");
    check_form("baking", "bake");
    check_form("hiking", "hike");
    check_form("knitting", "knit");
    check_form("gardening", "garden");
    check_form("dancing", "dance");
    check_form("berries", "berry");
    check_form("tomatoes", "tomato");
    check_form("classes", "class");
    check_form("dishes", "dish");
    check_form("mother's", "mother");
    check_form("mother\xe2\x80\x99s", "mother");
    /* Words that only look inflected stay whole. */
    check_form("sing", "sing");
    check_form("bring", "bring");
    check_form("chess", "chess");
    check_form("bus", "bus");
    check_form("need", "need");
    check_form("bowling", "bowl");
    /* Keys make "dance" and "dancing" meet. */
    char a[CONCEPT_WORD_MAX], b[CONCEPT_WORD_MAX];
    concepts_word_key("dance", 5, a);
    concepts_word_key("dancing", 7, b);
    assert_string_equal(a, b);
    concepts_phrase_key("Community  Gardens", 18, a);
    assert_string_equal(a, "community garden");
}

static void test_stop_words(void **state)
{
    (void)state;
    assert_true(concepts_is_stop_word("used", 4));
    assert_true(concepts_is_stop_word("my", 2));
    assert_true(concepts_is_stop_word("mother", 6));
    assert_true(concepts_is_stop_word("kept", 4));
    assert_false(concepts_is_stop_word("bikes", 5));
    struct concept_terms t;
    expand("I used to fix bikes", &t);
    assert_null(find_term(&t, "i"));
    assert_null(find_term(&t, "used"));
    assert_null(find_term(&t, "to"));
    expand("my mother grew tomatoes", &t);
    assert_null(find_term(&t, "my"));
    assert_null(find_term(&t, "mother"));
    expand("the and of with", &t);
    assert_int_equal(t.n, 0);
    expand("", &t);
    assert_int_equal(t.n, 0);
}

static void test_bikes(void **state)
{
    (void)state;
    struct concept_terms t;
    expand("I used to fix bikes", &t);
    const struct concept_term *fix = find_term(&t, "fix");
    const struct concept_term *bike = find_term(&t, "bike");
    assert_non_null(fix);
    assert_non_null(bike);
    assert_true(fix->weight == CONCEPT_OWN_WEIGHT && bike->weight == CONCEPT_OWN_WEIGHT);
    assert_string_equal(bike->origin, "bikes");
    const struct concept_term *cycling = find_term(&t, "cycling");
    const struct concept_term *repair = find_term(&t, "repair");
    assert_non_null(cycling);
    assert_non_null(repair);
    assert_true(cycling->weight < CONCEPT_OWN_WEIGHT && cycling->weight > 0.0);
    assert_non_null(find_term(&t, "bicycle"));
}

static void test_goats(void **state)
{
    (void)state;
    struct concept_terms t;
    expand("I kept goats", &t);
    assert_non_null(find_term(&t, "goat"));
    const struct concept_term *farm = find_term(&t, "farm");
    assert_non_null(farm);
    assert_string_equal(farm->origin, "goats");
    assert_non_null(find_term(&t, "animals"));
    assert_non_null(find_term(&t, "4-h"));
    assert_null(find_term(&t, "kept"));
}

static void test_church_singing(void **state)
{
    (void)state;
    struct concept_terms t;
    expand("I used to sing in church", &t);
    assert_non_null(find_term(&t, "sing"));
    assert_non_null(find_term(&t, "church"));
    assert_non_null(find_term(&t, "choir"));
    assert_non_null(find_term(&t, "gospel"));
}

static void test_tomatoes(void **state)
{
    (void)state;
    struct concept_terms t;
    expand("my mother grew tomatoes", &t);
    assert_non_null(find_term(&t, "tomato"));
    const struct concept_term *garden = find_term(&t, "garden");
    assert_non_null(garden);
    /* The reason names what the peer talked about: the tomatoes, not the verb. */
    assert_string_equal(garden->origin, "tomatoes");
    assert_non_null(find_term(&t, "community garden"));
}

static void test_more_everyday_words(void **state)
{
    (void)state;
    struct concept_terms t;
    expand("plants", &t);
    assert_non_null(find_term(&t, "gardening"));
    assert_non_null(find_term(&t, "horticulture"));
    assert_non_null(find_term(&t, "seeds"));
    expand("anime", &t);
    assert_non_null(find_term(&t, "manga"));
    assert_non_null(find_term(&t, "drawing"));
    assert_non_null(find_term(&t, "comics"));
    /* A two-word phrase in the map: "hanging out" → social. */
    expand("I like hanging out with friends", &t);
    assert_non_null(find_term(&t, "social"));
    /* Derived forms reach the same line: "Baking" and "bake". */
    struct concept_terms u;
    expand("Baking", &t);
    expand("bake", &u);
    assert_non_null(find_term(&t, "bread"));
    assert_non_null(find_term(&u, "bread"));
}

static void test_map_covers_categories(void **state)
{
    (void)state;
    /* One everyday word per category reaches that category's organiser words. */
    static const struct {
        const char *say, *want;
    } cases[] = {
        {"helping people", "volunteer"}, {"pottery", "ceramics"},      {"hiking", "trail"},
        {"basketball", "team sport"},    {"novels", "book club"},      {"drums", "drum circle"},
        {"prayer", "worship"},           {"sobriety", "peer support"}, {"poker", "cards"},
        {"recipes", "cooking"},          {"laptop", "computer"},       {"clubhouse", "drop-in"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct concept_terms t;
        expand(cases[i].say, &t);
        if (!find_term(&t, cases[i].want))
            fail_msg("\"%s\" does not reach \"%s\"", cases[i].say, cases[i].want);
    }
    assert_true(map.n >= 120);
}

static void test_merge_keeps_strongest(void **state)
{
    (void)state;
    struct concept_terms t;
    memset(&t, 0, sizeof t);
    assert_true(concepts_add_term(&t, "garden", "plants", 0.6));
    assert_true(concepts_add_term(&t, "Gardens", "garden", 1.0));
    assert_false(concepts_add_term(&t, "garden", "x", 0.3));
    assert_int_equal(t.n, 1);
    assert_true(t.items[0].weight == 1.0);
    assert_string_equal(t.items[0].origin, "garden");
    /* Full list: the weakest gives way to a stronger term, never to a weaker one. */
    memset(&t, 0, sizeof t);
    char word[16];
    for (int i = 0; i < CONCEPT_TERMS_MAX; i++) {
        snprintf(word, sizeof word, "w%02dx", i);
        concepts_add_term(&t, word, word, i == 7 ? 0.2 : 0.5);
    }
    assert_int_equal(t.n, CONCEPT_TERMS_MAX);
    assert_false(concepts_add_term(&t, "weak", "weak", 0.1));
    assert_true(concepts_add_term(&t, "strong", "strong", 0.9));
    assert_int_equal(t.n, CONCEPT_TERMS_MAX);
    assert_non_null(find_term(&t, "strong"));
    assert_null(find_term(&t, "w07x"));
}

static void test_sorted_find_and_query(void **state)
{
    (void)state;
    struct concept_terms t;
    expand("I used to fix bikes", &t);
    size_t n = t.n;
    concepts_sort(&t);
    assert_int_equal(t.n, n);
    for (size_t i = 1; i < t.n; i++)
        assert_true(strcmp(t.items[i - 1].key, t.items[i].key) < 0);
    char key[CONCEPT_WORD_MAX];
    concepts_word_key("cycling", 7, key);
    int i = concepts_find(&t, key);
    assert_true(i >= 0);
    assert_string_equal(t.items[i].term, "cycling");
    assert_int_equal(concepts_find(&t, "zebra"), -1);

    struct concept_query q;
    assert_int_equal(concepts_text_query(&t, CONCEPT_OWN_WEIGHT, &q), 2);
    assert_false(q.query.match_all);
    assert_false(q.query.last_prefix);
    char *fts = store_fts5_match(&q.query);
    assert_string_equal(fts, "\"bike\" OR \"fix\"");
    free(fts);
    struct concept_terms odd;
    memset(&odd, 0, sizeof odd);
    concepts_add_term(&odd, "say \"hi\" OR", "x", 1.0);
    assert_int_equal(concepts_text_query(&odd, 0.5, &q), 1);
    fts = store_fts5_match(&q.query);
    assert_string_equal(fts, "\"say \"\"hi\"\" OR\"");
    free(fts);
    assert_int_equal(concepts_text_query(&odd, 2.0, &q), 0);
    assert_null(store_fts5_match(&q.query));
}

static void test_bad_map_file(void **state)
{
    (void)state;
    char path[] = "/tmp/belong-test-concepts-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# ok\nbikes\tcycling,repair\nno tab here\nplants\tgardening\t1.5\n\tgarden\n", f);
    fclose(f);
    struct concept_map m;
    struct diag diag = {0};
    assert_int_equal(concepts_load(path, &m, &diag), BELONG_EDATA);
    assert_int_equal(diag.count, 3);
    assert_non_null(strstr(buf_str(&diag.text), ":3:"));
    assert_non_null(strstr(buf_str(&diag.text), ":4:"));
    assert_non_null(strstr(buf_str(&diag.text), ":5:"));
    assert_int_equal(m.n, 0);
    diag_free(&diag);
    remove(path);
    struct diag d2 = {0};
    assert_int_equal(concepts_load("/nonexistent/concepts.tsv", &m, &d2), BELONG_ENOINPUT);
    diag_free(&d2);
}

static void test_hostile_input(void **state)
{
    (void)state;
    /* Random bytes, very long words, punctuation only, UTF-8: no crash, bounded output. */
    char text[600];
    srand(42);
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(rand() % (int)(sizeof text - 1));
        for (size_t i = 0; i < n; i++)
            text[i] = (char)(1 + rand() % 255);
        text[n] = '\0';
        struct concept_terms t;
        expand(text, &t);
        assert_true(t.n <= CONCEPT_TERMS_MAX);
        for (size_t i = 0; i < t.n; i++) {
            assert_true(strlen(t.items[i].term) < CONCEPT_WORD_MAX);
            assert_true(t.items[i].weight > 0.0 && t.items[i].weight <= 1.0);
        }
    }
    char longword[300];
    memset(longword, 'g', sizeof longword - 1);
    longword[sizeof longword - 1] = '\0';
    struct concept_terms t;
    expand(longword, &t);
    assert_int_equal(t.n, 1);
    assert_int_equal(strlen(t.items[0].term), CONCEPT_WORD_MAX - 1);
    expand("--- ''' ,,, !!!", &t);
    assert_int_equal(t.n, 0);
    expand("Caf\xc3\xa9 jardiner\xc3\xad"
           "a y m\xc3\xba"
           "sica",
           &t);
    assert_true(t.n >= 2);
    /* The same words again add nothing; many words fill the list, own words staying. */
    memset(&t, 0, sizeof t);
    concepts_expand(&map, "plants bikes goats church anime cooking chess", 1.0, &t);
    size_t once = t.n;
    for (int i = 0; i < 40; i++)
        concepts_expand(&map, "plants bikes goats church anime cooking chess", 1.0, &t);
    assert_int_equal(t.n, once);
    char many[2000] = "";
    for (int i = 0; i < 120; i++) {
        char w[16];
        snprintf(w, sizeof w, "zq%03dx ", i);
        strcat(many, w);
    }
    concepts_expand(&map, many, 1.0, &t);
    assert_int_equal(t.n, CONCEPT_TERMS_MAX);
    for (size_t k = 0; k < t.n; k++)
        assert_true(t.items[k].weight == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_forms),
        cmocka_unit_test(test_stop_words),
        cmocka_unit_test(test_bikes),
        cmocka_unit_test(test_goats),
        cmocka_unit_test(test_church_singing),
        cmocka_unit_test(test_tomatoes),
        cmocka_unit_test(test_more_everyday_words),
        cmocka_unit_test(test_map_covers_categories),
        cmocka_unit_test(test_merge_keeps_strongest),
        cmocka_unit_test(test_sorted_find_and_query),
        cmocka_unit_test(test_bad_map_file),
        cmocka_unit_test(test_hostile_input),
    };
    return cmocka_run_group_tests(tests, load_map, free_map);
}
