/* test_peer_profile.c — the peer profile: every field's parsing and refusal message,
** street-address refusal, values, JSON both ways, and saving through the store by caseload.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/directory/activity.h"
#include "../../src/directory/places.h"
#include "../../src/peers/caseload.h"
#include "../../src/peers/profile.h"
#include "../../src/util/text.h"
#include "../../src/peers/profile_json.h"
#include "../../src/util/rc.h"
#include "../../src/util/timeutil.h"

static char dir[] = "/tmp/belong-test-peer-XXXXXX";

static int setup(void **state)
{
    (void)state;
    setenv("BELONG_DATA_DIR", BELONG_DATA_DIR, 0);
    setenv("BELONG_NOW", "2026-12-01T09:00", 1);
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* Asserts that d holds exactly one problem, containing expect. */
static void assert_one_problem(struct diag *d, const char *expect)
{
    const char *msg = buf_str(&d->text);
    if (d->count != 1 || !strstr(msg, expect))
        fprintf(stderr, "expected one problem with '%s', got %zu:\n%s", expect, d->count, msg);
    assert_int_equal(d->count, 1);
    assert_non_null(strstr(msg, expect));
    diag_free(d);
}

static void text_fields_are_trimmed_and_checked(void **state)
{
    (void)state;
    struct peer p;
    peer_init(&p);
    struct diag d = {0};
    assert_int_equal(peer_set_text(&p.name, "  Sam ", true, &d, NULL, "name"), 0);
    assert_string_equal(p.name, "Sam");
    assert_int_equal(peer_set_text(&p.name, "   ", true, &d, "f", "name"), BELONG_EDATA);
    assert_one_problem(&d, "f: name: \"   \": is required");
    assert_string_equal(p.name, "Sam"); /* unchanged */
    assert_int_equal(peer_set_text(&p.name, "Sam\x01", true, &d, NULL, "name"), BELONG_EDATA);
    assert_one_problem(&d, "control character");
    assert_int_equal(peer_set_text(&p.name, "Sa\xff", true, &d, NULL, "name"), BELONG_EDATA);
    assert_one_problem(&d, "not valid UTF-8");
    char long_name[PEER_TEXT_MAX + 2];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_int_equal(peer_set_text(&p.name, long_name, true, &d, NULL, "name"), BELONG_EDATA);
    assert_one_problem(&d, "is longer than the 500-byte limit");
    assert_int_equal(peer_set_text(&p.pronouns, "", false, &d, NULL, "pronouns"), 0);
    assert_null(p.pronouns);
    assert_int_equal(peer_set_text(&p.pronouns, "they/them", false, &d, NULL, "pronouns"), 0);
    assert_string_equal(p.pronouns, "they/them");
    assert_int_equal(peer_set_text(&p.name, "José", true, &d, NULL, "name"), 0);
    peer_free(&p);
}

static void street_addresses_are_refused(void **state)
{
    (void)state;
    const char *addresses[] = {"12 Elm Street",       "12 Elm St",      "Elm Street",
                               "Main St, Worcester",  "12B Maple Ave",  "PO Box 12",
                               "Apt 4, Worcester",    "#5 Pine Rd",     "45 Harvard",
                               "Worcester, MA 01602", "Pleasant Street"};
    for (size_t i = 0; i < sizeof addresses / sizeof *addresses; i++) {
        if (!place_is_street_address(addresses[i]))
            fprintf(stderr, "not refused: %s\n", addresses[i]);
        assert_true(place_is_street_address(addresses[i]));
    }
    const char *places[] = {"01602",
                            "01602-1234",
                            "Worcester",
                            "Worcester, MA",
                            "St Albans",
                            "North Adams",
                            "Fall River",
                            "Manchester-by-the-Sea",
                            "West Springfield",
                            "Hartford, CT",
                            "Hartford CT",
                            "Hartford, Connecticut"};
    for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
        if (place_is_street_address(places[i]))
            fprintf(stderr, "wrongly refused: %s\n", places[i]);
        assert_false(place_is_street_address(places[i]));
    }
    struct peer p;
    peer_init(&p);
    struct diag d = {0};
    assert_int_equal(peer_set_home(&p, "01602", &d, NULL), 0);
    assert_string_equal(p.home_zip, "01602");
    assert_int_equal(peer_set_home(&p, "12 Elm Street", &d, "f"), BELONG_EDATA);
    assert_one_problem(&d, "f: home: \"12 Elm Street\": looks like a street address");
    assert_string_equal(p.home_zip, "01602"); /* unchanged */
    assert_int_equal(peer_set_home(&p, "0160", &d, NULL), BELONG_EDATA);
    assert_one_problem(&d, "home: \"0160\"");
    assert_int_equal(peer_set_home(&p, "Worcester", &d, NULL), 0);
    assert_null(p.home_zip);
    assert_string_equal(p.home_town, "Worcester");
    assert_int_equal(peer_set_home(&p, "01602-1234", &d, NULL), 0);
    assert_string_equal(p.home_zip, "01602");
    assert_null(p.home_town);
    assert_int_equal(peer_set_home(&p, "", &d, NULL), 0);
    assert_null(p.home_zip);
    peer_free(&p);
}

