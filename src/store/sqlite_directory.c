/* sqlite_directory.c — the SQLite engine's directory tables: sources, organisations, places
** (location), activities (with their full-text and spatial indexes), schedules and
** materialised occurrences. activity.lat/lon are a copy of the place's coordinates (migration
** 7): only this file writes them, from the location row, in the transaction that writes it.
*/
#include <stdlib.h>
#include <string.h>

#include "../directory/attributes.h"
#include "../util/buf.h"
#include "../util/rc.h"
#include "sqlite_internal.h"

/* ---- sources ----------------------------------------------------------------------------- */

/* The source's activities seen in this generation, as a subquery over ?1 and ?2, that were
** there before it (ids below ?3): those created in it have no index entries to remove. */
#define SEEN_IN_GENERATION                                                                         \
    "SELECT id FROM activity WHERE source_id = ?1 AND seen_generation = ?2 AND id < ?3"

/* This file's statements (store_stmt). */
enum directory_stmt {
    DIR_SOURCE_BEGIN,
    DIR_NEXT_ACTIVITY_ID,
    DIR_SOURCE_RENAME,
    DIR_RETIRE_UNSEEN,
    DIR_ORGANIZATION_FIND,
    DIR_ORGANIZATION_INSERT,
    DIR_ORGANIZATION_UPDATE,
    DIR_LOCATION_FIND,
    DIR_LOCATION_INSERT,
    DIR_LOCATION_UPDATE,
    DIR_LOCATION_COPY_COORDS,
    DIR_LOCATION_PLACE_DELETE,
    DIR_LOCATION_PLACE_INSERT,
    DIR_PRUNE_ORGANIZATIONS,
    DIR_PRUNE_LOCATIONS,
    DIR_ORGANIZATION_GET,
    DIR_LOCATION_GET,
    DIR_LISTING_PLACES,
    DIR_ACTIVITY_FIND,
    DIR_ACTIVITY_INSERT,
    DIR_ACTIVITY_UPDATE,
    DIR_TEXT_DELETE,
    DIR_TEXT_INSERT,
    DIR_PLACE_DELETE,
    DIR_PLACE_INSERT,
    DIR_SOURCE_TEXT_DELETE,
    DIR_SOURCE_TEXT_INSERT,
    DIR_SOURCE_PLACE_DELETE,
    DIR_SOURCE_PLACE_INSERT,
    DIR_SET_ATTRS,
    DIR_RESET_ATTRS,
    DIR_ACTIVITY_GET,
    DIR_ACTIVITY_BRIEF,
    DIR_ACTIVITY_IDS,
    DIR_SCHEDULES_DELETE,
    DIR_SCHEDULE_INSERT,
    DIR_SCHEDULES_GET,
    DIR_TIMES_LISTED,
    DIR_OCCURRENCES_DELETE,
    DIR_OCCURRENCES_INSERT,
    DIR_OCCURRENCES_KEPT,
    DIR_WEEK_SLOTS_SET,
    DIR_OCCURRENCES_GET,
    DIR_STMTS
};
static const char *const directory_sql[DIR_STMTS] = {
    [DIR_SOURCE_BEGIN] =
        "INSERT INTO source(name, kind, generation, imported_at) VALUES(?1, ?2, 1, ?3) "
        "ON CONFLICT(name) DO UPDATE SET generation = generation + 1, imported_at = ?3, kind = ?2 "
        "RETURNING id, generation",
    /* Activities created from here on get ids from this one up (rowids, never reused while the
    ** transaction lasts), and the highest activity id any row naming an activity holds: when that
    ** is below, the new activities have no schedules, occurrences or index entries yet
    ** (store_schedules_replace, store_occurrences_replace and store_source_reindex then skip
    ** removing them). Rows above it are left by a tool that deleted the last listings behind the
    ** store's back; then nothing is skipped. */
    [DIR_NEXT_ACTIVITY_ID] =
        "SELECT coalesce(max(id), 0) + 1,"
        " max(coalesce((SELECT max(activity_id) FROM occurrence), 0),"
        "     coalesce((SELECT max(activity_id) FROM schedule), 0),"
        "     coalesce((SELECT max(id) FROM activity_text_docsize), 0),"
        "     coalesce((SELECT max(rowid) FROM activity_place_rowid), 0)) FROM activity",
    [DIR_SOURCE_RENAME] = "UPDATE source SET name = ?2 WHERE name = ?1 "
                          "AND NOT EXISTS (SELECT 1 FROM source WHERE name = ?2)",
    [DIR_RETIRE_UNSEEN] = "UPDATE activity SET active = 0, updated_at = ?3 "
                          "WHERE source_id = ?1 AND seen_generation < ?2 AND active = 1",
    [DIR_ORGANIZATION_FIND] =
        "SELECT id, name IS ?3 FROM organization WHERE source_id = ?1 AND source_ref = ?2",
    [DIR_ORGANIZATION_INSERT] =
        "INSERT INTO organization(source_id, source_ref, name) VALUES(?1, ?2, ?3)",
    [DIR_ORGANIZATION_UPDATE] =
        "UPDATE organization SET name = ?3 WHERE source_id = ?1 AND source_ref = ?2",
    [DIR_LOCATION_FIND] =
        "SELECT id, name IS ?3 AND address IS ?4 AND town IS ?5 AND zip IS ?6 AND lat IS ?7"
        " AND lon IS ?8 AND coords_from IS ?9, lat IS ?7 AND lon IS ?8 FROM location"
        " WHERE source_id = ?1 AND source_ref = ?2",
    [DIR_LOCATION_INSERT] =
        "INSERT INTO location(source_id, source_ref, name, address, town, zip, lat, lon,"
        " coords_from) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    [DIR_LOCATION_UPDATE] =
        "UPDATE location SET name = ?3, address = ?4, town = ?5, zip = ?6, lat = ?7, lon = ?8,"
        " coords_from = ?9 WHERE source_id = ?1 AND source_ref = ?2",
    /* The copies of a place's coordinates on its activities (?1 = location id), and their
    ** R*Tree entries, when the place moves. */
    [DIR_LOCATION_COPY_COORDS] =
        "UPDATE activity SET (lat, lon) = (SELECT lat, lon FROM location WHERE id = ?1) "
        "WHERE location_id = ?1",
    [DIR_LOCATION_PLACE_DELETE] =
        "DELETE FROM activity_place WHERE id IN (SELECT id FROM activity WHERE location_id = ?1)",
    [DIR_LOCATION_PLACE_INSERT] =
        "INSERT INTO activity_place(id, min_lat, max_lat, min_lon, max_lon) "
        "SELECT id, lat, lat, lon, lon FROM activity WHERE location_id = ?1 AND lat IS NOT NULL "
        "ORDER BY id",
    [DIR_PRUNE_ORGANIZATIONS] =
        "DELETE FROM organization WHERE source_id = ?1 AND NOT EXISTS"
        " (SELECT 1 FROM activity a WHERE a.organization_id = organization.id)",
    [DIR_PRUNE_LOCATIONS] = "DELETE FROM location WHERE source_id = ?1 AND NOT EXISTS"
                            " (SELECT 1 FROM activity a WHERE a.location_id = location.id)",
    [DIR_ORGANIZATION_GET] = "SELECT id, source_ref, name FROM organization WHERE id = ?1",
    [DIR_LOCATION_GET] = "SELECT id, source_ref, name, address, town, zip, lat, lon,"
                         " coords_from FROM location WHERE id = ?1",
    /* Active listings with a place: by ZIP code where the place has one, else by cell of a tenth
    ** of a degree; the largest groups first. */
    [DIR_LISTING_PLACES] =
        "SELECT substr(l.zip, 1, 5), NULL, NULL, count(*) FROM activity a"
        " JOIN location l ON l.id = a.location_id"
        " WHERE a.active = 1 AND a.is_virtual = 0 AND length(l.zip) >= 5 GROUP BY 1"
        " UNION ALL "
        "SELECT NULL, round(a.lat, 1), round(a.lon, 1), count(*) FROM activity a"
        " LEFT JOIN location l ON l.id = a.location_id"
        " WHERE a.active = 1 AND a.is_virtual = 0 AND a.lat IS NOT NULL"
        " AND (l.zip IS NULL OR length(l.zip) < 5) GROUP BY 2, 3"
        " ORDER BY 4 DESC LIMIT ?1",
    [DIR_ACTIVITY_FIND] = "SELECT id FROM activity WHERE source_id = ?1 AND source_ref = ?2",
    /* The attribute columns a CPS may set by hand keep their value when hand_set has their bit
    ** (enum activity_attr); the bit values appear literally below. lat and lon are copied from the
    ** location ?24 (NULL without one). */
    [DIR_ACTIVITY_INSERT] =
        "INSERT INTO activity(source_id, source_ref, name, description, url, email, phone,"
        " category, tags, intensity, access, languages, cost_cents, group_size, peer_run,"
        " substance_free, drop_in, is_virtual, active, tzid, seen_generation, updated_at,"
        " organization_id, location_id, lat, lon, open_days, inferred, inference, audience) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
        " ?19, ?20, ?21, ?22, ?23, ?24, (SELECT lat FROM location WHERE id = ?24),"
        " (SELECT lon FROM location WHERE id = ?24), ?25, ?26, ?27, ?28)",
    [DIR_ACTIVITY_UPDATE] =
        "UPDATE activity SET name = ?3, description = ?4, url = ?5, email = ?6, phone = ?7,"
        " category = CASE WHEN hand_set & 1 THEN category ELSE ?8 END,"
        " tags = CASE WHEN hand_set & 2 THEN tags ELSE ?9 END,"
        " intensity = CASE WHEN hand_set & 4 THEN intensity ELSE ?10 END,"
        " access = CASE WHEN hand_set & 8 THEN access ELSE ?11 END,"
        " languages = CASE WHEN hand_set & 1024 THEN languages ELSE ?12 END,"
        " cost_cents = CASE WHEN hand_set & 16 THEN cost_cents ELSE ?13 END,"
        " group_size = CASE WHEN hand_set & 32 THEN group_size ELSE ?14 END,"
        " peer_run = CASE WHEN hand_set & 64 THEN peer_run ELSE ?15 END,"
        " substance_free = CASE WHEN hand_set & 128 THEN substance_free ELSE ?16 END,"
        " drop_in = CASE WHEN hand_set & 512 THEN drop_in ELSE ?17 END,"
        " is_virtual = CASE WHEN hand_set & 256 THEN is_virtual ELSE ?18 END,"
        " audience = CASE WHEN hand_set & 2048 THEN audience ELSE ?28 END,"
        " active = ?19, tzid = ?20, seen_generation = ?21, updated_at = ?22, organization_id = ?23,"
        " location_id = ?24, (lat, lon) = (SELECT lat, lon FROM location WHERE id = ?24),"
        " open_days = ?25, inferred = ?26 & ~hand_set, inference = ?27 "
        "WHERE source_id = ?1 AND source_ref = ?2",
    [DIR_TEXT_DELETE] = "DELETE FROM activity_text WHERE rowid = ?1",
    [DIR_TEXT_INSERT] = "INSERT INTO activity_text(rowid, name, description, tags, organization) "
                        "SELECT a.id, a.name, coalesce(a.description, ''), coalesce(a.tags, ''),"
                        " coalesce(o.name, '') FROM activity a"
                        " LEFT JOIN organization o ON o.id = a.organization_id WHERE a.id = ?1",
    [DIR_PLACE_DELETE] = "DELETE FROM activity_place WHERE id = ?1",
    [DIR_PLACE_INSERT] =
        "INSERT INTO activity_place(id, min_lat, max_lat, min_lon, max_lon) "
        "SELECT id, lat, lat, lon, lon FROM activity WHERE id = ?1 AND lat IS NOT NULL",
    [DIR_SOURCE_TEXT_DELETE] = "DELETE FROM activity_text WHERE rowid IN (" SEEN_IN_GENERATION ")",
    [DIR_SOURCE_TEXT_INSERT] =
        "INSERT INTO activity_text(rowid, name, description, tags, organization) "
        "SELECT a.id, a.name, coalesce(a.description, ''), coalesce(a.tags, ''),"
        " coalesce(o.name, '') FROM activity a"
        " LEFT JOIN organization o ON o.id = a.organization_id "
        "WHERE a.source_id = ?1 AND a.seen_generation = ?2 ORDER BY a.id",
    [DIR_SOURCE_PLACE_DELETE] = "DELETE FROM activity_place WHERE id IN (" SEEN_IN_GENERATION ")",
    [DIR_SOURCE_PLACE_INSERT] =
        "INSERT INTO activity_place(id, min_lat, max_lat, min_lon, max_lon) "
        "SELECT id, lat, lat, lon, lon FROM activity "
        "WHERE source_id = ?1 AND seen_generation = ?2 AND lat IS NOT NULL ORDER BY id",
    /* DIR_SET_ATTRS and DIR_RESET_ATTRS are generated from the attribute table
    ** (build_attrs_sql). */
    [DIR_ACTIVITY_GET] =
        "SELECT a.id, src.name, a.source_ref, a.name, a.description, o.name, a.url, a.email,"
        " a.phone, a.category, a.tags, a.intensity, a.access, a.languages, a.cost_cents,"
        " a.group_size, a.peer_run, a.substance_free, a.drop_in, a.is_virtual, a.active,"
        " l.name, l.address, l.town, l.zip, a.lat, a.lon, a.tzid, a.organization_id, a.location_id,"
        " l.coords_from, a.open_days, a.times_listed, a.inferred, a.inference, a.audience "
        "FROM activity a JOIN source src ON src.id = a.source_id"
        " LEFT JOIN organization o ON o.id = a.organization_id"
        " LEFT JOIN location l ON l.id = a.location_id WHERE a.id = ?1",
    /* What a search result shows (store_activity_brief): DIR_ACTIVITY_GET's row (whose join
    ** with source always finds it: source_id is a NOT NULL foreign key). */
    [DIR_ACTIVITY_BRIEF] =
        "SELECT a.name, o.name, a.category, l.town, a.tzid, l.coords_from, a.cost_cents,"
        " a.access, a.intensity, a.is_virtual, a.open_days FROM activity a"
        " LEFT JOIN organization o ON o.id = a.organization_id"
        " LEFT JOIN location l ON l.id = a.location_id WHERE a.id = ?1",
    [DIR_ACTIVITY_IDS] = "SELECT id FROM activity WHERE active = 1 ORDER BY id",
    [DIR_SCHEDULES_DELETE] = "DELETE FROM schedule WHERE activity_id = ?1",
    [DIR_SCHEDULE_INSERT] =
        "INSERT INTO schedule(activity_id, dtstart, tzid, vtimezone, duration_s, rrule, rdates,"
        " exdates, valid_from, valid_to, description) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [DIR_SCHEDULES_GET] =
        "SELECT dtstart, tzid, vtimezone, duration_s, rrule, rdates, exdates, valid_from, valid_to,"
        " description FROM schedule WHERE activity_id = ?1 ORDER BY id",
    /* activity.times_listed follows whether the activity has schedules (a new row has 1). */
    [DIR_TIMES_LISTED] =
        "UPDATE activity SET times_listed = ?2 WHERE id = ?1 AND times_listed <> ?2",
    [DIR_OCCURRENCES_DELETE] = "DELETE FROM occurrence WHERE activity_id = ?1 AND start_utc >= ?2",
    [DIR_OCCURRENCES_INSERT] =
        "INSERT INTO occurrence(activity_id, start_utc, end_utc, weekday, start_minute) "
        "SELECT ?1, start_utc, end_utc, weekday, start_minute FROM belong_occurrences(?2)",
    /* The occurrences an activity keeps from before the window written (?2). */
    [DIR_OCCURRENCES_KEPT] =
        "SELECT weekday, start_minute FROM occurrence WHERE activity_id = ?1 AND start_utc < ?2",
    /* The weekly time signature of an activity (migration 6), from all its stored occurrences:
    ** slot weekday x 24 + local start hour of each (week_slots.h). Written only when it
    ** moved. */
    [DIR_WEEK_SLOTS_SET] =
        "UPDATE activity SET week_slots_0 = ?2, week_slots_1 = ?3, week_slots_2 = ?4 "
        "WHERE id = ?1 AND NOT (week_slots_0 = ?2 AND week_slots_1 = ?3 AND week_slots_2 = ?4)",
    [DIR_OCCURRENCES_GET] =
        "SELECT start_utc, end_utc, weekday, start_minute FROM occurrence "
        "WHERE activity_id = ?1 AND start_utc >= ?2 AND start_utc < ?3 ORDER BY start_utc",
};
static void build_attrs_sql(int i, struct buf *out);
const struct store_sql store_sql_directory = {STORE_SQL_DIRECTORY, "sqlite_directory.c",
                                              directory_sql, DIR_STMTS, build_attrs_sql};

