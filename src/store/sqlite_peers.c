/* sqlite_peers.c — the SQLite engine's peer tables: profiles by caseload, their lists,
** availability windows, dates away and the history of comfort with groups.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../peers/profile_fields.h"
#include "../util/buf.h"
#include "../util/rc.h"
#include "../util/timeutil.h"
#include "sqlite_internal.h"

/* The kinds of peer_item rows, and which list of struct peer each fills. */
static const char *const item_kinds[] = {"interest", "tag", "value", "goal", "language"};
#define ITEM_KIND_COUNT (sizeof item_kinds / sizeof *item_kinds)

static struct text_list *item_list(struct peer *p, size_t kind)
{
    struct text_list *lists[ITEM_KIND_COUNT] = {&p->interests, &p->tags, &p->values, &p->goals,
                                                &p->languages};
    return lists[kind];
}

/* This file's statements (store_stmt). */
enum peer_stmt {
    PEER_INSERT,
    PEER_UPDATE,
    PEER_COMFORT_NOW,
    PEER_GET,
    PEER_ITEMS_DELETE,
    PEER_ITEM_INSERT,
    PEER_ITEMS_GET,
    PEER_WINDOWS_DELETE,
    PEER_WINDOW_INSERT,
    PEER_WINDOWS_GET,
    PEER_AWAY_DELETE,
    PEER_AWAY_INSERT,
    PEER_AWAY_GET,
    PEER_COMFORT_INSERT,
    PEER_COMFORT_GET,
    PEER_IDS,
    PEER_ARCHIVE,
    PEER_NAMES,
    PEER_STMTS
};
static const char *const peers_sql[PEER_STMTS] = {
    /* PEER_INSERT, PEER_UPDATE and PEER_GET are generated from the peer field table
    ** (build_row_sql). */
    [PEER_COMFORT_NOW] = "SELECT comfort, version FROM peer WHERE id = ?1 AND cps = ?2",
    [PEER_ITEMS_DELETE] = "DELETE FROM peer_item WHERE peer_id = ?1",
    [PEER_ITEM_INSERT] = "INSERT INTO peer_item(peer_id, kind, position, text)"
                         " VALUES(?1, ?2, ?3, belong_seal('peer_item', 'text', ?4, ?1, ?2, ?3))",
    [PEER_ITEMS_GET] =
        "SELECT kind, belong_open('peer_item', 'text', text, peer_id, kind, position)"
        " FROM peer_item WHERE peer_id = ?1 ORDER BY kind, position",
    [PEER_WINDOWS_DELETE] = "DELETE FROM peer_window WHERE peer_id = ?1",
    [PEER_WINDOW_INSERT] = "INSERT INTO peer_window(peer_id, weekday, start_minute, end_minute) "
                           "VALUES(?1, ?2, ?3, ?4)",
    [PEER_WINDOWS_GET] =
        "SELECT weekday, start_minute, end_minute FROM peer_window WHERE peer_id = ?1 "
        "ORDER BY weekday, start_minute",
    [PEER_AWAY_DELETE] = "DELETE FROM peer_away WHERE peer_id = ?1",
    [PEER_AWAY_INSERT] = "INSERT INTO peer_away(peer_id, first_day, last_day) VALUES(?1, ?2, ?3)",
    [PEER_AWAY_GET] =
        "SELECT first_day, last_day FROM peer_away WHERE peer_id = ?1 ORDER BY first_day",
    [PEER_COMFORT_INSERT] =
        "INSERT INTO peer_comfort(peer_id, comfort, changed_at) VALUES(?1, ?2, ?3)",
    [PEER_COMFORT_GET] =
        "SELECT changed_at, comfort FROM peer_comfort WHERE peer_id = ?1 ORDER BY changed_at, id",
    [PEER_IDS] = "SELECT id FROM peer WHERE cps = ?1 AND (archived = 0 OR ?2) ORDER BY id",
    [PEER_ARCHIVE] = "UPDATE peer SET archived = ?3, updated_at = ?4, version = version + 1"
                     " WHERE id = ?1 AND cps = ?2",
    /* the caseload's names alone (a list of them to choose from), only that field opened */
    [PEER_NAMES] = "SELECT id, belong_open('peer', 'name', name, id) FROM peer"
                   " WHERE cps = ?1 AND (archived = 0 OR ?2) ORDER BY id",
};
static void build_row_sql(int i, struct buf *out);
const struct store_sql store_sql_peers = {STORE_SQL_PEERS, "sqlite_peers.c", peers_sql, PEER_STMTS,
                                          build_row_sql};

