/* sqlite_match.c — the SQLite side of recommend: candidates with their window occurrences (or
** schedules) in one set-based query, the details of the survivors in another (with their
** organisation's name and their place's town, from those tables), the relevance of a peer's
** words to a set of ids, and choices.
**
** Inside the materialised horizon, the candidates are found in the listings kept in memory
** (store_listings_get: place, cost, access, weekly time signature), and one query joins their
** occurrences in the window through the occurrence primary key. Past the horizon, the query is
** driven by the R*Tree box around the peer's home (or the partial index of online activities)
** and joins each activity's stored schedules, for the caller to expand. CROSS JOIN fixes the
** loop order, so the rows of one activity come together and are handed over as one candidate.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

/* Parameters: ?1..?4 box (min lat, max lat, min lon, max lon)  ?5 from  ?6 to
**   ?7 weekday mask  ?8 max cost (-1 any)  ?9 access bits  ?10 the only id  ?15 ids (JSON)
** The candidate columns all live in the covering indexes activity_match (by id) and
** activity_online (migrations 5 and 6), so no listing is read whole here. */
#define CANDIDATE_COLUMNS                                                                          \
    "a.id, a.active, a.is_virtual, a.cost_cents, a.access, a.lat, a.lon, a.open_days,"             \
    " a.times_listed"
#define COL_FIRST_EXTRA 9
#define OCC_COLUMNS     CANDIDATE_COLUMNS ", o.start_utc, o.end_utc, o.weekday, o.start_minute"
#define SCHED_COLUMNS                                                                              \
    CANDIDATE_COLUMNS ", sc.dtstart, sc.tzid, sc.vtimezone, sc.duration_s, sc.rrule, sc.rdates,"   \
                      " sc.exdates, sc.valid_from, sc.valid_to, sc.description"
#define BOX "p.max_lat >= ?1 AND p.min_lat <= ?2 AND p.max_lon >= ?3 AND p.min_lon <= ?4"
/* 9 = ACCESS_WHEELCHAIR | ACCESS_TRANSIT, which online activities meet by nature. */
#define ATTRS                                                                                      \
    "a.active = 1 AND (?8 < 0 OR a.cost_cents <= ?8) AND"                                          \
    " ((a.access | CASE WHEN a.is_virtual THEN 9 ELSE 0 END) & ?9) = ?9"
#define OCC_JOIN                                                                                   \
    " CROSS JOIN occurrence o ON o.activity_id = a.id AND o.start_utc >= ?5 AND o.start_utc < ?6"  \
    " AND ((?7 >> o.weekday) & 1)"
#define SCHED_JOIN " CROSS JOIN schedule sc ON sc.activity_id = a.id"
#define BY_ID      " CROSS JOIN activity a INDEXED BY activity_match ON a.id = p.id"

/* The schedule statements, each with JOIN one of SCHED_JOIN (listings with a schedule) or
** SCHED_LEFT_JOIN (those without one too, f->untimed: their times are not listed). */
#define SCHED_LEFT_JOIN " LEFT JOIN schedule sc ON sc.activity_id = a.id"
#define SCHED_BOX(JOIN)                                                                            \
    "SELECT " SCHED_COLUMNS " FROM activity_place p" BY_ID JOIN " WHERE " BOX                      \
    " AND a.is_virtual = 0 AND " ATTRS
#define SCHED_ALL(JOIN)                                                                            \
    "SELECT " SCHED_COLUMNS " FROM activity a INDEXED BY activity_match" JOIN                      \
    " WHERE a.is_virtual = 0 AND " ATTRS
#define SCHED_ONLINE(JOIN)                                                                         \
    "SELECT " SCHED_COLUMNS " FROM activity a INDEXED BY activity_online" JOIN                     \
    " WHERE a.active = 1 AND a.is_virtual = 1 AND " ATTRS

