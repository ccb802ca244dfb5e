/* sqlite_caseload.c — a whole caseload's records at once, for the caseload report: its current
** peers, their plans, visits and administrations of measures, one query per kind of record and
** caseload (not per peer), each row only the columns the report reads; the peers' names opened
** only when asked for, the sealed answers only of the administrations asked for (one query).
** And, for the dashboard, what it adds: next plans and the step suggestion's events, the same
** way (store_caseload_engagement).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

/* This file's statements (store_stmt). */
enum caseload_stmt {
    CASELOAD_PEERS,
    CASELOAD_PLANS,
    CASELOAD_VISITS,
    CASELOAD_MEASURES,
    CASELOAD_READS, /* the statements store_caseload_read runs, in this order */
    CASELOAD_ANSWERS = CASELOAD_READS,
    CASELOAD_ENGAGED_PEERS, /* store_caseload_engagement's, in this order */
    CASELOAD_NEXT_PLANS,
    CASELOAD_STEP_VISITS,
    CASELOAD_STEP_SKIPPED,
    CASELOAD_STMTS
};
#define CASELOAD_ENGAGEMENT_READS 4
static const char *const caseload_sql[CASELOAD_STMTS] = {
    [CASELOAD_PEERS] = "SELECT id, cps, CASE WHEN ?2 THEN belong_open('peer', 'name', name, id) END"
                       " FROM peer WHERE cps = ?1 AND archived = 0 ORDER BY id",
    [CASELOAD_PLANS] = "SELECT pl.id, pl.peer_id, pl.on_date, pl.status FROM plan pl"
                       " JOIN peer p ON p.id = pl.peer_id AND p.cps = ?1 AND p.archived = 0"
                       " ORDER BY pl.peer_id, pl.on_date, pl.id",
    [CASELOAD_VISITS] = "SELECT v.id, v.peer_id, v.activity_id, v.on_date, v.went FROM visit v"
                        " JOIN peer p ON p.id = v.peer_id AND p.cps = ?1 AND p.archived = 0"
                        " ORDER BY v.peer_id, v.on_date, v.id",
    /* ?2: a JSON array of the instruments wanted, or NULL for all */
    [CASELOAD_MEASURES] =
        "SELECT m.id, m.peer_id, m.instrument, m.taken_on, m.created_at"
        " FROM measure m JOIN peer p ON p.id = m.peer_id AND p.cps = ?1 AND p.archived = 0"
        " WHERE ?2 IS NULL OR m.instrument IN (SELECT value FROM json_each(?2))"
        " ORDER BY m.peer_id, m.taken_on, m.id",
    /* ?1: a JSON array of administration ids (of a current peer) */
    [CASELOAD_ANSWERS] = "SELECT a.measure_id, a.item,"
                         " belong_open('measure_answer', 'code', a.code, a.measure_id, a.item)"
                         " FROM json_each(?1) j JOIN measure_answer a ON a.measure_id = j.value"
                         " WHERE EXISTS (SELECT 1 FROM measure m JOIN peer p ON p.id = m.peer_id"
                         " AND p.archived = 0 WHERE m.id = a.measure_id)"
                         " ORDER BY a.measure_id, a.item",
    /* the dashboard (store_caseload_engagement): each current peer's comfort level and when it
    ** was last set, their planned plans from ?2 on, and the events the step suggestion reads */
    [CASELOAD_ENGAGED_PEERS] =
        "SELECT p.id, p.comfort,"
        " (SELECT max(c.changed_at) FROM peer_comfort c WHERE c.peer_id = p.id)"
        " FROM peer p WHERE p.cps = ?1 AND p.archived = 0 ORDER BY p.id",
    [CASELOAD_NEXT_PLANS] = "SELECT pl.id, pl.peer_id, pl.on_date, a.name FROM plan pl"
                            " JOIN peer p ON p.id = pl.peer_id AND p.cps = ?1 AND p.archived = 0"
                            " LEFT JOIN activity a ON a.id = pl.activity_id"
                            " WHERE pl.status = 'planned' AND pl.on_date >= ?2"
                            " ORDER BY pl.peer_id, pl.on_date, pl.id",
    [CASELOAD_STEP_VISITS] = "SELECT v.id, v.peer_id, v.on_date, v.created_at, v.went,"
                             " v.comfort_after, a.intensity FROM visit v"
                             " JOIN peer p ON p.id = v.peer_id AND p.cps = ?1 AND p.archived = 0"
                             " LEFT JOIN activity a ON a.id = v.activity_id"
                             " ORDER BY v.peer_id, v.on_date, v.id",
    /* a skipped plan with its visit counts once, as the visit */
    [CASELOAD_STEP_SKIPPED] = "SELECT pl.id, pl.peer_id, pl.on_date, pl.updated_at, a.intensity"
                              " FROM plan pl"
                              " JOIN peer p ON p.id = pl.peer_id AND p.cps = ?1 AND p.archived = 0"
                              " LEFT JOIN activity a ON a.id = pl.activity_id"
                              " WHERE pl.status = 'skipped'"
                              " AND NOT EXISTS (SELECT 1 FROM visit v WHERE v.plan_id = pl.id)"
                              " ORDER BY pl.peer_id, pl.on_date, pl.id",
};
const struct store_sql store_sql_caseload = {STORE_SQL_CASELOAD, "sqlite_caseload.c", caseload_sql,
                                             CASELOAD_STMTS, NULL};