static sqlite3_stmt *stmt(struct store *s, enum directory_stmt i)
{
    return store_stmt(s, &store_sql_directory, i);
}

static int store_source_begin_do(struct store *s, const char *name, const char *kind,
                                 int64_t *source_id, int64_t *generation)
{
    sqlite3_stmt *st = stmt(s, DIR_SOURCE_BEGIN);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, name);
    store_bind_text(st, 2, kind);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *source_id = sqlite3_column_int64(st, 0);
        *generation = sqlite3_column_int64(st, 1);
        rc = sqlite3_step(st);
    }
    sqlite3_reset(st);
    int64_t next[2] = {0, 0}; /* the next id, the highest named */
    rc = store_rc(s, rc);
    if (rc == BELONG_OK)
        rc = store_query_ints(s, &store_sql_directory, DIR_NEXT_ACTIVITY_ID, next, 2);
    s->first_new_activity_id = rc == BELONG_OK && next[1] < next[0] ? next[0] : INT64_MAX;
    return rc;
}

int store_source_begin(struct store *s, const char *name, const char *kind, int64_t *source_id,
                       int64_t *generation)
{
    return store_directory_wrote(s, store_source_begin_do(s, name, kind, source_id, generation));
}

static int store_source_rename_do(struct store *s, const char *former, const char *name,
                                  bool *renamed)
{
    sqlite3_stmt *st = stmt(s, DIR_SOURCE_RENAME);
    if (!st)
        return BELONG_EINTERNAL;
    store_bind_text(st, 1, former);
    store_bind_text(st, 2, name);
    int rc = store_step_done(s, st);
    *renamed = rc == BELONG_OK && sqlite3_changes(s->db) > 0;
    return rc;
}

