/* sqlite_plans.c — the SQLite engine's plan and visit tables (migration 18): a peer's next
** steps and what happened, always within the acting CPS's caseload. The free text of visits
** (with whom, how it felt, what next) and of plans (note, reason) is read and written only here.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

#define PEER_IN_CASELOAD "(SELECT 1 FROM peer WHERE id = ?1 AND cps = ?2 AND archived = 0)"

#define PLAN_COLUMNS                                                                               \
    "SELECT pl.id, pl.peer_id, pl.activity_id, pl.on_date, pl.starts_at, pl.support,"              \
    " pl.status, belong_open('plan', 'reason', pl.reason, pl.id),"                                 \
    " belong_open('plan', 'note', pl.note, pl.id), pl.created_at, pl.updated_at, a.name,"          \
    " a.intensity"                                                                                 \
    " FROM plan pl JOIN peer p ON p.id = pl.peer_id AND p.cps = ?2"                                \
    " LEFT JOIN activity a ON a.id = pl.activity_id"

/* This file's statements (store_stmt). */
enum plans_stmt {
    PLANS_PLAN_ADD,
    PLANS_PLAN_GET,
    PLANS_PLANS_GET,
    PLANS_PLAN_FIND,
    PLANS_PLAN_SET_STATUS,
    PLANS_VISIT_ADD,
    PLANS_VISITS_GET,
    PLANS_STMTS
};
static const char *const plans_sql[PLANS_STMTS] = {
    [PLANS_PLAN_ADD] =
        "WITH n(id) AS (SELECT coalesce(max(id), 0) + 1 FROM plan)"
        " INSERT INTO plan(id, peer_id, activity_id, on_date, starts_at, support, status, note,"
        " created_at, updated_at)"
        " SELECT n.id, ?1, ?3, ?4, ?5, ?6, 'planned', belong_seal('plan', 'note', ?7, n.id), ?8,"
        " ?8 FROM n WHERE EXISTS " PEER_IN_CASELOAD,
    [PLANS_PLAN_GET] = PLAN_COLUMNS " WHERE pl.id = ?1",
    [PLANS_PLANS_GET] = PLAN_COLUMNS " WHERE pl.peer_id = ?1"
                                     " AND (?3 IS NULL OR pl.status = ?3)"
                                     " ORDER BY pl.on_date, pl.id",
    [PLANS_PLAN_FIND] =
        PLAN_COLUMNS " WHERE pl.peer_id = ?1 AND pl.activity_id = ?3 AND pl.status = 'planned'"
                     " AND pl.on_date >= ?4 ORDER BY pl.on_date, pl.id LIMIT 1",
    [PLANS_PLAN_SET_STATUS] = "UPDATE plan SET status = ?3,"
                              " reason = belong_seal('plan', 'reason', ?4, id), updated_at = ?5"
                              " WHERE id = ?1 AND peer_id IN (SELECT id FROM peer WHERE cps = ?2)",
    [PLANS_VISIT_ADD] =
        "WITH n(id) AS (SELECT coalesce(max(id), 0) + 1 FROM visit)"
        " INSERT INTO visit(id, peer_id, plan_id, activity_id, on_date, went, comfort_before,"
        " comfort_after, conversations, with_whom, felt, next_step, created_at)"
        " SELECT n.id, ?1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, belong_seal('visit', 'with_whom', ?10, "
        "n.id),"
        " belong_seal('visit', 'felt', ?11, n.id), belong_seal('visit', 'next_step', ?12, n.id),"
        " ?13 FROM n WHERE EXISTS " PEER_IN_CASELOAD
        " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM plan WHERE id = ?3 AND peer_id = ?1))",
    [PLANS_VISITS_GET] =
        "SELECT v.id, v.peer_id, v.plan_id, v.activity_id, v.on_date, v.went, v.comfort_before,"
        " v.comfort_after, v.conversations, belong_open('visit', 'with_whom', v.with_whom, v.id),"
        " belong_open('visit', 'felt', v.felt, v.id),"
        " belong_open('visit', 'next_step', v.next_step, v.id), v.created_at,"
        " a.name, a.category, o.name, a.intensity"
        " FROM visit v JOIN peer p ON p.id = v.peer_id AND p.cps = ?2"
        " LEFT JOIN activity a ON a.id = v.activity_id"
        " LEFT JOIN organization o ON o.id = a.organization_id"
        " WHERE v.peer_id = ?1 ORDER BY v.on_date, v.id",
};
const struct store_sql store_sql_plans = {STORE_SQL_PLANS, "sqlite_plans.c", plans_sql, PLANS_STMTS,
                                          NULL};