/* This file's statements (store_stmt). */
enum match_stmt {
    MATCH_OCC_ONE,
    MATCH_SCHED_BOX,
    MATCH_SCHED_ALL,
    MATCH_SCHED_ONLINE,
    MATCH_SCHED_BOX_UNTIMED,
    MATCH_SCHED_ALL_UNTIMED,
    MATCH_SCHED_ONLINE_UNTIMED,
    MATCH_SCHED_ONE,
    MATCH_DESCRIPTION,
    MATCH_RELEVANCE,
    MATCH_CHOICE_PUT,
    MATCH_CHOICES_GET,
    MATCH_STMTS
};
static const char *const match_sql[MATCH_STMTS] = {
    [MATCH_OCC_ONE] =
        "SELECT " OCC_COLUMNS " FROM activity a LEFT JOIN occurrence o ON o.activity_id = a.id"
        " AND o.start_utc >= ?5 AND o.start_utc < ?6 WHERE a.id = ?10 ORDER BY o.start_utc",
    [MATCH_SCHED_BOX] = SCHED_BOX(SCHED_JOIN),
    [MATCH_SCHED_ALL] = SCHED_ALL(SCHED_JOIN),
    [MATCH_SCHED_ONLINE] = SCHED_ONLINE(SCHED_JOIN),
    [MATCH_SCHED_BOX_UNTIMED] = SCHED_BOX(SCHED_LEFT_JOIN),
    [MATCH_SCHED_ALL_UNTIMED] = SCHED_ALL(SCHED_LEFT_JOIN),
    [MATCH_SCHED_ONLINE_UNTIMED] = SCHED_ONLINE(SCHED_LEFT_JOIN),
    [MATCH_SCHED_ONE] =
        "SELECT " SCHED_COLUMNS " FROM activity a LEFT JOIN schedule sc ON sc.activity_id = a.id"
        " WHERE a.id = ?10 ORDER BY sc.id",
    [MATCH_DESCRIPTION] = "SELECT description FROM activity WHERE id = ?1",
    /* The matches are walked without ranking; only the ids asked for are ranked (as in search). */
    [MATCH_RELEVANCE] = "SELECT t.rowid, " STORE_RELEVANCE_SQL " FROM activity_text t"
                        " WHERE activity_text MATCH ?1 AND belong_in_ids(t.rowid, ?2)",
    [MATCH_CHOICE_PUT] =
        "INSERT INTO peer_choice(peer_id, activity_id, choice, note, at)"
        " SELECT ?1, ?2, ?3, belong_seal('peer_choice', 'note', ?4, ?1, ?2), ?5"
        " WHERE EXISTS (SELECT 1 FROM peer WHERE id = ?1 AND cps = ?6)"
        " AND EXISTS (SELECT 1 FROM activity WHERE id = ?2)"
        " ON CONFLICT(peer_id, activity_id) DO UPDATE SET choice = excluded.choice,"
        " note = excluded.note, at = excluded.at",
    [MATCH_CHOICES_GET] = "SELECT c.activity_id, c.choice,"
                          " belong_open('peer_choice', 'note', c.note, c.peer_id, c.activity_id),"
                          " c.at, a.name, a.category, o.name"
                          " FROM peer_choice c JOIN peer p ON p.id = c.peer_id AND p.cps = ?2"
                          " LEFT JOIN activity a ON a.id = c.activity_id"
                          " LEFT JOIN organization o ON o.id = a.organization_id"
                          " WHERE c.peer_id = ?1 ORDER BY c.activity_id",
};
const struct store_sql store_sql_match = {STORE_SQL_MATCH, "sqlite_match.c", match_sql, MATCH_STMTS,
                                          NULL};

static sqlite3_stmt *stmt(struct store *s, enum match_stmt i)
{
    return store_stmt(s, &store_sql_match, i);
}

/* The candidate being gathered from consecutive rows of one activity. */
struct gather {
    struct store_match_row row;
    struct occurrence *occ;
    size_t n_occ, cap_occ;
    struct schedule *scheds;
    size_t n_scheds, cap_scheds;
    bool open;
};

static void gather_start(struct gather *g, sqlite3_stmt *st)
{
    struct store_match_row *r = &g->row;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    g->n_occ = 0;
    g->n_scheds = 0;
    g->open = true;
    r->active = sqlite3_column_int(st, 1) != 0;
    r->is_virtual = sqlite3_column_int(st, 2) != 0;
    r->cost_cents =
        sqlite3_column_type(st, 3) == SQLITE_NULL ? COST_UNKNOWN : sqlite3_column_int(st, 3);
    r->access = (unsigned)sqlite3_column_int(st, 4);
    r->has_coords =
        sqlite3_column_type(st, 5) != SQLITE_NULL && sqlite3_column_type(st, 6) != SQLITE_NULL;
    r->lat = sqlite3_column_double(st, 5);
    r->lon = sqlite3_column_double(st, 6);
    r->open_days = (unsigned)sqlite3_column_int(st, 7);
    r->times_listed = sqlite3_column_int(st, 8) != 0;
}

