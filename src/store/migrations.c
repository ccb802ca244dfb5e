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
    /* 2: peers: profiles by caseload, their lists, weekly windows, dates away and the history
    ** of comfort with groups (src/store/sqlite_peers.c). */
    "CREATE TABLE peer(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  cps TEXT NOT NULL,\n" /* the CPS whose caseload holds the record */
    "  name TEXT NOT NULL,\n"
    "  pronouns TEXT, contact TEXT,\n"
    "  home_zip TEXT, home_town TEXT, home_label TEXT,\n" /* never a street address */
    "  home_lat REAL CHECK (home_lat IS NULL OR home_lat BETWEEN -90 AND 90),\n"
    "  home_lon REAL CHECK (home_lon IS NULL OR home_lon BETWEEN -180 AND 180),\n"
    "  max_travel_miles REAL CHECK (max_travel_miles IS NULL OR max_travel_miles >= 0),\n"
    "  travel_modes INTEGER NOT NULL DEFAULT 0,\n" /* enum travel_mode bits */
    "  virtual_ok INTEGER NOT NULL DEFAULT 0,\n"
    "  budget_cents INTEGER CHECK (budget_cents IS NULL OR budget_cents >= 0),\n" /* NULL: any */
    "  access_needs INTEGER NOT NULL DEFAULT 0,\n" /* enum access_flag bits */
    "  prefers_substance_free INTEGER NOT NULL DEFAULT 0,\n"
    "  prefers_peer_run INTEGER NOT NULL DEFAULT 0,\n"
    "  comfort INTEGER CHECK (comfort IS NULL OR comfort BETWEEN 1 AND 5),\n"
    "  archived INTEGER NOT NULL DEFAULT 0,\n"
    "  created_at INTEGER NOT NULL,\n"
    "  updated_at INTEGER NOT NULL);\n"
    "CREATE INDEX peer_caseload ON peer(cps, archived, id);\n"
    "CREATE TABLE peer_item(\n" /* interests, tags, values, goals, languages, in order */
    "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('interest', 'tag', 'value', 'goal', 'language')),\n"
    "  position INTEGER NOT NULL,\n"
    "  text TEXT NOT NULL,\n"
    "  PRIMARY KEY(peer_id, kind, position)) WITHOUT ROWID;\n"
    "CREATE TABLE peer_window(\n"
    "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
    "  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),\n" /* 0 = Monday */
    "  start_minute INTEGER NOT NULL CHECK (start_minute >= 0),\n"
    "  end_minute INTEGER NOT NULL CHECK (end_minute > start_minute AND end_minute <= 1440),\n"
    "  PRIMARY KEY(peer_id, weekday, start_minute)) WITHOUT ROWID;\n"
    "CREATE TABLE peer_away(\n"
    "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
    "  first_day TEXT NOT NULL,\n" /* YYYY-MM-DD, inclusive */
    "  last_day TEXT NOT NULL CHECK (last_day >= first_day),\n"
    "  PRIMARY KEY(peer_id, first_day)) WITHOUT ROWID;\n"
    "CREATE TABLE peer_comfort(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
    "  comfort INTEGER NOT NULL CHECK (comfort BETWEEN 1 AND 5),\n"
    "  changed_at INTEGER NOT NULL);\n"
    "CREATE INDEX peer_comfort_peer ON peer_comfort(peer_id, changed_at);\n",
    /* 3: search (store/sqlite_search.c). The timeline index carries the local weekday and
    ** minute, so day/time filters are checked in the index; activity_search covers the
    ** attribute filters of a category search. occurrence_start is replaced by the first. */
    "DROP INDEX occurrence_start;\n"
    "CREATE INDEX occurrence_when ON occurrence(start_utc, weekday, start_minute, activity_id);\n"
    "CREATE INDEX activity_search\n"
    "  ON activity(category, active, intensity, access, cost_cents, lat, lon);\n",
    /* 4: matching (store/sqlite_match.c): a peer's choices on suggestions until the engagement
    ** records bring plans (one current choice per peer and activity), and online activities
    ** found without scanning the directory. */
    "CREATE TABLE peer_choice(\n"
    "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
    "  activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,\n"
    "  choice TEXT NOT NULL CHECK (choice IN ('chosen', 'declined')),\n"
    "  note TEXT,\n"
    "  at INTEGER NOT NULL,\n"
    "  PRIMARY KEY(peer_id, activity_id)) WITHOUT ROWID;\n"
    "CREATE INDEX activity_online ON activity(active, id) WHERE is_virtual = 1;\n",
    /* 5: matching reads only these columns for every candidate (store/sqlite_match.c), so each
    ** candidate costs a seek in a small index instead of reading its whole listing. */
    "DROP INDEX activity_online;\n"
    "CREATE INDEX activity_match\n"
    "  ON activity(id, active, is_virtual, cost_cents, access, lat, lon);\n"
    "CREATE INDEX activity_online ON activity(active, is_virtual, id, cost_cents, access)\n"
    "  WHERE is_virtual = 1;\n",
    /* 6: each activity's weekly time signature: bit (weekday x 24 + local start hour) of every
    ** stored occurrence, 168 bits as three 56-bit integers (week_slots_0 holds slots 0..55,
    ** Monday 00h .. Wednesday 07h). store_occurrences_replace keeps it; search and matching
    ** test it in the covering indexes, so an activity that never starts at a time asked for is
    ** passed over before any occurrence is looked up. activity_match gains what search filters
    ** on, so search reads it instead of whole listings. */
    "ALTER TABLE activity ADD COLUMN week_slots_0 INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE activity ADD COLUMN week_slots_1 INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE activity ADD COLUMN week_slots_2 INTEGER NOT NULL DEFAULT 0;\n"
    "UPDATE activity SET (week_slots_0, week_slots_1, week_slots_2) = (\n"
    "  SELECT coalesce(sum(DISTINCT CASE WHEN slot / 56 = 0 THEN 1 << (slot % 56) END), 0),\n"
    "         coalesce(sum(DISTINCT CASE WHEN slot / 56 = 1 THEN 1 << (slot % 56) END), 0),\n"
    "         coalesce(sum(DISTINCT CASE WHEN slot / 56 = 2 THEN 1 << (slot % 56) END), 0)\n"
    "  FROM (SELECT weekday * 24 + start_minute / 60 AS slot FROM occurrence\n"
    "        WHERE activity_id = activity.id));\n"
    "DROP INDEX activity_match;\n"
    "CREATE INDEX activity_match ON activity(id, active, is_virtual, cost_cents, access, lat,\n"
    "  lon, week_slots_0, week_slots_1, week_slots_2, intensity, category);\n"
    "DROP INDEX activity_online;\n"
    "CREATE INDEX activity_online ON activity(active, is_virtual, id, cost_cents, access,\n"
    "  week_slots_0, week_slots_1, week_slots_2) WHERE is_virtual = 1;\n"
    "DROP INDEX activity_search;\n"
    "CREATE INDEX activity_search ON activity(category, active, intensity, access, cost_cents,\n"
    "  lat, lon, week_slots_0, week_slots_1, week_slots_2);\n",
    /* 7: organisations and places are rows of their own, keyed like activities by (source,
    ** their id in the source); an activity names its organisation and its place (either may be
    ** absent: an online event may have neither). The activity's organisation name, venue name,
    ** address, town and ZIP move there and leave the activity row. activity.lat/lon stay, as a
    ** copy of the place's coordinates that the store writes in the same transaction whenever
    ** the place or the activity is written: the covering indexes of search and matching
    ** (activity_search, activity_match) and the R*Tree activity_place read them from the
    ** activity. activity.tzid stays too: it is the zone of the activity's times (an online
    ** event has one), not a property of the place.
    ** Existing listings get one organisation per distinct name and one place per distinct venue
    ** of each source, keyed as sources without ids are (organization_default_ref,
    ** location_default_ref in src/directory/): the name; the venue's name, address, town and ZIP
    ** then "%.7f,%.7f" of the coordinates (empty without), joined by char(31). A source that
    ** has ids (HSDS) keys them by id at its next import, and the rows built here that no
    ** listing names any more are removed then (store_source_prune). */
    "CREATE TABLE organization(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  source_id INTEGER NOT NULL REFERENCES source(id),\n"
    "  source_ref TEXT NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  UNIQUE(source_id, source_ref));\n"
    "CREATE TABLE location(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  source_id INTEGER NOT NULL REFERENCES source(id),\n"
    "  source_ref TEXT NOT NULL,\n"
    "  name TEXT, address TEXT, town TEXT, zip TEXT,\n"
    "  lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),\n"
    "  lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),\n"
    "  UNIQUE(source_id, source_ref));\n"
    "ALTER TABLE activity ADD COLUMN organization_id INTEGER REFERENCES organization(id);\n"
    "ALTER TABLE activity ADD COLUMN location_id INTEGER REFERENCES location(id);\n"
    "INSERT INTO organization(source_id, source_ref, name)\n"
    "  SELECT DISTINCT source_id, organization, organization FROM activity\n"
    "  WHERE organization IS NOT NULL AND organization <> '' ORDER BY source_id, organization;\n"
    "UPDATE activity SET organization_id = (SELECT o.id FROM organization o\n"
    "  WHERE o.source_id = activity.source_id AND o.source_ref = activity.organization)\n"
    "  WHERE organization IS NOT NULL AND organization <> '';\n"
    "CREATE TEMP TABLE venue_v6(id INTEGER PRIMARY KEY, source_id INTEGER, ref TEXT);\n"
    "INSERT INTO venue_v6(id, source_id, ref) SELECT id, source_id,\n"
    "  coalesce(location_name, '') || char(31) || coalesce(address, '') || char(31) ||\n"
    "  coalesce(town, '') || char(31) || coalesce(zip, '') || char(31) ||\n"
    "  CASE WHEN lat IS NULL OR lon IS NULL THEN '' ELSE printf('%.7f,%.7f', lat, lon) END\n"
    "  FROM activity\n"
    "  WHERE coalesce(location_name, address, town, zip) IS NOT NULL\n"
    "     OR (lat IS NOT NULL AND lon IS NOT NULL);\n"
    "INSERT INTO location(source_id, source_ref, name, address, town, zip, lat, lon)\n"
    "  SELECT g.source_id, g.ref, a.location_name, a.address, a.town, a.zip, a.lat, a.lon\n"
    "  FROM (SELECT source_id, ref, min(id) AS first FROM venue_v6 GROUP BY source_id, ref) g\n"
    "  JOIN activity a ON a.id = g.first ORDER BY g.first;\n"
    "UPDATE activity SET location_id = (SELECT l.id FROM venue_v6 v JOIN location l\n"
    "  ON l.source_id = v.source_id AND l.source_ref = v.ref WHERE v.id = activity.id);\n"
    "DROP TABLE venue_v6;\n"
    /* venues equal to 7 decimals of a degree share the first one's coordinates (the R*Tree,
    ** in single precision, cannot tell them apart) */
    "UPDATE activity SET (lat, lon) = (SELECT l.lat, l.lon FROM location l\n"
    "  WHERE l.id = activity.location_id)\n"
    "  WHERE location_id IS NOT NULL AND EXISTS (SELECT 1 FROM location l\n"
    "    WHERE l.id = activity.location_id AND (l.lat IS NOT activity.lat\n"
    "      OR l.lon IS NOT activity.lon));\n"
    "ALTER TABLE activity DROP COLUMN organization;\n"
    "ALTER TABLE activity DROP COLUMN location_name;\n"
    "ALTER TABLE activity DROP COLUMN address;\n"
    "ALTER TABLE activity DROP COLUMN town;\n"
    "ALTER TABLE activity DROP COLUMN zip;\n"
    "CREATE INDEX activity_organization ON activity(organization_id);\n"
    "CREATE INDEX activity_location ON activity(location_id);\n",
    /* 8: search without text or a place reads the listings and occurrences each connection
    ** keeps in memory (store_search, sqlite_listings.c), as matching does, so nothing reads the
    ** timeline index or the category indexes any more: they go, and with them a million index
    ** entries to write at every large import (every other query of occurrences names its
    ** activity, the primary key's first column). */
    "DROP INDEX occurrence_when;\n"
    "DROP INDEX activity_search;\n"
    "DROP INDEX activity_category;\n",
    /* 9: a place its source gives no coordinates for is put at the centre of its ZIP code, else
    ** of its town (catalog_import), so that searches around a place find it; this says which
    ** ('zip', 'town'; NULL: the source's own), as its distances are then approximate. */
    ("ALTER TABLE location ADD COLUMN coords_from TEXT\n"
     "  CHECK (coords_from IS NULL OR coords_from IN ('zip', 'town'));\n"),
    /* 10: times not listed (docs/store.md). open_days: the weekdays a directory says a listing
    ** is open without giving its times (bit 0 = Monday); times_listed: it has a schedule (0:
    ** "times not listed", written by the import from its schedules). Search and matching read
    ** both from activity_match, which gains them. */
    "ALTER TABLE activity ADD COLUMN open_days INTEGER NOT NULL DEFAULT 0\n"
    "  CHECK (open_days BETWEEN 0 AND 127);\n"
    "ALTER TABLE activity ADD COLUMN times_listed INTEGER NOT NULL DEFAULT 1;\n"
    "UPDATE activity SET times_listed = 0\n"
    "  WHERE NOT EXISTS (SELECT 1 FROM schedule WHERE activity_id = activity.id);\n"
    "DROP INDEX activity_match;\n"
    "CREATE INDEX activity_match ON activity(id, active, is_virtual, cost_cents, access, lat,\n"
    "  lon, week_slots_0, week_slots_1, week_slots_2, intensity, category, open_days,\n"
    "  times_listed);\n",
    /* 11: a peer profile's version, 1 when added and one more at every write (edit, archive),
    ** so that a whole profile written back from an earlier copy (peer edit --json FILE) is
    ** refused when the profile changed since that copy was read (optimistic concurrency). */
    "ALTER TABLE peer ADD COLUMN version INTEGER NOT NULL DEFAULT 1;\n",
    /* 12: the attributes an import inferred from the listing's own words (enum activity_attr
    ** bits; a hand-set one is never inferred) and what they were inferred from: lines
    ** "ATTR<TAB>CONFIDENCE<TAB>EVIDENCE" (src/directory/infer.h). */
    ("ALTER TABLE activity ADD COLUMN inferred INTEGER NOT NULL DEFAULT 0;\n"
     "ALTER TABLE activity ADD COLUMN inference TEXT;\n"),
    /* 13: what an attribute was before a CPS first set it by hand (belong activity set), so that
    ** `activity set --reset` can give it back: a JSON object, attribute column -> [value,
    ** inferred (0/1)], holding only the hand-set attributes; NULL when none. */
    "ALTER TABLE activity ADD COLUMN before_hand TEXT;\n",
    /* 14: who an activity is for and who a peer says they are (enum audience_flag bits,
    ** src/directory/audience.h): activity.audience 0 = for everyone; peer.audience NULL = not
    ** said. */
    ("ALTER TABLE activity ADD COLUMN audience INTEGER NOT NULL DEFAULT 0;\n"
     "ALTER TABLE peer ADD COLUMN audience INTEGER;\n"),
    /* 15: measures given to a peer (store/sqlite_measures.c): one row per administration
    ** (instrument id as in src/measures/instruments.c, the day it was given, YYYY-MM-DD) and one
    ** per item answer with its date: the option's code, NULL for an item not answered (DJG-6).
    ** Scores are computed from the answers when read, never stored. */
    ("CREATE TABLE measure(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
     "  instrument TEXT NOT NULL,\n"
     "  taken_on TEXT NOT NULL CHECK (taken_on GLOB "
     "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
     "  created_at INTEGER NOT NULL);\n"
     "CREATE INDEX measure_peer ON measure(peer_id, taken_on);\n"
     "CREATE TABLE measure_answer(\n"
     "  measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE,\n"
     "  item INTEGER NOT NULL CHECK (item >= 1),\n"
     "  taken_on TEXT NOT NULL,\n"
     "  code INTEGER,\n"
     "  PRIMARY KEY (measure_id, item)) WITHOUT ROWID;\n"),
    /* 16: the people a peer met (store/sqlite_connections.c): a first name or initials, where
    ** they met (a listed activity, else a free-text place; visit_id is kept for the visits of the
    ** engagement records, no reference yet) and the day met; ended_on, the day they lost touch
    ** (a state, never a deletion). connection_history: every change appended (the day it took
    ** effect, relationship, closeness, last contact, ended), never rewritten, so the network
    ** can be drawn as it was on any day. */
    ("CREATE TABLE connection(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
     "  name TEXT NOT NULL,\n"
     "  met_activity_id INTEGER REFERENCES activity(id),\n"
     "  met_place TEXT,\n"
     "  met_visit_id INTEGER,\n"
     "  met_on TEXT NOT NULL CHECK (met_on GLOB "
     "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
     "  ended_on TEXT,\n"
     "  created_at INTEGER NOT NULL,\n"
     "  CHECK (met_activity_id IS NULL OR met_place IS NULL));\n"
     "CREATE INDEX connection_peer ON connection(peer_id);\n"
     "CREATE TABLE connection_history(\n"
     "  connection_id INTEGER NOT NULL REFERENCES connection(id) ON DELETE CASCADE,\n"
     "  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
     "  on_date TEXT NOT NULL CHECK (on_date GLOB "
     "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
     "  relationship TEXT NOT NULL CHECK (relationship IN ('acquaintance', 'friend', 'mentor',\n"
     "    'peer', 'family', 'professional')),\n"
     "  closeness INTEGER NOT NULL CHECK (closeness BETWEEN 1 AND 5),\n"
     "  last_contact TEXT,\n"
     "  ended INTEGER NOT NULL DEFAULT 0 CHECK (ended IN (0, 1)),\n"
     "  recorded_at INTEGER NOT NULL,\n"
     "  PRIMARY KEY (connection_id, seq)) WITHOUT ROWID;\n"),
    /* 17: the history of a peer's choices (store/sqlite_history.c): every choice, decline and
    ** withdrawal with its note and time, never deleted with the current choice (peer_choice);
    ** forced: the limits a choice broke when recorded with --force (names as in
    ** match_exclusion_name, comma separated), NULL otherwise. Choices made before start it. */
    ("CREATE TABLE peer_choice_history(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
     "  activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,\n"
     "  choice TEXT NOT NULL CHECK (choice IN ('chosen', 'declined', 'withdrawn')),\n"
     "  note TEXT,\n"
     "  at INTEGER NOT NULL,\n"
     "  forced TEXT);\n"
     "CREATE INDEX peer_choice_history_peer ON peer_choice_history(peer_id, at);\n"
     "INSERT INTO peer_choice_history(peer_id, activity_id, choice, note, at)\n"
     "  SELECT peer_id, activity_id, choice, note, at FROM peer_choice ORDER BY at;\n"),
    /* 18: plans and visits (store/sqlite_plans.c, docs/practice.md). A plan is a next step: an
    ** activity on a day (YYYY-MM-DD; starts_at the occurrence's instant, NULL when the listing
    ** gives no times), how the CPS supports it and its status. A visit is what happened: went
    ** or not, comfort before and after, conversations; with_whom, felt, next_step and note are
    ** the peer's own words (issue 13 encrypts them). Both go with their peer. */
    ("CREATE TABLE plan(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
     "  activity_id INTEGER NOT NULL,\n"
     "  on_date TEXT NOT NULL CHECK (on_date GLOB "
     "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
     "  starts_at INTEGER,\n"
     "  support TEXT NOT NULL CHECK (support IN ('along', 'meet', 'alone', 'rehearse')),\n"
     "  status TEXT NOT NULL DEFAULT 'planned'\n"
     "    CHECK (status IN ('planned', 'done', 'skipped', 'cancelled')),\n"
     "  reason TEXT,\n"
     "  note TEXT,\n"
     "  created_at INTEGER NOT NULL,\n"
     "  updated_at INTEGER NOT NULL);\n"
     "CREATE INDEX plan_peer ON plan(peer_id, on_date);\n"
     "CREATE TABLE visit(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  peer_id INTEGER NOT NULL REFERENCES peer(id) ON DELETE CASCADE,\n"
     "  plan_id INTEGER REFERENCES plan(id) ON DELETE SET NULL,\n"
     "  activity_id INTEGER NOT NULL,\n"
     "  on_date TEXT NOT NULL CHECK (on_date GLOB "
     "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),\n"
     "  went INTEGER NOT NULL CHECK (went IN (0, 1)),\n"
     "  comfort_before INTEGER CHECK (comfort_before BETWEEN 1 AND 5),\n"
     "  comfort_after INTEGER CHECK (comfort_after BETWEEN 1 AND 5),\n"
     "  conversations INTEGER CHECK (conversations >= 0),\n"
     "  with_whom TEXT,\n"
     "  felt TEXT,\n"
     "  next_step TEXT,\n"
     "  created_at INTEGER NOT NULL);\n"
     "CREATE INDEX visit_peer ON visit(peer_id, on_date);\n"
     "CREATE INDEX visit_plan ON visit(plan_id);\n"),
    /* 19: accounts (store/sqlite_accounts.c, docs/privacy.md): users (name = caseload handle,
    ** role, supervisor: the supervisor whose team a CPS is in, Argon2id password hash), web
    ** sessions and API tokens kept only as their BLAKE2b hashes, login failures per account
    ** and per address (throttling), and the append-only audit trail, whose rows triggers keep
    ** from being changed or deleted. audit.peer_id names no foreign key: a deleted peer's rows
    ** stay. */
    ("CREATE TABLE user_account(\n"
     "  name TEXT PRIMARY KEY,\n"
     "  role TEXT NOT NULL CHECK (role IN ('cps', 'supervisor', 'admin')),\n"
     "  supervisor TEXT REFERENCES user_account(name),\n"
     "  password_hash TEXT NOT NULL,\n"
     "  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),\n"
     "  created_at INTEGER NOT NULL);\n"
     "CREATE INDEX user_team ON user_account(supervisor);\n"
     "CREATE TABLE session(\n"
     "  token_hash BLOB PRIMARY KEY,\n"
     "  user_name TEXT NOT NULL REFERENCES user_account(name),\n"
     "  csrf TEXT NOT NULL,\n"
     "  address TEXT,\n"
     "  created_at INTEGER NOT NULL,\n"
     "  last_seen INTEGER NOT NULL) WITHOUT ROWID;\n"
     "CREATE INDEX session_user ON session(user_name);\n"
     "CREATE TABLE api_token(\n"
     "  user_name TEXT PRIMARY KEY REFERENCES user_account(name),\n"
     "  token_hash BLOB NOT NULL UNIQUE,\n"
     "  created_at INTEGER NOT NULL);\n"
     "CREATE TABLE login_failure(\n"
     "  kind TEXT NOT NULL CHECK (kind IN ('account', 'address')),\n"
     "  key TEXT NOT NULL,\n"
     "  failures INTEGER NOT NULL,\n"
     "  last_at INTEGER NOT NULL,\n"
     "  PRIMARY KEY (kind, key)) WITHOUT ROWID;\n"
     "CREATE TABLE audit(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  at INTEGER NOT NULL,\n"
     "  actor TEXT NOT NULL,\n"
     "  operation TEXT NOT NULL,\n"
     "  peer_id INTEGER,\n"
     "  origin TEXT NOT NULL,\n"
     "  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')));\n"
     "CREATE INDEX audit_peer ON audit(peer_id, at);\n"
     "CREATE INDEX audit_actor ON audit(actor, at);\n"
     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
     "  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;\n"
     "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
     "  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;\n"),
    /* 20: the audit's outcomes (docs/privacy.md): besides "ok" and "refused" (for the caseload),
    ** "invalid" (a change of one's own peer refused for its input) and "failed" (a change the
    ** store or the disk failed). SQLite changes no CHECK in place: the table is made again
    ** with the new one and every row copied over, ids and all, before the old one goes. */
    ("DROP TRIGGER audit_no_update;\n"
     "DROP TRIGGER audit_no_delete;\n"
     "DROP INDEX audit_peer;\n"
     "DROP INDEX audit_actor;\n"
     "ALTER TABLE audit RENAME TO v19_audit;\n"
     "CREATE TABLE audit(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  at INTEGER NOT NULL,\n"
     "  actor TEXT NOT NULL,\n"
     "  operation TEXT NOT NULL,\n"
     "  peer_id INTEGER,\n"
     "  origin TEXT NOT NULL,\n"
     "  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'invalid', 'failed')));\n"
     "INSERT INTO audit(id, at, actor, operation, peer_id, origin, outcome)\n"
     "  SELECT id, at, actor, operation, peer_id, origin, outcome FROM v19_audit;\n"
     "DROP TABLE v19_audit;\n"
     "CREATE INDEX audit_peer ON audit(peer_id, at);\n"
     "CREATE INDEX audit_actor ON audit(actor, at);\n"
     "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
     "  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;\n"
     "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
     "  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;\n"),
};

const int store_migration_count = (int)(sizeof store_migrations / sizeof store_migrations[0]);
