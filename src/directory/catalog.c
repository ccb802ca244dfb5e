/* catalog.c — importing records into the directory in one transaction (each record's
** organisation and place first, then the activity naming them), and re-expanding schedules into
** occurrences for the horizon (see catalog.h).
*/
#include "catalog.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/staging.h"
#include "../util/buf.h"
#include "../util/limits.h"
#include "../util/rc.h"
#include "../util/text.h"
#include "../util/timeutil.h"
#include "home_state.h"
#include "audience.h"
#include "catalog_spool.h"
#include "language.h"
#include "infer.h"
#include "places.h"

#define HORIZON_DAYS_MAX 3660
#define PROGRESS_EVERY   2000
#define IMPORT_TEXT_MAX  65536      /* bytes in one text field of a listing */
#define SPOOL_CACHE_KIB  (8 * 1024) /* the spool is read in order: a small cache will do */

struct import_record *import_batch_add(struct import_batch *b)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->records = xrealloc(b->records, b->cap * sizeof *b->records);
    }
    struct import_record *r = &b->records[b->n++];
    import_record_init(r);
    return r;
}

void import_record_init(struct import_record *r)
{
    memset(r, 0, sizeof *r);
    r->activity.active = true;
    r->activity.cost_cents = COST_UNKNOWN;
    r->activity.peer_run = r->activity.substance_free = r->activity.drop_in = TRI_UNKNOWN;
}

void import_record_add_schedule(struct import_record *r, struct schedule *s)
{
    if (r->n_schedules == r->cap_schedules) {
        r->cap_schedules = r->cap_schedules ? r->cap_schedules * 2 : 2;
        r->schedules = xrealloc(r->schedules, r->cap_schedules * sizeof *r->schedules);
    }
    r->schedules[r->n_schedules++] = *s;
    memset(s, 0, sizeof *s);
}

void import_record_free(struct import_record *r)
{
    activity_free(&r->activity);
    for (size_t j = 0; j < r->n_schedules; j++)
        schedule_free(&r->schedules[j]);
    free(r->schedules);
    free(r->file);
    free(r->terms);
    free(r->eligibility);
    memset(r, 0, sizeof *r);
}

void import_batch_free(struct import_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        import_record_free(&b->records[i]);
    free(b->records);
    free(b->source);
    free(b->kind);
    free(b->former_source);
    staging_close(b->spool);
    memset(b, 0, sizeof *b);
}

int import_batch_spool(struct import_batch *b, char *err, size_t errlen)
{
    if (b->spool)
        return BELONG_OK;
    int rc = staging_open(&b->spool, 0, NULL, NULL, SPOOL_CACHE_KIB, err, errlen);
    return rc == BELONG_OK ? import_batch_spill(b, err, errlen) : rc;
}

int import_batch_spill(struct import_batch *b, char *err, size_t errlen)
{
    int rc = b->spool_failed ? BELONG_EIO : BELONG_OK;
    struct buf bytes = {0};
    for (size_t i = 0; b->spool && i < b->n; i++) {
        buf_reset(&bytes);
        catalog_spool_encode(&b->records[i], NULL, 0, &bytes);
        if (rc == BELONG_OK) {
            rc = staging_blob_put(b->spool, b->n_spooled, bytes.data, bytes.len);
            b->n_spooled += rc == BELONG_OK;
        }
        import_record_free(&b->records[i]);
    }
    if (b->spool)
        b->n = 0;
    buf_free(&bytes);
    if (rc != BELONG_OK) {
        b->spool_failed = true;
        snprintf(err, errlen, "%s", staging_errmsg(b->spool));
    }
    return rc;
}

size_t import_batch_count(const struct import_batch *b)
{
    return b->n_spooled + b->n;
}

#define SPOOL_AFTER 4096 /* records a batch holds in memory before it goes to disk */
#define SPILL_EVERY 64   /* then: records taken before they go to disk */

int import_batch_take(struct import_batch *b, struct import_record *r, char *err, size_t errlen)
{
    int rc = BELONG_OK;
    if (!b->spool && b->n >= SPOOL_AFTER)
        rc = import_batch_spool(b, err, errlen);
    else if (b->spool && b->n >= SPILL_EVERY)
        rc = import_batch_spill(b, err, errlen);
    if (rc != BELONG_OK) {
        import_record_free(r);
        return rc;
    }
    struct import_record *slot = import_batch_add(b);
    *slot = *r;
    memset(r, 0, sizeof *r);
    return BELONG_OK;
}

