/* test_import.c — the import operation's reading half (app_import_read, app/import.c) and the
** format table (formats/format.h): which format a path is in, the one rule for a file that
** breaks off (every format, pinned message), all or nothing unless lenient, and the source's
** name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/app/app_import.h"
#include "../../src/util/rc.h"

#define FIXTURES BELONG_DATA_DIR "/../tests/fixtures/"

struct read {
    struct app_import_request req;
    struct import_batch batch;
    struct diag diag;
    struct app_import_read out;
    struct app_error err;
    char path[PATH_MAX];
    int rc;
};

/* Reads fixture name (under tests/fixtures/) as format (NULL: detected). */
static void read_fixture(struct read *r, const char *name, const char *format, bool lenient)
{
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s%s", FIXTURES, name);
    r->req.path = r->path;
    r->req.lenient = lenient;
    if (format) {
        r->req.format = format_find(format);
        assert_non_null(r->req.format);
    }
    r->rc = app_import_read(&r->req, &r->batch, &r->diag, &r->out, &r->err);
}

static void read_free(struct read *r)
{
    import_batch_free(&r->batch);
    diag_free(&r->diag);
}

/* A scratch file with text, named name, in a temporary folder. OUT: path. */
static void scratch_file(const char *name, const char *text, char *path, size_t len)
{
    char dir[] = "/tmp/belong-test-import-XXXXXX";
    assert_non_null(mkdtemp(dir));
    snprintf(path, len, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void scratch_remove(const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    unlink(path);
    *strrchr(dir, '/') = '\0';
    rmdir(dir);
}

static void the_table_names_each_format_once(void **state)
{
    (void)state;
    assert_string_equal(format_find("hsds")->name, "hsds");
    assert_string_equal(format_find("ical")->name, "ical");
    assert_null(format_find("csv"));
    assert_null(format_find(NULL));
    for (const struct format *f = format_table; f->name; f++)
        assert_ptr_equal(format_find(f->name), f);
}

static void formats_are_told_by_content_then_name(void **state)
{
    (void)state;
    char path[PATH_MAX];
    assert_string_equal(format_detect(FIXTURES "hsds/ma-3.0")->name, "hsds"); /* a folder */
    assert_string_equal(format_detect(FIXTURES "hsds/bad-json-latitude/services.json")->name,
                        "hsds");
    assert_string_equal(format_detect(FIXTURES "ical/good-outlook.ics")->name, "ical");
    /* Content wins over the name: a calendar saved as .json, JSON saved as .ics. */
    scratch_file("events.json", "\xEF\xBB\xBF\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", path,
                 sizeof path);
    assert_string_equal(format_detect(path)->name, "ical");
    scratch_remove(path);
    scratch_file("services.ics", "  [{\"id\": \"s1\"}]", path, sizeof path);
    assert_string_equal(format_detect(path)->name, "hsds");
    scratch_remove(path);
    /* A name alone decides when the content says nothing (an empty calendar file). */
    scratch_file("empty.ics", "", path, sizeof path);
    assert_string_equal(format_detect(path)->name, "ical");
    scratch_remove(path);
    scratch_file("notes.txt", "id,name\n1,Garden\n", path, sizeof path);
    assert_null(format_detect(path));
    scratch_remove(path);
}

static void an_unknown_source_is_refused_naming_the_formats(void **state)
{
    (void)state;
    struct read r;
    char path[PATH_MAX];
    scratch_file("notes.txt", "id,name\n1,Garden\n", path, sizeof path);
    memset(&r, 0, sizeof r);
    r.req.path = path;
    r.rc = app_import_read(&r.req, &r.batch, &r.diag, &r.out, &r.err);
    assert_int_equal(r.rc, BELONG_EDATA);
    assert_int_equal(r.out.refusal, IMPORT_UNKNOWN);
    assert_non_null(strstr(r.err.message, path));
    assert_non_null(strstr(r.err.message, "not a source belong can read"));
    assert_non_null(strstr(r.err.message, "belong import hsds"));
    assert_non_null(strstr(r.err.message, "belong import ical"));
    read_free(&r);
    scratch_remove(path);
}

static void a_missing_path_is_no_input(void **state)
{
    (void)state;
    struct read r;
    read_fixture(&r, "hsds/no-such-folder", NULL, false);
    assert_int_equal(r.rc, BELONG_ENOINPUT);
    assert_non_null(strstr(r.err.message, "no-such-folder: no such file or folder"));
    read_free(&r);
}

/* The rule for every format: a file that breaks off is refused whole, lenient or not, with one
** message naming the file. */
static void a_file_that_breaks_off_is_refused_in_every_format(void **state)
{
    (void)state;
    static const struct {
        const char *fixture, *format, *file;
    } cases[] = {
        {"hsds/bad-quote", "hsds", "bad-quote/services.csv"},
        {"hsds/bad-json/services.json", NULL, "bad-json/services.json"},
        {"ical/bad-truncated.ics", NULL, "ical/bad-truncated.ics"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int lenient = 0; lenient <= 1; lenient++) {
            struct read r;
            read_fixture(&r, cases[i].fixture, cases[i].format, lenient);
            assert_int_equal(r.rc, BELONG_EDATA);
            assert_int_equal(r.out.refusal, IMPORT_BROKEN);
            assert_int_equal(import_batch_count(&r.batch), 0);
            assert_null(r.batch.source);
            char expected[PATH_MAX + 200];
            snprintf(expected, sizeof expected,
                     "%s cannot be read whole (the message above says why); nothing was imported, "
                     "even with --lenient (fix or download it again)",
                     cases[i].file);
            if (!strstr(r.err.message, expected))
                fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].fixture, r.err.message, expected);
            read_free(&r);
        }
    }
}

