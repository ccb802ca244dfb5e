/* hsds.h — importing Open Referral HSDS directories: a 3.0 tabular package (a folder of CSV
** files with datapackage.json), 3.0 JSON (one service, a list, or an API page with
** `contents`/`items`), and 1.x/2.x CSV with regular_schedules.csv. See docs/taxonomy.md for
** what belong reads.
*/
#ifndef BELONG_HSDS_H
#define BELONG_HSDS_H

#include <stddef.h>

#include "../directory/activity.h"
#include "../directory/categories.h"
#include "format.h"

/* Reads the HSDS source at path (a folder or a .json file): one record per valid service and
** place, with its schedules and belong's attributes, handed to sink. The source's rows are
** staged in sink->rows while they are checked, so memory does not grow with the source. Every
** problem goes to diag as FILE:LINE: field: what is wrong; only what was valid reaches the
** sink (for --lenient). counts->package_name is datapackage.json's "name". Returns as
** format_parse_fn says (format.h); BELONG_ENOINPUT when path is not an HSDS source. */
int hsds_parse(const char *path, const struct format_sink *sink, struct diag *diag,
               struct format_counts *counts);

/* Whether path is an HSDS source (format.h's detect): a folder, or a file whose text starts
** with a JSON object or list (by content); a .json file (by name). */
int hsds_detect(const char *path);

/* Applies one term of belong's own taxonomy to a: code like "category:gardening-nature",
** "intensity:2", "access:wheelchair", "tag:plants", "peer-run:yes", "substance-free:yes",
** "drop-in:no", "virtual:yes", "group-size:8"; a code without ':' takes its value from value
** (the attribute's value column). Tags are appended to a->tags. Returns 0, or BELONG_EDATA with
** the reason in err. */
int hsds_belong_term(struct activity *a, const char *code, const char *value,
                     const struct category_table *cats, char *err, size_t errlen);

#endif
