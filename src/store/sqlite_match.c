/* sqlite_match.c — the SQLite side of recommend: candidates with their window occurrences (or
** schedules) in one set-based query, the details of the survivors in another (with their
** organisation's name and their place's town, from those tables), bm25 of a peer's words for a
** set of ids, and choices.
**
** Each candidate query is driven by the R*Tree box around the peer's home (or the partial index
** of online activities) and joins each activity's occurrences in the window through the
** occurrence primary key. CROSS JOIN fixes the loop order, so the rows of one activity come
** together and are handed over as one candidate.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "../util/idset.h"
#include "sqlite_internal.h"

/* Parameters: ?1..?4 box (min lat, max lat, min lon, max lon)  ?5 from  ?6 to
**   ?7 weekday mask  ?8 max cost (-1 any)  ?9 access bits  ?10 the only id
**   ?18..?20 the weekly time signature of the peer's windows (store_week_slots)
** The candidate columns all live in the covering indexes activity_match (by id) and
** activity_online (migrations 5 and 6), so no listing is read whole here. */
#define CANDIDATE_COLUMNS "a.id, a.active, a.is_virtual, a.cost_cents, a.access, a.lat, a.lon"
#define COL_FIRST_EXTRA   7
#define OCC_COLUMNS       CANDIDATE_COLUMNS ", o.start_utc, o.end_utc, o.weekday, o.start_minute"
#define SCHED_COLUMNS                                                                              \
    CANDIDATE_COLUMNS ", sc.dtstart, sc.tzid, sc.vtimezone, sc.duration_s, sc.rrule, sc.rdates,"   \
                      " sc.exdates, sc.valid_from, sc.valid_to, sc.description"
#define BOX "p.max_lat >= ?1 AND p.min_lat <= ?2 AND p.max_lon >= ?3 AND p.min_lon <= ?4"
/* The box's corners cut off before any occurrence is looked up (from the covering index). */
#define CIRCLE                                                                                     \
    " AND (a.lat - ?11) * (a.lat - ?11) + (a.lon - ?12) * (a.lon - ?12) * ?13 * ?13 <= ?14 * ?14"
/* 9 = ACCESS_WHEELCHAIR | ACCESS_TRANSIT, which online activities meet by nature. */
#define ATTRS                                                                                      \
    "a.active = 1 AND (?8 < 0 OR a.cost_cents <= ?8) AND"                                          \
    " ((a.access | CASE WHEN a.is_virtual THEN 9 ELSE 0 END) & ?9) = ?9"
/* An activity that never starts in a slot the peer is free in is passed over from the covering
** index, before its occurrences are looked up. */
#define WEEK_SLOTS                                                                                 \
    " AND ((a.week_slots_0 & ?18) | (a.week_slots_1 & ?19) | (a.week_slots_2 & ?20)) <> 0"
#define OCC_JOIN                                                                                   \
    " CROSS JOIN occurrence o ON o.activity_id = a.id AND o.start_utc >= ?5 AND o.start_utc < ?6"  \
    " AND ((?7 >> o.weekday) & 1)"
#define SCHED_JOIN " CROSS JOIN schedule sc ON sc.activity_id = a.id"
#define BY_ID      " CROSS JOIN activity a INDEXED BY activity_match ON a.id = p.id"

static const char SQL_OCC_BOX[] =
    "SELECT " OCC_COLUMNS " FROM activity_place p" BY_ID OCC_JOIN " WHERE " BOX CIRCLE
    " AND a.is_virtual = 0 AND " ATTRS WEEK_SLOTS;
static const char SQL_OCC_ALL[] =
    "SELECT " OCC_COLUMNS " FROM activity a INDEXED BY activity_match" OCC_JOIN
    " WHERE a.is_virtual = 0 AND " ATTRS WEEK_SLOTS;
static const char SQL_OCC_ONLINE[] =
    "SELECT " OCC_COLUMNS " FROM activity a INDEXED BY activity_online" OCC_JOIN
    " WHERE a.active = 1 AND a.is_virtual = 1 AND " ATTRS WEEK_SLOTS;