static void problems_refuse_all_unless_lenient(void **state)
{
    (void)state;
    struct read r;
    read_fixture(&r, "hsds/bad-missing-name", NULL, false);
    assert_int_equal(r.rc, BELONG_EDATA);
    assert_int_equal(r.out.refusal, IMPORT_PROBLEMS);
    assert_non_null(strstr(buf_str(&r.diag.text), "services.csv:3: name: missing"));
    read_free(&r);

    read_fixture(&r, "hsds/bad-missing-name", NULL, true);
    assert_int_equal(r.rc, BELONG_OK);
    assert_int_equal(r.out.refusal, IMPORT_ACCEPTED);
    assert_string_equal(r.out.format->name, "hsds");
    assert_int_equal(import_batch_count(&r.batch), 1);
    assert_true(r.out.counts.rejected >= 1);
    assert_string_equal(r.batch.source, "hsds:bad-case"); /* its datapackage.json's name */
    read_free(&r);
}

static void sources_are_named_by_package_folder_or_path(void **state)
{
    (void)state;
    struct read r;
    read_fixture(&r, "hsds/ma-3.0", NULL, false);
    assert_int_equal(r.rc, BELONG_OK);
    assert_string_equal(r.batch.source, "hsds:central-western-ma-community-activities");
    assert_string_equal(r.batch.kind, "hsds");
    assert_false(r.out.name_guessed);
    char abs[PATH_MAX], former[PATH_MAX + 8];
    assert_non_null(realpath(r.path, abs));
    snprintf(former, sizeof former, "hsds:%s", abs);
    assert_string_equal(r.batch.former_source, former);
    read_free(&r);

    read_fixture(&r, "hsds/eligibility-2.x/", NULL, false); /* no datapackage.json */
    assert_int_equal(r.rc, BELONG_OK);
    assert_string_equal(r.batch.source, "hsds:eligibility-2.x"); /* a trailing slash too */
    assert_true(r.out.name_guessed);
    read_free(&r);

    read_fixture(&r, "ical/good-outlook.ics", NULL, false);
    assert_int_equal(r.rc, BELONG_OK);
    assert_non_null(realpath(r.path, abs));
    snprintf(former, sizeof former, "ical:%s", abs);
    assert_string_equal(r.batch.source, former);
    assert_string_equal(r.batch.kind, "ical");
    assert_null(r.batch.former_source);
    assert_false(r.out.name_guessed);
    read_free(&r);

    memset(&r, 0, sizeof r);
    r.req.path = FIXTURES "ical/good-outlook.ics";
    r.req.source = "ical:library";
    assert_int_equal(app_import_read(&r.req, &r.batch, &r.diag, &r.out, &r.err), BELONG_OK);
    assert_string_equal(r.batch.source, "ical:library");
    assert_null(r.batch.former_source);
    read_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_table_names_each_format_once),
        cmocka_unit_test(formats_are_told_by_content_then_name),
        cmocka_unit_test(an_unknown_source_is_refused_naming_the_formats),
        cmocka_unit_test(a_missing_path_is_no_input),
        cmocka_unit_test(a_file_that_breaks_off_is_refused_in_every_format),
        cmocka_unit_test(problems_refuse_all_unless_lenient),
        cmocka_unit_test(sources_are_named_by_package_folder_or_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
