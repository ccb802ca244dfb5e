/* places.c — ZIP code and town lookups in the ZIP centroid file, and haversine distance.
** The file is scanned on demand, and kept in memory only as a zip_index its caller holds.
*/
#include "places.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../formats/csv.h"
#include "../util/buf.h"
#include "../util/datadir.h"
#include "../util/rc.h"

#define EARTH_RADIUS_MILES 3958.8
#define NAME_LEN           80 /* longest normalised town name compared */

double distance_miles(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    if (a > 1.0)
        a = 1.0;
    return 2.0 * EARTH_RADIUS_MILES * asin(sqrt(a));
}

/* Reads a coordinate field. Returns false when empty or not a number in range. */
static bool parse_coord(const char *s, double limit, double *out)
{
    if (!s || !*s)
        return false;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v) || v < -limit || v > limit)
        return false;
    *out = v;
    return true;
}

/* The fields of one ZIP file row that lookups use; pointers into the reader's record. */
struct zip_row {
    const char *code, *city, *state, *lat, *lon;
};

/* Calls row for each data record of the ZIP file (read with formats/csv.h, columns found by
** header name); row returns false to stop. Returns 0 or BELONG_EIO (with err). */
static int scan_zip_file(bool (*row)(void *ctx, const struct zip_row *z), void *ctx, char *err,
                         size_t errlen)
{
    char path[1024];
    data_file_path(PLACES_FILE, path, sizeof path);
    struct diag diag = {0};
    struct csv_reader *r = NULL;
    int rc = csv_open(path, NULL, &r, &diag);
    if (rc == BELONG_OK)
        rc = csv_read_header(r);
    int col_code = -1, col_city = -1, col_state = -1, col_lat = -1, col_lon = -1;
    if (rc == BELONG_OK) {
        col_code = csv_column(r, "code");
        col_city = csv_column(r, "city");
        col_state = csv_column(r, "state");
        col_lat = csv_column(r, "lat");
        col_lon = csv_column(r, "lon");
        if (col_code < 0 || col_city < 0 || col_state < 0 || col_lat < 0 || col_lon < 0) {
            diag_add(&diag, path, 1, NULL, "expected columns code, city, state, lat, lon");
            rc = BELONG_EDATA;
        }
    }
    bool got = rc == BELONG_OK;
    while (rc == BELONG_OK && got) {
        rc = csv_next(r, &got);
        if (rc != BELONG_OK || !got)
            break;
        struct zip_row z = {csv_get(r, col_code), csv_get(r, col_city), csv_get(r, col_state),
                            csv_get(r, col_lat), csv_get(r, col_lon)};
        if (!row(ctx, &z))
            break;
    }
    if (rc != BELONG_OK) {
        const char *text = buf_str(&diag.text);
        size_t n = strcspn(text, "\n");
        snprintf(err, errlen, "cannot read the ZIP code list: %.*s", (int)n, n ? text : path);
        rc = BELONG_EIO;
    }
    csv_close(r);
    diag_free(&diag);
    return rc;
}

/* ---- ZIP codes ------------------------------------------------------------------------ */

struct zip_search {
    char code[6];
    bool found, has_coords;
    double lat, lon;
    char city[NAME_LEN], state[8];
};

static bool zip_row(void *ctx, const struct zip_row *row)
{
    struct zip_search *z = ctx;
    if (strcmp(row->code, z->code) != 0)
        return true;
    z->found = true;
    z->has_coords = parse_coord(row->lat, 90, &z->lat) && parse_coord(row->lon, 180, &z->lon);
    snprintf(z->city, sizeof z->city, "%s", row->city);
    snprintf(z->state, sizeof z->state, "%s", row->state);
    return false;
}