static void gather_add_occurrence(struct gather *g, sqlite3_stmt *st)
{
    if (sqlite3_column_type(st, COL_FIRST_EXTRA) == SQLITE_NULL)
        return; /* LEFT JOIN without an occurrence */
    if (g->n_occ == g->cap_occ) {
        g->cap_occ = g->cap_occ ? 2 * g->cap_occ : 32;
        g->occ = xrealloc(g->occ, g->cap_occ * sizeof *g->occ);
    }
    struct occurrence *o = &g->occ[g->n_occ++];
    o->start = (time_t)sqlite3_column_int64(st, COL_FIRST_EXTRA);
    o->end = (time_t)sqlite3_column_int64(st, COL_FIRST_EXTRA + 1);
    o->weekday = sqlite3_column_int(st, COL_FIRST_EXTRA + 2);
    o->start_minute = sqlite3_column_int(st, COL_FIRST_EXTRA + 3);
}

static void gather_add_schedule(struct gather *g, sqlite3_stmt *st)
{
    const int c = COL_FIRST_EXTRA;
    if (sqlite3_column_type(st, c) == SQLITE_NULL)
        return; /* LEFT JOIN without a schedule */
    if (g->n_scheds == g->cap_scheds) {
        g->cap_scheds = g->cap_scheds ? 2 * g->cap_scheds : 4;
        g->scheds = xrealloc(g->scheds, g->cap_scheds * sizeof *g->scheds);
    }
    struct schedule *sc = &g->scheds[g->n_scheds++];
    sc->dtstart = store_column_dup(st, c);
    sc->tzid = store_column_dup(st, c + 1);
    sc->vtimezone = store_column_dup(st, c + 2);
    sc->duration_s = sqlite3_column_int(st, c + 3);
    sc->rrule = store_column_dup(st, c + 4);
    sc->rdates = store_column_dup(st, c + 5);
    sc->exdates = store_column_dup(st, c + 6);
    sc->valid_from = store_column_dup(st, c + 7);
    sc->valid_to = store_column_dup(st, c + 8);
    sc->description = store_column_dup(st, c + 9);
}

/* Hands the gathered candidate to fn. Returns fn's answer. */
static bool gather_flush(struct gather *g, store_match_fn fn, void *ctx)
{
    g->row.occ = g->occ;
    g->row.n_occ = g->n_occ;
    g->row.scheds = g->scheds;
    g->row.n_scheds = g->n_scheds;
    bool more = fn(ctx, &g->row);
    for (size_t i = 0; i < g->n_scheds; i++)
        schedule_free(&g->scheds[i]);
    g->n_scheds = 0;
    g->open = false;
    return more;
}

static void bind_match_filter(sqlite3_stmt *st, const struct store_match_filter *f)
{
    sqlite3_bind_double(st, 1, f->min_lat);
    sqlite3_bind_double(st, 2, f->max_lat);
    sqlite3_bind_double(st, 3, f->min_lon);
    sqlite3_bind_double(st, 4, f->max_lon);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)f->from);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)f->to);
    sqlite3_bind_int(st, 7, (int)(f->weekday_mask & 0x7f));
    sqlite3_bind_int(st, 8, f->max_cost_cents < 0 ? -1 : f->max_cost_cents);
    sqlite3_bind_int(st, 9, (int)f->access_required);
    sqlite3_bind_int64(st, 10, f->only_id);
}

/* Runs one candidate statement, gathering rows per activity. Returns 0 or a store error;
** *stopped is set when fn asked to stop. */
static int run_candidates(struct store *s, enum match_stmt sql, const struct store_match_filter *f,
                          struct gather *g, store_match_fn fn, void *ctx, bool *stopped)
{
    sqlite3_stmt *st = stmt(s, sql);
    if (!st)
        return BELONG_EINTERNAL;
    bind_match_filter(st, f);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (g->open && id != g->row.id && !gather_flush(g, fn, ctx)) {
            *stopped = true;
            break;
        }
        if (!g->open)
            gather_start(g, st);
        if (f->occurrences)
            gather_add_occurrence(g, st);
        else
            gather_add_schedule(g, st);
    }
    int rc = *stopped ? BELONG_OK : store_rc(s, step);
    sqlite3_reset(st);
    if (rc == BELONG_OK && g->open && !gather_flush(g, fn, ctx))
        *stopped = true;
    g->open = false;
    return rc;
}

