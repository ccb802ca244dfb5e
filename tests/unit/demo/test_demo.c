/* test_demo.c — the synthetic catalogues' building blocks: the seeded generator, every demo and
** generated schedule valid for libical, stable references, determinism by seed; the demo's web
** login (demo_login.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/app/app_accounts.h"
#include "../../src/demo/demo.h"
#include "../../src/demo/demo_login.h"
#include "../../src/demo/demo_internal.h"
#include "../../src/util/rc.h"
#include "../../src/util/timeutil.h"
#include "store_fixture.h"

#define GEN_TEST_ACTIVITIES 3000

static int pin_now(void **state)
{
    (void)state;
    setenv("BELONG_NOW", "2026-12-01T09:00", 1);
    return 0;
}

/* splitmix64's published reference outputs for seed 0. */
static void rng_matches_splitmix64(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 0);
    assert_true(rng_next(&r) == 0xe220a8397b1dcdafull);
    assert_true(rng_next(&r) == 0x6e789e6aa1b965f4ull);
    assert_true(rng_next(&r) == 0x06c45d188009454full);
}

static void rng_below_stays_in_range(void **state)
{
    (void)state;
    struct rng r;
    rng_seed(&r, 42);
    unsigned seen = 0;
    for (int i = 0; i < 10000; i++) {
        uint32_t v = rng_below(&r, 7);
        assert_true(v < 7);
        seen |= 1u << v;
    }
    assert_int_equal(seen, 0x7f);
}

/* Every record has a unique source_ref, a name, a category, an intensity and one schedule
** that schedule_check accepts. */
static void check_batch(const struct import_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        const struct import_record *r = &b->records[i];
        assert_non_null(r->activity.source_ref);
        assert_non_null(r->activity.name);
        assert_non_null(r->activity.category);
        assert_in_range(r->activity.intensity, INTENSITY_MIN, INTENSITY_MAX);
        assert_int_equal(r->n_schedules, 1);
        char err[256] = "";
        int rc = schedule_check(&r->schedules[0], err, sizeof err);
        if (rc != BELONG_OK)
            fail_msg("%s: %s (%s)", r->activity.source_ref, err,
                     r->schedules[0].rrule ? r->schedules[0].rrule : "no rule");
        if (i > 0)
            assert_string_not_equal(r->activity.source_ref, b->records[i - 1].activity.source_ref);
    }
}

static void demo_schedules_are_valid(void **state)
{
    (void)state;
    struct import_batch b = {0};
    struct diag d = {0};
    assert_int_equal(demo_build(&b, belong_now(), &d), BELONG_OK);
    assert_int_equal(d.count, 0);
    assert_true(b.n >= 300);
    assert_string_equal(b.source, DEMO_SOURCE);
    check_batch(&b);
    import_batch_free(&b);
}

static void demo_occurrences_fall_in_the_horizon(void **state)
{
    (void)state;
    struct import_batch b = {0};
    struct diag d = {0};
    time_t now = belong_now(), from = local_day_start(now, NULL), to = from + 120 * 86400L;
    assert_int_equal(demo_build(&b, now, &d), BELONG_OK);
    size_t with_dates = 0;
    for (size_t i = 0; i < b.n; i++) {
        struct occurrence *occ = NULL;
        size_t n = 0;
        assert_int_equal(
            catalog_expand(b.records[i].schedules, b.records[i].n_schedules, from, to, &occ, &n),
            BELONG_OK);
        with_dates += n > 0;
        free(occ);
    }
    /* Only the seasonal (April-October) listings may be empty in a December horizon. */
    assert_true(with_dates * 10 >= b.n * 9);
    import_batch_free(&b);
}