static sqlite3_stmt *stmt(struct store *s, enum peer_stmt i)
{
    return store_stmt(s, &store_sql_peers, i);
}

/* ---- the peer row, walked from the field table (peers/profile_fields.c) --------------- */

/* Columns an edit (PEER_UPDATE) leaves as they are: the caseload the peer is in (the row's
** key), whether it is archived (only store_peer_set_archived: an edit never undoes an archive
** made meanwhile) and when it was added. */
static const char *const kept_by_edits[] = {"cps", "archived", "created_at"};

/* Whether statement i (PEER_INSERT, PEER_UPDATE or PEER_GET) has field f's columns. Every
** field with a column is read; the id and the version are written by the store's own rules
** (the rowid; version + 1), never from the profile. */
static bool row_has(int i, const struct peer_field *f)
{
    if (!f->column)
        return false;
    if (i == PEER_GET)
        return true;
    if (f->kind == PF_ID || f->kind == PF_VERSION)
        return false;
    for (size_t k = 0; i == PEER_UPDATE && k < sizeof kept_by_edits / sizeof *kept_by_edits; k++)
        if (strcmp(f->column, kept_by_edits[k]) == 0)
            return false;
    return true;
}

/* The SQL of the peer row's statements, one column (or two: PF_HOME) per field of the table,
** in its order, each bound to the next parameter from ?1:
**   PEER_INSERT  every written column, and the id it takes (the next one);
**   PEER_UPDATE  the same but kept_by_edits, the version moved on, for the peer ?(n + 1) of
**                the caseload ?(n + 2), n being the columns written;
**   PEER_GET     every column, for the peer ?1 of the caseload ?2. */
static void build_row_sql(int i, struct buf *out)
{
    buf_puts(out, i == PEER_INSERT   ? "WITH n(id) AS (SELECT coalesce(max(id), 0) + 1 FROM peer)"
                                       " INSERT INTO peer(id"
                  : i == PEER_UPDATE ? "UPDATE peer SET "
                                     : "SELECT ");
    /* A sealed column (store_column_sealed) is written through belong_seal and read through
    ** belong_open, keyed by the row's id: for a new row the one the insert gives it. */
    struct buf values = {0};
    int n = 0;
    for (size_t k = 0; k < peer_field_count; k++) {
        const struct peer_field *f = &peer_fields[k];
        if (!row_has(i, f))
            continue;
        for (const char *c = f->column; *c;) {
            size_t len = strcspn(c, ", ");
            char column[64];
            snprintf(column, sizeof column, "%.*s", (int)len, c);
            bool sealed = store_column_sealed("peer", column);
            n++;
            if (i == PEER_INSERT) {
                buf_printf(out, ", %s", column);
                if (sealed)
                    buf_printf(&values, ", belong_seal('peer', '%s', ?%d, n.id)", column, n);
                else
                    buf_printf(&values, ", ?%d", n);
            } else if (i == PEER_UPDATE && sealed) {
                buf_printf(out, "%s%s = belong_seal('peer', '%s', ?%d, id)", n > 1 ? ", " : "",
                           column, column, n);
            } else if (i == PEER_UPDATE) {
                buf_printf(out, "%s%s = ?%d", n > 1 ? ", " : "", column, n);
            } else if (sealed) {
                buf_printf(out, "%sbelong_open('peer', '%s', %s, id)", n > 1 ? ", " : "", column,
                           column);
            } else {
                buf_printf(out, "%s%s", n > 1 ? ", " : "", column);
            }
            c += len;
            c += strspn(c, ", ");
        }
    }
    if (i == PEER_INSERT)
        buf_printf(out, ") SELECT n.id%s FROM n", values.len ? buf_str(&values) : "");
    else if (i == PEER_UPDATE)
        buf_printf(out, ", version = version + 1 WHERE id = ?%d AND cps = ?%d", n + 1, n + 2);
    else
        buf_puts(out, " FROM peer WHERE id = ?1 AND cps = ?2");
    buf_free(&values);
}

