/* test_language.c — a listing's language as an audience (src/directory/language.c): the
** languages a listing's words say it is held in, the matching rule (English assumed for a peer
** who lists none, unknown languages left aside, ASL for a peer who needs it) and --explain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../src/directory/language.h"
#include "../../src/util/buf.h"
#include "../../src/util/diag.h"
#include "../../src/util/rc.h"

static struct listing_words words;

static int setup(void **state)
{
    (void)state;
    struct diag d = {0};
    int rc = listing_words_load(&words, &d);
    diag_free(&d);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    listing_words_free(&words);
    return 0;
}

static void test_from_words(void **state)
{
    (void)state;
    struct {
        const char *text, *languages;
    } cases[] = {
        {"Grupo de apoyo en español", "Spanish"},
        {"Support group in Spanish, Tuesday evenings", "Spanish"},
        {"A conversation circle held in Haitian Creole", "Haitian Creole"},
        {"Portuguese-speaking women's group", "Portuguese"},
        {"For Cape Verdean Creole speakers", "Cape Verdean Creole"},
        {"Café e conversa em português", "Portuguese"},
        {"Bilingual meeting, en español y en inglés", "Spanish,English"},
        {"Held in Spanish and English", "Spanish,English"},
        {"Coffee chat in American Sign Language", "American Sign Language"},
        {"Rencontre en français pour les nouveaux arrivants", "French"},
        /* written in the language */
        {"Grupo para mujeres: caminamos por el parque y hablamos de la semana.", "Spanish"},
        {"Nou fè yon gwoup sipò pou moun ki gen pwoblèm, chak mèkredi nan sal la.",
         "Haitian Creole"},
        {"Encontro semanal com café para os moradores do bairro, em Fall River.", "Portuguese"},
        /* a language learnt, named, or a proper name: no language */
        {"Spanish lessons in English for beginners", ""},
        {"Spanish conversation practice", ""},
        {"Learn Portuguese with friends", ""},
        {"Classes in Spanish for adults", ""},
        {"Italian cooking night", ""},
        {"English as a second language", ""},
        {"Meet at the French King Bridge overlook", ""},
        {"Walk in the park with us; bring water and a hat.", ""},
        {"Café Los Amigos coffee and board games for the neighbourhood", ""},
        {"Interested in Spanish culture? Join the film club.", ""},
        {NULL, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct buf b = {0};
        language_from_words(&words, cases[i].text, &b);
        const char *got = b.len ? buf_str(&b) : "";
        if (strcmp(got, cases[i].languages) != 0)
            fail_msg("case %zu (%s): got '%s', expected '%s'", i,
                     cases[i].text ? cases[i].text : "NULL", got, cases[i].languages);
        buf_free(&b);
    }
}

static void test_match_rule(void **state)
{
    (void)state;
    const char *english[] = {"English"};
    const char *spanish[] = {"Español"}; /* as the peer wrote it */
    const char *both[] = {"english", "es"};
    const char *klingon[] = {"Klingon"};
    /* names no language: open to everyone */
    assert_int_equal(language_match(&words, NULL, english, 1, false), AUDIENCE_OPEN);
    assert_int_equal(language_match(&words, "", spanish, 1, false), AUDIENCE_OPEN);
    /* only languages languages.tsv does not know: open (a note such as "interpreters") */
    assert_int_equal(language_match(&words, "Interpreters available", spanish, 1, false),
                     AUDIENCE_OPEN);
    /* held in a language the peer does not speak */
    assert_int_equal(language_match(&words, "Spanish", english, 1, false), AUDIENCE_NOT_THEIRS);
    assert_int_equal(language_match(&words, "English", spanish, 1, false), AUDIENCE_NOT_THEIRS);
    /* a peer who lists none speaks English */
    assert_int_equal(language_match(&words, "English", NULL, 0, false), AUDIENCE_OPEN);
    assert_int_equal(language_match(&words, "Spanish", NULL, 0, false), AUDIENCE_NOT_THEIRS);
    /* the peer's language other than English: in their favour */
    assert_int_equal(language_match(&words, "Spanish", spanish, 1, false), AUDIENCE_THEIRS);
    assert_int_equal(language_match(&words, "English,Spanish", both, 2, false), AUDIENCE_THEIRS);
    assert_int_equal(language_match(&words, "English,Spanish", english, 1, false), AUDIENCE_OPEN);
    assert_int_equal(language_match(&words, "English,Spanish", spanish, 1, false), AUDIENCE_THEIRS);
    /* English only: fits, nothing in favour */
    assert_int_equal(language_match(&words, "English", both, 2, false), AUDIENCE_OPEN);
    /* an unknown language of the peer's, compared as written */
    assert_int_equal(language_match(&words, "Spanish", klingon, 1, false), AUDIENCE_NOT_THEIRS);
    /* a peer who needs ASL signs */
    assert_int_equal(language_match(&words, "American Sign Language", english, 1, true),
                     AUDIENCE_THEIRS);
    assert_int_equal(language_match(&words, "ASL", english, 1, false), AUDIENCE_NOT_THEIRS);

    struct buf b = {0};
    language_explain(&words, "Spanish", 1, &b);
    assert_string_equal(buf_str(&b),
                        "It is held in Spanish, and your profile does not say you speak it.");
    buf_reset(&b);
    language_explain(&words, "Portuguese,Cape Verdean Creole,Notes", 2, &b);
    assert_string_equal(buf_str(&b), "It is held in Portuguese or Cape Verdean Creole, and your "
                                     "profile does not say you speak any of them.");
    buf_reset(&b);
    language_explain(&words, "Spanish", 0, &b);
    assert_string_equal(buf_str(&b), "It is held in Spanish, and your profile lists no language, "
                                     "so it is taken to be English (peer edit --languages).");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_words),
        cmocka_unit_test(test_match_rule),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