int store_source_rename(struct store *s, const char *former, const char *name, bool *renamed)
{
    return store_directory_wrote(s, store_source_rename_do(s, former, name, renamed));
}

static int store_source_retire_unseen_do(struct store *s, int64_t source_id, int64_t generation,
                                         long *retired)
{
    sqlite3_stmt *st = stmt(s, DIR_RETIRE_UNSEEN);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, source_id);
    sqlite3_bind_int64(st, 2, generation);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK && retired)
        *retired = sqlite3_changes(s->db);
    return rc;
}

int store_source_retire_unseen(struct store *s, int64_t source_id, int64_t generation,
                               long *retired)
{
    return store_directory_wrote(s,
                                 store_source_retire_unseen_do(s, source_id, generation, retired));
}

/* ---- organisations and places ----------------------------------------------------------- */

static void bind_organization(sqlite3_stmt *st, int64_t source_id, const struct organization *o)
{
    sqlite3_bind_int64(st, 1, source_id);
    store_bind_text(st, 2, o->source_ref);
    store_bind_text(st, 3, o->name);
}

static int store_organization_upsert_do(struct store *s, int64_t source_id,
                                        const struct organization *o, int64_t *id)
{
    sqlite3_stmt *st = stmt(s, DIR_ORGANIZATION_FIND);
    if (!st)
        return BELONG_EINTERNAL;
    bind_organization(st, source_id, o);
    int step = sqlite3_step(st);
    int64_t existing = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    bool same = step == SQLITE_ROW && sqlite3_column_int(st, 1) != 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return store_rc(s, step);
    if (same) { /* unchanged: not rewritten */
        *id = existing;
        return BELONG_OK;
    }
    if (!(st = stmt(s, existing ? DIR_ORGANIZATION_UPDATE : DIR_ORGANIZATION_INSERT)))
        return BELONG_EINTERNAL;
    bind_organization(st, source_id, o);
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK)
        *id = existing ? existing : sqlite3_last_insert_rowid(s->db);
    return rc;
}