static void home_resolves_through_the_zip_file(void **state)
{
    (void)state;
    struct peer p;
    peer_init(&p);
    struct diag d = {0}, w = {0};
    assert_int_equal(peer_set_home(&p, "01602", &d, NULL), 0);
    assert_int_equal(peer_resolve_home(NULL, &p, &w, NULL), BELONG_OK);
    assert_true(p.has_coords);
    assert_true(p.home_lat > 42 && p.home_lat < 43 && p.home_lon < -71 && p.home_lon > -72);
    assert_non_null(strstr(p.home_label, "Worcester"));
    assert_int_equal(peer_set_home(&p, "Worcester", &d, NULL), 0);
    assert_false(p.has_coords); /* a new home clears the old coordinates */
    /* A bare name in several states, with no directory to say which: the setting says. */
    setenv("BELONG_STATE", "Massachusetts", 1);
    assert_int_equal(peer_resolve_home(NULL, &p, &w, NULL), BELONG_OK);
    unsetenv("BELONG_STATE");
    assert_true(p.has_coords);
    assert_string_equal(p.home_label, "Worcester, MA");
    assert_int_equal(w.count, 0);
    /* "Town, ST" is a town, though CT is also a street word (court). */
    assert_int_equal(peer_set_home(&p, "Hartford, CT", &d, NULL), 0);
    assert_string_equal(p.home_town, "Hartford, CT");
    assert_int_equal(peer_resolve_home(NULL, &p, &w, NULL), BELONG_OK);
    assert_string_equal(p.home_label, "Hartford, CT");
    /* A home that cannot be placed is refused, under the field "home". */
    assert_int_equal(peer_set_home(&p, "Worcester", &d, NULL), 0);
    assert_int_equal(peer_resolve_home(NULL, &p, &w, "f"), BELONG_EDATA);
    assert_false(p.has_coords);
    assert_one_problem(&w, "f: home: town 'Worcester' is in several states");
    diag_free(&w);
    memset(&w, 0, sizeof w);
    assert_int_equal(peer_set_home(&p, "Wrcester", &d, NULL), 0);
    setenv("BELONG_STATE", "MA", 1);
    assert_int_equal(peer_resolve_home(NULL, &p, &w, NULL), BELONG_EDATA);
    unsetenv("BELONG_STATE");
    assert_false(p.has_coords);
    assert_one_problem(&w, "home: town 'Wrcester' is not in the ZIP code list; did you mean "
                           "\"Worcester, MA\"");
    diag_free(&w);
    memset(&w, 0, sizeof w);
    assert_int_equal(peer_set_home(&p, "00000", &d, NULL), 0);
    assert_int_equal(peer_resolve_home(NULL, &p, &w, NULL), BELONG_EDATA);
    assert_one_problem(&w, "home: ZIP code 00000 is not in the ZIP code list");
    peer_free(&p);
}

