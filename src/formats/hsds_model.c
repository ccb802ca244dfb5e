/* hsds_model.c — the HSDS importer's table-of-strings model (see hsds_internal.h): field
** names per table; rows kept in the caller's scratch store (format.h) and read into memory for a
*step (written back
** when changed); ids found, cached; links between rows; problems reported per row.
*/
#include "hsds_internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include <stdio.h>

static const char *const org_fields[] = {"id", "name"};
static const char *const loc_fields[] = {
    "id",        "organization_id", "name",          "location_type", "latitude",
    "longitude", "transportation",  "accessibility", "languages"};
static const char *const svc_fields[] = {"id",
                                         "organization_id",
                                         "name",
                                         "alternate_name",
                                         "description",
                                         "url",
                                         "email",
                                         "status",
                                         "fees_description",
                                         "fees",
                                         "location_id",
                                         "languages",
                                         "taxonomy_ids",
                                         "eligibility_description",
                                         "minimum_age",
                                         "maximum_age",
                                         "interpretation_services"};
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

/* The tables whose rows others name by id: only these are indexed, and only their ids kept. */
static bool table_indexed(enum hsds_table t)
{
    return t == HT_ORG || t == HT_LOC || t == HT_SVC || t == HT_SAL || t == HT_TERM ||
           t == HT_TAXONOMY;
}

/* ---- ids found: a fixed cache of id -> row (and whether the row is refused), so that the
** rows many others name (a service, a taxonomy term) are looked up in the staging file once -- */

/* 16 MiB of slots, and about 24 MiB of ids (UUIDs) when full: at 100k services every id of
** the services, locations and service_at_location rows stays (2^18 slots let the services go
** before their references were checked: 74k more reads of the staging file). */
#define FOUND_SLOTS (1u << 19)
/* Slots are grouped in sets of FOUND_WAYS, an id in the set its hash names, the one used last
** first: an id in use stays while the ids of another table pass through (the checks of a
** table name a few services or terms many times over, the next table another kind of row). */
#define FOUND_WAYS 4

struct found {
    char *id; /* heap; NULL = empty slot */
    uint64_t hash;
    size_t n;
    int t;
    bool rejected, rejected_known;
};

static uint64_t hash_id(enum hsds_table t, const char *s)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)t; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

static struct found *found_set(struct hsds_model *m, uint64_t hash)
{
    return &m->found[hash & (FOUND_SLOTS - 1) & ~(uint64_t)(FOUND_WAYS - 1)];
}

/* The slot of (t, id) when the cache holds that id, moved to the front of its set, else NULL.
** A slot pointer stays good until the next found_get or found_put. */
static struct found *found_get(struct hsds_model *m, enum hsds_table t, const char *id,
                               uint64_t hash)
{
    struct found *set = found_set(m, hash);
    for (int w = 0; w < FOUND_WAYS && set[w].id; w++) {
        struct found *f = &set[w];
        if (f->hash != hash || f->t != (int)t || strcmp(f->id, id) != 0)
            continue;
        if (w > 0) {
            struct found hit = *f;
            memmove(set + 1, set, (size_t)w * sizeof *set);
            set[0] = hit;
        }
        return &set[0];
    }
    return NULL;
}

/* Puts (t, id) -> row n at the front of its set, letting the set's least recently used go. */
static struct found *found_put(struct hsds_model *m, enum hsds_table t, const char *id,
                               uint64_t hash, size_t n)
{
    struct found *set = found_set(m, hash);
    free(set[FOUND_WAYS - 1].id);
    memmove(set + 1, set, (FOUND_WAYS - 1) * sizeof *set);
    set[0] = (struct found){.id = xstrdup(id), .hash = hash, .n = n, .t = (int)t};
    return &set[0];
}

/* ---- ids staged: a Bloom filter of the ids of every indexed row written to the staging file,
** so that an id no row has (each row's own, checked for a duplicate as it is loaded, and most
** unknown references) is known absent without a lookup. A "maybe" is looked up. ----------- */

#define STAGED_BITS   (1u << 25) /* 4 MiB: about 1 % false "maybe" at 3 million ids */
#define STAGED_PROBES 3