int store_organization_upsert(struct store *s, int64_t source_id, const struct organization *o,
                              int64_t *id)
{
    return store_directory_wrote(s, store_organization_upsert_do(s, source_id, o, id));
}

/* How location.coords_from spells an origin: NULL for the source's own coordinates. */
static const char *coords_origin_name(enum coords_origin o)
{
    return o == COORDS_FROM_ZIP ? "zip" : o == COORDS_FROM_TOWN ? "town" : NULL;
}

static enum coords_origin coords_origin_of(const char *name)
{
    if (name && strcmp(name, "zip") == 0)
        return COORDS_FROM_ZIP;
    if (name && strcmp(name, "town") == 0)
        return COORDS_FROM_TOWN;
    return COORDS_FROM_SOURCE;
}

static void bind_location(sqlite3_stmt *st, int64_t source_id, const struct location *l)
{
    sqlite3_bind_int64(st, 1, source_id);
    store_bind_text(st, 2, l->source_ref);
    store_bind_text(st, 3, l->name);
    store_bind_text(st, 4, l->address);
    store_bind_text(st, 5, l->town);
    store_bind_text(st, 6, l->zip);
    if (l->has_coords) {
        sqlite3_bind_double(st, 7, l->lat);
        sqlite3_bind_double(st, 8, l->lon);
    } else {
        sqlite3_bind_null(st, 7);
        sqlite3_bind_null(st, 8);
    }
    store_bind_text(st, 9, l->has_coords ? coords_origin_name(l->coords_from) : NULL);
}

static int store_location_upsert_do(struct store *s, int64_t source_id, const struct location *l,
                                    int64_t *id)
{
    sqlite3_stmt *st = stmt(s, DIR_LOCATION_FIND);
    if (!st)
        return BELONG_EINTERNAL;
    bind_location(st, source_id, l);
    int step = sqlite3_step(st);
    int64_t existing = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    bool same = step == SQLITE_ROW && sqlite3_column_int(st, 1) != 0;
    bool moved = step == SQLITE_ROW && sqlite3_column_int(st, 2) == 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return store_rc(s, step);
    if (same) {
        *id = existing;
        return BELONG_OK;
    }
    if (!(st = stmt(s, existing ? DIR_LOCATION_UPDATE : DIR_LOCATION_INSERT)))
        return BELONG_EINTERNAL;
    bind_location(st, source_id, l);
    int rc = store_step_done(s, st);
    if (rc != BELONG_OK)
        return rc;
    *id = existing ? existing : sqlite3_last_insert_rowid(s->db);
    if (!moved)
        return BELONG_OK;
    static const enum directory_stmt copy[] = {DIR_LOCATION_COPY_COORDS, DIR_LOCATION_PLACE_DELETE,
                                               DIR_LOCATION_PLACE_INSERT};
    for (size_t i = 0; rc == BELONG_OK && i < sizeof copy / sizeof copy[0]; i++) {
        if (!(st = stmt(s, copy[i])))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, *id);
        rc = store_step_done(s, st);
    }
    return rc;
}

int store_location_upsert(struct store *s, int64_t source_id, const struct location *l, int64_t *id)
{
    return store_directory_wrote(s, store_location_upsert_do(s, source_id, l, id));
}

static int store_source_prune_do(struct store *s, int64_t source_id, long *removed)
{
    static const enum directory_stmt steps[] = {DIR_PRUNE_ORGANIZATIONS, DIR_PRUNE_LOCATIONS};
    long total = 0;
    int rc = BELONG_OK;
    for (size_t i = 0; rc == BELONG_OK && i < sizeof steps / sizeof steps[0]; i++) {
        sqlite3_stmt *st = stmt(s, steps[i]);
        if (!st)
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, source_id);
        rc = store_step_done(s, st);
        total += sqlite3_changes(s->db);
    }
    if (rc == BELONG_OK && removed)
        *removed = total;
    return rc;
}

