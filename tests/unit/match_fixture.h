/* match_fixture.h — matching's data (concept map, values, senses...) loaded once for a test
** group: `data`, with load_maps / free_maps as the group's setup and teardown. Header-only;
** include it from one test file each.
*/
#ifndef BELONG_TEST_MATCH_FIXTURE_H
#define BELONG_TEST_MATCH_FIXTURE_H

#include <stdio.h>

#include "../../src/matching/reasons.h"
#include "../../src/util/rc.h"

static struct match_data data;

static int load_maps(void **state)
{
    (void)state;
    struct diag diag = {0};
    int rc = match_data_load(&data, &diag);
    if (rc != BELONG_OK)
        diag_print(&diag, stderr);
    diag_free(&diag);
    return rc;
}

static int free_maps(void **state)
{
    (void)state;
    match_data_free(&data);
    return 0;
}

#endif