/* The five digits of a ZIP code ("01601", "01601-1234") as a number, or -1. */
static int zip_number(const char *zip)
{
    size_t len = zip ? strlen(zip) : 0;
    if (len != 5 && !(len == 10 && zip[5] == '-'))
        return -1;
    int code = 0;
    for (size_t i = 0; i < len; i++) {
        if (i == 5)
            continue;
        if (!isdigit((unsigned char)zip[i]))
            return -1;
        if (i < 5)
            code = code * 10 + (zip[i] - '0');
    }
    return code;
}

/* A point of a town: one of its ZIP codes' centroids. */
struct point {
    double lat, lon;
};

/* The mean of the distinct points among p[0..n) (several PO-box ZIPs often share one point),
** the centre belong gives a town. Returns how many were distinct (0: *lat, *lon untouched). */
static int distinct_mean(const struct point *p, size_t n, double *lat, double *lon)
{
    double sum_lat = 0, sum_lon = 0;
    int distinct = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = p[j].lat == p[i].lat && p[j].lon == p[i].lon;
        if (seen)
            continue;
        sum_lat += p[i].lat;
        sum_lon += p[i].lon;
        distinct++;
    }
    if (distinct > 0) {
        *lat = sum_lat / distinct;
        *lon = sum_lon / distinct;
    }
    return distinct;
}

int place_from_zip(const char *zip, struct place *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct zip_search z = {0};
    if (zip_number(zip) < 0) {
        snprintf(err, errlen, "'%s' is not a ZIP code (five digits, e.g. 01601)", zip ? zip : "");
        return BELONG_EUSAGE;
    }
    memcpy(z.code, zip, 5);
    int rc = scan_zip_file(zip_row, &z, err, errlen);
    if (rc != BELONG_OK)
        return rc;
    if (!z.found) {
        snprintf(err, errlen, "ZIP code %s is not in the ZIP code list", z.code);
        return BELONG_ENOINPUT;
    }
    if (!z.has_coords) {
        snprintf(err, errlen, "ZIP code %s has no known coordinates", z.code);
        return BELONG_ENOINPUT;
    }
    out->lat = z.lat;
    out->lon = z.lon;
    out->zip_count = 1;
    snprintf(out->label, sizeof out->label, "%s (%.60s, %.2s)", z.code, z.city, z.state);
    return BELONG_OK;
}

/* ---- the ZIP centroids in memory ------------------------------------------------------- */

struct zip_centroid {
    int code; /* the five digits as a number */
    double lat, lon;
    uint32_t town; /* offset of "normalised city\tSTATE" in zip_index.towns */
};
struct zip_index {
    struct zip_centroid *items; /* by code */
    size_t n, cap;
    char *towns; /* the rows' towns, each "normalised city\tSTATE\0"; owned */
    size_t towns_len, towns_cap;
};

static bool normalise_name(const char *s, size_t n, char out[NAME_LEN]);

/* Appends "city\tSTATE" for a row to z->towns; returns its offset, or UINT32_MAX when the city
** cannot be a name. */
static uint32_t town_key_add(struct zip_index *z, const char *city, const char *state)
{
    char name[NAME_LEN];
    if (!normalise_name(city, strlen(city), name) || strlen(state) != 2)
        return UINT32_MAX;
    size_t len = strlen(name) + 4; /* tab, two letters, NUL */
    if (z->towns_len + len > z->towns_cap) {
        z->towns_cap = z->towns_cap ? 2 * z->towns_cap : 1 << 19;
        z->towns = xrealloc(z->towns, z->towns_cap);
    }
    uint32_t at = (uint32_t)z->towns_len;
    snprintf(z->towns + at, len, "%s\t%c%c", name, toupper((unsigned char)state[0]),
             toupper((unsigned char)state[1]));
    z->towns_len += len;
    return at;
}

static bool zip_index_row(void *ctx, const struct zip_row *row)
{
    struct zip_index *z = ctx;
    struct zip_centroid c = {.code = zip_number(row->code)};
    if (c.code < 0 || !parse_coord(row->lat, 90, &c.lat) || !parse_coord(row->lon, 180, &c.lon))
        return true;
    c.town = town_key_add(z, row->city, row->state);
    if (z->n == z->cap) {
        z->cap = z->cap ? 2 * z->cap : 4096;
        z->items = xrealloc(z->items, z->cap * sizeof *z->items);
    }
    z->items[z->n++] = c;
    return true;
}