int store_source_prune(struct store *s, int64_t source_id, long *removed)
{
    return store_directory_wrote(s, store_source_prune_do(s, source_id, removed));
}

int store_organization_get(struct store *s, int64_t id, struct organization *o)
{
    memset(o, 0, sizeof *o);
    sqlite3_stmt *st = stmt(s, DIR_ORGANIZATION_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        o->id = sqlite3_column_int64(st, 0);
        o->source_ref = store_column_dup(st, 1);
        o->name = store_column_dup(st, 2);
    }
    sqlite3_reset(st);
    return step == SQLITE_ROW    ? BELONG_OK
           : step == SQLITE_DONE ? BELONG_ENOINPUT
                                 : store_rc(s, step);
}

int store_location_get(struct store *s, int64_t id, struct location *l)
{
    memset(l, 0, sizeof *l);
    sqlite3_stmt *st = stmt(s, DIR_LOCATION_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        l->id = sqlite3_column_int64(st, 0);
        l->source_ref = store_column_dup(st, 1);
        l->name = store_column_dup(st, 2);
        l->address = store_column_dup(st, 3);
        l->town = store_column_dup(st, 4);
        l->zip = store_column_dup(st, 5);
        l->has_coords = sqlite3_column_type(st, 6) != SQLITE_NULL;
        l->lat = sqlite3_column_double(st, 6);
        l->lon = sqlite3_column_double(st, 7);
        l->coords_from = coords_origin_of((const char *)sqlite3_column_text(st, 8));
    }
    sqlite3_reset(st);
    return step == SQLITE_ROW    ? BELONG_OK
           : step == SQLITE_DONE ? BELONG_ENOINPUT
                                 : store_rc(s, step);
}

int store_listing_places(struct store *s, int limit,
                         void (*fn)(void *ctx, const char *zip, double lat, double lon,
                                    int64_t count),
                         void *ctx)
{
    sqlite3_stmt *st = stmt(s, DIR_LISTING_PLACES);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int(st, 1, limit);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_double(st, 1),
           sqlite3_column_double(st, 2), sqlite3_column_int64(st, 3));
    sqlite3_reset(st);
    return store_rc(s, step);
}

/* ---- activities -------------------------------------------------------------------------- */

static void bind_tristate(sqlite3_stmt *st, int index, int value)
{
    if (value == TRI_YES || value == TRI_NO)
        sqlite3_bind_int(st, index, value);
    else
        sqlite3_bind_null(st, index);
}

/* Binds value when it is known, else NULL. */
static void bind_int_if(sqlite3_stmt *st, int index, bool known, int value)
{
    if (known)
        sqlite3_bind_int(st, index, value);
    else
        sqlite3_bind_null(st, index);
}

/* belong's attributes that are NULL when unknown: intensity, cost, group size. */
static void bind_intensity_cost_size(sqlite3_stmt *st, int intensity_index, int cost_index,
                                     int size_index, const struct activity *a)
{
    bind_int_if(st, intensity_index, a->intensity >= INTENSITY_MIN && a->intensity <= INTENSITY_MAX,
                a->intensity);
    bind_int_if(st, cost_index, a->cost_cents >= 0, a->cost_cents);
    bind_int_if(st, size_index, a->group_size > 0, a->group_size);
}

/* Binds a store id, or NULL for 0 (none). */
static void bind_id(sqlite3_stmt *st, int index, int64_t id)
{
    if (id > 0)
        sqlite3_bind_int64(st, index, id);
    else
        sqlite3_bind_null(st, index);
}

static void bind_activity(sqlite3_stmt *st, int64_t source_id, int64_t generation,
                          const struct activity *a)
{
    sqlite3_bind_int64(st, 1, source_id);
    store_bind_text(st, 2, a->source_ref);
    store_bind_text(st, 3, a->name);
    store_bind_text(st, 4, a->description);
    store_bind_text(st, 5, a->url);
    store_bind_text(st, 6, a->email);
    store_bind_text(st, 7, a->phone);
    store_bind_text(st, 8, a->category);
    store_bind_text(st, 9, a->tags);
    bind_intensity_cost_size(st, 10, 13, 14, a);
    sqlite3_bind_int(st, 11, (int)a->access);
    store_bind_text(st, 12, a->languages);
    bind_tristate(st, 15, a->peer_run);
    bind_tristate(st, 16, a->substance_free);
    bind_tristate(st, 17, a->drop_in);
    sqlite3_bind_int(st, 18, a->is_virtual);
    sqlite3_bind_int(st, 19, a->active);
    store_bind_text(st, 20, a->tzid);
    sqlite3_bind_int64(st, 21, generation);
    sqlite3_bind_int64(st, 22, (sqlite3_int64)time(NULL));
    bind_id(st, 23, a->organization_id);
    bind_id(st, 24, a->location_id);
    sqlite3_bind_int(st, 25, (int)(a->open_days & 127));
    sqlite3_bind_int(st, 26, (int)a->inferred);
    store_bind_text(st, 27, a->inference);
    sqlite3_bind_int(st, 28, (int)a->audience);
}

/* Rebuilds the text and place index entries of one activity from its stored row. */
static int reindex_activity(struct store *s, int64_t id)
{
    static const enum directory_stmt steps[] = {DIR_TEXT_DELETE, DIR_TEXT_INSERT, DIR_PLACE_DELETE,
                                                DIR_PLACE_INSERT};
    int rc = BELONG_OK;
    for (size_t i = 0; rc == BELONG_OK && i < sizeof steps / sizeof steps[0]; i++) {
        sqlite3_stmt *st = stmt(s, steps[i]);
        if (!st)
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, id);
        rc = store_step_done(s, st);
    }
    return rc;
}

