/* ical_fixture.h — for the iCalendar tests: a fixture of tests/fixtures/ical parsed into a
** batch (as `belong import ical` reads it), and its records found by UID. Include after
** cmocka.h. */
#ifndef BELONG_TEST_ICAL_FIXTURE_H
#define BELONG_TEST_ICAL_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "../../src/app/app_import.h"
#include "../../src/formats/ical.h"

#define FIXTURES BELONG_DATA_DIR "/../tests/fixtures/ical/"

struct parsed {
    struct import_batch batch;
    struct diag diag;
    int rc;
    long rejected;
};

/* Parses the fixture `name` into *p (freed by parsed_free). */
static inline void parse(const char *name, struct parsed *p)
{
    memset(p, 0, sizeof *p);
    char path[512];
    snprintf(path, sizeof path, "%s%s", FIXTURES, name);
    struct format_sink sink;
    app_import_sink(&p->batch, &sink);
    struct format_counts counts;
    p->rc = ical_parse(path, &sink, &p->diag, &counts);
    p->rejected = counts.rejected;
    assert_int_equal(counts.records, (long)p->batch.n);
}

static inline void parsed_free(struct parsed *p)
{
    import_batch_free(&p->batch);
    diag_free(&p->diag);
}

/* The record of UID uid; fails the test when there is none. */
static inline const struct import_record *find(const struct parsed *p, const char *uid)
{
    for (size_t i = 0; i < p->batch.n; i++)
        if (strcmp(p->batch.records[i].activity.source_ref, uid) == 0)
            return &p->batch.records[i];
    fail_msg("no record with UID %s", uid);
    return NULL;
}

#endif
