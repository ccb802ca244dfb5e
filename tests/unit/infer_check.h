/* infer_check.h — for the importers' tests: what category the import's inference (catalog_infer)
** gives a record a parser returned. Include after cmocka.h. */
#ifndef BELONG_TEST_INFER_CHECK_H
#define BELONG_TEST_INFER_CHECK_H

#include <stdlib.h>

#include "../../src/directory/catalog.h"
#include "../../src/directory/infer.h"
#include "../../src/util/buf.h"
#include "../../src/util/rc.h"

/* Asserts that the import would infer category `want` for r (r itself is left as it is). */
static inline void assert_inferred(const struct import_record *r, const char *want)
{
    struct infer_rules *rules = NULL;
    struct diag d = {0};
    assert_int_equal(infer_rules_load(&rules, &d), BELONG_OK);
    struct import_record copy = *r; /* the fields catalog_infer may replace are copied */
    copy.activity.category = xstrdup(r->activity.category);
    copy.activity.tags = xstrdup(r->activity.tags);
    copy.activity.inference = NULL;
    catalog_infer(rules, &copy);
    assert_non_null(copy.activity.category);
    assert_string_equal(copy.activity.category, want);
    free(copy.activity.category);
    free(copy.activity.tags);
    free(copy.activity.inference);
    infer_rules_free(rules);
    diag_free(&d);
}

#endif