/* Room for one more element at the end of array (of n, capacity cap): it, zeroed. */
#define GROW(array, n, cap)                                                                        \
    ((n) == (cap)                                                                                  \
         ? ((cap) = (cap) ? 2 * (cap) : 64, (array) = xrealloc((array), (cap) * sizeof *(array)))  \
         : (array),                                                                                \
     memset(&(array)[(n)], 0, sizeof *(array)), &(array)[(n)++])

/* Steps st (bound) to its end, calling row for each row. */
static int each_row(struct store *s, sqlite3_stmt *st, struct store_caseload *c,
                    void (*row)(sqlite3_stmt *st, struct store_caseload *c, size_t *caps),
                    size_t *caps)
{
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        row(st, c, caps);
    sqlite3_reset(st);
    return step == SQLITE_DONE ? BELONG_OK : store_rc(s, step);
}

static void peer_row(sqlite3_stmt *st, struct store_caseload *c, size_t *caps)
{
    struct store_caseload_peer *p = GROW(c->peers, c->n_peers, caps[0]);
    p->id = sqlite3_column_int64(st, 0);
    store_column_copy(st, 1, p->cps, sizeof p->cps);
    p->name = store_column_dup(st, 2);
}

static void plan_row(sqlite3_stmt *st, struct store_caseload *c, size_t *caps)
{
    struct store_caseload_plan *p = GROW(c->plans, c->n_plans, caps[1]);
    p->id = sqlite3_column_int64(st, 0);
    p->peer_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, p->date, sizeof p->date);
    plan_status_parse((const char *)sqlite3_column_text(st, 3), &p->status);
}

static void visit_row(sqlite3_stmt *st, struct store_caseload *c, size_t *caps)
{
    struct store_caseload_visit *v = GROW(c->visits, c->n_visits, caps[2]);
    v->id = sqlite3_column_int64(st, 0);
    v->peer_id = sqlite3_column_int64(st, 1);
    v->activity_id = sqlite3_column_int64(st, 2);
    store_column_copy(st, 3, v->date, sizeof v->date);
    v->went = sqlite3_column_int(st, 4) != 0;
}

/* One administration, its answers not read (n_codes 0). */
static void measure_row(sqlite3_stmt *st, struct store_caseload *c, size_t *caps)
{
    struct store_measure *m = GROW(c->measures, c->n_measures, caps[3]);
    m->id = sqlite3_column_int64(st, 0);
    m->peer_id = sqlite3_column_int64(st, 1);
    store_column_copy(st, 2, m->instrument, sizeof m->instrument);
    store_column_copy(st, 3, m->date, sizeof m->date);
    m->created_at = (time_t)sqlite3_column_int64(st, 4);
}

/* Orders by peer, then as the queries do (date, then id): the caseloads' rows merged. */
static int compare_peer(const void *a, const void *b)
{
    int64_t x = ((const struct store_caseload_peer *)a)->id;
    int64_t y = ((const struct store_caseload_peer *)b)->id;
    return (x > y) - (x < y);
}
#define COMPARE_BY_PEER_DATE_ID(name, type)                                                        \
    static int name(const void *a, const void *b)                                                  \
    {                                                                                              \
        const type *x = a, *y = b;                                                                 \
        if (x->peer_id != y->peer_id)                                                              \
            return (x->peer_id > y->peer_id) - (x->peer_id < y->peer_id);                          \
        int c = strcmp(x->date, y->date);                                                          \
        return c ? c : (x->id > y->id) - (x->id < y->id);                                          \
    }
COMPARE_BY_PEER_DATE_ID(compare_plan, struct store_caseload_plan)
COMPARE_BY_PEER_DATE_ID(compare_visit, struct store_caseload_visit)
COMPARE_BY_PEER_DATE_ID(compare_measure, struct store_measure)

