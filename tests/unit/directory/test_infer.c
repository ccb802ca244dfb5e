/* test_infer.c — the inference of category, tags and intensity (src/directory/infer.c): each
** rule, the taxonomy maps, the evidence as stored, and bad rule files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/directory/activity.h"
#include "../../src/directory/infer.h"
#include "../../src/util/rc.h"

static struct infer_rules *rules;

static int setup(void **state)
{
    (void)state;
    struct diag d = {0};
    int rc = infer_rules_load(&rules, &d);
    diag_print(&d, stderr);
    diag_free(&d);
    return rc == BELONG_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    infer_rules_free(rules);
    return 0;
}

/* Infers a listing given by its name, description, terms, organisation and place. */
static struct infer_result run(const char *name, const char *desc, const char *terms,
                               const char *org, const char *place)
{
    struct infer_input in = {.name = name,
                             .description = desc,
                             .terms = terms,
                             .organization = org,
                             .location_name = place,
                             .drop_in = TRI_UNKNOWN};
    struct infer_result r;
    infer_listing(rules, &in, &r);
    return r;
}

static void what_people_do_beats_where_they_meet(void **state)
{
    (void)state;
    struct infer_result r = run("Chess Club", "Casual games. We meet in the parish hall.", NULL,
                                "St. Mary's Church", "St. Mary's Parish Hall");
    assert_string_equal(r.category, "social-games");
    assert_non_null(strstr(r.category_why.evidence, "name 'chess club'"));
    r = run("Community Choir", "Weekly rehearsal for our concert.", NULL, "City Library",
            "Central Library");
    assert_string_equal(r.category, "music");
    r = run("Yoga in the Church Hall", "A class for all levels.", NULL, "Trinity Church",
            "Parish Hall");
    assert_string_equal(r.category, "sports-movement");
    /* with nothing else said, the place is a weak cue, and a weak cue is still a guess */
    r = run("Sunday Gathering", "", NULL, "", "Grace Church Sanctuary");
    assert_string_equal(r.category, "");
    r = run("Worship at Grace Church", "", NULL, "", "");
    assert_string_equal(r.category, "faith-spiritual");
}

static void organisation_names_count_little(void **state)
{
    (void)state;
    struct infer_result r = run("Game Night", "Cards and board games.", NULL,
                                "Harbor Light Ministries Food Bank", "Elm Park Church");
    assert_string_equal(r.category, "social-games");
    r = run("Walking Group", "A friendly walk around the lake.", NULL,
            "Friends of the Library Book Club", "");
    assert_string_equal(r.category, "sports-movement");
}

static void a_word_takes_its_sense_from_its_phrase(void **state)
{
    (void)state;
    struct infer_result r = run("Fishing off the Bank", "Fish from the river bank.", NULL, "", "");
    assert_string_equal(r.category, "gardening-nature");
    r = run("Sorting at the Food Bank", "Sort canned goods.", NULL, "", "");
    assert_string_equal(r.category, "volunteering");
    /* "packed" (a crowd) is not "pack" (a task): stemming must not turn one into the other */
    r = run("Meal Packing", "Pack meals for seniors; little talking.", NULL, "", "");
    assert_true(r.intensity <= 2);
}

static void acronyms_match_only_in_capitals(void **state)
{
    (void)state;
    assert_string_equal(run("WRAP Workshop", "", NULL, "", "").category, "peer-support");
    assert_string_equal(run("AA Meeting", "", NULL, "", "").category, "peer-support");
    /* a word that stems like it, or the same letters in lower case, is another word */
    assert_string_equal(
        run("Gift Wrapping Party", "Wrap presents for the toy drive.", NULL, "", "").category,
        "social-games");
    assert_string_equal(run("Wrap Up", "", NULL, "", "").category, "");
    /* a directory that writes in capitals: whole words still have to be the acronym */
    assert_string_equal(run("GIFT WRAPPING", "", NULL, "", "").category, "");
    assert_string_equal(run("ESL CLASS", "", NULL, "", "").category, "books-learning");
}

static void words_are_stemmed(void **state)
{
    (void)state;
    assert_string_equal(run("Gardeners' Morning", "", NULL, "", "").category, "gardening-nature");
    assert_string_equal(run("Knitters", "", NULL, "", "").category, "arts-crafts");
    assert_string_equal(run("DANCING", "", NULL, "", "").category, "sports-movement");
}