static const char SQL_OCC_ONE[] =
    "SELECT " OCC_COLUMNS " FROM activity a LEFT JOIN occurrence o ON o.activity_id = a.id"
    " AND o.start_utc >= ?5 AND o.start_utc < ?6 WHERE a.id = ?10 ORDER BY o.start_utc";

static const char SQL_SCHED_BOX[] =
    "SELECT " SCHED_COLUMNS " FROM activity_place p" BY_ID SCHED_JOIN " WHERE " BOX
    " AND a.is_virtual = 0 AND " ATTRS;
static const char SQL_SCHED_ALL[] =
    "SELECT " SCHED_COLUMNS " FROM activity a INDEXED BY activity_match" SCHED_JOIN
    " WHERE a.is_virtual = 0 AND " ATTRS;
static const char SQL_SCHED_ONLINE[] =
    "SELECT " SCHED_COLUMNS " FROM activity a INDEXED BY activity_online" SCHED_JOIN
    " WHERE a.active = 1 AND a.is_virtual = 1 AND " ATTRS;
static const char SQL_SCHED_ONE[] =
    "SELECT " SCHED_COLUMNS " FROM activity a LEFT JOIN schedule sc ON sc.activity_id = a.id"
    " WHERE a.id = ?10 ORDER BY sc.id";

/* Span-driven: the ids of activities with an occurrence starting in a span (?1, ?2), from the
** timeline index alone; the box's ids from the R*Tree; online ids from their partial index.
** Their intersection then drives the usual join, through json_each(?15); ?16 in person,
** ?17 online. */
static const char SQL_SPAN_IDS[] =
    "SELECT o.activity_id FROM occurrence o INDEXED BY occurrence_when"
    " WHERE o.start_utc >= ?1 AND o.start_utc < ?2";
static const char SQL_BOX_IDS[] = "SELECT p.id FROM activity_place p WHERE " BOX;
static const char SQL_ONLINE_IDS[] = "SELECT a.id FROM activity a INDEXED BY activity_online WHERE "
                                     "a.active = 1 AND a.is_virtual = 1";
static const char SQL_OCC_IDS[] =
    "SELECT " OCC_COLUMNS " FROM json_each(?15) j"
    " CROSS JOIN activity a INDEXED BY activity_match ON a.id = j.value" OCC_JOIN
    " WHERE " ATTRS WEEK_SLOTS " AND ((a.is_virtual = 0 AND ?16" CIRCLE
    ") OR (a.is_virtual = 1 AND ?17))";

