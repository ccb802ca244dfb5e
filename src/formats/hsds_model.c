/* hsds_model.c — the HSDS importer's table-of-strings model (see hsds_internal.h): field
** names per table, rows, an id index per referenced table, and problems reported per row.
*/
#include "hsds_internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

static const char *const org_fields[] = {"id", "name"};
static const char *const loc_fields[] = {
    "id",        "organization_id", "name",          "location_type", "latitude",
    "longitude", "transportation",  "accessibility", "languages"};
static const char *const svc_fields[] = {
    "id",          "organization_id", "name",         "alternate_name",          "description",
    "url",         "email",           "status",       "fees_description",        "fees",
    "location_id", "languages",       "taxonomy_ids", "eligibility_description", "minimum_age",
    "maximum_age"};
static const char *const sal_fields[] = {"id", "service_id", "location_id"};
static const char *const addr_fields[] = {"id",   "location_id",    "address_1",   "address_2",
                                          "city", "state_province", "postal_code", "address_type"};
static const char *const sched_fields[] = {
    "id",         "service_id",  "location_id", "service_at_location_id",
    "valid_from", "valid_to",    "dtstart",     "timezone",
    "until",      "count",       "wkst",        "freq",
    "interval",   "byday",       "byweekno",    "bymonthday",
    "byyearday",  "description", "opens_at",    "closes_at",
    "weekday"};
static const char *const hol_fields[] = {
    "id",        "service_id", "location_id", "service_at_location_id", "closed", "opens_at",
    "closes_at", "start_date", "end_date"};
static const char *const cost_fields[] = {"id",       "service_id", "option",
                                          "currency", "amount",     "amount_description"};
static const char *const acc_fields[] = {"id", "location_id", "description", "details",
                                         "accessibility"};
static const char *const lang_fields[] = {"id", "service_id", "location_id", "name", "language"};
static const char *const phone_fields[] = {"id", "service_id", "location_id", "number", "type"};
static const char *const term_fields[] = {"id",       "code",        "name",
                                          "taxonomy", "taxonomy_id", "vocabulary"};
static const char *const tax_fields[] = {"id", "name"};
static const char *const elig_fields[] = {"id", "service_id", "eligibility", "description"};
static const char *const attr_fields[] = {"id",    "link_id",    "link_entity", "taxonomy_term_id",
                                          "value", "service_id", "taxonomy_id"};

const char *const *const hsds_fields[HT_COUNT] = {
    [HT_ORG] = org_fields,      [HT_LOC] = loc_fields,     [HT_SVC] = svc_fields,
    [HT_SAL] = sal_fields,      [HT_ADDR] = addr_fields,   [HT_SCHED] = sched_fields,
    [HT_HOLIDAY] = hol_fields,  [HT_COST] = cost_fields,   [HT_ACCESS] = acc_fields,
    [HT_LANG] = lang_fields,    [HT_PHONE] = phone_fields, [HT_TERM] = term_fields,
    [HT_TAXONOMY] = tax_fields, [HT_ATTR] = attr_fields,   [HT_ELIG] = elig_fields,
};
/* A key column named after its table (organization_id in organizations.csv...) is read as the
** id only when there is no id column: a column cannot be both (hsds_csv.c). */
const struct hsds_alias hsds_aliases[] = {
    {HT_ORG, ORG_ID, "organization_id"},
    {HT_LOC, LOC_ID, "location_id"},
    {HT_SVC, SVC_ID, "service_id"},
    {HT_SAL, SAL_ID, "service_at_location_id"},
    {HT_TERM, TERM_ID, "taxonomy_term_id"},
    {HT_TERM, TERM_ID, "taxonomy_id"},
    {HT_TAXONOMY, TAX_ID, "taxonomy_id"},
    {HT_SVC, SVC_URL, "website"},
    {HT_LOC, LOC_LAT, "lat"},
    {HT_LOC, LOC_LON, "lon"},
    {HT_LOC, LOC_LON, "lng"},
    {HT_ADDR, ADDR_1, "address"},
    {HT_ADDR, ADDR_STATE, "state"},
    {HT_ADDR, ADDR_ZIP, "zip"},
    {HT_ADDR, ADDR_ZIP, "zip_code"},
    {HT_PHONE, PHONE_NUMBER, "phone"},
    {HT_PHONE, PHONE_TYPE, "number_type"},
    {HT_LANG, LANG_NAME, "language_name"},
    {HT_LANG, LANG_LANGUAGE, "code"},       /* HSDS 3.0: the ISO 639 code beside the name */
    {HT_SVC, SVC_ELIG_DESC, "eligibility"}, /* a services.csv column in some 2.x exports */
    {HT_COUNT, 0, NULL},
};

