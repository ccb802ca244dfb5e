/* hsds_json.c — loading HSDS 3.0 JSON (a service, a service_at_location with its service and
** location, or an organization with its services; one, a list, or an API page with a `contents`
** or `items` list) into the importer's model (hsds_internal.h).
** Nested objects become rows of their tables, linked by the ids of their parents.
*/
#include "hsds_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/infile.h"
#include "../util/rc.h"
#include "../util/strset.h"

struct json_load {
    struct hsds_model *m;
    struct diag *diag;
    const char *file;
    struct strset seen; /* schedule ids of the rows from seen_from on (keys: the document's) */
    size_t seen_from;
};

/* "prefix.name" or "name" when prefix is empty; "[k]" appended when k >= 0. Heap. */
static char *path_join(const char *prefix, const char *name, long k)
{
    struct buf b = {0};
    if (prefix && *prefix && name)
        buf_printf(&b, "%s.%s", prefix, name);
    else if (name)
        buf_puts(&b, name);
    else if (prefix)
        buf_puts(&b, prefix);
    if (k >= 0)
        buf_printf(&b, "[%ld]", k);
    return buf_detach(&b);
}

/* Copies the members named like the table's fields (or their other names, hsds_aliases) into
** row i; numbers become text. */
static void fill(struct json_load *j, enum hsds_table t, size_t i, json_t *obj)
{
    char text[64];
    for (int f = 0; f < hsds_field_count[t]; f++) {
        json_t *v = json_object_get(obj, hsds_fields[t][f]);
        /* Other names of a member (not of the id: an object's id is never another's). */
        for (const struct hsds_alias *a = hsds_aliases; !v && f > 0 && a->name; a++)
            if (a->table == t && a->field == f)
                v = json_object_get(obj, a->name);
        const char *s = NULL;
        if (json_is_string(v))
            s = json_string_value(v);
        else if (json_is_integer(v))
            snprintf(text, sizeof text, "%" JSON_INTEGER_FORMAT, json_integer_value(v)), s = text;
        else if (json_is_real(v))
            snprintf(text, sizeof text, "%.15g", json_real_value(v)), s = text;
        else if (json_is_boolean(v))
            s = json_is_true(v) ? "true" : "false";
        if (s)
            hsds_row_set(j->m, t, i, f, s);
    }
}

/* Adds one row for obj (an object, else reported) with parent links set. Returns the row or
** HSDS_NONE. */
static size_t add_row(struct json_load *j, enum hsds_table t, json_t *obj, const char *path)
{
    if (!json_is_object(obj)) {
        diag_add(j->diag, j->file, 0, path, "expected an object");
        return HSDS_NONE;
    }
    size_t i = hsds_row_add(j->m, t, j->file, 0, path);
    fill(j, t, i, obj);
    return i;
}

/* Adds an object of an indexed table unless a row with its id exists. */
static size_t add_shared(struct json_load *j, enum hsds_table t, json_t *obj, const char *path,
                         bool *added)
{
    *added = false;
    json_t *id = json_object_get(obj, "id");
    if (json_is_string(id)) {
        size_t found = hsds_find(j->m, t, json_string_value(id));
        if (found != HSDS_NONE)
            return found;
    }
    size_t i = add_row(j, t, obj, path);
    if (i != HSDS_NONE) {
        hsds_row_index(j->m, t, i);
        *added = true;
    }
    return i;
}

/* Calls add_row for each element of obj[name], setting field f of each to parent_id. */
static void add_children(struct json_load *j, json_t *obj, const char *name, const char *prefix,
                         enum hsds_table t, int f, const char *parent_id)
{
    json_t *arr = json_object_get(obj, name);
    if (!arr || json_is_null(arr))
        return;
    if (!json_is_array(arr)) {
        char *p = path_join(prefix, name, -1);
        diag_add(j->diag, j->file, 0, p, "expected an array");
        free(p);
        return;
    }
    size_t k;
    json_t *v;
    json_array_foreach(arr, k, v)
    {
        char *p = path_join(prefix, name, (long)k);
        size_t i = add_row(j, t, v, p);
        if (i != HSDS_NONE && f >= 0)
            hsds_row_set(j->m, t, i, f, parent_id);
        free(p);
    }
}

