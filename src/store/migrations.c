/* migrations.c — the database schema, as ordered migrations keyed by PRAGMA user_version.
**
** Never edit a migration that has shipped: append a new one. store_open applies the missing
** ones in a single transaction.
*/
#include "sqlite_internal.h"

const char *const store_migrations[] = {
    /* 1: the community-activity directory. */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    "CREATE TABLE source(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE,\n"
    "  kind TEXT NOT NULL,\n"
    "  generation INTEGER NOT NULL DEFAULT 0,\n"
    "  imported_at INTEGER);\n"
    "CREATE TABLE activity(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  source_id INTEGER NOT NULL REFERENCES source(id),\n"
    "  source_ref TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  description TEXT,\n"
    "  organization TEXT,\n"
    "  url TEXT, email TEXT, phone TEXT,\n"
    "  category TEXT,\n"
    "  tags TEXT,\n"
    "  intensity INTEGER CHECK (intensity IS NULL OR intensity BETWEEN 1 AND 5),\n"
    "  access INTEGER NOT NULL DEFAULT 0,\n"
    "  languages TEXT,\n"
    "  cost_cents INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0),\n"
    "  group_size INTEGER,\n"
    "  peer_run INTEGER, substance_free INTEGER, drop_in INTEGER,\n"
    "  is_virtual INTEGER NOT NULL DEFAULT 0,\n"
    "  active INTEGER NOT NULL DEFAULT 1,\n"
    "  location_name TEXT, address TEXT, town TEXT, zip TEXT,\n"
    "  lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),\n"
    "  lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),\n"
    "  tzid TEXT,\n"
    "  hand_set INTEGER NOT NULL DEFAULT 0,\n" /* enum activity_attr bits set by a CPS */
    "  seen_generation INTEGER NOT NULL DEFAULT 0,\n"
    "  updated_at INTEGER NOT NULL,\n"
    "  UNIQUE(source_id, source_ref));\n"
    "CREATE INDEX activity_category ON activity(category);\n"
    "CREATE TABLE schedule(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,\n"
    "  dtstart TEXT NOT NULL,\n"
    "  tzid TEXT, vtimezone TEXT,\n"
    "  duration_s INTEGER NOT NULL CHECK (duration_s >= 0),\n"
    "  rrule TEXT, rdates TEXT, exdates TEXT,\n"
    "  valid_from TEXT, valid_to TEXT,\n"
    "  description TEXT);\n"
    "CREATE INDEX schedule_activity ON schedule(activity_id);\n"
    "CREATE TABLE occurrence(\n"
    "  activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,\n"
    "  start_utc INTEGER NOT NULL,\n"
    "  end_utc INTEGER NOT NULL,\n"
    "  weekday INTEGER NOT NULL,\n"      /* local, 0 = Monday */
    "  start_minute INTEGER NOT NULL,\n" /* local minutes after midnight */
    "  PRIMARY KEY(activity_id, start_utc)) WITHOUT ROWID;\n"
    "CREATE INDEX occurrence_start ON occurrence(start_utc, activity_id);\n"
    "CREATE VIRTUAL TABLE activity_text USING fts5(\n"
    "  name, description, tags, organization, tokenize = 'porter unicode61');\n"
    "CREATE VIRTUAL TABLE activity_place USING rtree(id, min_lat, max_lat, min_lon, max_lon);\n",
};

const int store_migration_count = (int)(sizeof store_migrations / sizeof store_migrations[0]);