static sqlite3_stmt *stmt(struct store *s, enum plans_stmt i)
{
    return store_stmt(s, &store_sql_plans, i);
}

static void bind_int_or_null(sqlite3_stmt *st, int index, bool known, int64_t value)
{
    if (known)
        sqlite3_bind_int64(st, index, value);
    else
        sqlite3_bind_null(st, index);
}

int store_plan_add(struct store *s, const char *cps, struct plan *p, time_t now)
{
    int ready = store_seal_ready(s);
    if (ready != BELONG_OK)
        return ready;
    sqlite3_stmt *st = stmt(s, PLANS_PLAN_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, p->peer_id);
    store_bind_text(st, 2, cps);
    sqlite3_bind_int64(st, 3, p->activity_id);
    store_bind_text(st, 4, p->date);
    bind_int_or_null(st, 5, p->has_start, (int64_t)p->starts_at);
    store_bind_text(st, 6, plan_support_name(p->support));
    store_bind_text(st, 7, p->note);
    sqlite3_bind_int64(st, 8, (sqlite3_int64)now);
    int rc = store_step_done(s, st);
    if (rc != BELONG_OK)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return BELONG_ENOINPUT;
    p->id = sqlite3_last_insert_rowid(s->db);
    p->status = PLAN_PLANNED;
    p->created_at = p->updated_at = now;
    return BELONG_OK;
}

/* Copies column col's text into out (size bytes), cut if longer. */
static void column_copy(sqlite3_stmt *st, int col, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(out, size, "%s", t ? (const char *)t : "");
}

/* Reads every row of st (bound, ready to step) into a heap array of rows of size bytes, each
** filled by fill (from zeroed memory). OUT: *out, *n: on an error too, for the caller's free. */
static int rows_read(struct store *s, sqlite3_stmt *st, size_t size,
                     void (*fill)(sqlite3_stmt *st, void *row), void **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            *out = xrealloc(*out, cap * size);
        }
        void *row = (char *)*out + (*n)++ * size;
        memset(row, 0, size);
        fill(st, row);
    }
    sqlite3_reset(st);
    return step == SQLITE_DONE ? BELONG_OK : store_rc(s, step);
}

/* One row of PLAN_COLUMNS into row (a struct plan). */
static void plan_from_row(sqlite3_stmt *st, void *row)
{
    struct plan *p = row;
    p->id = sqlite3_column_int64(st, 0);
    p->peer_id = sqlite3_column_int64(st, 1);
    p->activity_id = sqlite3_column_int64(st, 2);
    column_copy(st, 3, p->date, sizeof p->date);
    p->has_start = sqlite3_column_type(st, 4) != SQLITE_NULL;
    p->starts_at = (time_t)sqlite3_column_int64(st, 4);
    plan_support_parse((const char *)sqlite3_column_text(st, 5), &p->support);
    plan_status_parse((const char *)sqlite3_column_text(st, 6), &p->status);
    p->reason = store_column_dup(st, 7);
    p->note = store_column_dup(st, 8);
    p->created_at = (time_t)sqlite3_column_int64(st, 9);
    p->updated_at = (time_t)sqlite3_column_int64(st, 10);
    p->activity_name = store_column_dup(st, 11);
    p->intensity = sqlite3_column_int(st, 12);
}