/* Whether listing x has its times not listed in a way f asks for: open on one of f's weekdays
** without times, or (no days known) without any schedule. */
static bool untimed_fits(const struct store_listing *x, const struct store_match_filter *f)
{
    return x->open_days ? (x->open_days & f->weekday_mask) != 0 : !(x->flags & STORE_LISTING_TIMES);
}

/* Whether listing x passes f's place, online, cost, access and time-signature filters (what
** the schedule statements test in SQL: BOX, ATTRS, and CIRCLE and WEEK_SLOTS besides). */
static bool listing_passes(const struct store_listing *x, const struct store_match_filter *f,
                           const struct week_slots *slots)
{
    if ((x->flags & (STORE_LISTING_PRESENT | STORE_LISTING_ACTIVE)) !=
        (STORE_LISTING_PRESENT | STORE_LISTING_ACTIVE))
        return false;
    bool is_virtual = x->flags & STORE_LISTING_VIRTUAL;
    if (is_virtual ? !f->online : !f->in_person)
        return false;
    if (!is_virtual && f->has_box) {
        if (!(x->flags & STORE_LISTING_COORDS) || x->lat < f->min_lat || x->lat > f->max_lat ||
            x->lon < f->min_lon || x->lon > f->max_lon)
            return false;
        double dlat = x->lat - f->center_lat, dlon = (x->lon - f->center_lon) * f->lon_scale;
        if (dlat * dlat + dlon * dlon > f->radius_deg * f->radius_deg)
            return false;
    }
    if (f->max_cost_cents >= 0 && (x->cost_cents < 0 || x->cost_cents > f->max_cost_cents))
        return false;
    unsigned access = x->access | (is_virtual ? ACCESS_WHEELCHAIR | ACCESS_TRANSIT : 0u);
    if ((access & f->access_required) != f->access_required)
        return false;
    uint64_t shared = 0;
    for (int w = 0; w < WEEK_SLOT_WORDS; w++)
        shared |= x->slots[w] & slots->bits[w];
    return shared != 0 || (f->untimed && untimed_fits(x, f));
}

static int cmp_uint32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The ids of the listings passing f, as store_listings_in_box and the lists hand them over. */
struct taken {
    const struct store_match_filter *f;
    const struct week_slots *slots;
    uint32_t *ids;
    size_t n, cap;
};

static void take(void *ctx, uint32_t id, const struct store_listing *x)
{
    struct taken *t = ctx;
    if (!listing_passes(x, t->f, t->slots))
        return;
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 1024;
        t->ids = xrealloc(t->ids, t->cap * sizeof *t->ids);
    }
    t->ids[t->n++] = id;
}