/* Record i of the batch: in memory (*r points into it), or read back from the spool into *own
** (then *r == own: free it with import_record_free), with its occurrences when occ is given.
** Returns 0, or BELONG_EIO reported to diag. */
static int batch_record(struct import_batch *b, size_t i, struct import_record *own,
                        struct import_record **r, struct occurrence **occ, size_t *n_occ,
                        struct diag *diag)
{
    if (i >= b->n_spooled) {
        *r = &b->records[i - b->n_spooled];
        return BELONG_OK;
    }
    const void *data = NULL;
    size_t len = 0;
    *r = own;
    int rc = staging_blob_get(b->spool, i, &data, &len);
    if (rc == BELONG_OK && catalog_spool_decode(data, len, own, occ, n_occ) != BELONG_OK)
        rc = BELONG_EIO;
    if (rc != BELONG_OK) {
        memset(own, 0, sizeof *own);
        diag_add(diag, b->source, 0, NULL, "cannot read the import's records back: %s",
                 staging_errmsg(b->spool));
        return BELONG_EIO;
    }
    return BELONG_OK;
}

/* The window an import or a refresh run now materialises: from the start of today (local)
** for days_given days, else for the stored number (meta "horizon_days", default
** HORIZON_DAYS_DEFAULT). */
static int horizon_to_write(struct store *s, int days_given, time_t *from, time_t *to)
{
    char *value = NULL;
    int rc = days_given > 0 ? BELONG_OK : store_meta_get(s, "horizon_days", &value);
    if (rc != BELONG_OK)
        return rc;
    long days = days_given > 0 ? days_given : HORIZON_DAYS_DEFAULT;
    if (value) {
        char *end;
        long stored = strtol(value, &end, 10);
        if (*end == '\0' && stored > 0 && stored <= HORIZON_DAYS_MAX)
            days = stored;
        free(value);
    }
    *from = local_day_start(belong_now(), NULL);
    *to = *from + (time_t)days * SECONDS_PER_DAY;
    return BELONG_OK;
}

int catalog_horizon(struct store *s, time_t *from, time_t *to)
{
    bool found;
    int rc = store_horizon_get(s, from, to, &found);
    if (rc == BELONG_OK && !found)
        rc = horizon_to_write(s, 0, from, to); /* nothing imported yet: nothing to miss */
    return rc;
}

struct occurrence_list {
    struct occurrence *items;
    size_t n, cap;
};

static int collect_occurrence(void *ctx, const struct occurrence *occ)
{
    struct occurrence_list *list = ctx;
    if (list->n == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 32;
        list->items = xrealloc(list->items, list->cap * sizeof *list->items);
    }
    list->items[list->n++] = *occ;
    return 0;
}