static void bind_optional_int(sqlite3_stmt *st, int index, bool present, int value)
{
    if (present)
        sqlite3_bind_int(st, index, value);
    else
        sqlite3_bind_null(st, index);
}

static void bind_optional_double(sqlite3_stmt *st, int index, bool present, double value)
{
    if (present)
        sqlite3_bind_double(st, index, value);
    else
        sqlite3_bind_null(st, index);
}

/* Binds field f of p to parameter k on (a time is now). Returns the next parameter. */
static int bind_field(sqlite3_stmt *st, int k, const struct peer_field *f, const struct peer *p,
                      time_t now)
{
    const char *member = (const char *)p + f->offset;
    switch (f->kind) {
    case PF_TEXT:
        store_bind_text(st, k++, *(char *const *)member);
        break;
    case PF_HOME:
        store_bind_text(st, k++, p->home_zip);
        store_bind_text(st, k++, p->home_town);
        break;
    case PF_COORD:
        bind_optional_double(st, k++, p->has_coords, *(const double *)member);
        break;
    case PF_MILES:
        bind_optional_double(st, k++, p->max_travel_miles >= 0, p->max_travel_miles);
        break;
    case PF_MODES:
        sqlite3_bind_int(st, k++, (int)p->travel_modes);
        break;
    case PF_BOOL:
        sqlite3_bind_int(st, k++, *(const bool *)member);
        break;
    case PF_BUDGET:
        bind_optional_int(st, k++, p->budget_cents >= 0, p->budget_cents);
        break;
    case PF_ACCESS:
        sqlite3_bind_int(st, k++, (int)p->access_needs);
        break;
    case PF_COMFORT:
        bind_optional_int(st, k++, p->comfort > 0, p->comfort);
        break;
    case PF_AUDIENCE:
        bind_optional_int(st, k++, p->audience_known, (int)p->audience);
        break;
    case PF_TIME:
        sqlite3_bind_int64(st, k++, (sqlite3_int64)now);
        break;
    default: /* the id and version are the store's; the rest have rows of their own */
        break;
    }
    return k;
}

/* Reads field f into p from column c on. Returns the next column. */
static int read_field(sqlite3_stmt *st, int c, const struct peer_field *f, struct peer *p)
{
    char *member = (char *)p + f->offset;
    bool null = sqlite3_column_type(st, c) == SQLITE_NULL;
    switch (f->kind) {
    case PF_ID:
    case PF_VERSION:
        *(int64_t *)member = sqlite3_column_int64(st, c++);
        break;
    case PF_TEXT:
        *(char **)member = store_column_dup(st, c++);
        break;
    case PF_HOME:
        p->home_zip = store_column_dup(st, c++);
        p->home_town = store_column_dup(st, c++);
        break;
    case PF_COORD:
        p->has_coords = !null;
        *(double *)member = sqlite3_column_double(st, c++);
        break;
    case PF_MILES:
        p->max_travel_miles = null ? TRAVEL_MILES_UNSTATED : sqlite3_column_double(st, c);
        c++;
        break;
    case PF_MODES:
        p->travel_modes = (unsigned)sqlite3_column_int(st, c++);
        break;
    case PF_BOOL:
        *(bool *)member = sqlite3_column_int(st, c++) != 0;
        break;
    case PF_BUDGET:
        p->budget_cents = null ? BUDGET_ANY : sqlite3_column_int(st, c);
        c++;
        break;
    case PF_ACCESS:
        p->access_needs = (unsigned)sqlite3_column_int(st, c++);
        break;
    case PF_COMFORT:
        p->comfort = sqlite3_column_int(st, c++); /* NULL reads as 0: not yet assessed */
        break;
    case PF_AUDIENCE:
        p->audience_known = !null;
        p->audience = (unsigned)sqlite3_column_int(st, c++);
        break;
    case PF_TIME:
        *(time_t *)member = (time_t)sqlite3_column_int64(st, c++);
        break;
    default:
        break;
    }
    return c;
}

