/* hsds_csv.c — loading an HSDS CSV package (3.0 tabular, 1.x/2.x with regular_schedules.csv, or
** an Ohana-era export) from a folder into the importer's model (hsds_internal.h): the files its
** datapackage.json lists, else the known file names beside it; columns found by their HSDS
** names or the other names directories give them (hsds_aliases).
*/
#include "hsds_internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../util/buf.h"
#include "../util/infile.h"
#include "../util/rc.h"
#include "../util/text.h"
#include "csv.h"
#include "hsds.h"

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
    {"postal_addresses.csv", HT_ADDR, false}, /* HSDS 1.x: where mail goes */
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
    {"service_attributes.csv", HT_ATTR, false}, /* HSDS 2.0 */
    {"eligibility.csv", HT_ELIG, false},        /* HSDS 1.x/2.x: who may come, per service */
};
#define N_PACKAGE_FILES (sizeof package_files / sizeof package_files[0])

/* The address_type the rows of an HSDS 1.x file of one type of addresses have when they give
** none (a postal address is not where the activity is), or NULL. */
static const char *file_address_type(size_t which)
{
    const char *file = package_files[which].file;
    return strcmp(file, "postal_addresses.csv") == 0     ? "postal"
           : strcmp(file, "physical_addresses.csv") == 0 ? "physical"
                                                         : NULL;
}

/* The package_files entry of a file or resource name ("data/services.csv", "services", or the
** singular "service" of HSDS's own datapackage.json), by the last part of it, with or without
** ".csv", in any case. Returns -1 when none. */
static int package_file_of(const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strlen(base);
    if (n > 4 && strcasecmp(base + n - 4, ".csv") == 0)
        n -= 4;
    static const char *const plurals[] = {"", "s", "es"};
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < N_PACKAGE_FILES; i++) {
            const char *file = package_files[i].file;
            size_t plural = strlen(plurals[k]);
            if (strlen(file) == n + plural + 4 && strncasecmp(file, base, n) == 0 &&
                strncasecmp(file + n, plurals[k], plural) == 0)
                return (int)i;
        }
    return -1;
}

/* Tables whose ids other rows name: a file of one without its key column cannot be used. */
static bool table_is_referenced(enum hsds_table t)
{
    return t == HT_ORG || t == HT_LOC || t == HT_SVC || t == HT_SAL || t == HT_TERM ||
           t == HT_TAXONOMY;
}

/* Whether header h names the column `name` as people write names: in any case, with spaces,
** hyphens or dots for underscores or none ("Service ID", "service-id", "ServiceID" name
** service_id), blanks around it ignored. */
static bool header_names(const char *h, const char *name)
{
    static const char ignored[] = " _-.";
    for (;;) {
        h += strspn(h, ignored);
        name += strspn(name, ignored);
        if (!*h || !*name)
            return !*h && !*name;
        if (tolower((unsigned char)*h) != tolower((unsigned char)*name))
            return false;
        h++, name++;
    }
}

/* What a row of each table is, as a spreadsheet's header may name its own columns with it
** ("Service Name", "Location ID" in locations.csv). */
static const char *const table_entity[HT_COUNT] = {
    [HT_ORG] = "organization",
    [HT_LOC] = "location",
    [HT_SVC] = "service",
    [HT_SAL] = "service_at_location",
    [HT_ADDR] = "address",
    [HT_SCHED] = "schedule",
    [HT_HOLIDAY] = "holiday_schedule",
    [HT_COST] = "cost_option",
    [HT_ACCESS] = "accessibility",
    [HT_LANG] = "language",
    [HT_PHONE] = "phone",
    [HT_TERM] = "taxonomy_term",
    [HT_TAXONOMY] = "taxonomy",
    [HT_ATTR] = "attribute",
    [HT_ELIG] = "eligibility",
};