static void add_location(struct json_load *j, json_t *loc, const char *prefix, size_t sal)
{
    bool added;
    size_t i = add_shared(j, HT_LOC, loc, prefix, &added);
    if (i == HSDS_NONE)
        return;
    const char *loc_id = hsds_row_at(j->m, HT_LOC, i)->v[LOC_ID];
    hsds_row_set(j->m, HT_SAL, sal, SAL_LOC, loc_id);
    if (!added)
        return;
    add_children(j, loc, "addresses", prefix, HT_ADDR, ADDR_LOC, loc_id);
    add_children(j, loc, "accessibility", prefix, HT_ACCESS, ACC_LOC, loc_id);
    add_children(j, loc, "languages", prefix, HT_LANG, LANG_LOC, loc_id);
    add_children(j, loc, "phones", prefix, HT_PHONE, PHONE_LOC, loc_id);
}

/* Schedules of a service (sal_id NULL) or of one of its service-at-locations; a schedule id
** seen already among the rows from first_row on (this service's: HSDS repeats them at each
** level) is skipped. The ids seen are kept in a set for as long as first_row stays the same. */
static void add_schedules(struct json_load *j, json_t *obj, const char *prefix, const char *svc_id,
                          const char *sal_id, size_t first_row)
{
    if (j->seen_from != first_row) {
        strset_free(&j->seen);
        j->seen_from = first_row;
    }
    json_t *arr = json_object_get(obj, "schedules");
    if (!json_is_array(arr))
        return;
    size_t k;
    json_t *v;
    json_array_foreach(arr, k, v)
    {
        json_t *id = json_object_get(v, "id");
        if (json_is_string(id) && *json_string_value(id) &&
            !strset_add(&j->seen, json_string_value(id)))
            continue;
        char *p = path_join(prefix, "schedules", (long)k);
        size_t i = add_row(j, HT_SCHED, v, p);
        if (i != HSDS_NONE) {
            hsds_row_set(j->m, HT_SCHED, i, SCH_SVC, svc_id);
            hsds_row_set(j->m, HT_SCHED, i, SCH_LOC, "");
            if (sal_id)
                hsds_row_set(j->m, HT_SCHED, i, SCH_SAL, sal_id);
        }
        free(p);
    }
}

static void add_attributes(struct json_load *j, json_t *svc, const char *prefix, const char *svc_id)
{
    json_t *arr = json_object_get(svc, "attributes");
    if (!json_is_array(arr))
        return;
    size_t k;
    json_t *v;
    json_array_foreach(arr, k, v)
    {
        char *p = path_join(prefix, "attributes", (long)k);
        size_t i = add_row(j, HT_ATTR, v, p);
        if (i != HSDS_NONE) {
            hsds_row_set(j->m, HT_ATTR, i, ATTR_LINK_ENTITY, "service");
            hsds_row_set(j->m, HT_ATTR, i, ATTR_LINK_ID, svc_id);
            json_t *term = json_object_get(v, "taxonomy_term");
            if (json_is_object(term)) {
                char *tp = path_join(p, "taxonomy_term", -1);
                bool added;
                size_t t = add_shared(j, HT_TERM, term, tp, &added);
                json_t *detail = json_object_get(term, "taxonomy_detail");
                if (t != HSDS_NONE && added && json_is_object(detail)) {
                    char *dp = path_join(tp, "taxonomy_detail", -1);
                    size_t d = add_shared(j, HT_TAXONOMY, detail, dp, &added);
                    if (d != HSDS_NONE && !*hsds_row_at(j->m, HT_TERM, t)->v[TERM_TAXONOMY_ID])
                        hsds_row_set(j->m, HT_TERM, t, TERM_TAXONOMY_ID,
                                     hsds_row_at(j->m, HT_TAXONOMY, d)->v[TAX_ID]);
                    free(dp);
                }
                if (t != HSDS_NONE && !*hsds_row_at(j->m, HT_ATTR, i)->v[ATTR_TERM_ID])
                    hsds_row_set(j->m, HT_ATTR, i, ATTR_TERM_ID,
                                 hsds_row_at(j->m, HT_TERM, t)->v[TERM_ID]);
                free(tp);
            }
        }
        free(p);
    }
}