/* The bits of an id's hash (hash_id), one a probe. */
static void staged_bits(uint64_t hash, uint32_t bits[STAGED_PROBES])
{
    uint64_t h = hash * 0xbf58476d1ce4e5b9ull; /* spread the hash over all 64 bits */
    h ^= h >> 31;
    uint32_t h1 = (uint32_t)h, h2 = (uint32_t)(h >> 32) | 1;
    for (int k = 0; k < STAGED_PROBES; k++)
        bits[k] = (h1 + (uint32_t)k * h2) & (STAGED_BITS - 1);
}

static bool staged_maybe(const struct hsds_model *m, uint64_t hash)
{
    uint32_t bits[STAGED_PROBES];
    staged_bits(hash, bits);
    for (int k = 0; k < STAGED_PROBES; k++)
        if (!(m->ids_staged[bits[k] / 64] & (1ull << (bits[k] % 64))))
            return false;
    return true;
}

static void staged_add(struct hsds_model *m, uint64_t hash)
{
    uint32_t bits[STAGED_PROBES];
    staged_bits(hash, bits);
    for (int k = 0; k < STAGED_PROBES; k++)
        m->ids_staged[bits[k] / 64] |= 1ull << (bits[k] % 64);
}

/* ---- the step: rows in memory since the last hsds_model_step ------------------------------ */

struct cached {
    struct hsds_row row; /* first: a row pointer is a cached pointer */
    enum hsds_table t;
    size_t i;
    unsigned long touched; /* the step that last handed it out */
    bool is_new, changed;  /* never staged; values set since read */
    int problems0;         /* as read */
    bool rejected0;
};

struct block {
    struct block *next;
    size_t used, cap;
    max_align_t data[]; /* cap bytes */
};

#define BLOCK_BYTES (1u << 16)
#define SLOTS_MIN   1024

/* A slot of the step's table holds its row's key beside the row, so that a probe reads the
** slot array alone (the rows lie scattered over the step's blocks: at 100k services a probe
** that read each row's own key missed the cache at every step). */
struct step_slot {
    uint64_t key; /* step_key(t, i); 0 = empty */
    struct cached *c;
};

#define STEP_BITS (1u << 16) /* 8 KiB: about 6 % false "maybe" with KEEP_ROWS rows */

struct hsds_step {
    struct step_slot *slots; /* open addressing by (table, row) */
    /* A bit per hash of the keys in slots (step_bit): most rows asked for are not in the step
    ** (a reference's target, a row read for the first time), and a clear bit says so without a
    ** probe of the slots (which miss the cache at 100k services: a probe a row asked for). */
    uint64_t present[STEP_BITS / 64];
    size_t cap, used;
    struct cached **touched; /* handed out in this step, in that order: written back if changed */
    size_t n_touched, cap_touched;
    unsigned long number; /* of this step */
    struct block *blocks; /* the newest first */
    size_t bytes;         /* in blocks */
    /* The row of each table handed out last: a check asks for one row many times over. */
    struct cached *last[HT_COUNT];
};

/* The staging file's page cache: the id indexes are read at random (measured at 100k services:
** 16 MiB 19.6 s of CPU, 48 MiB 16.3 s). */
#define MODEL_CACHE_KIB (48 * 1024)
/* Rows read stay in memory after their step (a service named by many rows, a taxonomy term
** named by every service, are read once) until there are this many, or this much memory. So
** few that the step's slots (16 bytes each, at most half full) stay in the processor's cache:
** with 16384 rows, putting a row into them missed it, 4 % of the import's time at 100k
** services; with 4096, 2 % less CPU there, for 1 % more instructions (rows read again). */
#define KEEP_ROWS  4096
#define KEEP_BYTES (8u << 20)

static char empty_value[1] = ""; /* shared by every absent value, never written */

/* n bytes, aligned for pointers, living until the step ends. Cannot fail. */
void *hsds_model_scratch(struct hsds_model *m, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    struct block *b = m->step->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > BLOCK_BYTES ? n : BLOCK_BYTES;
        b = xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        b->next = m->step->blocks;
        m->step->blocks = b;
        m->step->bytes += cap;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static char *scratch_strndup(struct hsds_model *m, const char *s, size_t n)
{
    if (!n)
        return empty_value;
    char *p = hsds_model_scratch(m, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* The key of row i of table t: never 0. */
static uint64_t step_key(enum hsds_table t, size_t i)
{
    return ((uint64_t)i << 4 | (uint64_t)t) + 1;
}
_Static_assert(HT_COUNT <= 16, "step_key keeps a table in 4 bits");

static size_t slot_of(const struct hsds_step *st, uint64_t key)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    return (size_t)(h ^ (h >> 31)) & (st->cap - 1);
}

/* The bit of present[] a key sets: the top bits of its product with 2^64 / phi. */
static uint32_t step_bit(uint64_t key)
{
    return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - 16));
}
_Static_assert(STEP_BITS == 1u << 16, "step_bit gives 16 bits");