/* The JSON array of instruments[0..n) for json_each (names of letters and digits only; any
** other is left out, as no instrument has it). OUT: heap string. */
static char *instruments_json(const char *const *instruments, size_t n)
{
    struct buf b = {0};
    buf_putc(&b, '[');
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (!instruments[i][0] || instruments[i][strspn(instruments[i], "abcdefghijklmnopqrstuvwxyz"
                                                                        "0123456789_")])
            continue;
        buf_printf(&b, "%s\"%s\"", kept++ ? "," : "", instruments[i]);
    }
    buf_putc(&b, ']');
    buf_str(&b);
    return buf_detach(&b);
}

int store_caseload_read(struct store *s, const char *const *caseloads, size_t n_caseloads,
                        bool with_names, const char *const *instruments, size_t n_instruments,
                        struct store_caseload *out)
{
    memset(out, 0, sizeof *out);
    size_t caps[4] = {0};
    char *wanted = instruments ? instruments_json(instruments, n_instruments) : NULL;
    static void (*const rows[CASELOAD_READS])(sqlite3_stmt *, struct store_caseload *, size_t *) = {
        peer_row, plan_row, visit_row, measure_row};
    int rc = BELONG_OK;
    for (size_t c = 0; rc == BELONG_OK && c < n_caseloads; c++)
        for (int k = 0; rc == BELONG_OK && k < CASELOAD_READS; k++) {
            sqlite3_stmt *st = store_stmt(s, &store_sql_caseload, k);
            if (!st) {
                rc = BELONG_EINTERNAL;
                break;
            }
            store_bind_text(st, 1, caseloads[c]);
            if (k == CASELOAD_PEERS)
                sqlite3_bind_int(st, 2, with_names);
            else if (k == CASELOAD_MEASURES)
                store_bind_text(st, 2, wanted);
            rc = each_row(s, st, out, rows[k], caps);
            sqlite3_clear_bindings(st);
        }
    free(wanted);
    if (rc != BELONG_OK) {
        store_caseload_free(out);
        return rc;
    }
    if (n_caseloads > 1) { /* qsort of an empty (NULL) array is undefined: only those with rows */
        if (out->n_peers)
            qsort(out->peers, out->n_peers, sizeof *out->peers, compare_peer);
        if (out->n_plans)
            qsort(out->plans, out->n_plans, sizeof *out->plans, compare_plan);
        if (out->n_visits)
            qsort(out->visits, out->n_visits, sizeof *out->visits, compare_visit);
        if (out->n_measures)
            qsort(out->measures, out->n_measures, sizeof *out->measures, compare_measure);
    }
    return BELONG_OK;
}

static int compare_measure_by_id(const void *a, const void *b)
{
    int64_t x = (*(struct store_measure *const *)a)->id;
    int64_t y = (*(struct store_measure *const *)b)->id;
    return (x > y) - (x < y);
}

int store_caseload_answers(struct store *s, struct store_caseload *c, const size_t *which, size_t n)
{
    if (!n)
        return BELONG_OK;
    struct store_measure **wanted = xcalloc(n, sizeof *wanted);
    for (size_t i = 0; i < n; i++)
        wanted[i] = &c->measures[which[i]];
    qsort(wanted, n, sizeof *wanted, compare_measure_by_id);
    struct buf ids = {0};
    for (size_t i = 0; i < n; i++)
        buf_printf(&ids, "%c%lld", i ? ',' : '[', (long long)wanted[i]->id);
    buf_putc(&ids, ']');
    sqlite3_stmt *st = store_stmt(s, &store_sql_caseload, CASELOAD_ANSWERS);
    int rc = st ? BELONG_OK : BELONG_EINTERNAL;
    if (st) {
        store_bind_text(st, 1, buf_str(&ids));
        size_t at = 0; /* rows come by administration id, as wanted is sorted */
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0), item = sqlite3_column_int64(st, 1);
            while (at < n && wanted[at]->id < id)
                at++;
            if (at == n || wanted[at]->id != id || item < 1 || item > STORE_MEASURE_ITEMS_MAX)
                continue;
            struct store_measure *m = wanted[at];
            m->codes[item - 1] =
                sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 2);
            if ((size_t)item > m->n_codes)
                m->n_codes = (size_t)item;
        }
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        rc = step == SQLITE_DONE ? BELONG_OK : store_rc(s, step);
    }
    buf_free(&ids);
    free(wanted);
    return rc;
}

