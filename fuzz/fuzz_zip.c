/* fuzz_zip.c — libFuzzer harness for zipped HSDS packages (src/formats/zip.c through
** app_import_read, as `belong import hsds FILE.zip` reads them): the input is written as
** export.zip, unpacked with every entry checked, its package found and parsed into an import
** batch. Beyond the import checks (fuzz_import.h): nothing is left unpacked, and no message
** names the temporary folder.
*/
#define _GNU_SOURCE /* memmem */
#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/app/app_import.h"
#include "../src/formats/zip.h"
#include "../src/util/rc.h"
#include "fuzz_import.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether the scratch folder holds a folder zip_unpack made. */
static bool unpacked_left(const char *dir)
{
    DIR *d = opendir(dir);
    bool left = false;
    struct dirent *de;
    while (d && (de = readdir(d)))
        left |= strncmp(de->d_name, ZIP_FOLDER_PREFIX, strlen(ZIP_FOLDER_PREFIX)) == 0;
    if (d)
        closedir(d);
    return left;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    const char *dir = fuzz_scratch_dir();
    setenv("TMPDIR", dir, 1);
    setenv(ZIP_MIB_ENV, "16", 1); /* a bomb is refused quickly */
    fuzz_write_file("export.zip", data, size, path, sizeof path);
    struct import_batch batch = {0};
    struct diag diag = {0};
    struct app_import_read read;
    struct app_error err;
    struct app_import_request req = {
        .format = format_find("hsds"), .path = path, .name = "export.zip"};
    int rc = app_import_read(&req, &batch, &diag, &read, &err);
    if (rc != BELONG_OK && rc != BELONG_EDATA && rc != BELONG_ENOINPUT) {
        fprintf(stderr, "fuzz_zip: status %d: %s\n", rc, err.message);
        abort();
    }
    /* The folder's path, as messages would show it (unless the input itself holds it). */
    char folder[600];
    snprintf(folder, sizeof folder, "%s/" ZIP_FOLDER_PREFIX, dir);
    bool named = !memmem(data, size, folder, strlen(folder)) &&
                 (strstr(buf_str(&diag.text), folder) || strstr(err.message, folder));
    if (unpacked_left(dir) || named) {
        fprintf(stderr, "fuzz_zip: the temporary folder is %s:\n%s%s\n",
                unpacked_left(dir) ? "left" : "named", buf_str(&diag.text), err.message);
        abort();
    }
    if (rc != BELONG_OK && !diag.count) {
        if (!err.message[0]) {
            fprintf(stderr, "fuzz_zip: status %d without a message\n", rc);
            abort();
        }
        /* A refused archive says why in one line (err), as the CLI prints it. */
        diag_add(&diag, "export.zip", 0, NULL, "%s", err.message);
    }
    fuzz_import_check(rc, &batch, &diag);
    import_batch_free(&batch);
    diag_free(&diag);
    return 0;
}