/* Hands over, in id order, every listing passing f with an occurrence in the window on one of
** f's weekdays, all from memory: the listings and their occurrences (store_listings). Returns
** 0 or a store error. */
static int candidates_in_memory(struct store *s, const struct store_match_filter *f,
                                struct gather *g, store_match_fn fn, void *ctx)
{
    const struct store_listings *l = store_listings_for_matching(s);
    if (!l)
        return BELONG_EINTERNAL;
    struct week_slots slots = f->week_slots;
    bool any_time = true;
    for (int w = 0; w < WEEK_SLOT_WORDS; w++)
        any_time = any_time && slots.bits[w] == 0;
    if (any_time) /* an activity with no stored occurrence has an empty signature: left out */
        for (int w = 0; w < WEEK_SLOT_WORDS; w++)
            slots.bits[w] = ~(uint64_t)0;
    /* The listings passing f, in id order: from the grid cells the box covers (or all of them
    ** without a box) and the online ones. */
    struct taken t = {f, &slots, NULL, 0, 0};
    if (f->in_person && !f->has_box) {
        for (size_t id = 1; id < l->n; id++)
            take(&t, (uint32_t)id, &l->by_id[id]); /* online ones too, when f wants them */
    } else {
        if (f->in_person)
            store_listings_in_box(l, f->min_lat, f->max_lat, f->min_lon, f->max_lon, take, &t);
        if (f->online)
            for (size_t k = 0; k < l->n_online; k++)
                take(&t, l->online_ids[k], &l->by_id[l->online_ids[k]]);
        if (t.n > 1)
            qsort(t.ids, t.n, sizeof *t.ids, cmp_uint32);
    }
    int64_t from = (int64_t)f->from - l->occ_base, to = (int64_t)f->to - l->occ_base;
    for (size_t k = 0; k < t.n; k++) {
        size_t id = t.ids[k];
        const struct store_listing *x = &l->by_id[id];
        size_t lo = store_listing_first_occ(l, id, from);
        g->n_occ = 0;
        for (size_t i = lo; i < l->occ_first[id + 1] && (int64_t)l->occ[i].start < to; i++) {
            const struct store_listing_occ *o = &l->occ[i];
            int weekday = o->week_minute / 1440;
            if (!((f->weekday_mask >> weekday) & 1))
                continue;
            if (g->n_occ == g->cap_occ) {
                g->cap_occ = g->cap_occ ? 2 * g->cap_occ : 32;
                g->occ = xrealloc(g->occ, g->cap_occ * sizeof *g->occ);
            }
            time_t start = (time_t)(l->occ_base + o->start);
            g->occ[g->n_occ++] = (struct occurrence){
                .start = start,
                .end = start + (time_t)o->duration_min * 60,
                .weekday = weekday,
                .start_minute = o->week_minute % 1440,
            };
        }
        if (g->n_occ == 0 && !(f->untimed && untimed_fits(x, f)))
            continue;
        struct store_match_row *r = &g->row;
        *r = (struct store_match_row){
            .id = (int64_t)id,
            .access = x->access,
            .cost_cents = x->cost_cents < 0 ? COST_UNKNOWN : x->cost_cents,
            .is_virtual = x->flags & STORE_LISTING_VIRTUAL,
            .active = x->flags & STORE_LISTING_ACTIVE,
            .has_coords = x->flags & STORE_LISTING_COORDS,
            .lat = x->lat,
            .lon = x->lon,
            .times_listed = x->flags & STORE_LISTING_TIMES,
            .open_days = x->open_days,
        };
        g->n_scheds = 0;
        if (!gather_flush(g, fn, ctx))
            break;
    }
    free(t.ids);
    return BELONG_OK;
}

int store_match_candidates(struct store *s, const struct store_match_filter *f, store_match_fn fn,
                           void *ctx)
{
    int sqls[2] = {-1, -1}; /* enum match_stmt; -1: none */
    if (f->only_id > 0) {
        sqls[0] = f->occurrences ? MATCH_OCC_ONE : MATCH_SCHED_ONE;
    } else if (!f->occurrences) {
        if (f->in_person)
            sqls[0] = f->has_box ? (f->untimed ? MATCH_SCHED_BOX_UNTIMED : MATCH_SCHED_BOX)
                                 : (f->untimed ? MATCH_SCHED_ALL_UNTIMED : MATCH_SCHED_ALL);
        if (f->online)
            sqls[1] = f->untimed ? MATCH_SCHED_ONLINE_UNTIMED : MATCH_SCHED_ONLINE;
    }
    struct gather g = {0};
    int rc = BELONG_OK;
    bool stopped = false;
    if (f->only_id <= 0 && f->occurrences)
        rc = candidates_in_memory(s, f, &g, fn, ctx);
    for (int i = 0; i < 2 && rc == BELONG_OK && !stopped; i++)
        if (sqls[i] >= 0)
            rc = run_candidates(s, sqls[i], f, &g, fn, ctx, &stopped);
    for (size_t i = 0; i < g.n_scheds; i++)
        schedule_free(&g.scheds[i]);
    free(g.scheds);
    free(g.occ);
    return rc;
}

/* ---- details ------------------------------------------------------------------------------ */