/* The column of field f of table t: its HSDS name, else one of its aliases; an exact match
** first, then as people write names (header_names), then named with what the table's rows are
** ("Service Name" for name in services.csv). -1 when absent. */
static int find_column(struct csv_reader *r, enum hsds_table t, int f)
{
    const char *names[8];
    size_t n = 0;
    names[n++] = hsds_fields[t][f];
    for (const struct hsds_alias *a = hsds_aliases; a->name && n < 8; a++)
        if (a->table == t && a->field == f)
            names[n++] = a->name;
    for (size_t k = 0; k < n; k++) {
        int col = csv_column(r, names[k]);
        if (col >= 0)
            return col;
    }
    /* The header is the current record right after csv_read_header. */
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < csv_field_count(r); i++)
            if (header_names(csv_field(r, i), names[k]))
                return (int)i;
    char own[128];
    snprintf(own, sizeof own, "%s_%s", table_entity[t], hsds_fields[t][f]);
    for (size_t i = 0; i < csv_field_count(r); i++)
        if (header_names(csv_field(r, i), own))
            return (int)i;
    return -1;
}

/* Whether an id is a number as Excel shows a long one, rounded ("1.23457E+11"). */
static bool rounded_by_excel(const char *id)
{
    size_t mantissa = strspn(id, "0123456789.");
    return mantissa > 0 && (id[mantissa] == 'E' || id[mantissa] == 'e') &&
           id[mantissa + 1] == '+' && strspn(id + mantissa + 2, "0123456789") > 0 &&
           !id[mantissa + 2 + strspn(id + mantissa + 2, "0123456789")];
}

/* Notes for the summary that file was read from another encoding than UTF-8. */
static void note_encoding(struct hsds_model *m, const char *file, const char *encoding)
{
    size_t used = strlen(m->notes);
    if (used + strlen(file) + 64 < sizeof m->notes)
        snprintf(m->notes + used, sizeof m->notes - used, "%s%s read as %s (not UTF-8)",
                 used ? "; " : "", file, encoding);
}

/* Reads one CSV file (dir/name) into the table of package_files[which]. A missing file is
** reported when it is required or listed (listed_by: where datapackage.json names it; NULL
** when looked for by name). */
static int load_file(const char *dir, const char *name, size_t which, bool required,
                     const char *listed_by, struct hsds_model *m, struct diag *diag)
{
    enum hsds_table t = package_files[which].table;
    const char *address_type = file_address_type(which);
    struct buf path = {0};
    buf_printf(&path, "%s/%s", dir, name);
    struct stat st;
    int rc = BELONG_OK;
    struct csv_reader *r = NULL;
    int *cols = NULL;
    if (stat(path.data, &st) != 0) {
        if (required) {
            diag_add(diag, path.data, 0, NULL, "missing: an HSDS package needs services.csv");
            rc = BELONG_ENOINPUT;
        } else if (listed_by) {
            struct buf dp = {0};
            buf_printf(&dp, "%s/datapackage.json", dir);
            diag_add(diag, dp.data, 0, listed_by, "lists %s, which is missing", name);
            buf_free(&dp);
        }
        goto out;
    }
    const char *file = hsds_model_file(m, path.data);
    rc = csv_open_published(path.data, file, &r, diag);
    if (rc == BELONG_OK)
        rc = csv_read_header(r);
    if (rc != BELONG_OK) {
        hsds_model_broken(m, file);
        m->broken[t] = true;
        rc = rc == BELONG_EDATA ? BELONG_OK : rc;
        goto out;
    }
    int n_fields = hsds_field_count[t];
    cols = xmalloc((size_t)n_fields * sizeof *cols);
    for (int f = 0; f < n_fields; f++)
        cols[f] = find_column(r, t, f);
    /* A column read as the id (taxonomy_id in an Ohana-era taxonomy.csv) is nothing else. */
    for (int f = 1; f < n_fields; f++)
        if (cols[f] == cols[0])
            cols[f] = -1;
    if (cols[0] < 0 && table_is_referenced(t)) {
        /* The file is whole, but its rows cannot be named: those that name them are left out
        ** without a message each (m->broken), the rest of the package is read. */
        diag_add(diag, file, 1, "id",
                 "no id column, so other files cannot refer to its rows; "
                 "the file is left out");
        m->broken[t] = true;
        m->unusable_files++;
        goto out;
    }
    if (csv_encoding(r))
        note_encoding(m, file, csv_encoding(r));
    bool got;
    int read_rc;
    while ((read_rc = csv_next(r, &got)) == BELONG_OK && got) {
        hsds_model_step(m); /* one record in memory at a time */
        if (csv_is_header(r)) {
            diag_add(diag, file, csv_line(r), NULL,
                     "this row repeats the header (two files joined into one?): not a row; "
                     "left out");
            m->skipped_rows++;
            continue;
        }
        size_t i = hsds_row_add(m, t, file, csv_line(r), NULL);
        for (int f = 0; f < n_fields; f++)
            if (cols[f] >= 0)
                hsds_row_set(m, t, i, f, csv_get(r, cols[f]));
        if (address_type && !*hsds_row_at(m, t, i)->v[ADDR_TYPE])
            hsds_row_set(m, t, i, ADDR_TYPE, address_type);
        if (!hsds_row_index(m, t, i)) {
            struct hsds_row *row = hsds_row_at(m, t, i);
            hsds_row_diag(row, diag, "id", "duplicate id '%s'%s", row->v[0],
                          rounded_by_excel(row->v[0])
                              ? " (a long number Excel rounded to scientific notation, which "
                                "makes different ids one: format the column as text and save "
                                "the export again)"
                              : "");
            row->rejected = true;
        }
    }
    if (read_rc != BELONG_OK) {
        hsds_model_broken(m, file);
        m->broken[t] = true;
    }
out:
    free(cols);
    csv_close(r);
    buf_free(&path);
    return rc;
}

