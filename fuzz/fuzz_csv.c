/* fuzz_csv.c — libFuzzer harness for the RFC 4180 reader (src/formats/csv.c): any bytes are
** read as a CSV file with a header; every field of every record is touched, and the reader
** must stop cleanly (with a message) on broken input.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../src/formats/csv.h"
#include "../src/util/rc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag diag = {0};
    struct csv_reader *r = NULL;
    size_t bad = 0;
    (void)utf8_valid(data, size, &bad);
    int rc = csv_open_bytes((const char *)data, size, "fuzz.csv", &r, &diag);
    if (rc == BELONG_OK) {
        rc = csv_read_header(r);
        int col = csv_column(r, "id");
        bool got = true;
        size_t total = 0;
        while (rc == BELONG_OK && (rc = csv_next(r, &got)) == BELONG_OK && got) {
            for (size_t i = 0; i <= csv_field_count(r); i++)
                total += strlen(csv_field(r, i));
            total += strlen(csv_get(r, col));
            if (csv_line(r) < 1)
                abort(); /* a record always starts on a real line */
        }
        if (rc != BELONG_OK && diag.count == 0)
            abort(); /* a refusal always says why */
        (void)total;
        (void)csv_label(r);
    } else if (diag.count == 0) {
        abort();
    }
    csv_close(r);
    diag_free(&diag);
    return 0;
}
