/* hsds_csv.c — loading an HSDS CSV package (3.0 tabular, or 1.x/2.x with regular_schedules.csv)
** from a folder into the importer's model (hsds_internal.h).
*/
#include "hsds_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "csv.h"

/* Which file fills which table. Several names map to one table where HSDS versions differ;
** all that exist are read. */
static const struct {
    const char *file;
    enum hsds_table table;
    bool required;
} package_files[] = {
    {"organizations.csv", HT_ORG, false},
    {"locations.csv", HT_LOC, false},
    {"services.csv", HT_SVC, true},
    {"service_at_location.csv", HT_SAL, false},
    {"services_at_location.csv", HT_SAL, false},
    {"addresses.csv", HT_ADDR, false},
    {"physical_addresses.csv", HT_ADDR, false},
    {"schedules.csv", HT_SCHED, false},
    {"regular_schedules.csv", HT_SCHED, false},
    {"holiday_schedules.csv", HT_HOLIDAY, false},
    {"cost_options.csv", HT_COST, false},
    {"accessibility.csv", HT_ACCESS, false},
    {"accessibility_for_disabilities.csv", HT_ACCESS, false},
    {"languages.csv", HT_LANG, false},
    {"phones.csv", HT_PHONE, false},
    {"taxonomy_terms.csv", HT_TERM, false},
    {"taxonomy.csv", HT_TERM, false},
    {"taxonomies.csv", HT_TAXONOMY, false},
    {"attributes.csv", HT_ATTR, false},
    {"service_taxonomy.csv", HT_ATTR, false},
};

/* Reads one CSV file into table t. A missing optional file is not a problem. */
static int load_file(const char *dir, const char *name, enum hsds_table t, bool required,
                     struct hsds_model *m, struct diag *diag)
{
    struct buf path = {0};
    buf_printf(&path, "%s/%s", dir, name);
    struct stat st;
    int rc = BELONG_OK;
    struct csv_reader *r = NULL;
    int *cols = NULL;
    if (stat(path.data, &st) != 0) {
        if (required) {
            diag_add(diag, path.data, 0, NULL, "missing: an HSDS package needs %s", name);
            rc = BELONG_ENOINPUT;
        }
        goto out;
    }
    const char *file = hsds_model_file(m, path.data);
    rc = csv_open(path.data, file, &r, diag);
    if (rc == BELONG_OK)
        rc = csv_read_header(r);
    if (rc != BELONG_OK) {
        m->broken_files++;
        m->broken[t] = true;
        rc = rc == BELONG_EDATA ? BELONG_OK : rc;
        goto out;
    }
    int n_fields = hsds_field_count[t];
    cols = xmalloc((size_t)n_fields * sizeof *cols);
    for (int f = 0; f < n_fields; f++)
        cols[f] = csv_column(r, hsds_fields[t][f]);
    if (cols[0] < 0 && t != HT_ATTR && t != HT_SCHED && t != HT_HOLIDAY) {
        diag_add(diag, file, 1, "id", "required column is missing");
        m->broken_files++;
        goto out;
    }
    bool got;
    int read_rc;
    while ((read_rc = csv_next(r, &got)) == BELONG_OK && got) {
        size_t i = hsds_row_add(m, t, file, csv_line(r), NULL);
        for (int f = 0; f < n_fields; f++)
            if (cols[f] >= 0)
                hsds_row_set(m, t, i, f, csv_get(r, cols[f]));
        if (!hsds_row_index(m, t, i)) {
            struct hsds_row *row = hsds_row_at(m, t, i);
            hsds_row_diag(row, diag, "id", "duplicate id '%s'", row->v[0]);
            row->rejected = true;
        }
    }
    if (read_rc != BELONG_OK) {
        m->broken_files++;
        m->broken[t] = true;
    }
out:
    free(cols);
    csv_close(r);
    buf_free(&path);
    return rc;
}

int hsds_load_csv_dir(const char *dir, struct hsds_model *m, struct diag *diag)
{
    int rc = BELONG_OK;
    for (size_t i = 0; rc == BELONG_OK && i < sizeof package_files / sizeof package_files[0]; i++)
        rc = load_file(dir, package_files[i].file, package_files[i].table,
                       package_files[i].required, m, diag);
    return rc;
}
