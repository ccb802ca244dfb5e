/* fuzz_hsds_csv.c — libFuzzer harness for HSDS CSV packages (3.0 tabular and 1.x/2.x; src/
** formats/hsds_csv.c, hsds_model.c, hsds_schedule.c, hsds.c). The input is split at NUL bytes
** into the files of a package, in the order of package_files below (services.csv first); the
** folder is parsed into an import batch and each record's schedules checked and expanded as
** `belong import` would. fuzz/corpus/hsds_csv holds the test fixtures joined this way.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/formats/hsds.h"
#include "../src/app/app_import.h"
#include "../src/util/rc.h"
#include "fuzz_import.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The part of the input each file gets (fuzz/make_corpus.sh joins fixtures the same way). */
static const char *const package_files[] = {
    "services.csv",       "organizations.csv", "locations.csv",         "service_at_location.csv",
    "schedules.csv",      "addresses.csv",     "regular_schedules.csv", "holiday_schedules.csv",
    "cost_options.csv",   "accessibility.csv", "languages.csv",         "phones.csv",
    "taxonomy_terms.csv", "taxonomies.csv",    "attributes.csv",
};
#define N_FILES (sizeof package_files / sizeof package_files[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    size_t start = 0, k = 0;
    for (size_t i = 0; i <= size && k < N_FILES; i++) {
        if (i == size || data[i] == '\0') {
            fuzz_write_file(package_files[k++], data + start, i - start, path, sizeof path);
            start = i + 1;
        }
    }
    for (size_t j = k; j < N_FILES; j++)
        fuzz_remove_file(package_files[j]);

    struct import_batch batch = {0};
    struct diag diag = {0};
    struct format_counts counts;
    struct format_sink sink;
    app_import_sink(&batch, &sink);
    int rc = hsds_parse(fuzz_scratch_dir(), &sink, &diag, &counts);
    fuzz_import_check(rc, &batch, &diag);
    import_batch_free(&batch);
    diag_free(&diag);
    return 0;
}
