/* test_web_form.c — a form's text decoded into its fields (src/web/form.c): '+' and %XX, every
** field kept in order with repeated names, empty values and pairs, and the refusals (a bad %
** escape, a NUL, text that is not UTF-8) naming the field; the fields asked for by name. Also the
** login form's hidden field written by the HTML writer (html_form_post).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../src/web/html.h"
#include "../../src/web/web_internal.h"

/* Decodes text into a request's fields; returns the refusal (NULL: none). */
static const char *decode(struct web_request *req, const char *text, char field[64])
{
    memset(req, 0, sizeof *req);
    return web_form_decode(text, strlen(text), &req->fields, &req->n_fields, field);
}

static void fields_are_decoded_in_order(void **state)
{
    (void)state;
    struct web_request req;
    char field[64];
    assert_null(
        decode(&req, "name=Ana+Mar%C3%ADa&days=MO&note=a%2Bb%26c%3Dd&days=TU&&empty=&bare", field));
    assert_int_equal(req.n_fields, 6);
    assert_string_equal(web_form_get(&req, "name"), "Ana María");
    assert_string_equal(web_form_get(&req, "note"), "a+b&c=d");
    assert_string_equal(web_form_get(&req, "days"), "MO"); /* the first */
    assert_string_equal(web_form_get(&req, "empty"), "");
    assert_string_equal(web_form_get(&req, "bare"), "");
    assert_null(web_form_get(&req, "nope"));
    size_t n = 0;
    const char **days = web_form_all(&req, "days", &n);
    assert_int_equal(n, 2);
    assert_string_equal(days[0], "MO");
    assert_string_equal(days[1], "TU");
    free(days);
    assert_string_equal(req.fields[0].name, "name"); /* in the order sent */
    assert_string_equal(req.fields[5].name, "bare");
    web_fields_free(req.fields, req.n_fields);

    assert_null(decode(&req, "", field));
    assert_int_equal(req.n_fields, 0);
    assert_null(decode(&req, "a%5Bb%5D=%3Cscript%3E", field));
    assert_string_equal(web_form_get(&req, "a[b]"), "<script>");
    web_fields_free(req.fields, req.n_fields);
}

static void bad_text_is_refused_naming_the_field(void **state)
{
    (void)state;
    struct web_request req;
    char field[64];
    static const struct {
        const char *text, *field, *why;
    } cases[] = {
        {"ok=1&note=50%", "note", "two hexadecimal digits"},
        {"note=%zz", "note", "two hexadecimal digits"},
        {"note=%4", "note", "two hexadecimal digits"},
        {"a=1&name=x%00y", "name", "NUL"},
        {"name=%FF%FE", "name", "not UTF-8"},
        {"na%ZZme=1", "na%ZZme", "two hexadecimal digits"},
        {"n\xff\xfe\x01"
         "e=1",
         "n???e", "not UTF-8"}, /* the raw name, as text a message can hold */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *why = decode(&req, cases[i].text, field);
        assert_non_null(why);
        assert_non_null(strstr(why, cases[i].why));
        assert_string_equal(field, cases[i].field);
        web_fields_free(req.fields, req.n_fields);
    }
}

static void post_forms_carry_the_csrf_field(void **state)
{
    (void)state;
    struct buf b = {0};
    html_form_post(&b, "/peers/3/edit?x=\"", "abc123");
    assert_string_equal(buf_str(&b), "<form method=\"post\" action=\"/peers/3/edit?x=&quot;\">\n"
                                     "<input type=\"hidden\" name=\"csrf\" value=\"abc123\">\n");
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_are_decoded_in_order),
        cmocka_unit_test(bad_text_is_refused_naming_the_field),
        cmocka_unit_test(post_forms_carry_the_csrf_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