static int store_activity_upsert_do(struct store *s, int64_t source_id, int64_t generation,
                                    const struct activity *a, int64_t *id, bool *created)
{
    sqlite3_stmt *st = stmt(s, DIR_ACTIVITY_FIND);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, source_id);
    store_bind_text(st, 2, a->source_ref);
    int step = sqlite3_step(st);
    int64_t existing = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return store_rc(s, step);

    st = stmt(s, existing ? DIR_ACTIVITY_UPDATE : DIR_ACTIVITY_INSERT);
    if (!st)
        return BELONG_EINTERNAL;
    bind_activity(st, source_id, generation, a);
    int rc = store_step_done(s, st);
    if (rc != BELONG_OK)
        return rc;
    *id = existing ? existing : sqlite3_last_insert_rowid(s->db);
    if (created)
        *created = existing == 0;
    return BELONG_OK;
}

int store_activity_upsert(struct store *s, int64_t source_id, int64_t generation,
                          const struct activity *a, int64_t *id, bool *created)
{
    return store_directory_wrote(
        s, store_activity_upsert_do(s, source_id, generation, a, id, created));
}

static int store_source_reindex_do(struct store *s, int64_t source_id, int64_t generation)
{
    static const enum directory_stmt steps[] = {DIR_SOURCE_TEXT_DELETE, DIR_SOURCE_TEXT_INSERT,
                                                DIR_SOURCE_PLACE_DELETE, DIR_SOURCE_PLACE_INSERT};
    int rc = BELONG_OK;
    for (size_t i = 0; rc == BELONG_OK && i < sizeof steps / sizeof steps[0]; i++) {
        sqlite3_stmt *st = stmt(s, steps[i]);
        if (!st)
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, source_id);
        sqlite3_bind_int64(st, 2, generation);
        sqlite3_bind_int64(st, 3, s->first_new_activity_id);
        rc = store_step_done(s, st);
    }
    s->first_new_activity_id = INT64_MAX;
    return rc;
}

int store_source_reindex(struct store *s, int64_t source_id, int64_t generation)
{
    return store_directory_wrote(s, store_source_reindex_do(s, source_id, generation));
}

/* The SQL of the attributes a CPS sets by hand, one clause per row of the attribute table
** (directory/attributes.c), each attribute under its column name (a column of activity, and
** its key in before_hand). Parameters: ?1 the activity, ?2 the attribute bits (enum
** activity_attr), ?3 the time, and for DIR_SET_ATTRS ?4.. each attribute's value in table order.
**   DIR_SET_ATTRS    writes the attributes of ?2 and marks them hand-set and not inferred; each
**                    not hand-set before first keeps [its value, whether it was inferred] in
**                    before_hand.
**   DIR_RESET_ATTRS  gives the hand-set attributes of ?2 their value from before_hand back, and
**                    their inferred mark; the next import writes the directory's own. A set of
**                    flags (access, audience) with nothing kept becomes none (0). */
static void build_attrs_sql(int i, struct buf *out)
{
    buf_puts(out, "UPDATE activity SET");
    for (size_t k = 0; k < activity_attr_count; k++) {
        const struct activity_attr_def *d = &activity_attrs[k];
        bool flags = d->kind == AK_ACCESS || d->kind == AK_AUDIENCE;
        if (i == DIR_SET_ATTRS)
            buf_printf(out, " %s = CASE WHEN ?2 & %u THEN ?%zu ELSE %s END,", d->column, d->bit,
                       k + 4, d->column);
        else
            buf_printf(out,
                       " %s = CASE WHEN ?2 & hand_set & %u THEN %s(before_hand->>'$.%s[0]'%s)"
                       " ELSE %s END,",
                       d->column, d->bit, flags ? "coalesce" : "", d->column, flags ? ", 0" : "",
                       d->column);
    }
    if (i == DIR_RESET_ATTRS) {
        buf_puts(out, " inferred = inferred");
        for (size_t k = 0; k < activity_attr_count; k++)
            buf_printf(out,
                       " | (CASE WHEN ?2 & hand_set & %u AND before_hand->>'$.%s[1]' THEN %u"
                       " ELSE 0 END)",
                       activity_attrs[k].bit, activity_attrs[k].column, activity_attrs[k].bit);
        buf_puts(out, ", before_hand = nullif(");
    } else {
        buf_puts(out, " before_hand = (");
    }
    buf_puts(out, "json_patch(coalesce(before_hand, '{}'), json_object(");
    for (size_t k = 0; k < activity_attr_count; k++) {
        const struct activity_attr_def *d = &activity_attrs[k];
        buf_printf(out, "%s'%s', CASE WHEN ?2 & %u", k ? ", " : "", d->column, d->bit);
        if (i == DIR_SET_ATTRS)
            buf_printf(out, " AND NOT hand_set & %u THEN json_array(%s, inferred & %u != 0)",
                       d->bit, d->column, d->bit);
        else
            buf_puts(out, " THEN NULL");
        buf_printf(out, " ELSE json(before_hand->'$.%s') END", d->column);
    }
    if (i == DIR_SET_ATTRS)
        buf_puts(out, "))), hand_set = hand_set | ?2, inferred = inferred & ~?2");
    else
        buf_puts(out, ")), '{}'), hand_set = hand_set & ~?2");
    buf_puts(out, ", updated_at = ?3 WHERE id = ?1");
}

/* Binds attribute d of a to index: NULL when it is unknown (enum tristate, intensity, cost and
** group size); flags and virtual always have a value. */
static void bind_attr(sqlite3_stmt *st, int index, const struct activity_attr_def *d,
                      const struct activity *a)
{
    switch (d->kind) {
    case AK_CATEGORY:
        store_bind_text(st, index, a->category);
        break;
    case AK_TAGS:
        store_bind_text(st, index, a->tags);
        break;
    case AK_LANGUAGES:
        store_bind_text(st, index, a->languages);
        break;
    case AK_INTENSITY:
        bind_int_if(st, index, a->intensity >= INTENSITY_MIN && a->intensity <= INTENSITY_MAX,
                    a->intensity);
        break;
    case AK_COST:
        bind_int_if(st, index, a->cost_cents >= 0, a->cost_cents);
        break;
    case AK_GROUP_SIZE:
        bind_int_if(st, index, a->group_size > 0, a->group_size);
        break;
    case AK_ACCESS:
        sqlite3_bind_int(st, index, (int)a->access);
        break;
    case AK_AUDIENCE:
        sqlite3_bind_int(st, index, (int)a->audience);
        break;
    case AK_YES_NO:
        bind_tristate(st, index, activity_attr_yes_no(d, a));
        break;
    }
}