static void quiet_and_loud_variants(void **state)
{
    (void)state;
    struct infer_result quiet =
        run("Puzzle Corner", "Work a jigsaw on your own, no talking.", NULL, "", "");
    struct infer_result loud = run(
        "Party Games Night", "A lively, noisy night of party games with a crowd.", NULL, "", "");
    assert_string_equal(quiet.category, "social-games");
    assert_string_equal(loud.category, "social-games");
    assert_int_equal(quiet.intensity, 1);
    assert_true(loud.intensity >= 4);
    assert_non_null(strstr(quiet.intensity_why.evidence, "no talking"));
}

static void intensity_cues(void **state)
{
    (void)state;
    assert_int_equal(run("Open Mic", "Sign up to perform.", NULL, "", "").intensity, 5);
    assert_int_equal(run("Silent Meditation", "Sit in silence.", NULL, "", "").intensity, 1);
    assert_true(run("Softball League", "Teams play weekly.", NULL, "", "").intensity >= 4);
    assert_int_equal(run("Support Group", "Members share their stories.", NULL, "", "").intensity,
                     4);
    /* nothing known: nothing inferred */
    struct infer_result r = run("Tuesday", "", NULL, "", "");
    assert_int_equal(r.intensity, 0);
    assert_string_equal(r.category, "");
    assert_true(r.intensity_why.confidence == 0);
}

static void group_size_schedule_and_drop_in(void **state)
{
    (void)state;
    struct infer_input in = {.name = "Meeting", .drop_in = TRI_UNKNOWN, .group_size = 4};
    struct infer_result r;
    infer_listing(rules, &in, &r);
    assert_int_equal(r.intensity, 2);
    assert_non_null(strstr(r.intensity_why.evidence, "group of 4"));
    in.group_size = 60;
    infer_listing(rules, &in, &r);
    assert_int_equal(r.intensity, 5);
    in.group_size = 0;
    in.duration_minutes = 240;
    in.drop_in = TRI_YES;
    infer_listing(rules, &in, &r);
    assert_int_equal(r.intensity, 2);
    assert_non_null(strstr(r.intensity_why.evidence, "long open session"));
}

static void a_given_category_is_kept_and_used(void **state)
{
    (void)state;
    struct infer_input in = {
        .name = "Thursday Evenings", .category = "peer-support", .drop_in = TRI_UNKNOWN};
    struct infer_result r;
    infer_listing(rules, &in, &r);
    assert_string_equal(r.category, ""); /* not inferred: the source gave it */
    assert_int_equal(r.intensity, 4);    /* the category's usual level */
    assert_non_null(strstr(r.intensity_why.evidence, "category peer-support"));
}

static void tags_from_the_listing(void **state)
{
    (void)state;
    struct infer_result r = run("Knitting and Crochet", "Bring yarn.", NULL, "", "");
    assert_string_equal(r.tags, "knitting");
    r = run("Chess and Trivia", "", NULL, "", "");
    assert_string_equal(r.tags, "chess,trivia");
    /* organisation and place names give no tags */
    r = run("Tuesday", "", NULL, "Garden Club", "Chess Hall");
    assert_string_equal(r.tags, "");
}

/* One AIRS code: its category, and that its evidence names it. */
static void airs(const char *code, const char *want)
{
    char terms[80];
    snprintf(terms, sizeof terms, "%s\t", code);
    struct infer_result r = run("Program", "", terms, "", "");
    assert_string_equal(r.category, want);
    assert_non_null(strstr(r.category_why.evidence, code));
}