/* One service_at_location object v (the k-th of its service, under path p) of service svc_id:
** its row, its location, its schedules. */
static void add_sal(struct json_load *j, json_t *v, const char *p, const char *svc_id, size_t k,
                    size_t first_sched)
{
    size_t s = add_row(j, HT_SAL, v, p);
    if (s == HSDS_NONE)
        return;
    hsds_row_set(j->m, HT_SAL, s, SAL_SVC, svc_id);
    if (!*hsds_row_at(j->m, HT_SAL, s)->v[SAL_ID]) {
        struct buf b = {0};
        buf_printf(&b, "%s#sal%zu", svc_id, k);
        hsds_row_set(j->m, HT_SAL, s, SAL_ID, b.data);
        buf_free(&b);
    }
    hsds_row_index(j->m, HT_SAL, s);
    json_t *loc = json_object_get(v, "location");
    if (json_is_object(loc)) {
        char *lp = path_join(p, "location", -1);
        add_location(j, loc, lp, s);
        free(lp);
    }
    char *sal_id = xstrdup(hsds_row_at(j->m, HT_SAL, s)->v[SAL_ID]);
    add_schedules(j, v, p, svc_id, sal_id, first_sched);
    free(sal_id);
}

/* One service object. Returns its row, or HSDS_NONE when it was refused (reported). */
static size_t add_service(struct json_load *j, json_t *svc, const char *prefix)
{
    size_t i = add_row(j, HT_SVC, svc, *prefix ? prefix : NULL);
    if (i == HSDS_NONE)
        return HSDS_NONE;
    struct hsds_row *r = hsds_row_at(j->m, HT_SVC, i);
    if (!hsds_row_index(j->m, HT_SVC, i)) {
        hsds_row_diag(r, j->diag, "id", "duplicate id '%s'", r->v[SVC_ID]);
        r->rejected = true;
        return HSDS_NONE;
    }
    char *svc_id = xstrdup(r->v[SVC_ID]); /* r moves when the table grows */
    size_t first_sched = j->m->t[HT_SCHED].n;
    json_t *org = json_object_get(svc, "organization");
    if (json_is_object(org)) {
        char *p = path_join(prefix, "organization", -1);
        bool added;
        size_t o = add_shared(j, HT_ORG, org, p, &added);
        if (o != HSDS_NONE && !*hsds_row_at(j->m, HT_SVC, i)->v[SVC_ORG])
            hsds_row_set(j->m, HT_SVC, i, SVC_ORG, hsds_row_at(j->m, HT_ORG, o)->v[ORG_ID]);
        free(p);
    }
    add_schedules(j, svc, prefix, svc_id, NULL, first_sched);
    add_children(j, svc, "cost_options", prefix, HT_COST, COST_SVC, svc_id);
    add_children(j, svc, "languages", prefix, HT_LANG, LANG_SVC, svc_id);
    add_children(j, svc, "phones", prefix, HT_PHONE, PHONE_SVC, svc_id);
    if (json_is_array(json_object_get(svc, "eligibility"))) /* a string is the description */
        add_children(j, svc, "eligibility", prefix, HT_ELIG, ELIG_SVC, svc_id);
    add_attributes(j, svc, prefix, svc_id);
    json_t *sals = json_object_get(svc, "service_at_locations");
    size_t k;
    json_t *v;
    if (json_is_array(sals)) {
        json_array_foreach(sals, k, v)
        {
            char *p = path_join(prefix, "service_at_locations", (long)k);
            add_sal(j, v, p, svc_id, k, first_sched);
            free(p);
        }
    }
    free(svc_id);
    return i;
}

/* A service_at_location object as the API's /service_at_locations gives it: its service (read
** once, however many of its places are listed) and its location. */
static void add_service_at_location(struct json_load *j, json_t *v, const char *prefix)
{
    json_t *svc = json_object_get(v, "service");
    const char *id = json_string_value(json_object_get(svc, "id"));
    size_t i = id ? hsds_find(j->m, HT_SVC, id) : HSDS_NONE;
    if (i == HSDS_NONE) {
        char *sp = path_join(prefix, "service", -1);
        i = add_service(j, svc, sp);
        free(sp);
    }
    if (i == HSDS_NONE)
        return;
    char *svc_id = xstrdup(hsds_row_at(j->m, HT_SVC, i)->v[SVC_ID]);
    size_t nth = 0; /* this place's number among those of its service, for an id it lacks */
    for (size_t r = 0; r < j->m->t[HT_SAL].n; r++)
        nth += strcmp(hsds_row_at(j->m, HT_SAL, r)->v[SAL_SVC], svc_id) == 0;
    add_sal(j, v, *prefix ? prefix : NULL, svc_id, nth, j->m->t[HT_SCHED].n);
    free(svc_id);
}