const int hsds_field_count[HT_COUNT] = {
    [HT_ORG] = ORG_N,      [HT_LOC] = LOC_N,   [HT_SVC] = SVC_N,     [HT_SAL] = SAL_N,
    [HT_ADDR] = ADDR_N,    [HT_SCHED] = SCH_N, [HT_HOLIDAY] = HOL_N, [HT_COST] = COST_N,
    [HT_ACCESS] = ACC_N,   [HT_LANG] = LANG_N, [HT_PHONE] = PHONE_N, [HT_TERM] = TERM_N,
    [HT_TAXONOMY] = TAX_N, [HT_ATTR] = ATTR_N, [HT_ELIG] = ELIG_N,
};

/* ---- id index: open addressing over row numbers, keyed by the rows' id strings ---------- */

struct index_slot {
    uint64_t hash; /* of the id, compared before the string */
    size_t row;    /* row number + 1; 0 = empty */
};

struct hsds_index {
    struct index_slot *slots;
    size_t cap; /* a power of two */
    size_t used;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static void index_grow(struct hsds_index *ix)
{
    size_t old_cap = ix->cap;
    struct index_slot *old = ix->slots;
    ix->cap = old_cap ? old_cap * 2 : 1024;
    ix->slots = xcalloc(ix->cap, sizeof *ix->slots);
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].row)
            continue;
        size_t h = old[i].hash & (ix->cap - 1);
        while (ix->slots[h].row)
            h = (h + 1) & (ix->cap - 1);
        ix->slots[h] = old[i];
    }
    free(old);
}

bool hsds_row_index(struct hsds_model *m, enum hsds_table t, size_t i)
{
    struct hsds_index *ix = m->t[t].index;
    const char *id = m->t[t].rows[i].v[0];
    if (!ix || !*id)
        return true;
    if ((ix->used + 1) * 2 > ix->cap)
        index_grow(ix);
    uint64_t hash = hash_str(id);
    size_t h = hash & (ix->cap - 1);
    while (ix->slots[h].row) {
        if (ix->slots[h].hash == hash && strcmp(m->t[t].rows[ix->slots[h].row - 1].v[0], id) == 0)
            return false;
        h = (h + 1) & (ix->cap - 1);
    }
    ix->slots[h] = (struct index_slot){hash, i + 1};
    ix->used++;
    return true;
}

size_t hsds_find(const struct hsds_model *m, enum hsds_table t, const char *id)
{
    const struct hsds_index *ix = m->t[t].index;
    if (!ix || !ix->cap || !id || !*id)
        return HSDS_NONE;
    uint64_t hash = hash_str(id);
    size_t h = hash & (ix->cap - 1);
    while (ix->slots[h].row) {
        size_t row = ix->slots[h].row - 1;
        if (ix->slots[h].hash == hash && strcmp(m->t[t].rows[row].v[0], id) == 0)
            return row;
        h = (h + 1) & (ix->cap - 1);
    }
    return HSDS_NONE;
}

/* ---- arena: rows are many and small, and all die together --------------------------------- */

struct hsds_arena {
    struct hsds_arena *next;
    size_t used, cap;
    max_align_t data[]; /* cap bytes */
};

#define ARENA_BLOCK_BYTES (1u << 20)

