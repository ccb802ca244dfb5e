/* fuzz_hsds_json.c — libFuzzer harness for HSDS 3.0 JSON import (src/formats/hsds_json.c and
** the checks in hsds.c): the input is written as services.json and parsed into an import batch;
** each record's schedules are then checked and expanded as `belong import` would.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../src/formats/hsds.h"
#include "../src/app/app_import.h"
#include "../src/util/rc.h"
#include "fuzz_import.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fuzz_write_file("services.json", data, size, path, sizeof path);
    struct import_batch batch = {0};
    struct diag diag = {0};
    struct format_counts counts;
    struct format_sink sink;
    app_import_sink(&batch, &sink);
    int rc = hsds_parse(path, &sink, &diag, &counts);
    fuzz_import_check(rc, &batch, &diag);
    import_batch_free(&batch);
    diag_free(&diag);
    return 0;
}