/* Adds the ids a one-column statement returns. */
static int collect_ids(struct store *s, sqlite3_stmt *st, struct id_set *set)
{
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        id_set_add(set, sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
    return store_rc(s, step);
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
    r->active = sqlite3_column_int(st, 1) != 0;
    r->is_virtual = sqlite3_column_int(st, 2) != 0;
    r->cost_cents =
        sqlite3_column_type(st, 3) == SQLITE_NULL ? COST_UNKNOWN : sqlite3_column_int(st, 3);
    r->access = (unsigned)sqlite3_column_int(st, 4);
    r->has_coords =
        sqlite3_column_type(st, 5) != SQLITE_NULL && sqlite3_column_type(st, 6) != SQLITE_NULL;
    r->lat = sqlite3_column_double(st, 5);
    r->lon = sqlite3_column_double(st, 6);
    g->n_occ = 0;
    g->n_scheds = 0;
    g->open = true;
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
    sqlite3_bind_double(st, 11, f->center_lat);
    sqlite3_bind_double(st, 12, f->center_lon);
    sqlite3_bind_double(st, 13, f->lon_scale);
    sqlite3_bind_double(st, 14, f->radius_deg);
    sqlite3_bind_int(st, 16, f->in_person && f->has_box);
    sqlite3_bind_int(st, 17, f->online);
    struct store_week_slots any = {{0}}; /* all zero: every slot */
    bool none = true;
    for (int i = 0; i < STORE_WEEK_SLOT_WORDS; i++) {
        any.bits[i] = ((uint64_t)1 << STORE_WEEK_SLOT_BITS) - 1;
        none = none && f->week_slots.bits[i] == 0;
    }
    store_bind_week_slots(st, 18, none ? &any : &f->week_slots);
}

/* Runs one candidate statement, gathering rows per activity. Returns 0 or a store error;
** *stopped is set when fn asked to stop. */
static int run_candidates(struct store *s, const char *sql, const struct store_match_filter *f,
                          const struct buf *ids, struct gather *g, store_match_fn fn, void *ctx,
                          bool *stopped)
{
    sqlite3_stmt *st = store_stmt(s, sql);
    if (!st)
        return BELONG_EINTERNAL;
    bind_match_filter(st, f);
    if (ids)
        sqlite3_bind_text(st, 15, buf_str(ids), (int)ids->len, SQLITE_STATIC);
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

/* The ids (a JSON array) of the activities in the box or online, as f asks, that have an
** occurrence starting in one of f's spans. */
static int span_candidate_ids(struct store *s, const struct store_match_filter *f, struct buf *out)
{
    struct id_set where = {0}, spanned = {0};
    int rc = BELONG_OK;
    sqlite3_stmt *st;
    if (f->in_person && f->has_box) {
        st = store_stmt(s, SQL_BOX_IDS);
        if (!st)
            return BELONG_EINTERNAL;
        bind_match_filter(st, f);
        rc = collect_ids(s, st, &where);
    }
    if (rc == BELONG_OK && f->online) {
        st = store_stmt(s, SQL_ONLINE_IDS);
        rc = st ? collect_ids(s, st, &where) : BELONG_EINTERNAL;
    }
    buf_putc(out, '[');
    for (size_t i = 0; rc == BELONG_OK && i < f->n_spans; i++) {
        st = store_stmt(s, SQL_SPAN_IDS);
        if (!st) {
            rc = BELONG_EINTERNAL;
            break;
        }
        sqlite3_bind_int64(st, 1, (sqlite3_int64)f->spans[i].start);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)f->spans[i].end);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            if (id_set_has(&where, id) && id_set_add(&spanned, id))
                buf_printf(out, "%s%lld", spanned.n > 1 ? "," : "", (long long)id);
        }
        sqlite3_reset(st);
        rc = store_rc(s, step);
    }
    buf_putc(out, ']');
    id_set_free(&where);
    id_set_free(&spanned);
    return rc;
}

int store_match_candidates(struct store *s, const struct store_match_filter *f, store_match_fn fn,
                           void *ctx)
{
    const char *sqls[2] = {NULL, NULL};
    if (f->only_id > 0) {
        sqls[0] = f->occurrences ? SQL_OCC_ONE : SQL_SCHED_ONE;
    } else {
        if (f->in_person)
            sqls[0] = f->has_box ? (f->occurrences ? SQL_OCC_BOX : SQL_SCHED_BOX)
                                 : (f->occurrences ? SQL_OCC_ALL : SQL_SCHED_ALL);
        if (f->online)
            sqls[1] = f->occurrences ? SQL_OCC_ONLINE : SQL_SCHED_ONLINE;
    }
    struct gather g = {0};
    int rc = BELONG_OK;
    bool stopped = false;
    if (f->only_id <= 0 && f->occurrences && f->n_spans > 0 && (f->has_box || !f->in_person)) {
        struct buf ids = {0};
        rc = span_candidate_ids(s, f, &ids);
        if (rc == BELONG_OK)
            rc = run_candidates(s, SQL_OCC_IDS, f, &ids, &g, fn, ctx, &stopped);
        buf_free(&ids);
        sqls[0] = sqls[1] = NULL;
    }
    for (int i = 0; i < 2 && rc == BELONG_OK && !stopped; i++)
        if (sqls[i])
            rc = run_candidates(s, sqls[i], f, NULL, &g, fn, ctx, &stopped);
    for (size_t i = 0; i < g.n_scheds; i++)
        schedule_free(&g.scheds[i]);
    free(g.scheds);
    free(g.occ);
    return rc;
}

/* ---- details ------------------------------------------------------------------------------ */

static const char SQL_DETAILS[] =
    "SELECT a.id, a.name, a.category, o.name, a.tags, l.town, a.tzid, a.intensity,"
    " a.group_size, a.peer_run, a.substance_free FROM activity a"
    " LEFT JOIN organization o ON o.id = a.organization_id"
    " LEFT JOIN location l ON l.id = a.location_id"
    " WHERE a.id IN (SELECT value FROM json_each(?1))";