static void airs_codes(void **state)
{
    (void)state;
    airs("PN-8100", "peer-support");
    airs("PN-8100.5000", "peer-support");
    airs("PN-8100.0500-070", "peer-support"); /* under PN-8100.0500 */
    airs("PL-7000", "sports-movement");
    airs("PL-7000.8800", "sports-movement"); /* an unlisted child: its parent */
    airs("PL-6400.6750", "social-games");
    airs("PL-6400", "social-games"); /* not listed (its name unconfirmed): PL */
    airs("PL-7400.0500", "arts-crafts");
    airs("PL-7400.1500", "technology");
    airs("PS-8000.6000", "social-games");
    airs("BD-2600.1500", "gardening-nature");
    airs("TI-1800", "volunteering");
    airs("TI-1800.1500-100", "volunteering");
    airs("RM-6500.5000", "clubhouse-dropin");
    airs("HL-8700", "books-learning");
    airs("HL-2000.0550", "books-learning");
    airs("TJ-4500", "books-learning");
    airs("H", "books-learning");
    airs("LH-2700.6450", "sports-movement");
    airs("LH-2700.6000", "food-cooking");
    airs("BD-5000", "food-cooking");
    airs("PX", "volunteering");
    airs("TC-5500", "clubhouse-dropin");
    airs("pn-8100", "peer-support"); /* any case */
    /* a code is a prefix only at a level: PNX is not PN, PN-81 is not PN-8100 */
    assert_string_equal(run("Program", "", "PNX-1\t", "", "").category, "");
    assert_string_equal(run("Program", "", "LH-2700\t", "", "").category, "");
    /* codes outside community activities map to nothing */
    assert_string_equal(run("Program", "", "BH-1800.8500\tHomeless Shelters", "", "").category, "");
}

static void open_eligibility_terms(void **state)
{
    (void)state;
    static const struct {
        const char *term, *want;
    } cases[] = {
        {"Support Groups", "peer-support"},
        {"12-Step", "peer-support"},
        {"Peer Support", "peer-support"},
        {"Spiritual Support", "faith-spiritual"},
        {"Recreation", "social-games"},
        {"Sports & Recreation", "sports-movement"},
        {"Exercise & Fitness", "sports-movement"},
        {"Arts & Culture", "arts-crafts"},
        {"Community Gardens", "gardening-nature"},
        {"Free Meals", "food-cooking"},
        {"Peer Recovery Coaching", "peer-support"},
        {"Foreign Languages", "books-learning"},
        {"Nutrition Education", "food-cooking"},
        {"Tutoring", "books-learning"},
        {"Libraries", "books-learning"},
        {"Computer Class", "technology"},
        {"Volunteering", "volunteering"},
        {"Adult Daycare", "clubhouse-dropin"},
        {"  support   GROUPS ", "peer-support"}, /* any case and spacing */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char terms[80];
        snprintf(terms, sizeof terms, "\t%s", cases[i].term);
        struct infer_result r = run("Program", "", terms, "", "");
        if (strcmp(r.category, cases[i].want) != 0)
            fail_msg("'%s': got '%s', want '%s'", cases[i].term, r.category, cases[i].want);
        /* an Open Eligibility term may come as a code column too */
        snprintf(terms, sizeof terms, "%s\t", cases[i].term);
        assert_string_equal(run("Program", "", terms, "", "").category, cases[i].want);
    }
    /* a term not in the map still speaks through its words, and a mapped one outweighs the name */
    assert_string_equal(run("Program", "", "\tChoir Programs", "", "").category, "music");
    assert_string_equal(run("Chess", "", "\tSupport Groups", "", "").category, "peer-support");
    assert_string_equal(run("Program", "", "\tCounselling", "", "").category, "");
}

struct seen {
    unsigned bits;
    double confidence[8];
    char evidence[8][INFER_EVIDENCE_LEN];
};

static void collect(void *ctx, unsigned bit, const char *attr, double confidence,
                    const char *evidence)
{
    struct seen *s = ctx;
    (void)attr;
    s->bits |= bit;
    s->confidence[bit] = confidence;
    snprintf(s->evidence[bit], sizeof s->evidence[bit], "%s", evidence);
}

static void evidence_round_trip(void **state)
{
    (void)state;
    struct infer_result r = run("Chess Club", "Quiet games, no talking.", NULL, "", "");
    assert_true(r.category_why.confidence > 0.5 && r.category_why.confidence <= 1);
    struct buf b = {0};
    infer_evidence_format(&r, INFER_ATTR_CATEGORY | INFER_ATTR_INTENSITY, &b);
    struct seen s = {0};
    infer_evidence_each(buf_str(&b), collect, &s);
    assert_int_equal(s.bits, INFER_ATTR_CATEGORY | INFER_ATTR_INTENSITY);
    assert_string_equal(s.evidence[INFER_ATTR_CATEGORY], r.category_why.evidence);
    assert_string_equal(s.evidence[INFER_ATTR_INTENSITY], r.intensity_why.evidence);
    assert_true(s.confidence[INFER_ATTR_INTENSITY] > 0);
    buf_free(&b);
    /* malformed lines are skipped */
    memset(&s, 0, sizeof s);
    infer_evidence_each("category\tx\ty\nbogus\t0.5\tz\ntags\t0.5\n\ntags\t0.40\tname 'a'", collect,
                        &s);
    assert_int_equal(s.bits, INFER_ATTR_TAGS);
    assert_string_equal(s.evidence[INFER_ATTR_TAGS], "name 'a'");
}