static void numbers_modes_budget_access_comfort(void **state)
{
    (void)state;
    struct peer p;
    peer_init(&p);
    struct diag d = {0};
    assert_int_equal(peer_set_max_travel_miles(&p, "2.5", &d, NULL), 0);
    assert_true(p.max_travel_miles == 2.5);
    assert_int_equal(peer_set_max_travel_miles(&p, "-1", &d, NULL), BELONG_EDATA);
    assert_one_problem(&d, "max_travel_miles: \"-1\"");
    assert_int_equal(peer_set_max_travel_miles(&p, "far", &d, NULL), BELONG_EDATA);
    assert_one_problem(&d, "max_travel_miles");
    assert_int_equal(peer_set_max_travel_miles(&p, "501", &d, NULL), BELONG_EDATA);
    assert_one_problem(&d, "max_travel_miles");
    assert_true(p.max_travel_miles == 2.5);

    assert_int_equal(peer_set_travel_modes(&p, "walk, bus,ride", &d, NULL), 0);
    assert_int_equal(p.travel_modes, TRAVEL_WALK | TRAVEL_TRANSIT | TRAVEL_RIDE);
    assert_int_equal(peer_set_travel_modes(&p, "walk,teleport", &d, NULL), BELONG_EDATA);
    assert_one_problem(&d, "travel_modes: \"walk,teleport\": unknown mode 'teleport'");
    assert_int_equal(p.travel_modes, TRAVEL_WALK | TRAVEL_TRANSIT | TRAVEL_RIDE);

    const struct {
        const char *text;
        int cents;
    } budgets[] = {{"free", 0},  {"any", BUDGET_ANY}, {"12", 1200}, {"$7.50", 750},
                   {"7.5", 750}, {"0.99", 99},        {"FREE", 0}};
    for (size_t i = 0; i < sizeof budgets / sizeof *budgets; i++) {
        assert_int_equal(peer_set_budget(&p, budgets[i].text, &d, NULL), 0);
        assert_int_equal(p.budget_cents, budgets[i].cents);
    }
    const char *bad_budgets[] = {"-5", "12.345", "cheap", "", "12.", "$", "1e3", "99999"};
    for (size_t i = 0; i < sizeof bad_budgets / sizeof *bad_budgets; i++) {
        assert_int_equal(peer_set_budget(&p, bad_budgets[i], &d, NULL), BELONG_EDATA);
        assert_one_problem(&d, "budget: \"");
    }
    assert_int_equal(p.budget_cents, 0);
    char text[32];
    peer_budget_format(750, text, sizeof text);
    assert_string_equal(text, "7.50");

    assert_int_equal(peer_set_access(&p, "wheelchair, transit-only,asl", &d, NULL), 0);
    assert_int_equal(p.access_needs, ACCESS_WHEELCHAIR | ACCESS_TRANSIT | ACCESS_ASL);
    assert_int_equal(peer_set_access(&p, "quiet", &d, NULL), 0);
    assert_int_equal(p.access_needs, ACCESS_QUIET);
    assert_int_equal(peer_set_access(&p, "quiet,stairs", &d, NULL), BELONG_EDATA);
    assert_one_problem(&d, "access: \"quiet,stairs\": unknown need 'stairs'");
    assert_int_equal(p.access_needs, ACCESS_QUIET);

    assert_int_equal(peer_set_comfort(&p, "3", &d, NULL), 0);
    assert_int_equal(p.comfort, 3);
    const char *bad_comfort[] = {"0", "6", "2.5", "high", ""};
    for (size_t i = 0; i < sizeof bad_comfort / sizeof *bad_comfort; i++) {
        assert_int_equal(peer_set_comfort(&p, bad_comfort[i], &d, NULL), BELONG_EDATA);
        assert_one_problem(&d, "comfort: \"");
    }
    assert_int_equal(p.comfort, 3);
    bool yes;
    assert_true(parse_yes_no("Yes", &yes) && yes);
    assert_true(parse_yes_no("n", &yes) && !yes);
    assert_false(parse_yes_no("maybe", &yes));
    peer_free(&p);
}