static void format_day(long day, char out[16])
{
    struct civil_date d = civil_from_days(day);
    snprintf(out, 16, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* Replaces the lists, windows and dates away of peer id with those of p. */
static int put_children(struct store *s, int64_t id, const struct peer *p)
{
    static const enum peer_stmt deletes[] = {PEER_ITEMS_DELETE, PEER_WINDOWS_DELETE,
                                             PEER_AWAY_DELETE};
    int rc = BELONG_OK;
    sqlite3_stmt *st;
    for (size_t i = 0; rc == BELONG_OK && i < sizeof deletes / sizeof *deletes; i++) {
        if (!(st = stmt(s, deletes[i])))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, id);
        rc = store_step_done(s, st);
    }
    for (size_t kind = 0; rc == BELONG_OK && kind < ITEM_KIND_COUNT; kind++) {
        const struct text_list *l = item_list((struct peer *)p, kind);
        for (size_t i = 0; rc == BELONG_OK && i < l->n; i++) {
            if (!(st = stmt(s, PEER_ITEM_INSERT)))
                return BELONG_EINTERNAL;
            sqlite3_bind_int64(st, 1, id);
            store_bind_text(st, 2, item_kinds[kind]);
            sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
            store_bind_text(st, 4, l->items[i]);
            rc = store_step_done(s, st);
        }
    }
    const struct availability *a = &p->availability;
    for (size_t i = 0; rc == BELONG_OK && i < a->n_windows; i++) {
        if (!(st = stmt(s, PEER_WINDOW_INSERT)))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, a->windows[i].weekday);
        sqlite3_bind_int(st, 3, a->windows[i].start_minute);
        sqlite3_bind_int(st, 4, a->windows[i].end_minute);
        rc = store_step_done(s, st);
    }
    for (size_t i = 0; rc == BELONG_OK && i < a->n_away; i++) {
        if (!(st = stmt(s, PEER_AWAY_INSERT)))
            return BELONG_EINTERNAL;
        char first[16], last[16];
        format_day(a->away[i].first_day, first);
        format_day(a->away[i].last_day, last);
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, first);
        store_bind_text(st, 3, last);
        rc = store_step_done(s, st);
    }
    return rc;
}

int store_peer_put(struct store *s, struct peer *p, time_t now)
{
    int rc = BELONG_OK;
    int old_comfort = 0;
    int64_t old_version = 0;
    sqlite3_stmt *st;
    if (p->id) {
        if (!(st = stmt(s, PEER_COMFORT_NOW)))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, p->id);
        store_bind_text(st, 2, p->cps);
        int step = sqlite3_step(st);
        if (step == SQLITE_ROW) {
            old_comfort = sqlite3_column_int(st, 0);
            old_version = sqlite3_column_int64(st, 1);
        }
        sqlite3_reset(st);
        if (step == SQLITE_DONE)
            return BELONG_ENOINPUT;
        if (step != SQLITE_ROW)
            return store_rc(s, step);
    }
    if ((rc = store_seal_ready(s)) != BELONG_OK)
        return rc;
    int row = p->id ? PEER_UPDATE : PEER_INSERT;
    if (!(st = stmt(s, row)))
        return BELONG_EINTERNAL;
    int k = 1;
    for (size_t i = 0; i < peer_field_count; i++)
        if (row_has(row, &peer_fields[i]))
            k = bind_field(st, k, &peer_fields[i], p, now);
    if (p->id) {
        sqlite3_bind_int64(st, k, p->id);
        store_bind_text(st, k + 1, p->cps);
    }
    rc = store_step_done(s, st);
    if (rc != BELONG_OK)
        return rc;
    if (!p->id) {
        p->id = sqlite3_last_insert_rowid(s->db);
        p->created_at = now;
    }
    p->updated_at = now;
    p->version = old_version + 1;
    rc = put_children(s, p->id, p);
    if (rc == BELONG_OK && p->comfort > 0 && p->comfort != old_comfort) {
        if (!(st = stmt(s, PEER_COMFORT_INSERT)))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, p->id);
        sqlite3_bind_int(st, 2, p->comfort);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)now);
        rc = store_step_done(s, st);
    }
    return rc;
}