static int by_code(const void *a, const void *b)
{
    const struct zip_centroid *x = a, *y = b;
    return (x->code > y->code) - (x->code < y->code);
}

int zip_index_load(struct zip_index **out, char *err, size_t errlen)
{
    struct zip_index *z = xcalloc(1, sizeof *z);
    int rc = scan_zip_file(zip_index_row, z, err, errlen);
    if (rc != BELONG_OK) {
        zip_index_free(z);
        *out = NULL;
        return rc;
    }
    qsort(z->items, z->n, sizeof *z->items, by_code);
    *out = z;
    return BELONG_OK;
}

bool zip_index_find(const struct zip_index *z, const char *zip, double *lat, double *lon)
{
    struct zip_centroid key = {.code = zip_number(zip)};
    if (!z || key.code < 0)
        return false;
    const struct zip_centroid *c = bsearch(&key, z->items, z->n, sizeof *z->items, by_code);
    if (!c)
        return false;
    *lat = c->lat;
    *lon = c->lon;
    return true;
}

bool zip_index_find_town(const struct zip_index *z, const char *town, const char *state,
                         double *lat, double *lon)
{
    char name[NAME_LEN], key[NAME_LEN + 4];
    if (!z || !town || !state || strlen(state) != 2 || !normalise_name(town, strlen(town), name))
        return false;
    snprintf(key, sizeof key, "%s\t%c%c", name, toupper((unsigned char)state[0]),
             toupper((unsigned char)state[1]));
    /* A scan of 40,000 keys (well under a millisecond) is fast enough for an import, which asks
    ** once per place without coordinates or ZIP code. */
    struct point *found = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < z->n; i++) {
        const struct zip_centroid *c = &z->items[i];
        if (c->town == UINT32_MAX || strcmp(z->towns + c->town, key) != 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            found = xrealloc(found, cap * sizeof *found);
        }
        found[n++] = (struct point){c->lat, c->lon};
    }
    int distinct = distinct_mean(found, n, lat, lon); /* as place_from_town */
    free(found);
    return distinct > 0;
}

void zip_index_free(struct zip_index *z)
{
    if (!z)
        return;
    free(z->items);
    free(z->towns);
    free(z);
}

/* ---- towns ---------------------------------------------------------------------------- */

static const char *const state_names[][2] = {
    {"AL", "alabama"},        {"AK", "alaska"},         {"AZ", "arizona"},
    {"AR", "arkansas"},       {"CA", "california"},     {"CO", "colorado"},
    {"CT", "connecticut"},    {"DE", "delaware"},       {"DC", "district of columbia"},
    {"FL", "florida"},        {"GA", "georgia"},        {"HI", "hawaii"},
    {"ID", "idaho"},          {"IL", "illinois"},       {"IN", "indiana"},
    {"IA", "iowa"},           {"KS", "kansas"},         {"KY", "kentucky"},
    {"LA", "louisiana"},      {"ME", "maine"},          {"MD", "maryland"},
    {"MA", "massachusetts"},  {"MI", "michigan"},       {"MN", "minnesota"},
    {"MS", "mississippi"},    {"MO", "missouri"},       {"MT", "montana"},
    {"NE", "nebraska"},       {"NV", "nevada"},         {"NH", "new hampshire"},
    {"NJ", "new jersey"},     {"NM", "new mexico"},     {"NY", "new york"},
    {"NC", "north carolina"}, {"ND", "north dakota"},   {"OH", "ohio"},
    {"OK", "oklahoma"},       {"OR", "oregon"},         {"PA", "pennsylvania"},
    {"RI", "rhode island"},   {"SC", "south carolina"}, {"SD", "south dakota"},
    {"TN", "tennessee"},      {"TX", "texas"},          {"UT", "utah"},
    {"VT", "vermont"},        {"VA", "virginia"},       {"WA", "washington"},
    {"WV", "west virginia"},  {"WI", "wisconsin"},      {"WY", "wyoming"},
    {"PR", "puerto rico"},
};
#define STATE_COUNT (sizeof state_names / sizeof state_names[0])