static int store_activity_set_attrs_do(struct store *s, int64_t id, const struct activity *a,
                                       unsigned which)
{
    sqlite3_stmt *st = stmt(s, DIR_SET_ATTRS);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, (int)which);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
    for (size_t k = 0; k < activity_attr_count; k++)
        bind_attr(st, (int)k + 4, &activity_attrs[k], a);
    int rc = store_step_done(s, st);
    if (rc != BELONG_OK)
        return rc;
    if (sqlite3_changes(s->db) == 0)
        return BELONG_ENOINPUT;
    return reindex_activity(s, id);
}

int store_activity_set_attrs(struct store *s, int64_t id, const struct activity *a, unsigned which)
{
    return store_directory_wrote(s, store_activity_set_attrs_do(s, id, a, which));
}

int store_activity_reset_attrs(struct store *s, int64_t id, unsigned which)
{
    sqlite3_stmt *st = stmt(s, DIR_RESET_ATTRS);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, (int)which);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
    int rc = store_step_done(s, st);
    if (rc == BELONG_OK && sqlite3_changes(s->db) == 0)
        rc = BELONG_ENOINPUT;
    if (rc == BELONG_OK)
        rc = reindex_activity(s, id);
    return store_directory_wrote(s, rc);
}

/* Steps statement which (its ?1 the activity id) to its row. Returns 0 with *out on the row (the
** caller resets it), BELONG_ENOINPUT when there is none, or a store error. */
static int activity_row(struct store *s, enum directory_stmt which, int64_t id, sqlite3_stmt **out)
{
    sqlite3_stmt *st = *out = stmt(s, which);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        sqlite3_reset(st);
        return step == SQLITE_DONE ? BELONG_ENOINPUT : store_rc(s, step);
    }
    return BELONG_OK;
}

/* A cost column: COST_UNKNOWN for NULL, else cents. */
static int cost_column(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? COST_UNKNOWN : sqlite3_column_int(st, col);
}

int store_activity_get(struct store *s, int64_t id, struct activity *a)
{
    memset(a, 0, sizeof *a);
    sqlite3_stmt *st;
    int rc = activity_row(s, DIR_ACTIVITY_GET, id, &st);
    if (rc != BELONG_OK)
        return rc;
    a->id = sqlite3_column_int64(st, 0);
    a->source = store_column_dup(st, 1);
    a->source_ref = store_column_dup(st, 2);
    a->name = store_column_dup(st, 3);
    a->description = store_column_dup(st, 4);
    a->organization = store_column_dup(st, 5);
    a->url = store_column_dup(st, 6);
    a->email = store_column_dup(st, 7);
    a->phone = store_column_dup(st, 8);
    a->category = store_column_dup(st, 9);
    a->tags = store_column_dup(st, 10);
    a->intensity = sqlite3_column_int(st, 11);
    a->access = (unsigned)sqlite3_column_int(st, 12);
    a->languages = store_column_dup(st, 13);
    a->cost_cents = cost_column(st, 14);
    a->group_size = sqlite3_column_int(st, 15);
    a->peer_run = store_column_tristate(st, 16);
    a->substance_free = store_column_tristate(st, 17);
    a->drop_in = store_column_tristate(st, 18);
    a->is_virtual = sqlite3_column_int(st, 19) != 0;
    a->active = sqlite3_column_int(st, 20) != 0;
    a->location_name = store_column_dup(st, 21);
    a->address = store_column_dup(st, 22);
    a->town = store_column_dup(st, 23);
    a->zip = store_column_dup(st, 24);
    a->has_coords = sqlite3_column_type(st, 25) != SQLITE_NULL;
    a->lat = sqlite3_column_double(st, 25);
    a->lon = sqlite3_column_double(st, 26);
    a->tzid = store_column_dup(st, 27);
    a->organization_id = sqlite3_column_int64(st, 28);
    a->location_id = sqlite3_column_int64(st, 29);
    a->coords_from = coords_origin_of((const char *)sqlite3_column_text(st, 30));
    a->open_days = (unsigned)sqlite3_column_int(st, 31);
    a->times_listed = sqlite3_column_int(st, 32) != 0;
    a->inferred = (unsigned)sqlite3_column_int(st, 33);
    a->inference = store_column_dup(st, 34);
    a->audience = (unsigned)sqlite3_column_int(st, 35);
    sqlite3_reset(st);
    return BELONG_OK;
}

int store_activity_brief(struct store *s, int64_t id, struct activity *a)
{
    memset(a, 0, sizeof *a);
    sqlite3_stmt *st;
    int rc = activity_row(s, DIR_ACTIVITY_BRIEF, id, &st);
    if (rc != BELONG_OK)
        return rc;
    a->id = id;
    a->name = store_column_dup(st, 0);
    a->organization = store_column_dup(st, 1);
    a->category = store_column_dup(st, 2);
    a->town = store_column_dup(st, 3);
    a->tzid = store_column_dup(st, 4);
    a->coords_from = coords_origin_of((const char *)sqlite3_column_text(st, 5));
    a->cost_cents = cost_column(st, 6);
    a->access = (unsigned)sqlite3_column_int(st, 7);
    a->intensity = sqlite3_column_int(st, 8);
    a->is_virtual = sqlite3_column_int(st, 9) != 0;
    a->open_days = (unsigned)sqlite3_column_int(st, 10);
    sqlite3_reset(st);
    return BELONG_OK;
}

int store_activity_ids(struct store *s, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, DIR_ACTIVITY_IDS);
    if (!st)
        return BELONG_EINTERNAL;
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return store_rc(s, step);
    }
    return BELONG_OK;
}

/* ---- schedules --------------------------------------------------------------------------- */

/* Whether the import under way (store_source_begin) created this activity: then it has no
** schedules or occurrences to replace. */
static bool created_in_this_import(const struct store *s, int64_t activity_id)
{
    return activity_id >= s->first_new_activity_id;
}