static void gen_is_determined_by_seed(void **state)
{
    (void)state;
    struct import_batch a = {0}, again = {0}, other = {0};
    struct diag d = {0};
    time_t now = belong_now();
    assert_int_equal(gen_build(&a, GEN_TEST_ACTIVITIES, 7, now, &d), BELONG_OK);
    assert_int_equal(gen_build(&again, GEN_TEST_ACTIVITIES, 7, now, &d), BELONG_OK);
    assert_int_equal(gen_build(&other, GEN_TEST_ACTIVITIES, 8, now, &d), BELONG_OK);
    assert_int_equal(a.n, GEN_TEST_ACTIVITIES);
    check_batch(&a);
    size_t differ = 0;
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.records[i].activity.name, again.records[i].activity.name);
        assert_string_equal(a.records[i].schedules[0].dtstart,
                            again.records[i].schedules[0].dtstart);
        assert_true(a.records[i].activity.lat == again.records[i].activity.lat);
        differ += strcmp(a.records[i].activity.name, other.records[i].activity.name) != 0;
    }
    assert_true(differ > a.n / 2);
    import_batch_free(&a);
    import_batch_free(&again);
    import_batch_free(&other);
}

/* A new database at path (a template), open in app. */
static void open_new(char *path, struct app *app)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    memset(app, 0, sizeof *app);
    app_context_init(app);
    struct app_error err;
    assert_int_equal(app_open(app, path, APP_CREATE, NULL, &err), BELONG_OK);
}

static void close_remove(char *path, struct app *app)
{
    fixture_store_remove(app->store, path);
    app->store = NULL;
}

/* The first run makes user demo (a CPS: the demo caseload's owner) with a random password of 20
** characters that logs in; the next run makes nothing and shows no password; another database
** gets another password. */
static void demo_login_made_once_with_a_random_password(void **state)
{
    (void)state;
    char path[] = "/tmp/belong-test-demo-login-XXXXXX",
         path2[] = "/tmp/belong-test-demo-login-XXXXXX";
    struct app app, app2;
    open_new(path, &app);
    open_new(path2, &app2);
    char pw[DEMO_LOGIN_PASSWORD_LEN + 1], pw2[DEMO_LOGIN_PASSWORD_LEN + 1];
    bool created = false;
    struct app_error err;
    assert_int_equal(demo_login_ensure(&app, pw, &created, &err), BELONG_OK);
    assert_true(created);
    assert_int_equal(strlen(pw), DEMO_LOGIN_PASSWORD_LEN);
    assert_true(DEMO_LOGIN_PASSWORD_LEN >= 16);
    for (const char *c = pw; *c; c++)
        assert_non_null(strchr("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", *c));
    struct app_session s;
    struct app_user u;
    int wait = 0;
    assert_int_equal(app_login(&app, DEMO_LOGIN_USER, pw, NULL, &s, &u, &wait, &err), BELONG_OK);
    assert_string_equal(u.name, "demo");
    assert_int_equal(u.role, APP_ROLE_CPS);
    assert_int_equal(
        app_login(&app, DEMO_LOGIN_USER, "demodemodemodemo", NULL, &s, &u, &wait, &err),
        BELONG_ENOPERM);

    char again[DEMO_LOGIN_PASSWORD_LEN + 1];
    assert_int_equal(demo_login_ensure(&app, again, &created, &err), BELONG_OK);
    assert_false(created);
    assert_string_equal(again, "");
    assert_int_equal(app_login(&app, DEMO_LOGIN_USER, pw, NULL, &s, &u, &wait, &err), BELONG_OK);

    assert_int_equal(demo_login_ensure(&app2, pw2, &created, &err), BELONG_OK);
    assert_true(created);
    assert_string_not_equal(pw, pw2);
    close_remove(path, &app);
    close_remove(path2, &app2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rng_matches_splitmix64),
        cmocka_unit_test(rng_below_stays_in_range),
        cmocka_unit_test(demo_schedules_are_valid),
        cmocka_unit_test(demo_occurrences_fall_in_the_horizon),
        cmocka_unit_test(gen_is_determined_by_seed),
        cmocka_unit_test(demo_login_made_once_with_a_random_password),
    };
    return cmocka_run_group_tests(tests, pin_now, NULL);
}
