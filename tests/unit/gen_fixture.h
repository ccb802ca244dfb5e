/* gen_fixture.h — what the randomised unit tests share: a seeded generator of numbers (the same
** sequence for a seed on every machine, so a failure can be replayed) and a throw-away database
** holding `belong gen`'s catalogue. Header-only; include it after store_fixture.h.
*/
#ifndef BELONG_TEST_GEN_FIXTURE_H
#define BELONG_TEST_GEN_FIXTURE_H

#include <stdint.h>
#include <stdio.h>

#include "../../src/demo/demo.h"
#include "../../src/directory/catalog.h"
#include "../../src/util/diag.h"
#include "../../src/util/timeutil.h"
#include "store_fixture.h"

/* The next number of the sequence *state holds (a 64-bit LCG, its high bits). */
static inline uint32_t fixture_rnd(uint64_t *state)
{
    *state = *state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*state >> 33);
}

/* Makes path (a template, as fixture_store_open) a new database holding the catalogue `belong
** gen` makes of `activities` listings from seed, imported as one batch. Problems are printed to
** stderr. Returns 0 or a BELONG_E* code. OUT: *store (also set when the import fails, for
** fixture_store_remove). */
static inline int fixture_gen_store(char *path, struct store **store, long activities,
                                    uint64_t seed)
{
    struct diag diag = {0};
    struct import_batch b = {0};
    int rc = fixture_store_open(path, store);
    if (rc == BELONG_OK)
        rc = gen_build(&b, activities, seed, belong_now(), &diag);
    if (rc == BELONG_OK)
        rc = catalog_import(*store, &b, NULL, &diag, NULL);
    import_batch_free(&b);
    diag_print(&diag, stderr);
    diag_free(&diag);
    return rc;
}

#endif