/* Lower-cases s, drops periods, trims and collapses white space into out (NAME_LEN bytes).
** Returns false when s is too long or empty after normalising. */
static bool normalise_name(const char *s, size_t n, char out[NAME_LEN])
{
    size_t len = 0;
    bool space = false;
    for (size_t i = 0; i < n && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.')
            continue;
        if (isspace(c)) {
            space = len > 0;
            continue;
        }
        if (space) {
            if (len + 1 >= NAME_LEN)
                return false;
            out[len++] = ' ';
            space = false;
        }
        if (len + 1 >= NAME_LEN)
            return false;
        out[len++] = (char)tolower(c);
    }
    out[len] = '\0';
    return len > 0;
}

/* The two-letter code for a state given as a code or a full name (normalised), or NULL. */
static const char *state_code(const char *normalised)
{
    for (size_t i = 0; i < STATE_COUNT; i++)
        if (strcasecmp(normalised, state_names[i][0]) == 0 ||
            strcmp(normalised, state_names[i][1]) == 0)
            return state_names[i][0];
    return NULL;
}

bool place_state_code(const char *text, char code[3])
{
    char name[NAME_LEN];
    const char *found = text && normalise_name(text, strlen(text), name) ? state_code(name) : NULL;
    if (found)
        memcpy(code, found, 3);
    return found != NULL;
}

/* One way to read the user's text: a town name and perhaps a state. */
struct town_reading {
    char name[NAME_LEN];
    const char *state; /* two-letter code or NULL */
};

struct town_match {
    char state[4];
    double lat, lon;
    bool has_coords;
    int reading; /* which reading it matched */
};

struct town_search {
    struct town_reading readings[2];
    int n_readings;
    struct town_match *matches;
    size_t n, cap;
    char display[2][NAME_LEN]; /* per reading: the city as the file spells it */
};

static bool town_row(void *ctx, const struct zip_row *row)
{
    struct town_search *t = ctx;
    char city[NAME_LEN];
    if (!normalise_name(row->city, strlen(row->city), city))
        return true;
    for (int r = 0; r < t->n_readings; r++) {
        const struct town_reading *rd = &t->readings[r];
        if (strcmp(city, rd->name) != 0)
            continue;
        if (rd->state && strcasecmp(rd->state, row->state) != 0)
            continue;
        if (t->n == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 16;
            t->matches = xrealloc(t->matches, t->cap * sizeof *t->matches);
        }
        struct town_match *m = &t->matches[t->n++];
        memset(m, 0, sizeof *m);
        snprintf(m->state, sizeof m->state, "%s", row->state);
        m->has_coords = parse_coord(row->lat, 90, &m->lat) && parse_coord(row->lon, 180, &m->lon);
        m->reading = r;
        if (!t->display[r][0])
            snprintf(t->display[r], sizeof t->display[r], "%s", row->city);
    }
    return true;
}

/* Fills the readings of text: "Town, ST" / "Town, State" is one reading; "town st" is read
** both as the whole name and as town + state. Returns false if text cannot be a town. */
static bool read_town_text(const char *text, struct town_search *t)
{
    const char *comma = strrchr(text, ',');
    if (comma) {
        char state[NAME_LEN];
        struct town_reading *rd = &t->readings[0];
        if (!normalise_name(text, (size_t)(comma - text), rd->name) ||
            !normalise_name(comma + 1, strlen(comma + 1), state) ||
            !(rd->state = state_code(state)))
            return false;
        t->n_readings = 1;
        return true;
    }
    if (!normalise_name(text, strlen(text), t->readings[0].name))
        return false;
    t->readings[0].state = NULL;
    t->n_readings = 1;
    const char *whole = t->readings[0].name, *last_space = strrchr(whole, ' ');
    if (last_space) {
        const char *code = state_code(last_space + 1);
        struct town_reading *rd = &t->readings[1];
        if (code && normalise_name(whole, (size_t)(last_space - whole), rd->name)) {
            rd->state = code;
            t->n_readings = 2;
        }
    }
    return true;
}

