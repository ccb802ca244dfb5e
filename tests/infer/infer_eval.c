/* infer_eval.c — scores the inference (src/directory/infer.c) against the hand-judged listings of
** tests/infer/labelled.tsv: category right, and intensity within one level, for the whole set, the
** dev part and the held-out quarter. Run by tests/cli/test-infer-labelled.sh (with floors) and by
** bench/run.sh.
**
** usage: infer_eval [--floor CATEGORY_PCT INTENSITY_PCT] [--verbose] [FILE]
** Exit 0; 1 when a figure of the whole set is below its floor; 66 when FILE cannot be read; 65
** when a line is malformed.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/directory/activity.h"
#include "../../src/directory/infer.h"
#include "../../src/util/buf.h"
#include "../../src/util/diag.h"
#include "../../src/util/rc.h"

enum {
    COL_ID,
    COL_SPLIT,
    COL_CATEGORY,
    COL_INTENSITY,
    COL_NAME,
    COL_DESC,
    COL_TERMS,
    COL_ORG,
    COL_PLACE,
    COL_COUNT
};

struct tally {
    int n, category_ok, intensity_near, intensity_exact;
};

static void report(const char *label, const struct tally *t)
{
    printf("  %-6s %3d listings: category right %5.1f %%, intensity within one level %5.1f %% "
           "(exact %5.1f %%)\n",
           label, t->n, t->n ? 100.0 * t->category_ok / t->n : 0,
           t->n ? 100.0 * t->intensity_near / t->n : 0,
           t->n ? 100.0 * t->intensity_exact / t->n : 0);
}

/* Terms are written "CODE|NAME;CODE|NAME" in the file; infer.h wants "CODE<TAB>NAME" lines. */
static char *terms_of(const char *cell)
{
    struct buf b = {0};
    for (const char *p = cell; *p; p++)
        buf_putc(&b, *p == '|' ? '\t' : *p == ';' ? '\n' : *p);
    return buf_detach(&b);
}

int main(int argc, char **argv)
{
    const char *path = "tests/infer/labelled.tsv";
    double floor_category = 0, floor_intensity = 0;
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--floor") == 0 && i + 2 < argc) {
            floor_category = atof(argv[++i]);
            floor_intensity = atof(argv[++i]);
        } else if (strcmp(argv[i], "--verbose") == 0) {
            verbose = 1;
        } else {
            path = argv[i];
        }
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return 66;
    }
    struct diag diag = {0};
    struct infer_rules *rules = NULL;
    if (infer_rules_load(&rules, &diag) != BELONG_OK) {
        diag_print(&diag, stderr);
        diag_free(&diag);
        fclose(f);
        return 65;
    }
    struct tally all = {0}, dev = {0}, held = {0};
    char line[8192];
    long line_no = 0;
    int status = 0;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *col[COL_COUNT] = {0};
        int n = 0;
        for (char *p = line; n < COL_COUNT; n++) {
            col[n] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                n++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        if (n != COL_COUNT) {
            fprintf(stderr, "%s:%ld: expected %d columns\n", path, line_no, COL_COUNT);
            status = 65;
            break;
        }
        char *terms = terms_of(col[COL_TERMS]);
        struct infer_input in = {.name = col[COL_NAME],
                                 .description = col[COL_DESC],
                                 .terms = terms,
                                 .organization = col[COL_ORG],
                                 .location_name = col[COL_PLACE],
                                 .drop_in = TRI_UNKNOWN};
        struct infer_result r;
        infer_listing(rules, &in, &r);
        free(terms);
        int want_level = atoi(col[COL_INTENSITY]);
        int category_ok = strcmp(r.category, col[COL_CATEGORY]) == 0;
        int near = r.intensity && abs(r.intensity - want_level) <= 1;
        struct tally *parts[] = {&all, strcmp(col[COL_SPLIT], "held") == 0 ? &held : &dev};
        for (int k = 0; k < 2; k++) {
            parts[k]->n++;
            parts[k]->category_ok += category_ok;
            parts[k]->intensity_near += near;
            parts[k]->intensity_exact += r.intensity == want_level;
        }
        if (verbose && (!category_ok || !near))
            printf("%s %-4s %-40.40s want %s/%d got %s/%d  [%s] [%s]\n", col[COL_SPLIT],
                   col[COL_ID], col[COL_NAME], col[COL_CATEGORY], want_level,
                   r.category[0] ? r.category : "-", r.intensity, r.category_why.evidence,
                   r.intensity_why.evidence);
    }
    fclose(f);
    infer_rules_free(rules);
    diag_free(&diag);
    if (status)
        return status;
    printf("infer: %s\n", path);
    report("all", &all);
    report("dev", &dev);
    report("held", &held);
    double category_pct = all.n ? 100.0 * all.category_ok / all.n : 0;
    double intensity_pct = all.n ? 100.0 * all.intensity_near / all.n : 0;
    if (category_pct < floor_category || intensity_pct < floor_intensity) {
        printf("below the floor: category %.1f %% (floor %.1f), intensity %.1f %% (floor %.1f)\n",
               category_pct, floor_category, intensity_pct, floor_intensity);
        return 1;
    }
    return 0;
}