static int by_start(const void *a, const void *b)
{
    const struct occurrence *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

int catalog_expand(const struct schedule *scheds, size_t n, time_t from, time_t to,
                   struct occurrence **occ, size_t *n_occ)
{
    struct occurrence_list list = {0};
    int rc = BELONG_OK;
    for (size_t i = 0; rc == BELONG_OK && i < n; i++)
        rc = schedule_expand(&scheds[i], from, to, collect_occurrence, &list);
    if (rc != BELONG_OK) {
        free(list.items);
        *occ = NULL;
        *n_occ = 0;
        return rc;
    }
    if (n > 1 && list.n > 1) {
        /* Several schedules may name the same start: keep one. */
        qsort(list.items, list.n, sizeof *list.items, by_start);
        size_t kept = 1;
        for (size_t i = 1; i < list.n; i++)
            if (list.items[i].start != list.items[kept - 1].start)
                list.items[kept++] = list.items[i];
        list.n = kept;
    }
    *occ = list.items;
    *n_occ = list.n;
    return BELONG_OK;
}

/* Checks what the store and the expansion need; parsers check their own fields first.
** Returns true when the record can be written; reports each problem to diag. */
static bool record_is_valid(const struct import_record *r, struct diag *diag)
{
    bool ok = true;
    if (!r->activity.source_ref || !*r->activity.source_ref) {
        diag_add(diag, r->file, r->line, "id", "missing");
        ok = false;
    }
    if (!r->activity.name || !*r->activity.name) {
        diag_add(diag, r->file, r->line, "name", "missing");
        ok = false;
    }
    const struct {
        const char *field, *value;
        bool multiline;
    } texts[] = {
        {"name", r->activity.name, false},
        {"description", r->activity.description, true},
        {"organization", r->activity.organization, false},
        {"organization_id", r->activity.organization_ref, false},
        {"location_id", r->activity.location_ref, false},
        {"url", r->activity.url, false},
        {"email", r->activity.email, false},
        {"phone", r->activity.phone, false},
        {"tags", r->activity.tags, false},
        {"languages", r->activity.languages, false},
        {"location", r->activity.location_name, false},
        {"address", r->activity.address, true},
        {"town", r->activity.town, false},
        {"zip", r->activity.zip, false},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *why = texts[i].value
                              ? text_problem(texts[i].value, IMPORT_TEXT_MAX, texts[i].multiline)
                              : NULL;
        if (why) {
            diag_add(diag, r->file, r->line, texts[i].field, "%s", why);
            ok = false;
        }
    }
    if (r->activity.has_coords && (r->activity.lat < -90 || r->activity.lat > 90)) {
        diag_add(diag, r->file, r->line, "latitude", "%g is outside [-90, 90]", r->activity.lat);
        ok = false;
    }
    if (r->activity.has_coords && (r->activity.lon < -180 || r->activity.lon > 180)) {
        diag_add(diag, r->file, r->line, "longitude", "%g is outside [-180, 180]", r->activity.lon);
        ok = false;
    }
    for (size_t i = 0; i < r->n_schedules; i++) {
        char err[256];
        if (schedule_check(&r->schedules[i], err, sizeof err) != BELONG_OK) {
            diag_add(diag, r->file, r->line, "schedule", "%s", err);
            ok = false;
        }
    }
    return ok;
}

/* The ZIP points, read the first time an import meets a place without coordinates. */
struct zip_lookup {
    struct zip_index *index; /* NULL until loaded, or when the list cannot be read */
    bool tried;
    struct home_state home;     /* the state a town without one means (home_state.h) */
    struct place_prefer prefer; /* asks home */
};

/* Puts a place its source gives no coordinates for at the centre of its ZIP code, else of its
** town (in the state the source gives, else the one a bare town name means: home_state.h), so
** that searches around a place find it; the row says which, as distances to it are then
** approximate. Online listings stay without a place. */
static void place_approximately(struct zip_lookup *z, const struct activity *a, struct location *l)
{
    bool by_zip = l->zip && *l->zip, by_town = l->town && *l->town;
    if (l->has_coords || a->is_virtual || !(by_zip || by_town))
        return;
    if (!z->tried) {
        char err[256];
        z->tried = true;
        if (zip_index_load(&z->index, err, sizeof err) != BELONG_OK)
            z->index = NULL; /* places stay as the source gave them */
    }
    char state[3] = "";
    if (by_town)
        memcpy(state, a->state, 2);
    if (by_town && !state[0] && !z->prefer.state(z->prefer.ctx, z->index, state))
        by_town = false;
    if (by_zip && zip_index_find(z->index, l->zip, &l->lat, &l->lon)) {
        l->has_coords = true;
        l->coords_from = COORDS_FROM_ZIP;
    } else if (by_town && zip_index_find_town(z->index, l->town, state, &l->lat, &l->lon)) {
        l->has_coords = true;
        l->coords_from = COORDS_FROM_TOWN;
    }
}

/* The states the batch's valid records give for their places, counted (the first 64). */
struct state_tally {
    struct {
        char code[3];
        size_t count;
    } states[64];
    int n, best;
};

static void state_tally_add(struct state_tally *t, const char *st)
{
    if (!st[0])
        return;
    int k = 0;
    while (k < t->n && strcmp(t->states[k].code, st) != 0)
        k++;
    if (k == t->n && t->n == (int)(sizeof t->states / sizeof t->states[0]))
        return;
    if (k == t->n) {
        memcpy(t->states[t->n].code, st, 3);
        t->states[t->n++].count = 0;
    }
    t->states[k].count++;
    if (t->best < 0 || t->states[k].count > t->states[t->best].count)
        t->best = k;
}

/* Writes the record's organisation and place, keyed by the ids its source gives (else by the
** name and venue fields, as the source gave them), and returns their store ids (0 = none). */
static int write_org_and_place(struct store *s, int64_t source_id, const struct activity *a,
                               struct zip_lookup *zips, int64_t *organization_id,
                               int64_t *location_id)
{
    int rc = BELONG_OK;
    *organization_id = *location_id = 0;
    if (a->organization && *a->organization) {
        /* borrows a's strings but the key it may derive */
        struct organization o = {.source_ref = a->organization_ref, .name = a->organization};
        char *derived = o.source_ref ? NULL : organization_default_ref(a->organization);
        if (derived)
            o.source_ref = derived;
        rc = store_organization_upsert(s, source_id, &o, organization_id);
        free(derived);
    }
    struct location l = {.source_ref = a->location_ref,
                         .name = a->location_name,
                         .address = a->address,
                         .town = a->town,
                         .zip = a->zip,
                         .has_coords = a->has_coords,
                         .lat = a->lat,
                         .lon = a->lon};
    if (rc == BELONG_OK && (l.source_ref || location_is_known(&l))) {
        char *derived = l.source_ref ? NULL : location_default_ref(&l);
        if (derived)
            l.source_ref = derived;
        place_approximately(zips, a, &l);
        rc = store_location_upsert(s, source_id, &l, location_id);
        free(derived);
    }
    return rc;
}

/* A record's (or a stored listing's) occurrences in the horizon, expanded before the write
** lock is taken. */
struct record_occurrences {
    struct occurrence *occ; /* owned */
    size_t n;
    bool failed; /* its schedules no longer expand (refresh) */
};

/* Writes one record: its organisation and place, the activity, its schedules, and its
** occurrences from `from` on (expanded already). */
static int write_record(struct store *s, int64_t source_id, int64_t generation,
                        const struct import_record *r, time_t from,
                        const struct record_occurrences *occs, struct zip_lookup *zips,
                        struct import_stats *stats)
{
    int64_t id = 0;
    bool created = false;
    struct activity a = r->activity; /* a shallow copy that names the rows just written */
    int rc =
        write_org_and_place(s, source_id, &r->activity, zips, &a.organization_id, &a.location_id);
    if (rc == BELONG_OK)
        rc = store_activity_upsert(s, source_id, generation, &a, &id, &created);
    if (rc == BELONG_OK)
        rc = store_schedules_replace(s, id, r->schedules, r->n_schedules);
    if (rc == BELONG_OK)
        rc = store_occurrences_replace(s, id, from, occs->occ, occs->n);
    if (rc == BELONG_OK) {
        stats->activities++;
        stats->created += created;
        stats->occurrences += (long)occs->n;
    }
    return rc;
}

_Static_assert(INFER_ATTR_CATEGORY == ATTR_CATEGORY && INFER_ATTR_TAGS == ATTR_TAGS &&
                   INFER_ATTR_INTENSITY == ATTR_INTENSITY,
               "infer.h names the attributes as store.h does");

void catalog_infer(const struct infer_rules *rules, struct import_record *r)
{
    struct activity *a = &r->activity;
    if (!a->audience) { /* who it is for: its eligibility, words and terms (audience.h) */
        bool open_to_all = false;
        unsigned eligible =
            audience_eligibility(r->eligibility, r->min_age, r->max_age, &open_to_all);
        a->audience =
            open_to_all ? 0 : eligible | audience_infer(a->name, a->description, r->terms);
    }
    /* held in: from its words and terms ("Spanish Speaking", Open Eligibility), language.h */
    if (!a->languages || !*a->languages) {
        struct buf text = {0}, held_in = {0};
        buf_printf(&text, "%s\n%s\n%s", a->name ? a->name : "",
                   a->description ? a->description : "", r->terms ? r->terms : "");
        language_from_words(infer_rules_languages(rules), buf_str(&text), &held_in);
        free(a->languages);
        a->languages = held_in.len ? buf_detach(&held_in) : NULL;
        buf_free(&held_in);
        buf_free(&text);
    }
    bool want_category = !a->category || !*a->category, want_tags = !a->tags || !*a->tags;
    if (!want_category && !want_tags && a->intensity)
        return;
    struct infer_input in = {.name = a->name,
                             .description = a->description,
                             .terms = r->terms ? r->terms : a->tags,
                             .category = want_category ? NULL : a->category,
                             .organization = a->organization,
                             .location_name = a->location_name,
                             .group_size = a->group_size,
                             .duration_minutes =
                                 r->n_schedules ? (int)(r->schedules[0].duration_s / 60) : 0,
                             .drop_in = a->drop_in};
    struct infer_result res;
    infer_listing(rules, &in, &res);
    unsigned which = 0;
    if (want_category && res.category[0]) {
        free(a->category);
        a->category = xstrdup(res.category);
        which |= INFER_ATTR_CATEGORY;
    }
    if (want_tags && res.tags[0]) {
        free(a->tags);
        a->tags = xstrdup(res.tags);
        which |= INFER_ATTR_TAGS;
    }
    if (!a->intensity && res.intensity) {
        a->intensity = res.intensity;
        which |= INFER_ATTR_INTENSITY;
    }
    a->inferred = which;
    free(a->inference);
    a->inference = NULL;
    if (which) {
        struct buf evidence = {0};
        infer_evidence_format(&res, which, &evidence);
        a->inference = buf_detach(&evidence);
    }
}

/* A valid record's id, for finding ids listed twice: its hash, 16 bytes a record whatever the
** id's length (the ids themselves are read back from the records only where hashes meet). */
struct record_ref {
    uint64_t hash;
    size_t i;
};

static uint64_t ref_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a, then spread */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    return h ^ (h >> 32);
}