void store_caseload_free(struct store_caseload *c)
{
    for (size_t i = 0; i < c->n_peers; i++)
        free(c->peers[i].name);
    free(c->peers);
    free(c->plans);
    free(c->visits);
    free(c->measures);
    memset(c, 0, sizeof *c);
}

/* ---- the dashboard's engagement ----------------------------------------------------------------
 */

struct engagement_caps {
    size_t peers, plans, steps;
};

/* Reads one caseload's rows of statement k (bound) into e. */
static int engagement_rows(struct store *s, sqlite3_stmt *st, int k, struct store_engagement *e,
                           struct engagement_caps *caps)
{
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (k == CASELOAD_ENGAGED_PEERS) {
            struct store_engaged_peer *p = GROW(e->peers, e->n_peers, caps->peers);
            p->id = sqlite3_column_int64(st, 0);
            p->comfort = sqlite3_column_int(st, 1); /* NULL: 0, not assessed */
            p->comfort_set_at = (time_t)sqlite3_column_int64(st, 2);
        } else if (k == CASELOAD_NEXT_PLANS) {
            struct store_next_plan *p = GROW(e->plans, e->n_plans, caps->plans);
            p->id = sqlite3_column_int64(st, 0);
            p->peer_id = sqlite3_column_int64(st, 1);
            store_column_copy(st, 2, p->date, sizeof p->date);
            p->activity_name = store_column_dup(st, 3);
        } else {
            bool visit = k == CASELOAD_STEP_VISITS;
            struct store_step_row *r = GROW(e->steps, e->n_steps, caps->steps);
            r->id = sqlite3_column_int64(st, 0);
            r->peer_id = sqlite3_column_int64(st, 1);
            store_column_copy(st, 2, r->date, sizeof r->date);
            r->recorded_at = (time_t)sqlite3_column_int64(st, 3);
            r->missed = visit ? sqlite3_column_int(st, 4) == 0 : true;
            r->comfort_after = visit ? sqlite3_column_int(st, 5) : 0;
            r->intensity = sqlite3_column_int(st, visit ? 6 : 4);
        }
    }
    sqlite3_reset(st);
    return step == SQLITE_DONE ? BELONG_OK : store_rc(s, step);
}

static int compare_engaged_peer(const void *a, const void *b)
{
    int64_t x = ((const struct store_engaged_peer *)a)->id;
    int64_t y = ((const struct store_engaged_peer *)b)->id;
    return (x > y) - (x < y);
}
COMPARE_BY_PEER_DATE_ID(compare_next_plan, struct store_next_plan)
COMPARE_BY_PEER_DATE_ID(compare_step_row, struct store_step_row)

int store_caseload_engagement(struct store *s, const char *const *caseloads, size_t n_caseloads,
                              const char *from_day, struct store_engagement *out)
{
    memset(out, 0, sizeof *out);
    struct engagement_caps caps = {0};
    int rc = BELONG_OK;
    for (size_t c = 0; rc == BELONG_OK && c < n_caseloads; c++)
        for (int k = CASELOAD_ENGAGED_PEERS;
             rc == BELONG_OK && k < CASELOAD_ENGAGED_PEERS + CASELOAD_ENGAGEMENT_READS; k++) {
            sqlite3_stmt *st = store_stmt(s, &store_sql_caseload, k);
            if (!st) {
                rc = BELONG_EINTERNAL;
                break;
            }
            store_bind_text(st, 1, caseloads[c]);
            if (k == CASELOAD_NEXT_PLANS)
                store_bind_text(st, 2, from_day);
            rc = engagement_rows(s, st, k, out, &caps);
            sqlite3_clear_bindings(st);
        }
    if (rc != BELONG_OK) {
        store_engagement_free(out);
        return rc;
    }
    /* qsort of an empty (NULL) array is undefined: only those with rows. Steps are sorted
    ** within each peer by date and id only: the visits' and the plans' ids may tie. */
    if (out->n_peers)
        qsort(out->peers, out->n_peers, sizeof *out->peers, compare_engaged_peer);
    if (out->n_plans)
        qsort(out->plans, out->n_plans, sizeof *out->plans, compare_next_plan);
    if (out->n_steps)
        qsort(out->steps, out->n_steps, sizeof *out->steps, compare_step_row);
    return BELONG_OK;
}

void store_engagement_free(struct store_engagement *e)
{
    for (size_t i = 0; i < e->n_plans; i++)
        free(e->plans[i].activity_name);
    free(e->peers);
    free(e->plans);
    free(e->steps);
    memset(e, 0, sizeof *e);
}