/* Reads the rows of a child query of peer id, calling fn for each. */
static int read_children(struct store *s, enum peer_stmt sql, int64_t id, struct peer *p,
                         void (*fn)(sqlite3_stmt *st, struct peer *p))
{
    sqlite3_stmt *st = stmt(s, sql);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        fn(st, p);
    sqlite3_reset(st);
    return store_rc(s, step);
}

static void read_item(sqlite3_stmt *st, struct peer *p)
{
    const char *kind = (const char *)sqlite3_column_text(st, 0);
    const char *text = (const char *)sqlite3_column_text(st, 1);
    for (size_t k = 0; kind && text && k < ITEM_KIND_COUNT; k++)
        if (strcmp(kind, item_kinds[k]) == 0)
            text_list_add(item_list(p, k), text);
}

static void read_window(sqlite3_stmt *st, struct peer *p)
{
    /* Rows passed the table's CHECKs; a row that still clashes is skipped, not fatal. */
    availability_add_window_minutes(&p->availability, sqlite3_column_int(st, 0),
                                    sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
}

static void read_away(sqlite3_stmt *st, struct peer *p)
{
    struct civil_date first, last;
    const char *a = (const char *)sqlite3_column_text(st, 0);
    const char *b = (const char *)sqlite3_column_text(st, 1);
    if (a && b && parse_date(a, &first) && parse_date(b, &last))
        availability_add_away_days(&p->availability, days_from_civil(&first),
                                   days_from_civil(&last));
}

static void read_comfort(sqlite3_stmt *st, struct peer *p)
{
    p->comfort_history =
        xrealloc(p->comfort_history, (p->n_comfort_history + 1) * sizeof *p->comfort_history);
    p->comfort_history[p->n_comfort_history++] =
        (struct comfort_change){(time_t)sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1)};
}

int store_peer_get(struct store *s, const char *cps, int64_t id, struct peer *p)
{
    peer_init(p);
    sqlite3_stmt *st = stmt(s, PEER_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        int c = 0;
        for (size_t i = 0; i < peer_field_count; i++)
            if (row_has(PEER_GET, &peer_fields[i]))
                c = read_field(st, c, &peer_fields[i], p);
    }
    sqlite3_reset(st);
    if (step == SQLITE_DONE)
        return BELONG_ENOINPUT;
    int rc = store_rc(s, step);
    if (rc == BELONG_OK)
        rc = read_children(s, PEER_ITEMS_GET, id, p, read_item);
    if (rc == BELONG_OK)
        rc = read_children(s, PEER_WINDOWS_GET, id, p, read_window);
    if (rc == BELONG_OK)
        rc = read_children(s, PEER_AWAY_GET, id, p, read_away);
    if (rc == BELONG_OK)
        rc = read_children(s, PEER_COMFORT_GET, id, p, read_comfort);
    if (rc != BELONG_OK)
        peer_free(p);
    return rc;
}

int store_peer_ids(struct store *s, const char *cps, bool include_archived, int64_t **ids,
                   size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, PEER_IDS);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, cps);
    sqlite3_bind_int(st, 2, include_archived);
    int step;
    size_t cap = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    int rc = store_rc(s, step);
    if (rc != BELONG_OK) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}

int store_peer_names(struct store *s, const char *cps, bool include_archived, struct peer **out,
                     size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, PEER_NAMES);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, cps);
    sqlite3_bind_int(st, 2, include_archived);
    int step;
    size_t cap = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        struct peer *p = &(*out)[(*n)++];
        peer_init(p);
        p->id = sqlite3_column_int64(st, 0);
        p->cps = xstrdup(cps);
        p->name = store_column_dup(st, 1);
    }
    sqlite3_reset(st);
    int rc = store_rc(s, step);
    if (rc != BELONG_OK) {
        for (size_t i = 0; i < *n; i++)
            peer_free(&(*out)[i]);
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

int store_peer_set_archived(struct store *s, const char *cps, int64_t id, bool archived, time_t now)
{
    sqlite3_stmt *st = stmt(s, PEER_ARCHIVE);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    store_bind_text(st, 2, cps);
    sqlite3_bind_int(st, 3, archived);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK && sqlite3_changes(s->db) == 0)
        rc = BELONG_ENOINPUT;
    return rc;
}