int store_match_details(struct store *s, const int64_t *ids, size_t n, store_match_details_fn fn,
                        void *ctx)
{
    if (n == 0)
        return BELONG_OK;
    const struct store_listings *l = store_listings_for_matching(s);
    if (!l)
        return BELONG_EINTERNAL;
    for (size_t i = 0; i < n; i++) {
        if (ids[i] <= 0 || (uint64_t)ids[i] >= l->n ||
            !(l->by_id[ids[i]].flags & STORE_LISTING_PRESENT))
            continue;
        const struct store_listing *x = &l->by_id[ids[i]];
        const struct store_listing_text *t = &l->texts[ids[i]];
        struct store_match_details d = {
            .id = ids[i],
            .name = store_listings_string(l, t->name),
            .category = x->category ? l->categories[x->category] : NULL,
            .organization = store_listings_string(l, t->organization),
            .tags = store_listings_string(l, t->tags),
            .town = store_listings_string(l, t->town),
            .tzid = store_listings_string(l, t->tzid),
            .intensity = x->intensity,
            .group_size = t->group_size,
            .peer_run = t->peer_run,
            .substance_free = t->substance_free,
            .approximate_place = t->approximate_place,
            .audience = t->audience,
            .languages = store_listings_string(l, t->languages),
        };
        fn(ctx, &d);
    }
    return BELONG_OK;
}

int store_match_descriptions(struct store *s, const int64_t *ids, size_t n,
                             store_match_description_fn fn, void *ctx)
{
    if (n == 0)
        return BELONG_OK;
    sqlite3_stmt *st = stmt(s, MATCH_DESCRIPTION);
    if (!st)
        return BELONG_EINTERNAL;
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int64(st, 1, ids[i]);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW)
            fn(ctx, ids[i], (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            return store_rc(s, step);
    }
    return BELONG_OK;
}

/* ---- relevance ------------------------------------------------------------------------------ */

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int store_match_relevance(struct store *s, const struct store_text_query *q, const int64_t *ids,
                          size_t n, double *relevance)
{
    for (size_t i = 0; i < n; i++)
        relevance[i] = 0.0;
    char *match = n ? store_fts5_match(q) : NULL;
    if (!match)
        return BELONG_OK;
    sqlite3_stmt *st = stmt(s, MATCH_RELEVANCE);
    if (!st) {
        free(match);
        return BELONG_EINTERNAL;
    }
    struct store_id_list list = {ids, n};
    sqlite3_bind_text(st, 1, match, -1, free);
    sqlite3_bind_pointer(st, 2, &list, STORE_ID_LIST_TYPE, NULL);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const int64_t *hit = bsearch(&id, ids, n, sizeof *ids, cmp_id);
        if (hit)
            relevance[hit - ids] = sqlite3_column_double(st, 1);
    }
    sqlite3_reset(st);
    return store_rc(s, step);
}

/* ---- choices ------------------------------------------------------------------------------ */

int store_choice_put(struct store *s, const char *cps, int64_t peer_id, int64_t activity_id,
                     enum store_choice_kind choice, const char *note, time_t at)
{
    int ready = store_seal_ready(s);
    if (ready != BELONG_OK)
        return ready;
    sqlite3_stmt *st = stmt(s, MATCH_CHOICE_PUT);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    sqlite3_bind_int64(st, 2, activity_id);
    store_bind_text(st, 3, choice == STORE_CHOICE_DECLINED ? "declined" : "chosen");
    store_bind_text(st, 4, note && *note ? note : NULL);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)at);
    store_bind_text(st, 6, cps);
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK && sqlite3_changes(s->db) == 0)
        rc = BELONG_ENOINPUT;
    return rc;
}

int store_choices_get(struct store *s, const char *cps, int64_t peer_id, struct store_choice **out,
                      size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, MATCH_CHOICES_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    store_bind_text(st, 2, cps);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct store_choice *c = &(*out)[(*n)++];
        c->activity_id = sqlite3_column_int64(st, 0);
        const unsigned char *kind = sqlite3_column_text(st, 1);
        c->choice = kind && strcmp((const char *)kind, "declined") == 0 ? STORE_CHOICE_DECLINED
                                                                        : STORE_CHOICE_CHOSEN;
        c->note = store_column_dup(st, 2);
        c->at = (time_t)sqlite3_column_int64(st, 3);
        c->name = store_column_dup(st, 4);
        c->category = store_column_dup(st, 5);
        c->organization = store_column_dup(st, 6);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        store_choices_free(*out, *n);
        *out = NULL;
        *n = 0;
        return store_rc(s, step);
    }
    return BELONG_OK;
}

void store_choices_free(struct store_choice *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].note);
        free(c[i].name);
        free(c[i].category);
        free(c[i].organization);
    }
    free(c);
}