static void long_and_hostile_text(void **state)
{
    (void)state;
    struct buf b = {0};
    for (int i = 0; i < 5000; i++)
        buf_puts(&b, "chess \x01\xff garden ");
    struct infer_result r = run(buf_str(&b), buf_str(&b), buf_str(&b), buf_str(&b), "");
    assert_true(strlen(r.category_why.evidence) < INFER_EVIDENCE_LEN);
    assert_true(r.intensity >= 1 && r.intensity <= 5);
    buf_free(&b);
    r = run(NULL, NULL, NULL, NULL, NULL);
    assert_string_equal(r.category, "");
}

/* A rules folder holding the real files but one, replaced by text. */
static int load_with(const char *name, const char *text, char *message, size_t len)
{
    char dir[] = "/tmp/belong-infer-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp -r '%s'/. '%s'/", getenv("BELONG_DATA_DIR"), dir);
    assert_int_equal(system(cmd), 0);
    char path[300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    char *saved = strdup(getenv("BELONG_DATA_DIR"));
    setenv("BELONG_DATA_DIR", dir, 1);
    struct diag d = {0};
    struct infer_rules *r = NULL;
    int rc = infer_rules_load(&r, &d);
    char *out = NULL;
    size_t out_len = 0;
    FILE *mem = open_memstream(&out, &out_len);
    diag_print(&d, mem);
    fclose(mem);
    snprintf(message, len, "%s", out);
    free(out);
    diag_free(&d);
    infer_rules_free(r);
    setenv("BELONG_DATA_DIR", saved, 1);
    free(saved);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return rc;
}

static void bad_rule_files_name_the_line(void **state)
{
    (void)state;
    if (!getenv("BELONG_DATA_DIR"))
        skip();
    char msg[1024];
    assert_int_equal(
        load_with("infer/words.tsv", "# ok\nchess\tcategory=nope:1\n", msg, sizeof msg),
        BELONG_EDATA);
    assert_non_null(strstr(msg, "words.tsv:2: category: not a slug"));
    assert_int_equal(load_with("infer/words.tsv", "quiet\tintensity=7\n", msg, sizeof msg),
                     BELONG_EDATA);
    assert_non_null(strstr(msg, "words.tsv:1: intensity: expected 1-5"));
    assert_int_equal(load_with("infer/words.tsv", "a b c d e f\ttag=x\n", msg, sizeof msg),
                     BELONG_EDATA);
    assert_int_equal(load_with("taxonomy/airs.tsv", "PN-8100\tpeer\n", msg, sizeof msg),
                     BELONG_EDATA);
    assert_non_null(strstr(msg, "airs.tsv:1:"));
    assert_int_equal(load_with("infer/category_intensity.tsv", "music\t9\n", msg, sizeof msg),
                     BELONG_EDATA);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(what_people_do_beats_where_they_meet),
        cmocka_unit_test(organisation_names_count_little),
        cmocka_unit_test(a_word_takes_its_sense_from_its_phrase),
        cmocka_unit_test(acronyms_match_only_in_capitals),
        cmocka_unit_test(words_are_stemmed),
        cmocka_unit_test(quiet_and_loud_variants),
        cmocka_unit_test(intensity_cues),
        cmocka_unit_test(group_size_schedule_and_drop_in),
        cmocka_unit_test(a_given_category_is_kept_and_used),
        cmocka_unit_test(tags_from_the_listing),
        cmocka_unit_test(airs_codes),
        cmocka_unit_test(open_eligibility_terms),
        cmocka_unit_test(evidence_round_trip),
        cmocka_unit_test(long_and_hostile_text),
        cmocka_unit_test(bad_rule_files_name_the_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