/* n bytes, aligned for pointers, owned by the model. Cannot fail. */
static void *arena_alloc(struct hsds_model *m, size_t n)
{
    n = (n + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
    struct hsds_arena *a = m->arena;
    if (!a || a->cap - a->used < n) {
        size_t cap = n > ARENA_BLOCK_BYTES ? n : ARENA_BLOCK_BYTES;
        a = xmalloc(sizeof *a + cap);
        a->used = 0;
        a->cap = cap;
        a->next = m->arena;
        m->arena = a;
    }
    void *p = (char *)a->data + a->used;
    a->used += n;
    return p;
}

static char *arena_strndup(struct hsds_model *m, const char *s, size_t n)
{
    char *p = arena_alloc(m, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- model ------------------------------------------------------------------------------ */

void hsds_model_init(struct hsds_model *m)
{
    memset(m, 0, sizeof *m);
    static const enum hsds_table indexed[] = {HT_ORG, HT_LOC, HT_SVC, HT_SAL, HT_TERM, HT_TAXONOMY};
    for (size_t i = 0; i < sizeof indexed / sizeof indexed[0]; i++)
        m->t[indexed[i]].index = xcalloc(1, sizeof(struct hsds_index));
}

void hsds_model_free(struct hsds_model *m)
{
    for (int t = 0; t < HT_COUNT; t++) {
        free(m->t[t].rows);
        if (m->t[t].index)
            free(m->t[t].index->slots);
        free(m->t[t].index);
    }
    for (struct hsds_arena *a = m->arena, *next; a; a = next) {
        next = a->next;
        free(a);
    }
    for (size_t i = 0; i < m->n_files; i++)
        free(m->files[i]);
    free(m->files);
    memset(m, 0, sizeof *m);
}

const char *hsds_model_file(struct hsds_model *m, const char *label)
{
    for (size_t i = 0; i < m->n_files; i++)
        if (strcmp(m->files[i], label) == 0)
            return m->files[i];
    m->files = xrealloc(m->files, (m->n_files + 1) * sizeof *m->files);
    m->files[m->n_files] = xstrdup(label);
    return m->files[m->n_files++];
}

static char empty_value[1] = ""; /* shared by every absent value, never written */

size_t hsds_row_add(struct hsds_model *m, enum hsds_table t, const char *file, long line,
                    const char *path)
{
    if (m->t[t].n == m->t[t].cap) {
        m->t[t].cap = m->t[t].cap ? m->t[t].cap * 2 : 64;
        m->t[t].rows = xrealloc(m->t[t].rows, m->t[t].cap * sizeof *m->t[t].rows);
    }
    struct hsds_row *r = &m->t[t].rows[m->t[t].n];
    memset(r, 0, sizeof *r);
    r->v = arena_alloc(m, (size_t)hsds_field_count[t] * sizeof *r->v);
    for (int f = 0; f < hsds_field_count[t]; f++)
        r->v[f] = empty_value;
    r->file = file;
    r->line = line;
    r->path = path ? arena_strndup(m, path, strlen(path)) : NULL;
    return m->t[t].n++;
}

/* The table a field names rows of by their id (a reference), or HT_COUNT. */
static enum hsds_table referenced_table(enum hsds_table t, int f)
{
    static const struct {
        enum hsds_table t;
        int f;
        enum hsds_table target;
    } refs[] = {
        {HT_LOC, LOC_ORG, HT_ORG},
        {HT_SVC, SVC_ORG, HT_ORG},
        {HT_SVC, SVC_LOC, HT_LOC},
        {HT_SAL, SAL_SVC, HT_SVC},
        {HT_SAL, SAL_LOC, HT_LOC},
        {HT_ADDR, ADDR_LOC, HT_LOC},
        {HT_SCHED, SCH_SVC, HT_SVC},
        {HT_SCHED, SCH_LOC, HT_LOC},
        {HT_SCHED, SCH_SAL, HT_SAL},
        {HT_HOLIDAY, HOL_SVC, HT_SVC},
        {HT_HOLIDAY, HOL_LOC, HT_LOC},
        {HT_HOLIDAY, HOL_SAL, HT_SAL},
        {HT_COST, COST_SVC, HT_SVC},
        {HT_ACCESS, ACC_LOC, HT_LOC},
        {HT_LANG, LANG_SVC, HT_SVC},
        {HT_LANG, LANG_LOC, HT_LOC},
        {HT_PHONE, PHONE_SVC, HT_SVC},
        {HT_PHONE, PHONE_LOC, HT_LOC},
        {HT_TERM, TERM_TAXONOMY_ID, HT_TAXONOMY},
        {HT_ATTR, ATTR_LINK_ID, HT_SVC},
        {HT_ATTR, ATTR_TERM_ID, HT_TERM},
        {HT_ATTR, ATTR_SVC, HT_SVC},
        {HT_ATTR, ATTR_TAX_ID, HT_TERM},
        {HT_ELIG, ELIG_SVC, HT_SVC},
    };
    for (size_t k = 0; k < sizeof refs / sizeof refs[0]; k++)
        if (refs[k].t == t && refs[k].f == f)
            return refs[k].target;
    return HT_COUNT;
}

void hsds_row_set(struct hsds_model *m, enum hsds_table t, size_t i, int f, const char *value)
{
    /* The id of a row no other row can name (no index) is never read: it is not kept. */
    if (f == 0 && !m->t[t].index)
        return;
    struct hsds_row *r = &m->t[t].rows[i];
    /* Values are trimmed of surrounding spaces: directories often pad them. */
    while (*value == ' ' || *value == '\t')
        value++;
    size_t n = strlen(value);
    bool whole = true;
    while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t')) {
        n--;
        whole = false;
    }
    if (!n) {
        r->v[f] = empty_value;
        return;
    }
    /* A reference to a row read already shares that row's id (the model's largest part is
    ** the ids rows name each other by: a service's id is named by every row about it). */
    enum hsds_table target = referenced_table(t, f);
    if (whole && target != HT_COUNT) {
        size_t j = hsds_find(m, target, value);
        if (j != HSDS_NONE) {
            r->v[f] = m->t[target].rows[j].v[0];
            return;
        }
    }
    r->v[f] = arena_strndup(m, value, n);
}

void hsds_row_diag(struct hsds_row *r, struct diag *d, const char *field, const char *fmt, ...)
{
    struct buf name = {0}, msg = {0};
    if (r->path && field)
        buf_printf(&name, "%s.%s", r->path, field);
    else if (r->path)
        buf_puts(&name, r->path);
    else if (field)
        buf_puts(&name, field);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    diag_add(d, r->file, r->line, name.len ? name.data : NULL, "%s", buf_str(&msg));
    r->problems++;
    buf_free(&name);
    buf_free(&msg);
}
