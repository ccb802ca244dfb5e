/* hsds.h — importing Open Referral HSDS directories: a 3.0 tabular package (a folder of CSV
** files with datapackage.json), 3.0 JSON (one service, a list, or an API page with
** `contents`/`items`), and 1.x/2.x CSV with regular_schedules.csv. See docs/taxonomy.md for
** what belong reads.
*/
#ifndef BELONG_HSDS_H
#define BELONG_HSDS_H

#include <stddef.h>

#include "../directory/activity.h"
#include "../directory/catalog.h"
#include "../directory/categories.h"
#include "../util/buf.h"
#include "../util/diag.h"

#define HSDS_PACKAGE_NAME_MAX 128

/* What hsds_parse refused, and the package's own name. */
struct hsds_counts {
    long rejected;     /* rows refused in whole or part (a broken file counts once) */
    long broken_files; /* files that could not be read to the end: rows after the break are
                       ** missing, so the source is incomplete */
    char package_name[HSDS_PACKAGE_NAME_MAX]; /* datapackage.json's "name", or "" */
};

/* Reads the HSDS source at path (a folder or a .json file) into batch: one record per valid
** service and place, with its schedules and belong's attributes. The source's rows are staged
** in a temporary file while they are checked, and past a few thousand records the batch is
** spooled to disk (import_batch_count counts them), so memory does not grow with the source.
** Every problem goes to diag as FILE:LINE: field: what is wrong; the batch then holds only
** what was valid (for --lenient).
** Returns 0 when nothing was wrong; BELONG_EDATA when problems were found (see *counts);
** BELONG_ENOINPUT when path does not exist or is not an HSDS source; BELONG_EIO when reading
** fails. batch->source and batch->kind are left to the caller. */
int hsds_parse(const char *path, struct import_batch *batch, struct diag *diag,
               struct hsds_counts *counts);

/* Applies one term of belong's own taxonomy to a: code like "category:gardening-nature",
** "intensity:2", "access:wheelchair", "tag:plants", "peer-run:yes", "substance-free:yes",
** "drop-in:no", "virtual:yes", "group-size:8"; a code without ':' takes its value from value
** (the attribute's value column). Tags are appended to a->tags. Returns 0, or BELONG_EDATA with
** the reason in err. */
int hsds_belong_term(struct activity *a, const char *code, const char *value,
                     const struct category_table *cats, char *err, size_t errlen);

#endif
