/* test_attributes.c — belong's activity attributes (src/directory/attributes.c): one rule for
** each, whether `activity set` or an HSDS belong term gives the value.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/directory/attributes.h"
#include "../../src/directory/categories.h"
#include "../../src/formats/hsds.h"
#include "../../src/store/store.h"
#include "../../src/util/rc.h"

static struct activity fresh(void)
{
    struct activity a = {0};
    a.cost_cents = COST_UNKNOWN;
    a.peer_run = a.substance_free = a.drop_in = TRI_UNKNOWN;
    return a;
}

/* The CLI option and the HSDS term accept and refuse the same values. */
static void same_rule_for_the_cli_and_hsds(void **state)
{
    (void)state;
    static const struct {
        const char *name, *value;
        bool ok;
    } cases[] = {
        {"group-size", "1", true},      {"group-size", "10000", true},
        {"group-size", "10001", false}, {"group-size", "0", false},
        {"group-size", "12a", false},   {"peer-run", "yes", true},
        {"peer-run", "Y", true},        {"peer-run", "n", true},
        {"peer-run", "1", true},        {"peer-run", "0", true},
        {"peer-run", "TRUE", true},     {"peer-run", "maybe", false},
        {"drop-in", "2", false},        {"virtual", "false", true},
        {"intensity", "5", true},       {"intensity", "6", false},
        {"access", "quiet,asl", true},  {"access", "ramp", false},
        {"substance-free", "no", true},
    };
    struct category_table cats = {0};
    struct diag d = {0};
    assert_int_equal(categories_load(NULL, &cats, &d), BELONG_OK);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct activity_attr_def *def = activity_attr_by_name(cases[i].name);
        assert_non_null(def);
        struct activity cli = fresh(), hsds = fresh();
        char bad[32], err[256];
        bool cli_ok = activity_attr_parse(def, cases[i].value, false, &cli, bad, sizeof bad);
        char term[64];
        snprintf(term, sizeof term, "%s:%s", cases[i].name, cases[i].value);
        bool hsds_ok = hsds_belong_term(&hsds, term, NULL, &cats, err, sizeof err) == BELONG_OK;
        if (cli_ok != cases[i].ok || hsds_ok != cases[i].ok)
            fail_msg("%s %s: activity set %s, HSDS %s", cases[i].name, cases[i].value,
                     cli_ok ? "accepts" : "refuses", hsds_ok ? "accepts" : "refuses");
        if (cli_ok) {
            assert_int_equal(cli.group_size, hsds.group_size);
            assert_int_equal(cli.peer_run, hsds.peer_run);
            assert_int_equal(cli.drop_in, hsds.drop_in);
            assert_int_equal(cli.substance_free, hsds.substance_free);
            assert_int_equal(cli.is_virtual, hsds.is_virtual);
            assert_int_equal(cli.intensity, hsds.intensity);
            assert_int_equal(cli.access, hsds.access);
        }
        activity_free(&cli);
        activity_free(&hsds);
    }
    categories_free(&cats);
    diag_free(&d);
}

/* Tags: trimmed, lower case, each once; `activity set` replaces, the import adds. */
static void tags_replace_or_add(void **state)
{
    (void)state;
    const struct activity_attr_def *tags = activity_attr_by_name("tags");
    assert_ptr_equal(activity_attr_by_term("tag"), tags);
    assert_null(activity_attr_by_term("tags"));
    struct activity a = fresh();
    char bad[8];
    assert_true(activity_attr_parse(tags, " Plants , outdoors,plants", false, &a, bad, sizeof bad));
    assert_string_equal(a.tags, "plants,outdoors");
    assert_true(activity_attr_parse(tags, "Music", true, &a, bad, sizeof bad));
    assert_string_equal(a.tags, "plants,outdoors,music");
    assert_true(activity_attr_parse(tags, "quiet", false, &a, bad, sizeof bad));
    assert_string_equal(a.tags, "quiet");
    activity_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_rule_for_the_cli_and_hsds),
        cmocka_unit_test(tags_replace_or_add),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