static void lists_tags_values_languages(void **state)
{
    (void)state;
    struct peer p;
    peer_init(&p);
    struct diag d = {0}, w = {0};
    assert_int_equal(peer_add_text(&p.interests, "I used to fix bikes", &d, NULL, "interests"), 0);
    assert_int_equal(peer_add_text(&p.interests, "plants", &d, NULL, "interests"), 0);
    assert_int_equal(peer_add_text(&p.interests, "plants", &d, NULL, "interests"), 0);
    assert_int_equal(p.interests.n, 2); /* no duplicates */
    assert_int_equal(peer_add_text(&p.interests, " ", &d, NULL, "interests"), BELONG_EDATA);
    assert_one_problem(&d, "interests: \" \": is empty");

    assert_int_equal(peer_add_tags(&p, "Bikes, Gardening ,anime", &d, NULL), 0);
    assert_int_equal(p.tags.n, 3);
    assert_string_equal(p.tags.items[0], "bikes");
    assert_int_equal(peer_add_tags(&p, "ok,<script>", &d, NULL), BELONG_EDATA);
    assert_one_problem(&d, "tags: \"<script>\"");
    assert_int_equal(p.tags.n, 3); /* "ok" was not added either */

    assert_int_equal(peer_add_values(&p, "Helping others, nature,faith,anime", &d, &w, NULL), 0);
    assert_int_equal(p.values.n, 4);
    assert_string_equal(p.values.items[0], "helping-others");
    assert_string_equal(p.values.items[1], "nature");
    assert_string_equal(p.values.items[3], "anime");
    assert_one_problem(&w, "values: \"anime\": not in belong's list of values");
    assert_int_equal(peer_add_values(&p, "church", &d, &w, NULL), 0); /* a synonym of faith */
    assert_int_equal(p.values.n, 4);
    assert_int_equal(w.count, 0);
    assert_string_equal(value_label("being-useful"), "Being useful");
    assert_null(value_label("anime"));

    assert_int_equal(peer_add_languages(&p, "English, Spanish", &d, NULL), 0);
    assert_int_equal(p.languages.n, 2);
    assert_string_equal(p.languages.items[1], "Spanish");
    for (int i = 0; i <= PEER_LIST_MAX; i++) {
        char item[32];
        snprintf(item, sizeof item, "goal %d", i);
        peer_add_text(&p.goals, item, &d, NULL, "goals");
    }
    assert_int_equal(p.goals.n, PEER_LIST_MAX);
    assert_one_problem(&d, "goals: \"goal 50\": one too many");
    peer_free(&p);
}

static void validate_reports_every_problem(void **state)
{
    (void)state;
    struct peer p;
    peer_init(&p);
    struct diag d = {0};
    p.cps = strdup("maria lopez"); /* a space is not allowed in a handle */
    p.comfort = 7;
    p.budget_cents = -5;
    p.max_travel_miles = 1000;
    p.home_zip = strdup("1234");
    assert_int_equal(peer_validate(&p, &d, "x.json"), BELONG_EDATA);
    const char *msg = buf_str(&d.text);
    assert_non_null(strstr(msg, "x.json: cps:"));
    assert_non_null(strstr(msg, "x.json: name: is required"));
    assert_non_null(strstr(msg, "x.json: comfort:"));
    assert_non_null(strstr(msg, "x.json: budget:"));
    assert_non_null(strstr(msg, "x.json: max_travel_miles:"));
    assert_non_null(strstr(msg, "x.json: home:"));
    assert_int_equal(d.count, 6);
    diag_free(&d);
    free(p.cps);
    p.cps = strdup("maria");
    p.name = strdup("Sam");
    p.comfort = 2;
    p.budget_cents = 0;
    p.max_travel_miles = 3;
    free(p.home_zip);
    p.home_zip = strdup("01602");
    p.contact = strdup("12 Elm Street");
    assert_int_equal(peer_validate(&p, &d, NULL), BELONG_EDATA);
    assert_one_problem(&d, "contact: \"12 Elm Street\": looks like a street address");
    free(p.contact);
    p.contact = strdup("508-555-0100");
    assert_int_equal(peer_validate(&p, &d, NULL), 0);
    assert_true(cps_handle_valid("maria.lopez@clinic"));
    assert_false(cps_handle_valid(""));
    assert_false(cps_handle_valid("a/b"));
    peer_free(&p);
}