/* Reads the CSV files in dir whose names are HSDS tables' (a folder without datapackage.json
** resources): by package_file_of, so in any case, singular or plural (HSDS 1.x's
** regular_schedule.csv, physical_address.csv), table by table in package_files' order. */
static int load_by_name(const char *dir, struct hsds_model *m, struct diag *diag)
{
    struct dirent **entries = NULL;
    int n = scandir(dir, &entries, NULL, alphasort);
    if (n < 0) {
        diag_add(diag, dir, 0, NULL, "cannot list: %s", strerror(errno));
        return errno == ENOENT ? BELONG_ENOINPUT : BELONG_EIO;
    }
    int rc = BELONG_OK;
    bool has_services = false;
    for (size_t i = 0; rc == BELONG_OK && i < N_PACKAGE_FILES; i++)
        for (int k = 0; rc == BELONG_OK && k < n; k++) {
            const char *name = entries[k]->d_name;
            size_t len = strlen(name);
            if (len <= 4 || strcasecmp(name + len - 4, ".csv") != 0 ||
                package_file_of(name) != (int)i)
                continue;
            has_services |= package_files[i].table == HT_SVC;
            rc = load_file(dir, name, i, false, NULL, m, diag);
        }
    for (int k = 0; k < n; k++)
        free(entries[k]);
    free(entries);
    if (rc == BELONG_OK && !has_services) /* says it is missing */
        rc = load_file(dir, "services.csv", (size_t)package_file_of("services.csv"), true, NULL, m,
                       diag);
    return rc;
}

/* A resource path belong reads: relative, inside the package, a local file. */
static const char *resource_path_problem(const char *p)
{
    if (!*p)
        return "is empty";
    if (strstr(p, "://"))
        return "is a URL: download the file into the package and name it by its relative path";
    if (p[0] == '/')
        return "must be relative to the package's folder";
    for (const char *s = p; *s; s += strcspn(s, "/"), s += *s == '/') {
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return "must stay inside the package's folder (no '..')";
    }
    return text_problem(p, 1024, false);
}

