/* test_connection.c — the rules of connections (src/engagement/connection.c): what passes as a
** first name or initials and what is refused as a full name, the relationships, a connection's
** state on a day, and the network's size over time.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/engagement/connection.h"

static void first_names_and_initials_pass(void **state)
{
    (void)state;
    const char *ok[] = {"Maria", "Jo-Anne", "O'Neil",  "Maria G.", "J.D.", "J. D.",
                        "M G",   "Zoë",     "José L.", "Al",       "J.D",  "Dr."};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        const char *why = connection_name_problem(ok[i]);
        if (why)
            fail_msg("'%s' refused: %s", ok[i], why);
    }
}

static void full_names_and_contacts_are_refused(void **state)
{
    (void)state;
    const char *full[] = {"Maria Gonzalez", "Mary Ann", "Jo Anne Smith", "José Luis G."};
    for (size_t i = 0; i < sizeof full / sizeof full[0]; i++) {
        const char *why = connection_name_problem(full[i]);
        assert_non_null(why);
        assert_non_null(strstr(why, "full name"));
        assert_non_null(strstr(why, "privacy"));
    }
    assert_non_null(strstr(connection_name_problem("555-1234"), "digit"));
    assert_non_null(strstr(connection_name_problem("a@b.org"), "e-mail"));
    assert_non_null(strstr(connection_name_problem("   "), "empty"));
    assert_non_null(connection_name_problem(""));
    assert_non_null(connection_name_problem("Ann (neighbour)"));
    assert_non_null(connection_name_problem("Ann\x1b[2J"));
    assert_non_null(connection_name_problem("\xff\xfe"));
    assert_non_null(connection_name_problem("Bartholomewbartholomewbartholomewbartholomew"));
}

static void relationships(void **state)
{
    (void)state;
    assert_string_equal(connection_relationship_find("Mentor"), "mentor");
    assert_null(connection_relationship_find("pal"));
    assert_null(connection_relationship_find(NULL));
    assert_int_equal(connection_relationship_count, 6);
}

static struct connection_change change(const char *date, int closeness, bool ended)
{
    struct connection_change c = {.closeness = closeness, .ended = ended};
    strcpy(c.date, date);
    strcpy(c.relationship, "friend");
    return c;
}

static void network_over_time(void **state)
{
    (void)state;
    struct connection_change a[] = {change("2026-01-01", 2, false), change("2026-03-01", 4, false)};
    struct connection_change b[] = {change("2026-02-01", 5, false), change("2026-03-01", 5, true)};
    struct connection_change c[] = {change("2026-05-01", 1, false)};
    struct connection net[] = {
        {.id = 1, .history = a, .n_history = 2},
        {.id = 2, .history = b, .n_history = 2},
        {.id = 3, .history = c, .n_history = 1},
    };
    assert_null(connection_as_of(&net[0], "2025-12-31"));
    assert_int_equal(connection_as_of(&net[0], "2026-02-28")->closeness, 2);
    assert_int_equal(connection_as_of(&net[0], "2026-03-01")->closeness, 4);
    assert_true(connection_as_of(&net[1], "2026-04-01")->ended);

    struct network_size *sizes;
    size_t n;
    connection_network_sizes(net, 3, "2026-04-30", &sizes, &n);
    /* 01-01: a; 02-01: a, b (close); 03-01: a (close), b ended; c after the end: left out */
    assert_int_equal(n, 3);
    assert_string_equal(sizes[0].date, "2026-01-01");
    assert_int_equal(sizes[0].people, 1);
    assert_int_equal(sizes[0].close, 0);
    assert_int_equal(sizes[1].people, 2);
    assert_int_equal(sizes[1].close, 1);
    assert_string_equal(sizes[2].date, "2026-03-01");
    assert_int_equal(sizes[2].people, 1);
    assert_int_equal(sizes[2].close, 1);
    free(sizes);
    connection_network_sizes(net, 0, "2026-04-30", &sizes, &n);
    assert_int_equal(n, 0);
    free(sizes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_names_and_initials_pass),
        cmocka_unit_test(full_names_and_contacts_are_refused),
        cmocka_unit_test(relationships),
        cmocka_unit_test(network_over_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