/* A profile with every field set, as the JSON tests and the store tests use it. */
static void full_peer(struct peer *p, const char *cps)
{
    struct diag d = {0}, w = {0};
    peer_init(p);
    p->cps = strdup(cps);
    assert_int_equal(peer_set_text(&p->name, "Sam", true, &d, NULL, "name"), 0);
    assert_int_equal(peer_set_text(&p->pronouns, "they/them", false, &d, NULL, "pronouns"), 0);
    assert_int_equal(peer_set_text(&p->contact, "508-555-0100", false, &d, NULL, "contact"), 0);
    assert_int_equal(peer_set_home(p, "01602", &d, NULL), 0);
    assert_int_equal(peer_set_max_travel_miles(p, "3", &d, NULL), 0);
    assert_int_equal(peer_set_travel_modes(p, "walk,transit", &d, NULL), 0);
    p->virtual_ok = true;
    assert_int_equal(peer_add_text(&p->interests, "I used to fix bikes", &d, NULL, "interests"), 0);
    assert_int_equal(peer_add_text(&p->interests, "plants", &d, NULL, "interests"), 0);
    assert_int_equal(peer_add_tags(p, "bikes,gardening", &d, NULL), 0);
    assert_int_equal(peer_add_values(p, "nature,helping others", &d, &w, NULL), 0);
    assert_int_equal(peer_add_text(&p->goals, "meet people who like plants", &d, NULL, "goals"), 0);
    assert_int_equal(availability_add_window(&p->availability, "TU 18:00-21:00", &d, NULL, "a"), 0);
    assert_int_equal(availability_add_window(&p->availability, "SA 09:00-13:00", &d, NULL, "a"), 0);
    assert_int_equal(
        availability_add_away(&p->availability, "2026-12-24..2027-01-02", &d, NULL, "away"), 0);
    assert_int_equal(peer_set_budget(p, "7.50", &d, NULL), 0);
    assert_int_equal(peer_set_access(p, "wheelchair,quiet", &d, NULL), 0);
    assert_int_equal(peer_add_languages(p, "English,Spanish", &d, NULL), 0);
    p->prefers_substance_free = true;
    p->prefers_peer_run = true;
    p->comfort = 2;
    assert_int_equal(d.count, 0);
    assert_int_equal(w.count, 0);
}

static void assert_same_profile(const struct peer *a, const struct peer *b)
{
    assert_string_equal(a->name, b->name);
    assert_string_equal(a->pronouns, b->pronouns);
    assert_string_equal(a->contact, b->contact);
    assert_string_equal(a->home_zip, b->home_zip);
    assert_true(a->max_travel_miles == b->max_travel_miles);
    assert_int_equal(a->travel_modes, b->travel_modes);
    assert_int_equal(a->virtual_ok, b->virtual_ok);
    assert_int_equal(a->interests.n, b->interests.n);
    for (size_t i = 0; i < a->interests.n; i++)
        assert_string_equal(a->interests.items[i], b->interests.items[i]);
    assert_int_equal(a->tags.n, b->tags.n);
    assert_int_equal(a->values.n, b->values.n);
    assert_string_equal(a->values.items[1], b->values.items[1]);
    assert_int_equal(a->goals.n, b->goals.n);
    assert_int_equal(a->availability.n_windows, b->availability.n_windows);
    assert_memory_equal(a->availability.windows, b->availability.windows,
                        a->availability.n_windows * sizeof *a->availability.windows);
    assert_int_equal(a->availability.n_away, b->availability.n_away);
    assert_memory_equal(a->availability.away, b->availability.away,
                        a->availability.n_away * sizeof *a->availability.away);
    assert_int_equal(a->budget_cents, b->budget_cents);
    assert_int_equal(a->access_needs, b->access_needs);
    assert_int_equal(a->languages.n, b->languages.n);
    assert_int_equal(a->prefers_substance_free, b->prefers_substance_free);
    assert_int_equal(a->prefers_peer_run, b->prefers_peer_run);
    assert_int_equal(a->comfort, b->comfort);
}

static void json_round_trip(void **state)
{
    (void)state;
    struct peer p, q;
    full_peer(&p, "maria");
    json_t *o = peer_to_json(&p, NULL);
    assert_true(json_real_value(json_object_get(o, "budget")) == 7.5);
    assert_string_equal(json_string_value(json_object_get(o, "home")), "01602");
    peer_init(&q);
    struct diag d = {0};
    assert_int_equal(peer_from_json(o, &q, &d, NULL, "sam.json"), 0);
    assert_same_profile(&p, &q);
    json_decref(o);
    peer_free(&p);
    peer_free(&q);
}