/* Reads the files a datapackage.json lists. Its "name" goes to package_name. A resource whose
** name or file name is not an HSDS table belong reads (contacts, funding...) is skipped. */
static int load_datapackage(const char *dir, const char *dp_path, struct hsds_model *m,
                            struct diag *diag, char *package_name)
{
    const char *label = hsds_model_file(m, dp_path);
    json_error_t err;
    char *text;
    size_t len;
    if (infile_read(dp_path, label, &text, &len, diag) != BELONG_OK) {
        hsds_model_broken(m, label);
        return BELONG_OK;
    }
    /* A UTF-8 byte order mark, which Windows editors write and jansson refuses, is skipped. */
    size_t bom = infile_bom(text, len);
    json_t *root = json_loadb(text + bom, len - bom, JSON_REJECT_DUPLICATES, &err);
    free(text);
    if (!root) {
        diag_add(diag, label, err.line > 0 ? err.line : 0, NULL, "invalid JSON: %s", err.text);
        hsds_model_broken(m, label);
        return BELONG_OK;
    }
    int rc = BELONG_OK;
    const char *name = json_string_value(json_object_get(root, "name"));
    if (name && strlen(name) < FORMAT_PACKAGE_NAME_MAX && !text_problem(name, 200, false) &&
        *name && strspn(name, " ") < strlen(name))
        snprintf(package_name, FORMAT_PACKAGE_NAME_MAX, "%s", name);
    else if (name)
        diag_add(diag, label, 0, "name",
                 "not a usable package name (printable, at most %d bytes); the folder's name "
                 "names the source",
                 FORMAT_PACKAGE_NAME_MAX - 1);
    json_t *resources = json_object_get(root, "resources");
    if (!resources) { /* a package that lists no files: those beside it are read */
        rc = load_by_name(dir, m, diag);
        goto out;
    }
    if (!json_is_array(resources)) {
        diag_add(diag, label, 0, "resources",
                 "expected an array of resources, each with a name and a path (a CSV file)");
        hsds_model_broken(m, label);
        goto out;
    }
    bool has_services = false;
    const char **seen = xcalloc(json_array_size(resources) + 1, sizeof *seen);
    size_t n_seen = 0, k;
    json_t *res;
    json_array_foreach(resources, k, res)
    {
        char field[64];
        snprintf(field, sizeof field, "resources[%zu].path", k);
        const char *rname = json_string_value(json_object_get(res, "name"));
        json_t *jpath = json_object_get(res, "path");
        /* The file's name first: HSDS 3.0 names taxonomies.csv "taxonomy", 1.x's terms file. */
        int which = json_is_string(jpath) ? package_file_of(json_string_value(jpath)) : -1;
        if (which < 0 && rname)
            which = package_file_of(rname);
        if (which < 0)
            continue; /* not a table belong reads */
        if (!json_is_string(jpath)) {
            diag_add(diag, label, 0, field,
                     json_is_array(jpath) ? "a table split into several files is not read: join "
                                            "them into one CSV file"
                                          : "expected the path of a CSV file");
            continue;
        }
        const char *p = json_string_value(jpath);
        const char *format = json_string_value(json_object_get(res, "format"));
        size_t plen = strlen(p);
        bool csv = format ? strcasecmp(format, "csv") == 0
                          : plen > 4 && strcasecmp(p + plen - 4, ".csv") == 0;
        const char *why = csv ? resource_path_problem(p)
                              : "is not a CSV file (belong reads a package's CSV files)";
        if (why) {
            diag_add(diag, label, 0, field, "'%s' %s", p, why);
            continue;
        }
        bool again = false;
        for (size_t i = 0; i < n_seen; i++)
            again |= strcmp(seen[i], p) == 0;
        if (again)
            continue;
        seen[n_seen++] = p;
        bool services = package_files[which].table == HT_SVC;
        has_services |= services;
        rc = load_file(dir, p, (size_t)which, services, field, m, diag);
        if (rc != BELONG_OK)
            break;
    }
    free(seen);
    if (rc == BELONG_OK && !has_services) {
        diag_add(diag, label, 0, "resources",
                 "no services resource (an HSDS package needs services.csv)");
        rc = BELONG_ENOINPUT;
    }
out:
    json_decref(root);
    return rc;
}

int hsds_load_csv_dir(const char *dir, struct hsds_model *m, struct diag *diag, char *package_name)
{
    package_name[0] = '\0';
    struct buf dp = {0};
    buf_printf(&dp, "%s/datapackage.json", dir);
    struct stat st;
    int rc = BELONG_OK;
    if (stat(dp.data, &st) == 0)
        rc = load_datapackage(dir, dp.data, m, diag, package_name);
    else
        rc = load_by_name(dir, m, diag);
    buf_free(&dp);
    return rc;
}