/* Reads every row of st (bound, ready to step) as plans. OUT: *out (plans_free), *n. */
static int plans_read(struct store *s, sqlite3_stmt *st, struct plan **out, size_t *n)
{
    void *rows;
    int rc = rows_read(s, st, sizeof **out, plan_from_row, &rows, n);
    *out = rows;
    if (rc != BELONG_OK) {
        plans_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

/* The one plan st finds, if any. OUT: *found, *p when found. */
static int plan_read_one(struct store *s, sqlite3_stmt *st, struct plan *p, bool *found)
{
    struct plan *rows;
    size_t n;
    int rc = plans_read(s, st, &rows, &n);
    *found = rc == BELONG_OK && n > 0;
    if (*found) {
        *p = rows[0];
        memset(&rows[0], 0, sizeof rows[0]);
    }
    if (rc == BELONG_OK)
        plans_free(rows, n);
    return rc;
}

int store_plan_get(struct store *s, const char *cps, int64_t id, struct plan *p)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *st = stmt(s, PLANS_PLAN_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    bool found;
    int rc = plan_read_one(s, st, p, &found);
    return rc == BELONG_OK && !found ? BELONG_ENOINPUT : rc;
}

int store_plans_get(struct store *s, const char *cps, int64_t peer_id, int only_status,
                    struct plan **out, size_t *n)
{
    sqlite3_stmt *st = stmt(s, PLANS_PLANS_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    store_bind_text(st, 2, cps);
    store_bind_text(st, 3,
                    only_status >= 0 ? plan_status_name((enum plan_status)only_status) : NULL);
    return plans_read(s, st, out, n);
}

int store_plan_find_planned(struct store *s, const char *cps, int64_t peer_id, int64_t activity_id,
                            const char *from_date, struct plan *p, bool *found)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *st = stmt(s, PLANS_PLAN_FIND);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    store_bind_text(st, 2, cps);
    sqlite3_bind_int64(st, 3, activity_id);
    store_bind_text(st, 4, from_date);
    return plan_read_one(s, st, p, found);
}

int store_plan_set_status(struct store *s, const char *cps, int64_t id, enum plan_status status,
                          const char *reason, time_t now)
{
    int ready = store_seal_ready(s);
    if (ready != BELONG_OK)
        return ready;
    sqlite3_stmt *st = stmt(s, PLANS_PLAN_SET_STATUS);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    store_bind_text(st, 3, plan_status_name(status));
    store_bind_text(st, 4, reason);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)now);
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK && sqlite3_changes(s->db) == 0)
        return BELONG_ENOINPUT;
    return rc;
}

int store_visit_add(struct store *s, const char *cps, struct visit *v, time_t now)
{
    int ready = store_seal_ready(s);
    if (ready != BELONG_OK)
        return ready;
    sqlite3_stmt *st = stmt(s, PLANS_VISIT_ADD);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, v->peer_id);
    store_bind_text(st, 2, cps);
    bind_int_or_null(st, 3, v->plan_id != 0, v->plan_id);
    sqlite3_bind_int64(st, 4, v->activity_id);
    store_bind_text(st, 5, v->date);
    sqlite3_bind_int(st, 6, v->went ? 1 : 0);
    bind_int_or_null(st, 7, v->comfort_before > 0, v->comfort_before);
    bind_int_or_null(st, 8, v->comfort_after > 0, v->comfort_after);
    bind_int_or_null(st, 9, v->conversations >= 0, v->conversations);
    store_bind_text(st, 10, v->with_whom);
    store_bind_text(st, 11, v->felt);
    store_bind_text(st, 12, v->next_step);
    sqlite3_bind_int64(st, 13, (sqlite3_int64)now);
    int rc = store_step_done(s, st);
    if (rc != BELONG_OK)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return BELONG_ENOINPUT;
    v->id = sqlite3_last_insert_rowid(s->db);
    v->created_at = now;
    return BELONG_OK;
}

/* An integer column, or fallback when NULL. */
static int column_int_or(sqlite3_stmt *st, int col, int fallback)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? fallback : sqlite3_column_int(st, col);
}

/* One row of PLANS_VISITS_GET into row (a struct visit). */
static void visit_from_row(sqlite3_stmt *st, void *row)
{
    struct visit *v = row;
    v->id = sqlite3_column_int64(st, 0);
    v->peer_id = sqlite3_column_int64(st, 1);
    v->plan_id = sqlite3_column_int64(st, 2);
    v->activity_id = sqlite3_column_int64(st, 3);
    column_copy(st, 4, v->date, sizeof v->date);
    v->went = sqlite3_column_int(st, 5) != 0;
    v->comfort_before = column_int_or(st, 6, 0);
    v->comfort_after = column_int_or(st, 7, 0);
    v->conversations = column_int_or(st, 8, -1);
    v->with_whom = store_column_dup(st, 9);
    v->felt = store_column_dup(st, 10);
    v->next_step = store_column_dup(st, 11);
    v->created_at = (time_t)sqlite3_column_int64(st, 12);
    v->activity_name = store_column_dup(st, 13);
    v->category = store_column_dup(st, 14);
    v->organization = store_column_dup(st, 15);
    v->intensity = column_int_or(st, 16, 0);
}

int store_visits_get(struct store *s, const char *cps, int64_t peer_id, struct visit **out,
                     size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, PLANS_VISITS_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, peer_id);
    store_bind_text(st, 2, cps);
    void *rows;
    int rc = rows_read(s, st, sizeof **out, visit_from_row, &rows, n);
    *out = rows;
    if (rc != BELONG_OK) {
        visits_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