static void json_refusals_name_file_and_field(void **state)
{
    (void)state;
    const struct {
        const char *json, *expect;
    } cases[] = {
        {"[]", "p.json: expected a JSON object"},
        {"{\"name\": 5}", "p.json: name: expected a string"},
        {"{\"nmae\": \"Sam\"}", "p.json: nmae: unknown field"},
        {"{\"home\": \"12 Elm Street\"}", "p.json: home: \"12 Elm Street\": looks like a street"},
        {"{\"availability\": [\"TU 21:00-18:00\"]}",
         "p.json: availability: \"TU 21:00-18:00\": end before start"},
        {"{\"availability\": [\"TU 18:00-21:00\", 7]}", "p.json: availability[1]: expected a "
                                                        "string"},
        {"{\"availability\": \"TU 18:00-21:00\"}", "p.json: availability: expected an array"},
        {"{\"away\": [\"2027-01-02..2026-12-24\"]}", "p.json: away: \"2027-01-02..2026-12-24\""},
        {"{\"budget\": -3}", "p.json: budget:"},
        {"{\"budget\": 1.234}", "p.json: budget:"},
        {"{\"budget\": true}", "p.json: budget: expected"},
        {"{\"comfort\": 9}", "p.json: comfort: \"9\""},
        {"{\"comfort\": \"2\"}", "p.json: comfort: expected"},
        {"{\"virtual_ok\": \"yes\"}", "p.json: virtual_ok: expected true or false"},
        {"{\"travel_modes\": [\"jetpack\"]}", "p.json: travel_modes:"},
        {"{\"access\": [\"stairs\"]}", "p.json: access:"},
        {"{\"tags\": [\"a,b\"]}", "p.json: tags: \"a,b\": one item per string"},
        {"{\"max_travel_miles\": \"far\"}", "p.json: max_travel_miles: expected"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_error_t err;
        json_t *o = json_loads(cases[i].json, 0, &err);
        assert_non_null(o);
        struct peer p;
        peer_init(&p);
        struct diag d = {0};
        assert_int_equal(peer_from_json(o, &p, &d, NULL, "p.json"), BELONG_EDATA);
        assert_one_problem(&d, cases[i].expect);
        json_decref(o);
        peer_free(&p);
    }
}

static void json_present_fields_replace_absent_ones_stay(void **state)
{
    (void)state;
    struct peer p;
    full_peer(&p, "maria");
    json_t *o = json_loads("{\"availability\": [\"WE 10:00-12:00\"], \"home\": null,"
                           " \"budget\": \"any\", \"id\": 99, \"cps\": \"other\"}",
                           0, NULL);
    struct diag d = {0};
    assert_int_equal(peer_from_json(o, &p, &d, NULL, "p.json"), 0);
    assert_int_equal(p.availability.n_windows, 1);
    assert_int_equal(p.availability.n_away, 1); /* untouched */
    assert_null(p.home_zip);
    assert_int_equal(p.budget_cents, BUDGET_ANY);
    assert_string_equal(p.cps, "maria"); /* read-only fields are ignored */
    assert_int_equal(p.id, 0);
    assert_int_equal(p.interests.n, 2);
    json_decref(o);
    peer_free(&p);
}

static struct store *open_store(const char *name)
{
    char path[256], err[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct store *s = NULL;
    assert_int_equal(store_open(path, &s, err, sizeof err), BELONG_OK);
    return s;
}

static void save_load_and_caseload_isolation(void **state)
{
    (void)state;
    struct store *s = open_store("caseload.db");
    struct peer p, q;
    full_peer(&p, "maria");
    struct diag d = {0}, w = {0};
    assert_int_equal(peer_save(s, &p, &d, &w, NULL), 0);
    assert_true(p.id > 0);
    assert_true(p.has_coords); /* resolved from the ZIP on save */

    assert_int_equal(peer_load(s, "maria", p.id, &q), 0);
    assert_same_profile(&p, &q);
    assert_true(q.has_coords);
    assert_int_equal(q.n_comfort_history, 1);
    assert_int_equal(q.comfort_history[0].comfort, 2);
    peer_free(&q);

    /* Another CPS cannot see, change or archive it. */
    assert_int_equal(peer_load(s, "bob", p.id, &q), BELONG_ENOINPUT);
    peer_free(&q);
    assert_int_equal(peer_archive(s, "bob", p.id, true), BELONG_ENOINPUT);
    struct peer intruder;
    peer_copy(&intruder, &p);
    free(intruder.cps);
    intruder.cps = strdup("bob");
    assert_int_equal(peer_save(s, &intruder, &d, &w, NULL), BELONG_ENOINPUT);
    peer_free(&intruder);
    int64_t *ids;
    size_t n;
    assert_int_equal(store_peer_ids(s, "bob", true, &ids, &n), 0);
    assert_int_equal(n, 0);
    free(ids);
    assert_int_equal(store_peer_ids(s, "maria", false, &ids, &n), 0);
    assert_int_equal(n, 1);
    free(ids);

    /* Comfort grows; every change is kept with its date; unchanged saves add nothing. */
    setenv("BELONG_NOW", "2027-01-15T09:00", 1);
    p.comfort = 3;
    assert_int_equal(peer_save(s, &p, &d, &w, NULL), 0);
    assert_int_equal(peer_save(s, &p, &d, &w, NULL), 0);
    setenv("BELONG_NOW", "2026-12-01T09:00", 1);
    assert_int_equal(peer_load(s, "maria", p.id, &q), 0);
    assert_int_equal(q.n_comfort_history, 2);
    assert_int_equal(q.comfort_history[1].comfort, 3);
    assert_true(q.comfort_history[1].changed_at > q.comfort_history[0].changed_at);
    assert_int_equal(q.comfort, 3);
    peer_free(&q);

    /* Archive hides from the list, keeps the record; restore brings it back. */
    assert_int_equal(peer_archive(s, "maria", p.id, true), 0);
    assert_int_equal(store_peer_ids(s, "maria", false, &ids, &n), 0);
    assert_int_equal(n, 0);
    free(ids);
    assert_int_equal(store_peer_ids(s, "maria", true, &ids, &n), 0);
    assert_int_equal(n, 1);
    free(ids);
    assert_int_equal(peer_load(s, "maria", p.id, &q), 0);
    assert_true(q.archived);
    peer_free(&q);
    assert_int_equal(peer_archive(s, "maria", p.id, false), 0);
    assert_int_equal(peer_archive(s, "maria", 999, true), BELONG_ENOINPUT);
    assert_int_equal(d.count, 0);
    peer_free(&p);
    store_close(s);
}

static void invalid_profile_writes_nothing(void **state)
{
    (void)state;
    struct store *s = open_store("invalid.db");
    struct peer p;
    full_peer(&p, "maria");
    struct diag d = {0};
    assert_int_equal(peer_save(s, &p, &d, NULL, NULL), 0);
    int64_t id = p.id;
    free(p.name);
    p.name = NULL;
    p.comfort = 4;
    assert_int_equal(peer_save(s, &p, &d, NULL, "x"), BELONG_EDATA);
    assert_one_problem(&d, "x: name: is required");
    struct peer q;
    assert_int_equal(peer_load(s, "maria", id, &q), 0);
    assert_string_equal(q.name, "Sam");
    assert_int_equal(q.comfort, 2);
    assert_int_equal(q.n_comfort_history, 1);
    peer_free(&q);
    peer_free(&p);
    store_close(s);
}

static void a_failed_write_rolls_back_every_row(void **state)
{
    (void)state;
    struct store *s = open_store("rollback.db");
    struct peer p;
    full_peer(&p, "maria");
    struct diag d = {0};
    assert_int_equal(peer_save(s, &p, &d, NULL, NULL), 0);
    /* Bypass validation to hit a CHECK in the middle of the children: the windows were
    ** deleted and the items rewritten before the bad row, and all of it must roll back. */
    p.availability.windows[1].end_minute = 2000;
    assert_int_equal(store_begin(s), 0);
    int rc = store_peer_put(s, &p, belong_now());
    assert_int_not_equal(rc, 0);
    store_rollback(s);
    struct peer q;
    assert_int_equal(peer_load(s, "maria", p.id, &q), 0);
    assert_int_equal(q.availability.n_windows, 2);
    assert_int_equal(q.interests.n, 2);
    peer_free(&q);
    peer_free(&p);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_fields_are_trimmed_and_checked),
        cmocka_unit_test(street_addresses_are_refused),
        cmocka_unit_test(home_resolves_through_the_zip_file),
        cmocka_unit_test(numbers_modes_budget_access_comfort),
        cmocka_unit_test(lists_tags_values_languages),
        cmocka_unit_test(validate_reports_every_problem),
        cmocka_unit_test(json_round_trip),
        cmocka_unit_test(json_refusals_name_file_and_field),
        cmocka_unit_test(json_present_fields_replace_absent_ones_stay),
        cmocka_unit_test(save_load_and_caseload_isolation),
        cmocka_unit_test(invalid_profile_writes_nothing),
        cmocka_unit_test(a_failed_write_rolls_back_every_row),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