/* Chooses the state among the matches of the best reading. Returns 0, or BELONG_ENOINPUT
** with err listing the states when the name is ambiguous. OUT: state (3 bytes), reading. */
static int choose_state(const struct town_search *t, const char *text, char state[4], int *reading,
                        char *err, size_t errlen)
{
    *reading = t->matches[0].reading; /* reading 0 (the whole text) wins when it matched */
    for (size_t i = 0; i < t->n; i++)
        if (t->matches[i].reading < *reading)
            *reading = t->matches[i].reading;
    snprintf(state, 4, "%s", "");
    bool several = false;
    for (size_t i = 0; i < t->n; i++) {
        const struct town_match *m = &t->matches[i];
        if (m->reading != *reading)
            continue;
        if (strcmp(m->state, PLACES_PREFERRED_STATE) == 0) {
            snprintf(state, 4, "%s", m->state);
            return BELONG_OK;
        }
        if (!state[0])
            snprintf(state, 4, "%s", m->state);
        else if (strcmp(state, m->state) != 0)
            several = true;
    }
    if (!several)
        return BELONG_OK;
    struct buf list = {0};
    for (size_t i = 0; i < t->n; i++) {
        const struct town_match *m = &t->matches[i];
        if (m->reading != *reading || (list.data && strstr(list.data, m->state)))
            continue;
        buf_printf(&list, "%s%s", list.len ? ", " : "", m->state);
    }
    snprintf(err, errlen, "town '%s' is in several states (%s): add the state, e.g. '%s, %s'", text,
             buf_str(&list), t->display[*reading], state);
    buf_free(&list);
    return BELONG_ENOINPUT;
}

int place_from_town(const char *town, struct place *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    struct town_search t = {0};
    const char *text = town ? town : "";
    if (!read_town_text(text, &t)) {
        snprintf(err, errlen, "'%s' is not a town name (e.g. Worcester or 'Worcester, MA')", text);
        return BELONG_EUSAGE;
    }
    int rc = scan_zip_file(town_row, &t, err, errlen);
    if (rc != BELONG_OK)
        goto out;
    if (t.n == 0) {
        snprintf(err, errlen, "town '%s' is not in the ZIP code list", text);
        rc = BELONG_ENOINPUT;
        goto out;
    }
    char state[4];
    int reading;
    rc = choose_state(&t, text, state, &reading, err, errlen);
    if (rc != BELONG_OK)
        goto out;

    /* Its centre: the mean of its ZIP codes' distinct centroids. */
    struct point *points = xmalloc((t.n ? t.n : 1) * sizeof *points);
    size_t n_points = 0;
    int zips = 0;
    for (size_t i = 0; i < t.n; i++) {
        const struct town_match *m = &t.matches[i];
        if (m->reading != reading || strcmp(m->state, state) != 0)
            continue;
        zips++;
        if (m->has_coords)
            points[n_points++] = (struct point){m->lat, m->lon};
    }
    int distinct = distinct_mean(points, n_points, &out->lat, &out->lon);
    free(points);
    if (distinct == 0) {
        snprintf(err, errlen, "town '%s' has no known coordinates", text);
        rc = BELONG_ENOINPUT;
        goto out;
    }
    out->zip_count = zips;
    snprintf(out->label, sizeof out->label, "%.80s, %.2s", t.display[reading], state);
out:
    free(t.matches);
    return rc;
}