/* ids as a JSON array text. */
static void ids_json(const int64_t *ids, size_t n, struct buf *out)
{
    buf_putc(out, '[');
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s%lld", i ? "," : "", (long long)ids[i]);
    buf_putc(out, ']');
}

int store_match_details(struct store *s, const int64_t *ids, size_t n, store_match_details_fn fn,
                        void *ctx)
{
    if (n == 0)
        return BELONG_OK;
    sqlite3_stmt *st = store_stmt(s, SQL_DETAILS);
    if (!st)
        return BELONG_EINTERNAL;
    struct buf list = {0};
    ids_json(ids, n, &list);
    sqlite3_bind_text(st, 1, buf_str(&list), (int)list.len, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        struct store_match_details d = {
            .id = sqlite3_column_int64(st, 0),
            .name = (const char *)sqlite3_column_text(st, 1),
            .category = (const char *)sqlite3_column_text(st, 2),
            .organization = (const char *)sqlite3_column_text(st, 3),
            .tags = (const char *)sqlite3_column_text(st, 4),
            .town = (const char *)sqlite3_column_text(st, 5),
            .tzid = (const char *)sqlite3_column_text(st, 6),
            .intensity = sqlite3_column_int(st, 7),
            .group_size = sqlite3_column_int(st, 8),
            .peer_run = store_column_tristate(st, 9),
            .substance_free = store_column_tristate(st, 10),
        };
        fn(ctx, &d);
    }
    sqlite3_reset(st);
    buf_free(&list);
    return store_rc(s, step);
}

/* ---- bm25 --------------------------------------------------------------------------------- */

/* The matches are walked without ranking; only the ids asked for are ranked (as in search). */
static const char SQL_BM25[] =
    "SELECT t.rowid, bm25(activity_text, 4.0, 1.0, 3.0, 2.0) FROM activity_text t"
    " WHERE activity_text MATCH ?1 AND +t.rowid IN (SELECT value FROM json_each(?2))";

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int store_match_bm25(struct store *s, const char *fts_query, const int64_t *ids, size_t n,
                     double *bm25)
{
    for (size_t i = 0; i < n; i++)
        bm25[i] = 0.0;
    if (n == 0 || !fts_query || !*fts_query)
        return BELONG_OK;
    sqlite3_stmt *st = store_stmt(s, SQL_BM25);
    if (!st)
        return BELONG_EINTERNAL;
    struct buf list = {0};
    ids_json(ids, n, &list);
    store_bind_text(st, 1, fts_query);
    sqlite3_bind_text(st, 2, buf_str(&list), (int)list.len, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const int64_t *hit = bsearch(&id, ids, n, sizeof *ids, cmp_id);
        if (hit)
            bm25[hit - ids] = sqlite3_column_double(st, 1);
    }
    sqlite3_reset(st);
    buf_free(&list);
    return store_rc(s, step);
}

/* ---- choices ------------------------------------------------------------------------------ */

static const char SQL_CHOICE_PUT[] =
    "INSERT INTO peer_choice(peer_id, activity_id, choice, note, at)"
    " SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM peer WHERE id = ?1 AND cps = ?6)"
    " AND EXISTS (SELECT 1 FROM activity WHERE id = ?2)"
    " ON CONFLICT(peer_id, activity_id) DO UPDATE SET choice = excluded.choice,"
    " note = excluded.note, at = excluded.at";
static const char SQL_CHOICES_GET[] =
    "SELECT c.activity_id, c.choice, c.note, c.at, a.name, a.category, o.name"
    " FROM peer_choice c JOIN peer p ON p.id = c.peer_id AND p.cps = ?2"
    " LEFT JOIN activity a ON a.id = c.activity_id"
    " LEFT JOIN organization o ON o.id = a.organization_id"
    " WHERE c.peer_id = ?1 ORDER BY c.activity_id";

int store_choice_put(struct store *s, const char *cps, int64_t peer_id, int64_t activity_id,
                     enum store_choice_kind choice, const char *note, time_t at)
{
    sqlite3_stmt *st = store_stmt(s, SQL_CHOICE_PUT);
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
    sqlite3_stmt *st = store_stmt(s, SQL_CHOICES_GET);
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