static int store_schedules_replace_do(struct store *s, int64_t activity_id,
                                      const struct schedule *scheds, size_t n)
{
    sqlite3_stmt *st;
    int rc = BELONG_OK;
    if (n == 0 || !created_in_this_import(s, activity_id)) {
        if (!(st = stmt(s, DIR_TIMES_LISTED)))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, activity_id);
        sqlite3_bind_int(st, 2, n > 0);
        rc = store_step_done(s, st);
    }
    if (rc == BELONG_OK && !created_in_this_import(s, activity_id)) {
        if (!(st = stmt(s, DIR_SCHEDULES_DELETE)))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, activity_id);
        rc = store_step_done(s, st);
    }
    for (size_t i = 0; rc == BELONG_OK && i < n; i++) {
        const struct schedule *sc = &scheds[i];
        st = stmt(s, DIR_SCHEDULE_INSERT);
        if (!st)
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, activity_id);
        store_bind_text(st, 2, sc->dtstart);
        store_bind_text(st, 3, sc->tzid);
        store_bind_text(st, 4, sc->vtimezone);
        sqlite3_bind_int(st, 5, sc->duration_s);
        store_bind_text(st, 6, sc->rrule);
        store_bind_text(st, 7, sc->rdates);
        store_bind_text(st, 8, sc->exdates);
        store_bind_text(st, 9, sc->valid_from);
        store_bind_text(st, 10, sc->valid_to);
        store_bind_text(st, 11, sc->description);
        rc = store_step_done(s, st);
    }
    return rc;
}

int store_schedules_replace(struct store *s, int64_t activity_id, const struct schedule *scheds,
                            size_t n)
{
    return store_directory_wrote(s, store_schedules_replace_do(s, activity_id, scheds, n));
}

int store_schedules_get(struct store *s, int64_t activity_id, struct schedule **scheds, size_t *n)
{
    *scheds = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, DIR_SCHEDULES_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, activity_id);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 4;
            *scheds = xrealloc(*scheds, cap * sizeof **scheds);
        }
        struct schedule *sc = &(*scheds)[(*n)++];
        sc->dtstart = store_column_dup(st, 0);
        sc->tzid = store_column_dup(st, 1);
        sc->vtimezone = store_column_dup(st, 2);
        sc->duration_s = sqlite3_column_int(st, 3);
        sc->rrule = store_column_dup(st, 4);
        sc->rdates = store_column_dup(st, 5);
        sc->exdates = store_column_dup(st, 6);
        sc->valid_from = store_column_dup(st, 7);
        sc->valid_to = store_column_dup(st, 8);
        sc->description = store_column_dup(st, 9);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        for (size_t i = 0; i < *n; i++)
            schedule_free(&(*scheds)[i]);
        free(*scheds);
        *scheds = NULL;
        *n = 0;
        return store_rc(s, step);
    }
    return BELONG_OK;
}

/* ---- occurrences ------------------------------------------------------------------------- */

/* Binds a signature to ?first.. (three parameters). */
static void bind_week_slots(sqlite3_stmt *st, int first, const struct week_slots *w)
{
    for (int i = 0; i < WEEK_SLOT_WORDS; i++)
        sqlite3_bind_int64(st, first + i, (sqlite3_int64)w->bits[i]);
}

static int store_occurrences_replace_do(struct store *s, int64_t activity_id, time_t from,
                                        const struct occurrence *occ, size_t n)
{
    bool created = created_in_this_import(s, activity_id); /* it has no occurrences yet */
    sqlite3_stmt *st;
    int rc = BELONG_OK;
    if (!created) {
        if (!(st = stmt(s, DIR_OCCURRENCES_DELETE)))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, activity_id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)from);
        rc = store_step_done(s, st);
    }
    /* Every occurrence written starts at or after `from` (schedule_expand), where the delete
    ** left none: no key can collide. All in one statement (sqlite_rows.c). */
    struct store_occurrence_list list = {occ, n};
    if (rc == BELONG_OK && n > 0) {
        if (!(st = stmt(s, DIR_OCCURRENCES_INSERT)))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, activity_id);
        sqlite3_bind_pointer(st, 2, &list, STORE_OCCURRENCE_LIST_TYPE, NULL);
        rc = store_step_done(s, st);
    }
    if (rc != BELONG_OK)
        return rc;
    struct week_slots slots = {{0}};
    for (size_t i = 0; i < n; i++)
        week_slots_add(&slots, occ[i].weekday, occ[i].start_minute, occ[i].start_minute + 1);
    /* The signature covers the occurrences kept from before `from` as well. */
    if (!created) {
        if (!(st = stmt(s, DIR_OCCURRENCES_KEPT)))
            return BELONG_EINTERNAL;
        sqlite3_bind_int64(st, 1, activity_id);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)from);
        int step;
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            int minute = sqlite3_column_int(st, 1);
            week_slots_add(&slots, sqlite3_column_int(st, 0), minute, minute + 1);
        }
        sqlite3_reset(st);
        if ((rc = store_rc(s, step)) != BELONG_OK)
            return rc;
    }
    if (!(st = stmt(s, DIR_WEEK_SLOTS_SET)))
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, activity_id);
    bind_week_slots(st, 2, &slots);
    return store_step_done(s, st);
}

int store_occurrences_replace(struct store *s, int64_t activity_id, time_t from,
                              const struct occurrence *occ, size_t n)
{
    return store_directory_wrote(s, store_occurrences_replace_do(s, activity_id, from, occ, n));
}

int store_occurrences_get(struct store *s, int64_t activity_id, time_t from, time_t to,
                          struct occurrence **occ, size_t *n)
{
    *occ = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, DIR_OCCURRENCES_GET);
    if (!st)
        return BELONG_EINTERNAL;
    sqlite3_bind_int64(st, 1, activity_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)from);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)to);
    size_t cap = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *occ = xrealloc(*occ, cap * sizeof **occ);
        }
        struct occurrence *o = &(*occ)[(*n)++];
        o->start = (time_t)sqlite3_column_int64(st, 0);
        o->end = (time_t)sqlite3_column_int64(st, 1);
        o->weekday = sqlite3_column_int(st, 2);
        o->start_minute = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (step != SQLITE_DONE) {
        free(*occ);
        *occ = NULL;
        *n = 0;
        return store_rc(s, step);
    }
    return BELONG_OK;
}