/* An organization object with its services (organization_full.json). */
static void add_organization(struct json_load *j, json_t *org, const char *prefix)
{
    bool added;
    size_t o = add_shared(j, HT_ORG, org, *prefix ? prefix : NULL, &added);
    if (o == HSDS_NONE)
        return;
    char *org_id = xstrdup(hsds_row_at(j->m, HT_ORG, o)->v[ORG_ID]);
    size_t k;
    json_t *v;
    json_array_foreach(json_object_get(org, "services"), k, v)
    {
        char *p = path_join(prefix, "services", (long)k);
        size_t i = add_service(j, v, p);
        if (i != HSDS_NONE && !*hsds_row_at(j->m, HT_SVC, i)->v[SVC_ORG])
            hsds_row_set(j->m, HT_SVC, i, SVC_ORG, org_id);
        free(p);
    }
    free(org_id);
}

static const char shapes_expected[] =
    "expected an HSDS 3.0 service (an object with id and name), a service_at_location (with "
    "service and location objects), an organization (with a services array), a list of them, "
    "or an API page with a contents or items list";

/* One object of the source, whichever of the shapes belong reads it has. */
static void add_item(struct json_load *j, json_t *v, const char *path)
{
    if (json_is_object(v) && json_is_object(json_object_get(v, "service")))
        add_service_at_location(j, v, path);
    else if (json_is_object(v) && json_is_array(json_object_get(v, "services")))
        add_organization(j, v, path);
    else if (json_is_object(v) && (json_object_get(v, "id") || json_object_get(v, "name")))
        add_service(j, v, path);
    else {
        diag_add(j->diag, j->file, 0, *path ? path : NULL, "not read: %s", shapes_expected);
        j->m->unusable_files += !*path; /* the whole file is of a shape belong cannot read */
    }
}

int hsds_load_json(const char *path, struct hsds_model *m, struct diag *diag)
{
    struct json_load j = {m, diag, hsds_model_file(m, path), {0}, HSDS_NONE};
    char *text;
    size_t len;
    int rc = infile_read(path, j.file, &text, &len, diag);
    if (rc != BELONG_OK) {
        if (rc == BELONG_EDATA)
            hsds_model_broken(m, j.file);
        return rc == BELONG_EDATA ? BELONG_OK : rc;
    }
    json_error_t err;
    /* A key given twice would silently keep its last value: refused, like `peer --json`. A
    ** UTF-8 byte order mark, which some editors write and jansson refuses, is skipped. */
    size_t bom = infile_bom(text, len);
    json_t *root =
        json_loadb(text + bom, len - bom, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
    free(text);
    if (!root) {
        diag_add(diag, j.file, err.line > 0 ? err.line : 0, NULL, "invalid JSON: %s", err.text);
        hsds_model_broken(m, j.file);
        return BELONG_OK;
    }
    json_t *list = NULL;
    const char *list_name = "";
    if (json_is_array(root)) {
        list = root;
    } else if (json_is_object(root)) {
        static const char *const names[] = {"contents", "items"};
        for (size_t i = 0; !list && i < 2; i++) {
            json_t *member = json_object_get(root, names[i]);
            if (member && !json_is_array(member)) {
                diag_add(diag, j.file, 0, names[i], "expected a list: %s", shapes_expected);
                m->unusable_files++;
                goto out;
            }
            if (member) {
                list = member;
                list_name = names[i];
            }
        }
    }
    if (list) {
        size_t k;
        json_t *v;
        json_array_foreach(list, k, v)
        {
            char *p = path_join(list_name, NULL, (long)k);
            add_item(&j, v, p);
            free(p);
        }
    } else {
        add_item(&j, root, "");
    }
out:
    json_decref(root);
    strset_free(&j.seen); /* its table only: the keys were the document's */
    return BELONG_OK;
}
