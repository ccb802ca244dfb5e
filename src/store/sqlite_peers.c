/* sqlite_peers.c — the SQLite engine's peer tables: profiles by caseload, their lists,
** availability windows, dates away and the history of comfort with groups.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    PEER_STMTS
};
static const char *const peers_sql[PEER_STMTS] = {
    [PEER_INSERT] =
        "INSERT INTO peer(cps, name, pronouns, contact, home_zip, home_town, home_label, home_lat,"
        " home_lon, max_travel_miles, travel_modes, virtual_ok, budget_cents, access_needs,"
        " prefers_substance_free, prefers_peer_run, comfort, archived, created_at, updated_at,"
        " audience) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?19, ?21)",
    /* ?18 (archived) only through store_peer_set_archived, so an edit never undoes an archive made
       meanwhile */
    [PEER_UPDATE] =
        "UPDATE peer SET name = ?2, pronouns = ?3, contact = ?4, home_zip = ?5, home_town = ?6,"
        " home_label = ?7, home_lat = ?8, home_lon = ?9, max_travel_miles = ?10,"
        " travel_modes = ?11, virtual_ok = ?12, budget_cents = ?13, access_needs = ?14,"
        " prefers_substance_free = ?15, prefers_peer_run = ?16, comfort = ?17,"
        " audience = ?21, updated_at = ?19, version = version + 1 "
        "WHERE id = ?20 AND cps = ?1",
    [PEER_COMFORT_NOW] = "SELECT comfort, version FROM peer WHERE id = ?1 AND cps = ?2",
    [PEER_GET] =
        "SELECT id, cps, name, pronouns, contact, home_zip, home_town, home_label, home_lat,"
        " home_lon, max_travel_miles, travel_modes, virtual_ok, budget_cents, access_needs,"
        " prefers_substance_free, prefers_peer_run, comfort, archived, created_at, updated_at,"
        " version, audience "
        "FROM peer WHERE id = ?1 AND cps = ?2",
    [PEER_ITEMS_DELETE] = "DELETE FROM peer_item WHERE peer_id = ?1",
    [PEER_ITEM_INSERT] =
        "INSERT INTO peer_item(peer_id, kind, position, text) VALUES(?1, ?2, ?3, ?4)",
    [PEER_ITEMS_GET] =
        "SELECT kind, text FROM peer_item WHERE peer_id = ?1 ORDER BY kind, position",
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
};
const struct store_sql store_sql_peers = {STORE_SQL_PEERS, "sqlite_peers.c", peers_sql, PEER_STMTS,
                                          NULL};

static sqlite3_stmt *stmt(struct store *s, enum peer_stmt i)
{
    return store_stmt(s, &store_sql_peers, i);
}

static void bind_optional_int(sqlite3_stmt *st, int index, bool present, int value)
{
    if (present)
        sqlite3_bind_int(st, index, value);
    else
        sqlite3_bind_null(st, index);
}

/* Binds ?1..?19 of PEER_INSERT / PEER_UPDATE. */
static void bind_peer(sqlite3_stmt *st, const struct peer *p, time_t now)
{
    store_bind_text(st, 1, p->cps);
    int i = 2; /* both statements bind the fields from ?2 on */
    store_bind_text(st, i++, p->name);
    store_bind_text(st, i++, p->pronouns);
    store_bind_text(st, i++, p->contact);
    store_bind_text(st, i++, p->home_zip);
    store_bind_text(st, i++, p->home_town);
    store_bind_text(st, i++, p->home_label);
    if (p->has_coords) {
        sqlite3_bind_double(st, i++, p->home_lat);
        sqlite3_bind_double(st, i++, p->home_lon);
    } else {
        sqlite3_bind_null(st, i++);
        sqlite3_bind_null(st, i++);
    }
    if (p->max_travel_miles >= 0)
        sqlite3_bind_double(st, i++, p->max_travel_miles);
    else
        sqlite3_bind_null(st, i++);
    sqlite3_bind_int(st, i++, (int)p->travel_modes);
    sqlite3_bind_int(st, i++, p->virtual_ok);
    bind_optional_int(st, i++, p->budget_cents >= 0, p->budget_cents);
    sqlite3_bind_int(st, i++, (int)p->access_needs);
    sqlite3_bind_int(st, i++, p->prefers_substance_free);
    sqlite3_bind_int(st, i++, p->prefers_peer_run);
    bind_optional_int(st, i++, p->comfort > 0, p->comfort);
    sqlite3_bind_int(st, i++, p->archived);
    sqlite3_bind_int64(st, i++, (sqlite3_int64)now);
    bind_optional_int(st, 21, p->audience_known, (int)p->audience);
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
    if (!(st = stmt(s, p->id ? PEER_UPDATE : PEER_INSERT)))
        return BELONG_EINTERNAL;
    bind_peer(st, p, now);
    if (p->id)
        sqlite3_bind_int64(st, 20, p->id);
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
        p->id = sqlite3_column_int64(st, c++);
        p->cps = store_column_dup(st, c++);
        p->name = store_column_dup(st, c++);
        p->pronouns = store_column_dup(st, c++);
        p->contact = store_column_dup(st, c++);
        p->home_zip = store_column_dup(st, c++);
        p->home_town = store_column_dup(st, c++);
        p->home_label = store_column_dup(st, c++);
        p->has_coords = sqlite3_column_type(st, c) != SQLITE_NULL;
        p->home_lat = sqlite3_column_double(st, c++);
        p->home_lon = sqlite3_column_double(st, c++);
        p->max_travel_miles = sqlite3_column_type(st, c) == SQLITE_NULL
                                  ? TRAVEL_MILES_UNSTATED
                                  : sqlite3_column_double(st, c);
        c++;
        p->travel_modes = (unsigned)sqlite3_column_int(st, c++);
        p->virtual_ok = sqlite3_column_int(st, c++) != 0;
        p->budget_cents =
            sqlite3_column_type(st, c) == SQLITE_NULL ? BUDGET_ANY : sqlite3_column_int(st, c);
        c++;
        p->access_needs = (unsigned)sqlite3_column_int(st, c++);
        p->prefers_substance_free = sqlite3_column_int(st, c++) != 0;
        p->prefers_peer_run = sqlite3_column_int(st, c++) != 0;
        p->comfort = sqlite3_column_int(st, c++); /* NULL reads as 0: not yet assessed */
        p->archived = sqlite3_column_int(st, c++) != 0;
        p->created_at = (time_t)sqlite3_column_int64(st, c++);
        p->updated_at = (time_t)sqlite3_column_int64(st, c++);
        p->version = sqlite3_column_int64(st, c++);
        p->audience_known = sqlite3_column_type(st, c) != SQLITE_NULL;
        p->audience = (unsigned)sqlite3_column_int(st, c++);
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
