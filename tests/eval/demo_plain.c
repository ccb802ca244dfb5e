/* demo_plain.c — the evaluation's "plain import" catalogue (tests/eval/README.md): the demo
** catalogue imported as a directory would bring it, without the category, tags and social
** intensity the demo sets by hand, so that the import infers them from each listing's own
** words (src/directory/infer.c). Everything else (places, times, cost, access, refs) is the
** demo's, so the judgments of tests/eval/judgments.tsv resolve alike.
**
** usage: eval_demo_plain DB
** Exit 0; 64 usage; the import's status otherwise (65 data, 74 I/O...). BELONG_NOW sets today.
*/
#include <stdio.h>
#include <stdlib.h>

#include "../../src/demo/demo.h"
#include "../../src/directory/catalog.h"
#include "../../src/store/store.h"
#include "../../src/util/rc.h"
#include "../../src/util/timeutil.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: eval_demo_plain DB\n", stderr);
        return BELONG_EUSAGE;
    }
    struct store *s = NULL;
    char err[256];
    int rc = store_open(argv[1], &s, err, sizeof err);
    if (rc != BELONG_OK) {
        fprintf(stderr, "eval_demo_plain: %s\n", err);
        return rc;
    }
    struct import_batch batch = {0};
    struct diag diag = {0};
    rc = demo_build(&batch, belong_now(), &diag);
    for (size_t i = 0; rc == BELONG_OK && i < batch.n; i++) {
        struct activity *a = &batch.records[i].activity;
        free(a->category);
        free(a->tags);
        a->category = a->tags = NULL;
        a->intensity = 0;
    }
    struct import_stats stats = {0};
    if (rc == BELONG_OK)
        rc = catalog_import(s, &batch, NULL, &diag, &stats);
    diag_print(&diag, stderr);
    diag_free(&diag);
    import_batch_free(&batch);
    if (rc == BELONG_OK)
        printf("plain demo: imported %ld activities, %ld occurrences\n", stats.activities,
               stats.occurrences);
    else
        fprintf(stderr, "eval_demo_plain: import failed (%s)\n", store_errmsg(s));
    store_close(s);
    return rc;
}