static int by_hash(const void *a, const void *b)
{
    const struct record_ref *x = a, *y = b;
    if (x->hash != y->hash)
        return (x->hash > y->hash) - (x->hash < y->hash);
    return (x->i > y->i) - (x->i < y->i); /* the first listed first */
}

/* A record refused for its id: listed first at record first. */
struct repeated {
    char *ref; /* heap */
    size_t first, i;
};

static int by_ref(const void *a, const void *b)
{
    const struct repeated *x = a, *y = b;
    int c = strcmp(x->ref, y->ref);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The id of record i, read back (heap; NULL on a read error, reported). */
static char *record_id(struct import_batch *b, size_t i, struct diag *diag)
{
    struct import_record own, *r;
    if (batch_record(b, i, &own, &r, NULL, NULL, diag) != BELONG_OK)
        return NULL;
    char *id = xstrdup(r->activity.source_ref);
    if (r == &own)
        import_record_free(&own);
    return id;
}

/* The records of refs[from, to) (one hash, in record order) whose id an earlier one of them
** has, each with the first that has it, appended to *rep. Returns 0 or BELONG_EIO. */
static int find_repeated(struct import_batch *b, const struct record_ref *refs, size_t from,
                         size_t to, struct repeated **rep, size_t *n_rep, size_t *cap,
                         struct diag *diag)
{
    size_t n = to - from;
    char **ids = xcalloc(n, sizeof *ids);
    int rc = BELONG_OK;
    for (size_t k = 0; rc == BELONG_OK && k < n; k++)
        if (!(ids[k] = record_id(b, refs[from + k].i, diag)))
            rc = BELONG_EIO;
    for (size_t k = 1; rc == BELONG_OK && k < n; k++) {
        size_t first = 0;
        while (first < k && strcmp(ids[first], ids[k]) != 0)
            first++;
        if (first == k)
            continue;
        if (*n_rep == *cap) {
            *cap = *cap ? *cap * 2 : 16;
            *rep = xrealloc(*rep, *cap * sizeof **rep);
        }
        (*rep)[(*n_rep)++] =
            (struct repeated){xstrdup(ids[k]), refs[from + first].i, refs[from + k].i};
    }
    for (size_t k = 0; k < n; k++)
        free(ids[k]);
    free(ids);
    return rc;
}

/* Refuses every record whose id an earlier record of the batch has (one key, one listing: the
** second would overwrite the first). Reports each against the first, in the order of the ids.
** Ids whose hashes meet are compared as they are. */
static int refuse_repeated_ids(struct import_batch *b, struct record_ref *refs, size_t n,
                               bool *valid, struct diag *diag, long *rejected)
{
    int rc = BELONG_OK;
    struct repeated *rep = NULL;
    size_t n_rep = 0, cap = 0;
    qsort(refs, n, sizeof *refs, by_hash);
    for (size_t i = 0, end; rc == BELONG_OK && i < n; i = end) {
        for (end = i + 1; end < n && refs[end].hash == refs[i].hash;)
            end++;
        if (end - i > 1)
            rc = find_repeated(b, refs, i, end, &rep, &n_rep, &cap, diag);
    }
    if (n_rep > 1)
        qsort(rep, n_rep, sizeof *rep, by_ref);
    for (size_t k = 0; rc == BELONG_OK && k < n_rep; k++) {
        struct import_record own_first, own, *first, *r;
        rc = batch_record(b, rep[k].first, &own_first, &first, NULL, NULL, diag);
        if (rc == BELONG_OK) {
            rc = batch_record(b, rep[k].i, &own, &r, NULL, NULL, diag);
            if (rc == BELONG_OK) {
                diag_add(diag, r->file, r->line, "id", "'%.80s' is listed twice (first at %s:%ld)",
                         r->activity.source_ref, first->file ? first->file : "?", first->line);
                if (r == &own)
                    import_record_free(&own);
            }
            if (first == &own_first)
                import_record_free(&own_first);
        }
        valid[rep[k].i] = false;
        (*rejected)++;
    }
    for (size_t k = 0; k < n_rep; k++)
        free(rep[k].ref);
    free(rep);
    return rc;
}

/* Checks every record and collects the ids of the valid ones (OUT: *valid, *refs, *n_refs). */
static int check_records(struct import_batch *b, bool *valid, struct record_ref **refs,
                         size_t *n_refs, struct diag *diag, long *rejected)
{
    size_t total = import_batch_count(b);
    *refs = xmalloc((total ? total : 1) * sizeof **refs);
    *n_refs = 0;
    int rc = BELONG_OK;
    for (size_t i = 0; rc == BELONG_OK && i < total; i++) {
        struct import_record own, *r;
        rc = batch_record(b, i, &own, &r, NULL, NULL, diag);
        if (rc != BELONG_OK)
            break;
        valid[i] = record_is_valid(r, diag);
        *rejected += !valid[i];
        if (valid[i])
            (*refs)[(*n_refs)++] = (struct record_ref){ref_hash(r->activity.source_ref), i};
        if (r == &own)
            import_record_free(&own);
    }
    return rc;
}

/* Infers what each valid record leaves unsaid and expands its schedules for [from, to), before
** the write lock: a spooled record goes back to the spool with its occurrences, one in memory
** keeps them in occs (by its place in b->records). OUT: *states. */
static int prepare_records(struct import_batch *b, const bool *valid, time_t from, time_t to,
                           struct record_occurrences *occs, struct state_tally *states,
                           struct diag *diag)
{
    struct infer_rules *rules = NULL;
    int rc = infer_rules_load(&rules, diag);
    size_t total = import_batch_count(b), total_occurrences = 0;
    struct buf bytes = {0};
    for (size_t i = 0; rc == BELONG_OK && i < total; i++) {
        if (!valid[i])
            continue;
        struct import_record own, *r;
        rc = batch_record(b, i, &own, &r, NULL, NULL, diag);
        if (rc != BELONG_OK)
            break;
        catalog_infer(rules, r);
        state_tally_add(states, r->activity.state);
        struct record_occurrences ro = {0};
        if (catalog_expand(r->schedules, r->n_schedules, from, to, &ro.occ, &ro.n) != BELONG_OK) {
            diag_add(diag, r->file, r->line, "schedule", "cannot be expanded");
            rc = BELONG_EDATA;
        }
        total_occurrences += ro.n;
        if (rc == BELONG_OK && total_occurrences > IMPORT_MAX_OCCURRENCES) {
            char limit[32];
            diag_add(diag, r->file, r->line, "schedule",
                     "the import would write more than the %s-occurrence limit; nothing was "
                     "written",
                     limit_text(IMPORT_MAX_OCCURRENCES, limit, sizeof limit));
            rc = BELONG_EDATA;
        }
        if (r == &own) {
            buf_reset(&bytes);
            catalog_spool_encode(r, ro.occ, ro.n, &bytes);
            if (rc == BELONG_OK && staging_blob_put(b->spool, i, bytes.data, bytes.len) != 0) {
                diag_add(diag, b->source, 0, NULL, "cannot keep the import's records: %s",
                         staging_errmsg(b->spool));
                rc = BELONG_EIO;
            }
            free(ro.occ);
            import_record_free(&own);
        } else {
            occs[i - b->n_spooled] = ro;
        }
    }
    buf_free(&bytes);
    infer_rules_free(rules);
    return rc;
}

int catalog_import(struct store *s, struct import_batch *b, const struct import_options *opt,
                   struct diag *diag, struct import_stats *stats_out)
{
    static const struct import_options defaults = {0};
    if (!opt)
        opt = &defaults;
    struct import_stats stats = {0};
    size_t total = import_batch_count(b), n_refs = 0;
    struct record_occurrences *occs = xcalloc(b->n ? b->n : 1, sizeof *occs);
    bool *valid = xcalloc(total ? total : 1, sizeof *valid);
    struct record_ref *refs = NULL;
    struct state_tally states = {.best = -1};
    int rc = check_records(b, valid, &refs, &n_refs, diag, &stats.rejected);
    if (rc == BELONG_OK)
        rc = refuse_repeated_ids(b, refs, n_refs, valid, diag, &stats.rejected);
    free(refs);
    if (rc == BELONG_OK && stats.rejected && !opt->lenient)
        rc = BELONG_EDATA;
    if (rc != BELONG_OK)
        goto out;

    time_t from, to;
    int64_t source_id = 0, generation = 0;
    rc = horizon_to_write(s, 0, &from, &to);
    /* Everything that needs no lock is done before the write transaction begins: other
    ** writers (a CPS's peer edit) wait only for the writing itself. */
    if (rc == BELONG_OK)
        rc = prepare_records(b, valid, from, to, occs, &states, diag);
    if (rc == BELONG_OK)
        rc = store_begin(s);
    if (rc != BELONG_OK)
        goto out;
    if (rc == BELONG_OK && b->former_source)
        rc = store_source_rename(s, b->former_source, b->source, &stats.renamed);
    if (rc == BELONG_OK)
        rc = store_source_begin(s, b->source, b->kind, &source_id, &generation);
    struct zip_lookup zips = {0};
    zips.prefer = home_state_prefer(&zips.home, s);
    if (states.best >= 0)
        home_state_suggest(&zips.home, states.states[states.best].code);
    for (size_t i = 0; rc == BELONG_OK && i < total; i++) {
        if (!valid[i])
            continue;
        struct import_record own, *r;
        struct record_occurrences spooled = {0}, *ro = &spooled;
        rc = batch_record(b, i, &own, &r, &spooled.occ, &spooled.n, diag);
        if (rc != BELONG_OK)
            break;
        if (r != &own)
            ro = &occs[i - b->n_spooled];
        rc = write_record(s, source_id, generation, r, from, ro, &zips, &stats);
        if (rc != BELONG_OK)
            diag_add(diag, r->file, r->line, NULL, "cannot store: %s", store_errmsg(s));
        if (r == &own)
            import_record_free(&own);
        free(spooled.occ);
        if (opt->progress && (i + 1) % PROGRESS_EVERY == 0)
            opt->progress(opt->progress_ctx, i + 1, total);
    }
    zip_index_free(zips.index);
    if (rc == BELONG_OK)
        rc = store_source_reindex(s, source_id, generation);
    if (rc == BELONG_OK)
        rc = store_horizon_record(s, source_id, from, to);
    if (rc == BELONG_OK)
        rc = store_source_retire_unseen(s, source_id, generation, &stats.retired);
    if (rc == BELONG_OK)
        rc = store_source_prune(s, source_id, NULL);
    if (rc == BELONG_OK && stats.activities == 0 && !opt->allow_empty) {
        /* An empty feed is more often a broken download (or the wrong file) than a directory
        ** that closed, also the first time a source is imported. */
        if (stats.retired > 0)
            diag_add(diag, b->source, 0, NULL,
                     "no activities in this import; it would retire all %ld listed ones (allow "
                     "it with --allow-empty)",
                     stats.retired);
        else
            diag_add(diag, b->source, 0, NULL,
                     "no activities in this import: an empty or broken download, or the wrong "
                     "file? (allow it with --allow-empty)");
        rc = BELONG_EDATA;
    }
    /* A folder's name is a weak identity: two directories downloaded into folders of the same
    ** name would replace each other's listings. */
    if (rc == BELONG_OK && opt->name_guessed && stats.retired > 0 &&
        stats.created == stats.activities) {
        diag_add(diag, b->source, 0, NULL,
                 "this import names none of the source's %ld listings and would retire them "
                 "all: is it another directory in a folder of the same name? Name it with "
                 "--source NAME (or give --source %s to replace them)",
                 stats.retired, b->source);
        rc = BELONG_EDATA;
    }
    if (rc == BELONG_OK)
        rc = store_commit(s);
    if (rc != BELONG_OK)
        store_rollback(s);
    else if (opt->progress)
        opt->progress(opt->progress_ctx, total, total);
out:
    for (size_t i = 0; i < b->n; i++)
        free(occs[i].occ);
    free(occs);
    free(valid);
    if (stats_out)
        *stats_out = stats;
    return rc;
}

static void free_expansions(int64_t **ids, struct record_occurrences **occs, size_t *n)
{
    for (size_t i = 0; *occs && i < *n; i++)
        free((*occs)[i].occ);
    free(*occs);
    free(*ids);
    *occs = NULL;
    *ids = NULL;
    *n = 0;
}

/* Reads every active listing's schedules and expands them into [from, to). A listing whose
** rules no longer expand is marked failed, without dates. OUT: *ids, *occs, *n (free with
** free_expansions, also on error). */
static int expand_listings(struct store *s, time_t from, time_t to, int64_t **ids,
                           struct record_occurrences **occs, size_t *n)
{
    int rc = store_activity_ids(s, ids, n);
    *occs = xcalloc(*n ? *n : 1, sizeof **occs);
    for (size_t i = 0; rc == BELONG_OK && i < *n; i++) {
        struct schedule *scheds = NULL;
        size_t n_scheds = 0;
        rc = store_schedules_get(s, (*ids)[i], &scheds, &n_scheds);
        if (rc == BELONG_OK &&
            catalog_expand(scheds, n_scheds, from, to, &(*occs)[i].occ, &(*occs)[i].n) != 0)
            (*occs)[i].failed = true;
        for (size_t j = 0; j < n_scheds; j++)
            schedule_free(&scheds[j]);
        free(scheds);
    }
    return rc;
}

int catalog_refresh(struct store *s, int horizon_days, struct diag *diag,
                    struct import_stats *stats_out)
{
    struct import_stats stats = {0};
    int64_t *ids = NULL;
    struct record_occurrences *occs = NULL;
    size_t n_ids = 0;
    time_t from = 0, to = 0, locked_from = 0, locked_to = 0;
    /* The schedules are read (in one read transaction) and expanded before the write lock is
    ** taken, and the directory's version noted: if another write changed the directory (or the day
    *or horizon changed)
    ** before the lock is ours, they are read and expanded again under it. */
    int rc = store_read_begin(s);
    int64_t version = rc == BELONG_OK ? store_directory_version(s) : -1;
    if (rc == BELONG_OK)
        rc = version < 0 ? BELONG_EINTERNAL : horizon_to_write(s, horizon_days, &from, &to);
    if (rc == BELONG_OK)
        rc = expand_listings(s, from, to, &ids, &occs, &n_ids);
    store_read_end(s);
    if (rc == BELONG_OK)
        rc = store_begin(s);
    if (rc != BELONG_OK) {
        free_expansions(&ids, &occs, &n_ids);
        return rc;
    }
    if (horizon_days > 0) {
        char value[16];
        snprintf(value, sizeof value, "%d", horizon_days);
        rc = store_meta_set(s, "horizon_days", value);
    }
    if (rc == BELONG_OK)
        rc = horizon_to_write(s, 0, &locked_from, &locked_to);
    if (rc == BELONG_OK &&
        (store_directory_version(s) != version || locked_from != from || locked_to != to)) {
        free_expansions(&ids, &occs, &n_ids);
        from = locked_from;
        to = locked_to;
        rc = expand_listings(s, from, to, &ids, &occs, &n_ids);
    }
    for (size_t i = 0; rc == BELONG_OK && i < n_ids; i++) {
        rc = store_occurrences_replace(s, ids[i], from, occs[i].occ, occs[i].n);
        stats.activities++;
        stats.occurrences += (long)occs[i].n;
        if (occs[i].failed) {
            /* One listing whose rules no longer expand must not hold back all the others. */
            if (diag)
                diag_add(diag, "activity", (long)ids[i], "schedule",
                         "cannot be expanded; it has no dates until it is imported again");
            stats.rejected++;
        }
    }
    free_expansions(&ids, &occs, &n_ids);
    if (rc == BELONG_OK)
        rc = store_horizon_record(s, 0, from, to);
    if (rc == BELONG_OK)
        rc = store_commit(s);
    if (rc != BELONG_OK)
        store_rollback(s);
    if (stats_out)
        *stats_out = stats;
    return rc;
}
