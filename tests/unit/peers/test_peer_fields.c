/* test_peer_fields.c — the peer profile's field table (src/peers/profile_fields.c): every field
** a CPS can set survives JSON -> store -> JSON and CLI option -> store -> JSON with the value it
** was given; an unknown JSON key is refused by its name and writes nothing elsewhere.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/peers/caseload.h"
#include "../../src/peers/profile_fields.h"
#include "../../src/peers/profile_json.h"
#include "store_fixture.h"

static char path[] = "/tmp/belong-test-peer-fields-XXXXXX";
static struct store *store;

static int setup(void **state)
{
    (void)state;
    return fixture_store_open(path, &store) == BELONG_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    fixture_store_remove(store, path);
    return 0;
}

/* Saves p (named, in maria's caseload), reads it back and returns its JSON. */
static json_t *stored_json(struct peer *p)
{
    struct diag d = {0};
    if (!p->name)
        p->name = strdup("Sam");
    p->cps = strdup("maria");
    int rc = peer_save(store, p, &d, NULL, "test");
    if (rc != BELONG_OK)
        fprintf(stderr, "%s", buf_str(&d.text));
    assert_int_equal(rc, BELONG_OK);
    diag_free(&d);
    struct peer back;
    assert_int_equal(peer_load(store, "maria", p->id, &back), BELONG_OK);
    json_t *j = peer_to_json(&back, NULL);
    peer_free(&back);
    return j;
}

static void assert_value(const json_t *out, const struct peer_field *f, const char *how)
{
    json_error_t e;
    json_t *want = json_loads(f->example, JSON_DECODE_ANY, &e);
    assert_non_null(want);
    const json_t *got = json_object_get(out, f->key);
    if (!json_equal(want, got)) {
        char *text = json_dumps(got, JSON_ENCODE_ANY);
        fail_msg("%s: %s came back as %s, not %s", how, f->key, text, f->example);
    }
    json_decref(want);
}

static void every_field_has_its_example_and_option(void **state)
{
    (void)state;
    size_t settable = 0;
    for (size_t i = 0; i < peer_field_count; i++) {
        const struct peer_field *f = &peer_fields[i];
        assert_ptr_equal(peer_field_by_key(f->key), f); /* keys are unique */
        if (f->read_only || f->kind == PF_VERSION)
            continue;
        settable++;
        assert_non_null(f->example);
        assert_non_null(f->option);
        assert_non_null(f->cli_value);
        assert_ptr_equal(peer_field_by_option(f->option), f);
    }
    assert_true(settable >= 19);
}

static void every_field_survives_json_and_cli(void **state)
{
    (void)state;
    for (size_t i = 0; i < peer_field_count; i++) {
        const struct peer_field *f = &peer_fields[i];
        if (!f->example)
            continue;
        /* JSON in */
        char text[512];
        snprintf(text, sizeof text, "{\"%s\": %s}", f->key, f->example);
        json_error_t e;
        json_t *in = json_loads(text, 0, &e);
        assert_non_null(in);
        struct peer p;
        peer_init(&p);
        struct diag d = {0};
        assert_int_equal(peer_from_json(in, &p, &d, NULL, "test"), BELONG_OK);
        assert_int_equal(d.count, 0);
        json_decref(in);
        json_t *out = stored_json(&p);
        assert_value(out, f, "JSON");
        json_decref(out);
        peer_free(&p);

        /* the CLI option's text */
        peer_init(&p);
        assert_int_equal(peer_field_set_text(f, &p, f->cli_value, true, &d, NULL, "test"),
                         BELONG_OK);
        out = stored_json(&p);
        assert_value(out, f, "CLI");
        json_decref(out);
        peer_free(&p);
        diag_free(&d);
    }
}

/* Keys close to real ones, of each JSON shape, are refused by name and set nothing. */
static void unknown_keys_are_refused_by_name(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "{\"nickname\": \"Sammy\"}",      /* text: used to land in contact */
        "{\"prefers_quiet\": true}",      /* yes/no: used to land in prefers_peer_run */
        "{\"hobbies\": [\"chess\"]}",     /* list: used to land in languages */
        "{\"prefers_peer_run \": true}",  /* a stray space */
        "{\"Languages\": [\"Spanish\"]}", /* keys are lower case */
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        json_error_t e;
        json_t *in = json_loads(inputs[i], 0, &e);
        assert_non_null(in);
        struct peer p;
        peer_init(&p);
        struct diag d = {0};
        assert_int_equal(peer_from_json(in, &p, &d, NULL, "in.json"), BELONG_EDATA);
        const char *key;
        json_t *v;
        json_object_foreach(in, key, v)
        {
            char want[128];
            snprintf(want, sizeof want, "in.json: %s: unknown field", key);
            assert_non_null(strstr(buf_str(&d.text), want));
        }
        assert_null(p.contact);
        assert_false(p.prefers_peer_run);
        assert_int_equal(p.languages.n, 0);
        assert_int_equal(p.interests.n, 0);
        peer_free(&p);
        diag_free(&d);
        json_decref(in);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_field_has_its_example_and_option),
        cmocka_unit_test(every_field_survives_json_and_cli),
        cmocka_unit_test(unknown_keys_are_refused_by_name),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