static struct cached *step_lookup(struct hsds_step *st, enum hsds_table t, size_t i)
{
    uint64_t key = step_key(t, i);
    uint32_t bit = step_bit(key);
    if (!(st->present[bit / 64] & (1ull << (bit % 64))))
        return NULL;
    for (size_t h = slot_of(st, key); st->slots[h].key; h = (h + 1) & (st->cap - 1))
        if (st->slots[h].key == key)
            return st->slots[h].c;
    return NULL;
}

/* Puts c under key into the step's table, which has room. */
static void slot_put(struct hsds_step *st, uint64_t key, struct cached *c)
{
    size_t h = slot_of(st, key);
    while (st->slots[h].key)
        h = (h + 1) & (st->cap - 1);
    st->slots[h] = (struct step_slot){key, c};
}

static void step_insert(struct hsds_step *st, struct cached *c)
{
    if ((st->used + 1) * 2 > st->cap) {
        struct step_slot *old = st->slots;
        size_t old_cap = st->cap;
        st->cap *= 2;
        st->slots = xcalloc(st->cap, sizeof *st->slots);
        for (size_t k = 0; k < old_cap; k++)
            if (old[k].key)
                slot_put(st, old[k].key, old[k].c);
        free(old);
    }
    uint64_t key = step_key(c->t, c->i);
    uint32_t bit = step_bit(key);
    st->present[bit / 64] |= 1ull << (bit % 64);
    slot_put(st, key, c);
    st->used++;
}

/* Notes that row c was handed out in this step. */
static void touch(struct hsds_step *st, struct cached *c)
{
    if (c->touched == st->number)
        return;
    c->touched = st->number;
    if (st->n_touched == st->cap_touched) {
        st->cap_touched = st->cap_touched ? st->cap_touched * 2 : 256;
        st->touched = xrealloc(st->touched, st->cap_touched * sizeof *st->touched);
    }
    st->touched[st->n_touched++] = c;
}

static void model_fail(struct hsds_model *m)
{
    if (!m->failed) {
        m->failed = BELONG_EIO;
        snprintf(m->error, sizeof m->error, "%s", m->rows->errmsg(m->staging));
    }
}

static void found_forget_all(struct hsds_model *m)
{
    for (size_t k = 0; m->found && k < FOUND_SLOTS; k++)
        free(m->found[k].id);
    free(m->found);
    m->found = NULL;
}

static long file_number(const struct hsds_model *m, const char *file)
{
    for (size_t k = 0; file && k < m->n_files; k++)
        if (m->files[k] == file)
            return (long)k;
    return -1;
}

/* Writes one cached row to the staging file. */
static void write_back(struct hsds_model *m, struct cached *c)
{
    struct staging_row out = {.v = (const char *const *)c->row.v,
                              .n_values = hsds_field_count[c->t],
                              .file = file_number(m, c->row.file),
                              .line = c->row.line,
                              .path = c->row.path,
                              .problems = c->row.problems,
                              .rejected = c->row.rejected};
    if (!m->failed && m->rows->put(m->staging, (int)c->t, c->i, &out) != BELONG_OK)
        model_fail(m);
    if (table_indexed(c->t) && *c->row.v[0]) { /* what the cache knows of it stays true */
        uint64_t hash = hash_id(c->t, c->row.v[0]);
        staged_add(m, hash);
        struct found *f = found_get(m, c->t, c->row.v[0], hash);
        if (f && f->n == c->i) {
            f->rejected = c->row.rejected;
            f->rejected_known = true;
        }
    }
    c->is_new = c->changed = false;
    c->problems0 = c->row.problems;
    c->rejected0 = c->row.rejected;
}

