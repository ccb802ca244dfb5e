/* fuzz_import.h — what the import harnesses check after a parser has filled a batch: a
** refusal comes with messages in FILE:LINE: field: form, and every accepted record's schedules
** pass schedule_check and expand over the default horizon as `belong import` would.
*/
#ifndef BELONG_FUZZ_IMPORT_H
#define BELONG_FUZZ_IMPORT_H

#include "../src/directory/catalog.h"
#include "../src/util/diag.h"

/* Aborts (so libFuzzer reports the input) when rc is an error without a message, or when a
** message line lacks a file name. Then checks and expands every schedule of the batch. */
void fuzz_import_check(int rc, struct import_batch *batch, struct diag *diag);

#endif