int hsds_model_step(struct hsds_model *m)
{
    struct hsds_step *st = m->step;
    for (size_t k = 0; k < st->n_touched; k++) {
        struct cached *c = st->touched[k];
        if (c->is_new || c->changed || c->problems0 != c->row.problems ||
            c->rejected0 != c->row.rejected)
            write_back(m, c);
    }
    st->n_touched = 0;
    st->number++;
    if (st->used <= KEEP_ROWS && st->bytes <= KEEP_BYTES)
        return m->failed;
    /* Every row is as staged: all are let go. */
    if (st->cap > 4 * KEEP_ROWS) { /* a JSON source holds all its rows in one step */
        free(st->slots);
        st->cap = SLOTS_MIN;
        st->slots = xcalloc(st->cap, sizeof *st->slots);
        free(st->touched);
        st->touched = NULL;
        st->cap_touched = 0;
    } else {
        memset(st->slots, 0, st->cap * sizeof *st->slots);
    }
    memset(st->present, 0, sizeof st->present);
    st->used = 0;
    memset(st->last, 0, sizeof st->last);
    /* The first block is kept for the next step. */
    struct block *keep = st->blocks;
    while (keep && keep->next) {
        struct block *next = keep->next;
        keep->next = next->next;
        free(next);
    }
    if (keep)
        keep->used = 0;
    st->bytes = keep ? keep->cap : 0;
    return m->failed;
}

/* ---- model ------------------------------------------------------------------------------ */

int hsds_model_init(struct hsds_model *m, const struct format_rows *rows)
{
    memset(m, 0, sizeof *m);
    m->rows = rows;
    if (!rows) {
        snprintf(m->error, sizeof m->error, "no scratch store was given for its rows");
        return m->failed = BELONG_EIO;
    }
    m->step = xcalloc(1, sizeof *m->step);
    m->step->cap = SLOTS_MIN;
    m->step->number = 1; /* a row never handed out has touched 0 */
    m->step->slots = xcalloc(SLOTS_MIN, sizeof *m->step->slots);
    m->found = xcalloc(FOUND_SLOTS, sizeof *m->found);
    m->ids_staged = xcalloc(STAGED_BITS / 64, sizeof *m->ids_staged);
    bool indexed[HT_COUNT];
    for (int t = 0; t < HT_COUNT; t++)
        indexed[t] = table_indexed((enum hsds_table)t);
    int rc = rows->open(&m->staging, HT_COUNT, hsds_field_count, indexed, MODEL_CACHE_KIB, m->error,
                        sizeof m->error);
    m->failed = rc;
    return rc;
}

void hsds_model_free(struct hsds_model *m)
{
    if (m->step) {
        for (struct block *b = m->step->blocks, *next; b; b = next) {
            next = b->next;
            free(b);
        }
        free(m->step->slots);
        free(m->step->touched);
        free(m->step);
    }
    found_forget_all(m);
    free(m->ids_staged);
    if (m->rows)
        m->rows->close(m->staging);
    for (size_t i = 0; i < m->n_files; i++)
        free(m->files[i]);
    free(m->files);
    memset(m, 0, sizeof *m);
}

void hsds_model_broken(struct hsds_model *m, const char *file)
{
    if (!m->broken_files++)
        m->first_broken = file;
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

/* A row of all values "", in the step. */
static struct cached *new_cached(struct hsds_model *m, enum hsds_table t, size_t i)
{
    struct cached *c = hsds_model_scratch(m, sizeof *c);
    memset(c, 0, sizeof *c);
    c->t = t;
    c->i = i;
    c->row.v = hsds_model_scratch(m, (size_t)hsds_field_count[t] * sizeof *c->row.v);
    for (int f = 0; f < hsds_field_count[t]; f++)
        c->row.v[f] = empty_value;
    step_insert(m->step, c);
    touch(m->step, c);
    return c;
}

size_t hsds_row_add(struct hsds_model *m, enum hsds_table t, const char *file, long line,
                    const char *path)
{
    size_t i = m->t[t].n++;
    struct cached *c = new_cached(m, t, i);
    c->is_new = true;
    c->row.file = file;
    c->row.line = line;
    c->row.path = path ? scratch_strndup(m, path, strlen(path)) : NULL;
    return i;
}

struct hsds_row *hsds_row_at(struct hsds_model *m, enum hsds_table t, size_t i)
{
    struct cached *c = m->step->last[t];
    if (!c || c->i != i)
        c = step_lookup(m->step, t, i);
    if (c) {
        touch(m->step, c);
        m->step->last[t] = c;
        return &c->row;
    }
    c = new_cached(m, t, i);
    m->step->last[t] = c;
    struct staging_row in;
    if (m->failed || m->rows->get(m->staging, (int)t, i, &in) != BELONG_OK) {
        model_fail(m);
        return &c->row;
    }
    for (int f = 0; f < hsds_field_count[t] && f < in.n_values; f++)
        c->row.v[f] = scratch_strndup(m, in.v[f], strlen(in.v[f]));
    c->row.file = in.file >= 0 && (size_t)in.file < m->n_files ? m->files[in.file] : NULL;
    c->row.line = in.line;
    c->row.path = in.path ? scratch_strndup(m, in.path, strlen(in.path)) : NULL;
    c->row.problems = c->problems0 = in.problems;
    c->row.rejected = c->rejected0 = in.rejected;
    return &c->row;
}

bool hsds_row_index(struct hsds_model *m, enum hsds_table t, size_t i)
{
    struct cached *c = (struct cached *)hsds_row_at(m, t, i);
    const char *id = c->row.v[0];
    if (!table_indexed(t) || !*id)
        return true;
    uint64_t hash = hash_id(t, id);
    bool seen = staged_maybe(m, hash); /* false: no row staged before has this id */
    write_back(m, c);                  /* staged now, so that the next row with this id finds it */
    if (!seen) {
        found_put(m, t, id, hash, i);
        return true;
    }
    return hsds_find(m, t, id) == i;
}

/* The cache slot of (t, id), filled from the staging file when the id is there; NULL when it
** is not (not cached: a row with it may come later). */
static struct found *find(struct hsds_model *m, enum hsds_table t, const char *id)
{
    if (!table_indexed(t) || !id || !*id || m->failed)
        return NULL;
    uint64_t hash = hash_id(t, id);
    struct found *f = found_get(m, t, id, hash);
    if (f)
        return f;
    if (!staged_maybe(m, hash))
        return NULL;
    bool found = false;
    size_t n = HSDS_NONE;
    if (m->rows->find(m->staging, (int)t, id, &found, &n) != BELONG_OK)
        model_fail(m);
    if (!found)
        return NULL;
    return found_put(m, t, id, hash, n);
}

size_t hsds_find(struct hsds_model *m, enum hsds_table t, const char *id)
{
    struct found *f = find(m, t, id);
    return f ? f->n : HSDS_NONE;
}

size_t hsds_find_valid(struct hsds_model *m, enum hsds_table t, const char *id, bool *rejected)
{
    struct found *f = find(m, t, id);
    *rejected = false;
    if (!f)
        return HSDS_NONE;
    struct cached *c = step_lookup(m->step, t, f->n);
    if (c) {
        *rejected = c->row.rejected; /* as changed in this step */
    } else if (f->rejected_known) {
        *rejected = f->rejected;
    } else {
        size_t n = f->n;
        *rejected = hsds_row_at(m, t, n)->rejected;
        f = find(m, t, id); /* the slot may have been taken meanwhile */
        if (f && f->n == n) {
            f->rejected = *rejected;
            f->rejected_known = true;
        }
        return n;
    }
    return f->n;
}

void hsds_row_set(struct hsds_model *m, enum hsds_table t, size_t i, int f, const char *value)
{
    /* The id of a row no other row can name (no index) is never read: it is not kept. */
    if (f == 0 && !table_indexed(t))
        return;
    struct cached *c = (struct cached *)hsds_row_at(m, t, i);
    /* Values are trimmed of surrounding spaces: directories often pad them. */
    while (*value == ' ' || *value == '\t')
        value++;
    size_t n = strlen(value);
    while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
        n--;
    c->row.v[f] = scratch_strndup(m, value, n);
    c->changed = true;
}

void hsds_link(struct hsds_model *m, int kind, size_t parent, size_t child)
{
    if (!m->failed && m->rows->link(m->staging, kind, parent, child) != BELONG_OK)
        model_fail(m);
}

void hsds_children(struct hsds_model *m, int kind, size_t parent,
                   void (*each)(void *ctx, size_t child), void *ctx)
{
    if (!m->failed && m->rows->children(m->staging, kind, parent, each, ctx) != BELONG_OK)
        model_fail(m);
}

long hsds_count_flagged(struct hsds_model *m, enum hsds_table t)
{
    long n = 0;
    if (!m->failed && m->rows->count_flagged(m->staging, (int)t, &n) != BELONG_OK)
        model_fail(m);
    return n;
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
