/* places.c — ZIP code and town lookups in the ZIP point file, and haversine distance.
** The file is read into a zip_index on demand; a look-up of one place reads it and lets it go.
*/
#include "places.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../formats/csv.h"
#include "../util/buf.h"
#include "../util/datadir.h"
#include "../util/number.h"
#include "../util/rc.h"

#define EARTH_RADIUS_MILES 3958.8
#define NAME_LEN           80 /* longest normalised town name compared */

bool box_spans_every_longitude(double lat, double lon, double dlat, double dlon)
{
    return lat - dlat <= -90.0 || lat + dlat >= 90.0 || lon - dlon < -180.0 || lon + dlon > 180.0;
}

double distance_cos_lat(double lat)
{
    return cos(lat * (M_PI / 180.0));
}

double distance_miles_from(double lat1, double lon1, double cos_lat1, double lat2, double lon2)
{
    const double rad = M_PI / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a =
        sin(dlat / 2) * sin(dlat / 2) + cos_lat1 * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    if (a > 1.0)
        a = 1.0;
    return 2.0 * EARTH_RADIUS_MILES * asin(sqrt(a));
}

double distance_miles(double lat1, double lon1, double lat2, double lon2)
{
    return distance_miles_from(lat1, lon1, distance_cos_lat(lat1), lat2, lon2);
}

#define WITHIN_MARGIN 1e-9 /* relative, on the haversine term: rounding is ~1e-15 */

void within_test_init(struct within_test *t, double center_lat, double center_lon,
                      double radius_miles, double min_lat, double max_lat)
{
    const double rad = M_PI / 180.0;
    t->lat = center_lat;
    t->lon = center_lon;
    t->rad = rad;
    t->cos_lat = cos(center_lat * rad);
    t->min_lat = min_lat;
    t->max_lat = max_lat;
    /* cos is largest at the latitude of the band nearest the equator, smallest at the farthest. */
    double near = min_lat > 0 ? min_lat : max_lat < 0 ? -max_lat : 0.0;
    double far = fmax(fabs(min_lat), fabs(max_lat));
    t->cos_max = fmin(cos(near * rad) * (1 + WITHIN_MARGIN), 1.0);
    t->cos_min = fmax(cos(far * rad) * (1 - WITHIN_MARGIN), 0.0);
    /* d = 2R asin(sqrt(a)) <= radius  <=>  a <= sin^2(radius / 2R), a rising with d */
    double half = radius_miles / (2.0 * EARTH_RADIUS_MILES);
    double a = half < M_PI / 2 ? sin(half) * sin(half) : 1.0;
    t->a_in = a * (1 - WITHIN_MARGIN);
    t->a_out = a * (1 + WITHIN_MARGIN);
}

double distance_miles_at_least(double lat1, double lon1, double cos_lat1, double lat2, double lon2)
{
    const double rad = M_PI / 180.0;
    double hlat = fabs(lat2 - lat1) * rad / 2, hlon = fabs(lon2 - lon1) * rad / 2;
    double cos_lat2 = cos_lat1 - 2 * hlat; /* |cos a - cos b| <= |a - b| */
    cos_lat2 = cos_lat2 > 0 ? cos_lat2 : 0.0;
    double a =
        (within_sin2_low(hlat) + cos_lat1 * cos_lat2 * within_sin2_low(hlon)) * (1 - WITHIN_MARGIN);
    /* asin(x) >= x */
    return 2.0 * EARTH_RADIUS_MILES * sqrt(a > 1.0 ? 1.0 : a) * (1 - WITHIN_MARGIN);
}

double distance_miles_beyond(double cos_lat1, double cos_lat2_min, double dlat, double dlon)
{
    const double rad = M_PI / 180.0;
    double hlat = fmax(dlat, 0.0) * rad / 2, hlon = fmax(dlon, 0.0) * rad / 2;
    double a =
        (within_sin2_low(hlat) + cos_lat1 * fmax(cos_lat2_min, 0.0) * within_sin2_low(hlon)) *
        (1 - WITHIN_MARGIN);
    return 2.0 * EARTH_RADIUS_MILES * sqrt(a > 1.0 ? 1.0 : a) * (1 - WITHIN_MARGIN);
}

/* Reads a coordinate field: a plain decimal in [-limit, limit]. Returns false otherwise. */
static bool parse_coord(const char *s, double limit, double *out)
{
    double v;
    if (!s || !parse_decimal(s, &v) || v < -limit || v > limit)
        return false;
    *out = v;
    return true;
}

/* The fields of one ZIP file row that lookups use; pointers into the reader's record. */
struct zip_row {
    const char *code, *city, *state, *lat, *lon;
};

/* Calls row for each data record of the ZIP file (read with formats/csv.h, columns found by
** header name). Returns 0 or BELONG_EIO (with err). */
static int scan_zip_file(void (*row)(void *ctx, const struct zip_row *z), void *ctx, char *err,
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
        row(ctx, &z);
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

/* ---- the ZIP points in memory ---------------------------------------------------------- */

/* One row of the list. A point that several codes share is not a place of its own: the list
** gives the codes without a Census ZCTA (PO boxes, one organisation's code) their county's
** centre, so such a point is "shared" and stands in for a town only when nothing better does. */
struct zip_point {
    int code; /* the five digits as a number */
    double lat, lon;
    bool has_coords, shared;
    char state[3];  /* as the list writes it, upper case */
    uint32_t town;  /* offset of the normalised city in zip_index.names, or UINT32_MAX */
    uint32_t label; /* offset of the city as the list spells it */
};
/* A town of a state and its centre: the mean of its ZIP codes' own points; a town whose codes
** all sit at shared points gets the mean of those (distinct), the best the list knows. */
struct zip_town {
    uint32_t name, label; /* offsets in zip_index.names */
    char state[3];
    int zips;        /* how many of its codes the list has */
    bool has_centre; /* false when none of its codes has coordinates */
    double lat, lon;
};
struct zip_index {
    struct zip_point *items; /* by code */
    size_t n, cap;
    struct zip_town *towns; /* by name, then state */
    size_t n_towns;
    char *names; /* each name NUL-terminated; owned */
    size_t names_len, names_cap;
};

/* Appends a NUL-terminated copy of s to z->names; returns its offset. */
static uint32_t name_add(struct zip_index *z, const char *s)
{
    size_t len = strlen(s) + 1;
    while (z->names_len + len > z->names_cap) {
        z->names_cap = z->names_cap ? 2 * z->names_cap : 1 << 19;
        z->names = xrealloc(z->names, z->names_cap);
    }
    uint32_t at = (uint32_t)z->names_len;
    memcpy(z->names + at, s, len);
    z->names_len += len;
    return at;
}

static void zip_index_row(void *ctx, const struct zip_row *row)
{
    struct zip_index *z = ctx;
    struct zip_point p = {.code = zip_number(row->code), .town = UINT32_MAX};
    if (p.code < 0 || strlen(row->code) != 5)
        return;
    p.has_coords = parse_coord(row->lat, 90, &p.lat) && parse_coord(row->lon, 180, &p.lon);
    if (strlen(row->state) == 2) {
        p.state[0] = (char)toupper((unsigned char)row->state[0]);
        p.state[1] = (char)toupper((unsigned char)row->state[1]);
    }
    char name[NAME_LEN];
    if (p.state[0] && normalise_name(row->city, strlen(row->city), name)) {
        p.town = name_add(z, name);
        p.label = name_add(z, row->city);
    }
    if (z->n == z->cap) {
        z->cap = z->cap ? 2 * z->cap : 4096;
        z->items = xrealloc(z->items, z->cap * sizeof *z->items);
    }
    z->items[z->n++] = p;
}

static int by_code(const void *a, const void *b)
{
    const struct zip_point *x = a, *y = b;
    return (x->code > y->code) - (x->code < y->code);
}

static int by_point(const void *a, const void *b)
{
    const struct zip_point *x = a, *y = b;
    if (x->has_coords != y->has_coords)
        return x->has_coords ? -1 : 1;
    if (x->lat != y->lat)
        return x->lat < y->lat ? -1 : 1;
    return (x->lon > y->lon) - (x->lon < y->lon);
}

/* Marks the points that several codes share (see struct zip_point). */
static void mark_shared(struct zip_index *z)
{
    qsort(z->items, z->n, sizeof *z->items, by_point);
    for (size_t i = 0; i < z->n;) {
        size_t j = i + 1;
        while (j < z->n && by_point(&z->items[i], &z->items[j]) == 0)
            j++;
        for (size_t k = i; k < j && j - i > 1 && z->items[i].has_coords; k++)
            z->items[k].shared = true;
        i = j;
    }
}

/* The names of z, for the comparators below (qsort and bsearch take no context); one per
** thread, as `belong serve`'s workers each load their own index. */
static _Thread_local const char *sort_names;

static int by_town(const void *a, const void *b)
{
    const struct zip_point *x = a, *y = b;
    int c = strcmp(sort_names + x->town, sort_names + y->town);
    if (c == 0)
        c = strcmp(x->state, y->state);
    return c ? c : by_point(a, b);
}

/* Builds z->towns from the rows (which it leaves in town order). */
static void build_towns(struct zip_index *z)
{
    size_t named = 0;
    for (size_t i = 0; i < z->n; i++)
        if (z->items[i].town != UINT32_MAX)
            z->items[named++] = z->items[i]; /* rows without a town are no longer needed */
    z->n = named;
    sort_names = z->names;
    qsort(z->items, z->n, sizeof *z->items, by_town);
    z->towns = xmalloc((z->n ? z->n : 1) * sizeof *z->towns);
    for (size_t i = 0; i < z->n;) {
        const struct zip_point *first = &z->items[i];
        struct zip_town t = {.name = first->town, .label = first->label};
        memcpy(t.state, first->state, 3);
        double own_lat = 0, own_lon = 0, shared_lat = 0, shared_lon = 0;
        int own = 0, shared = 0;
        size_t j = i;
        for (; j < z->n && z->items[j].town != UINT32_MAX &&
               strcmp(z->names + z->items[j].town, z->names + first->town) == 0 &&
               strcmp(z->items[j].state, first->state) == 0;
             j++) {
            const struct zip_point *p = &z->items[j];
            t.zips++;
            if (!p->has_coords)
                continue;
            if (!p->shared) {
                own_lat += p->lat;
                own_lon += p->lon;
                own++;
            } else if (j == i || by_point(p, p - 1) != 0) { /* several codes at one point: once */
                shared_lat += p->lat;
                shared_lon += p->lon;
                shared++;
            }
        }
        t.has_centre = own > 0 || shared > 0;
        if (own > 0) {
            t.lat = own_lat / own;
            t.lon = own_lon / own;
        } else if (shared > 0) {
            t.lat = shared_lat / shared;
            t.lon = shared_lon / shared;
        }
        z->towns[z->n_towns++] = t;
        i = j;
    }
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
    mark_shared(z);
    /* The towns are built from a copy: the rows stay whole, in code order. */
    struct zip_index rows = *z;
    rows.items = xmalloc((z->n ? z->n : 1) * sizeof *z->items);
    memcpy(rows.items, z->items, z->n * sizeof *z->items);
    build_towns(&rows);
    free(rows.items);
    z->towns = rows.towns;
    z->n_towns = rows.n_towns;
    qsort(z->items, z->n, sizeof *z->items, by_code);
    *out = z;
    return BELONG_OK;
}

/* Each ZIP file's index, read once for the process (by path) and then only read, by every
** thread: a server resolves a town or ZIP code per request. Never freed. */
struct shared_zip_index {
    char path[1024];
    struct zip_index *z;
    struct shared_zip_index *next;
};
static pthread_mutex_t shared_zip_lock = PTHREAD_MUTEX_INITIALIZER;
static struct shared_zip_index *shared_zip_indexes;

static int zip_index_shared(const struct zip_index **out, char *err, size_t errlen)
{
    char path[1024];
    data_file_path(PLACES_FILE, path, sizeof path);
    pthread_mutex_lock(&shared_zip_lock);
    struct shared_zip_index *s = shared_zip_indexes;
    while (s && strcmp(s->path, path) != 0)
        s = s->next;
    int rc = BELONG_OK;
    if (!s) {
        struct zip_index *z = NULL;
        rc = zip_index_load(&z, err, errlen);
        if (rc == BELONG_OK) {
            s = xcalloc(1, sizeof *s);
            snprintf(s->path, sizeof s->path, "%s", path);
            s->z = z;
            s->next = shared_zip_indexes;
            shared_zip_indexes = s;
        }
    }
    pthread_mutex_unlock(&shared_zip_lock);
    *out = s ? s->z : NULL;
    return rc;
}

void zip_index_free(struct zip_index *z)
{
    if (!z)
        return;
    free(z->items);
    free(z->towns);
    free(z->names);
    free(z);
}

static const struct zip_point *find_code(const struct zip_index *z, const char *zip)
{
    struct zip_point key = {.code = zip_number(zip)};
    if (!z || key.code < 0)
        return NULL;
    return bsearch(&key, z->items, z->n, sizeof *z->items, by_code);
}

/* The first town named name (normalised) in z->towns, and how many states have one (OUT:
** *count); NULL when none. */
static const struct zip_town *towns_named(const struct zip_index *z, const char *name,
                                          size_t *count)
{
    size_t lo = 0, hi = z->n_towns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(z->names + z->towns[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < z->n_towns && strcmp(z->names + z->towns[end].name, name) == 0)
        end++;
    *count = end - lo;
    return end > lo ? &z->towns[lo] : NULL;
}

/* The town named name (normalised) in state, or NULL. */
static const struct zip_town *find_town(const struct zip_index *z, const char *name,
                                        const char *state)
{
    size_t count = 0;
    const struct zip_town *t = towns_named(z, name, &count);
    for (size_t i = 0; i < count; i++)
        if (strcmp(t[i].state, state) == 0)
            return &t[i];
    return NULL;
}

/* Where a code is: its own point, else (a shared point) its town's centre. */
static bool code_point(const struct zip_index *z, const struct zip_point *p, double *lat,
                       double *lon)
{
    if (!p->has_coords)
        return false;
    const struct zip_town *t =
        p->shared && p->town != UINT32_MAX ? find_town(z, z->names + p->town, p->state) : NULL;
    *lat = t && t->has_centre ? t->lat : p->lat;
    *lon = t && t->has_centre ? t->lon : p->lon;
    return true;
}

bool zip_index_find(const struct zip_index *z, const char *zip, double *lat, double *lon)
{
    const struct zip_point *p = find_code(z, zip);
    return p && code_point(z, p, lat, lon);
}

bool zip_index_find_town(const struct zip_index *z, const char *town, const char *state,
                         double *lat, double *lon)
{
    char name[NAME_LEN], st[3];
    if (!z || !town || !state || strlen(state) != 2 || !normalise_name(town, strlen(town), name))
        return false;
    st[0] = (char)toupper((unsigned char)state[0]);
    st[1] = (char)toupper((unsigned char)state[1]);
    st[2] = '\0';
    const struct zip_town *t = find_town(z, name, st);
    if (!t || !t->has_centre)
        return false;
    *lat = t->lat;
    *lon = t->lon;
    return true;
}

bool zip_index_state(const struct zip_index *z, const char *zip, char state[3])
{
    const struct zip_point *p = find_code(z, zip);
    if (!p || !p->state[0])
        return false;
    memcpy(state, p->state, 3);
    return true;
}

bool zip_index_nearest_state(const struct zip_index *z, double lat, double lon, char state[3])
{
    const struct zip_point *best = NULL;
    double best_d = INFINITY, coslat = cos(lat * M_PI / 180.0);
    for (size_t i = 0; z && i < z->n; i++) {
        const struct zip_point *p = &z->items[i];
        if (!p->has_coords || p->shared || !p->state[0])
            continue;
        double dy = p->lat - lat, dx = (p->lon - lon) * coslat, d = dx * dx + dy * dy;
        if (d < best_d) {
            best_d = d;
            best = p;
        }
    }
    if (best)
        memcpy(state, best->state, 3);
    return best != NULL;
}

int place_from_zip(const char *zip, struct place *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (zip_number(zip) < 0) {
        snprintf(err, errlen, "'%s' is not a ZIP code (five digits, e.g. 01601)", zip ? zip : "");
        return BELONG_EUSAGE;
    }
    const struct zip_index *z = NULL;
    int rc = zip_index_shared(&z, err, errlen);
    if (rc != BELONG_OK)
        return rc;
    const struct zip_point *p = find_code(z, zip);
    if (!p) {
        snprintf(err, errlen, "ZIP code %.5s is not in the ZIP code list", zip);
        rc = BELONG_ENOINPUT;
    } else if (!code_point(z, p, &out->lat, &out->lon)) {
        snprintf(err, errlen, "ZIP code %.5s has no known coordinates", zip);
        rc = BELONG_ENOINPUT;
    } else {
        out->zip_count = 1;
        snprintf(out->label, sizeof out->label, "%.5s (%.60s, %.2s)", zip,
                 p->town != UINT32_MAX ? z->names + p->label : "?", p->state);
    }
    return rc;
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

/* Fills the readings of text: "Town, ST" / "Town, State" is one reading; "town st" is read
** both as the whole name and as town + state. Returns how many (0: text cannot be a town). */
static int read_town_text(const char *text, struct town_reading readings[2])
{
    const char *comma = strrchr(text, ',');
    if (comma) {
        char state[NAME_LEN];
        if (!normalise_name(text, (size_t)(comma - text), readings[0].name) ||
            !normalise_name(comma + 1, strlen(comma + 1), state) ||
            !(readings[0].state = state_code(state)))
            return 0;
        return 1;
    }
    if (!normalise_name(text, strlen(text), readings[0].name))
        return 0;
    readings[0].state = NULL;
    const char *whole = readings[0].name, *last_space = strrchr(whole, ' ');
    if (last_space) {
        const char *code = state_code(last_space + 1);
        if (code && normalise_name(whole, (size_t)(last_space - whole), readings[1].name)) {
            readings[1].state = code;
            return 2;
        }
    }
    return 1;
}

/* Larger towns (more ZIP codes) first, then by state. */
static int by_size(const void *a, const void *b)
{
    const struct zip_town *x = *(const struct zip_town *const *)a,
                          *y = *(const struct zip_town *const *)b;
    if (x->zips != y->zips)
        return y->zips - x->zips;
    return strcmp(x->state, y->state);
}

/* The towns a reading names: those of its state, or of every state. Returns how many (OUT:
** *first). */
static size_t reading_towns(const struct zip_index *z, const struct town_reading *rd,
                            const struct zip_town **first)
{
    size_t count = 0;
    *first = towns_named(z, rd->name, &count);
    if (!rd->state || !*first)
        return count;
    *first = find_town(z, rd->name, rd->state);
    return *first ? 1 : 0;
}

/* ---- suggestions for a town not found ----------------------------------------------- */

#define SUGGEST_MAX 4 /* towns named in "did you mean" */

/* The optimal-string-alignment distance between a and b (insertions, deletions,
** substitutions, and swaps of two neighbours, each 1), or limit + 1 when it is more than
** limit. Both are normalised names (at most NAME_LEN bytes). Cannot fail. */
static int edit_distance(const char *a, const char *b, int limit)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (abs(la - lb) > limit)
        return limit + 1;
    int rows[3][NAME_LEN + 1]; /* i - 2, i - 1 and i */
    for (int j = 0; j <= lb; j++)
        rows[1][j] = j;
    for (int i = 1; i <= la; i++) {
        int *cur = rows[(i + 1) % 3], *prev = rows[i % 3], *prev2 = rows[(i + 2) % 3];
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
            if (d < row_min)
                row_min = d;
        }
        if (row_min > limit)
            return limit + 1;
    }
    int d = rows[(la + 1) % 3][lb];
    return d > limit ? limit + 1 : d;
}

/* How far a name may be from what was typed to be suggested: one edit in a short name, two
** up to 8 letters, three beyond. */
static int suggest_limit(const char *typed)
{
    size_t len = strlen(typed);
    return len <= 4 ? 1 : len <= 8 ? 2 : 3;
}

/* One town suggested, and what ranks it: fewer edits, then the state typed, then the
** directory's state, then larger towns (more ZIP codes), then the state's code. */
struct suggestion {
    const struct zip_town *town;
    int edits;
    bool other_state, not_preferred;
};

static int suggestion_cmp(const struct suggestion *x, const struct suggestion *y)
{
    if (x->edits != y->edits)
        return x->edits - y->edits;
    if (x->other_state != y->other_state)
        return x->other_state - y->other_state;
    if (x->not_preferred != y->not_preferred)
        return x->not_preferred - y->not_preferred;
    return by_size(&x->town, &y->town);
}

/* Keeps s among the best SUGGEST_MAX of best[] (sorted, *n of them); a town already there
** keeps its better ranking. */
static void suggestion_keep(struct suggestion best[SUGGEST_MAX], size_t *n,
                            const struct suggestion *s)
{
    for (size_t i = 0; i < *n; i++)
        if (best[i].town == s->town) {
            if (suggestion_cmp(s, &best[i]) >= 0)
                return;
            memmove(&best[i], &best[i + 1], (*n - i - 1) * sizeof *best);
            (*n)--;
            break;
        }
    size_t at = *n;
    while (at > 0 && suggestion_cmp(s, &best[at - 1]) < 0)
        at--;
    if (at >= SUGGEST_MAX)
        return;
    size_t keep = *n < SUGGEST_MAX ? *n : SUGGEST_MAX - 1;
    memmove(&best[at + 1], &best[at], (keep - at) * sizeof *best);
    best[at] = *s;
    if (*n < SUGGEST_MAX)
        (*n)++;
}

/* Writes the towns of z nearest in spelling to the readings of what was typed into out as
** '"Worcester, MA", "Worcester, NY" or "Worcester, PA"' (nothing when none is close: see
** suggest_limit), ranked as struct suggestion says. Cannot fail. */
static void suggest_towns(const struct zip_index *z, const struct town_reading *readings,
                          int n_readings, const struct place_prefer *prefer, struct buf *out)
{
    char preferred[3] = "";
    if (prefer && prefer->state && !prefer->state(prefer->ctx, z, preferred))
        preferred[0] = '\0';
    struct suggestion best[SUGGEST_MAX];
    size_t n = 0;
    for (int r = 0; r < n_readings; r++) {
        const struct town_reading *rd = &readings[r];
        int limit = suggest_limit(rd->name);
        for (size_t i = 0; i < z->n_towns;) {
            const char *name = z->names + z->towns[i].name;
            int edits = edit_distance(rd->name, name, limit);
            size_t j = i;
            for (; j < z->n_towns && strcmp(z->names + z->towns[j].name, name) == 0; j++) {
                const struct zip_town *t = &z->towns[j];
                if (edits > limit || !t->has_centre)
                    continue;
                struct suggestion s = {t, edits, rd->state && strcmp(rd->state, t->state) != 0,
                                       strcmp(preferred, t->state) != 0};
                suggestion_keep(best, &n, &s);
            }
            i = j;
        }
    }
    for (size_t i = 0; i < n; i++)
        buf_printf(out, "%s\"%s, %s\"",
                   i == 0      ? ""
                   : i + 1 < n ? ", "
                               : " or ",
                   z->names + best[i].town->label, best[i].town->state);
}

int place_from_town(const char *town, const struct place_prefer *prefer, struct place *out,
                    char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const char *text = town ? town : "";
    struct town_reading readings[2];
    int n_readings = read_town_text(text, readings);
    if (n_readings == 0) {
        snprintf(err, errlen, "'%s' is not a town name (e.g. Worcester or 'Worcester, MA')", text);
        return BELONG_EUSAGE;
    }
    const struct zip_index *z = NULL;
    int rc = zip_index_shared(&z, err, errlen);
    if (rc != BELONG_OK)
        return rc;
    const struct zip_town *towns = NULL, *chosen = NULL;
    size_t n = 0;
    for (int r = 0; r < n_readings && n == 0; r++) /* the whole text wins when it is a town */
        n = reading_towns(z, &readings[r], &towns);
    char preferred[3];
    if (n == 1)
        chosen = towns;
    else if (n > 1 && prefer && prefer->state && prefer->state(prefer->ctx, z, preferred))
        for (size_t i = 0; i < n && !chosen; i++)
            if (strcmp(towns[i].state, preferred) == 0)
                chosen = &towns[i];
    if (n == 0) {
        struct buf list = {0};
        suggest_towns(z, readings, n_readings, prefer, &list);
        snprintf(err, errlen, "town '%s' is not in the ZIP code list%s%s%s", text,
                 list.len ? "; did you mean " : " (check the spelling, or give a ZIP code)",
                 buf_str(&list), list.len ? "?" : "");
        buf_free(&list);
        rc = BELONG_ENOINPUT;
    } else if (!chosen) {
        const struct zip_town **ranked = xmalloc(n * sizeof *ranked);
        for (size_t i = 0; i < n; i++)
            ranked[i] = &towns[i];
        qsort(ranked, n, sizeof *ranked, by_size);
        struct buf list = {0};
        for (size_t i = 0; i < n; i++)
            buf_printf(&list, "%s%s", i ? ", " : "", ranked[i]->state);
        snprintf(err, errlen,
                 "town '%s' is in several states (%s): add the state, e.g. '%s, %s', or set "
                 "BELONG_STATE",
                 text, buf_str(&list), z->names + ranked[0]->label, ranked[0]->state);
        buf_free(&list);
        free(ranked);
        rc = BELONG_ENOINPUT;
    } else if (!chosen->has_centre) {
        snprintf(err, errlen, "town '%s' has no known coordinates", text);
        rc = BELONG_ENOINPUT;
    } else {
        out->lat = chosen->lat;
        out->lon = chosen->lon;
        out->zip_count = chosen->zips;
        snprintf(out->label, sizeof out->label, "%.80s, %.2s", z->names + chosen->label,
                 chosen->state);
    }
    return rc;
}

/* ---- what a person typed ---------------------------------------------------------------- */

bool place_is_zip(const char *text)
{
    return zip_number(text) >= 0;
}

static const char *const street_words[] = {
    "street",    "st",      "avenue", "ave",     "av",   "road",   "rd",  "boulevard",
    "blvd",      "lane",    "ln",     "drive",   "dr",   "court",  "ct",  "terrace",
    "ter",       "highway", "hwy",    "parkway", "pkwy", "circle", "cir", "apt",
    "apartment", "unit",    "suite",  "ste",     "way",  "place",  "pl",  "box",
};

/* True when a street word comes after the first word of the n bytes at text ("St Albans" is
** a town, "Elm St" is not). */
static bool has_street_word(const char *text, size_t n)
{
    char *s = xstrndup(text, n);
    bool found = false;
    int word_index = 0;
    char *save = NULL;
    for (char *w = strtok_r(s, " ,.;/", &save); w && !found;
         w = strtok_r(NULL, " ,.;/", &save), word_index++)
        for (size_t i = 0; word_index > 0 && i < sizeof street_words / sizeof *street_words; i++)
            if (strcasecmp(w, street_words[i]) == 0)
                found = true;
    free(s);
    return found;
}

/* True when text starts with a house number ("12 ", "12B ") followed by a word. */
static bool starts_with_house_number(const char *text)
{
    const char *c = text;
    while (isspace((unsigned char)*c))
        c++;
    const char *digits = c;
    while (isdigit((unsigned char)*c))
        c++;
    if (c == digits)
        return false;
    if (isalpha((unsigned char)*c) && isspace((unsigned char)c[1]))
        c++;
    if (!isspace((unsigned char)*c))
        return false;
    while (isspace((unsigned char)*c))
        c++;
    return isalpha((unsigned char)*c);
}

/* The length of text (len bytes, NUL-terminated) without a trailing state: ", MA",
** ", Massachusetts" or " MA" after a name ("Hartford, CT", "Hartford CT"); len when there is
** none. */
static size_t without_state(const char *text, size_t len)
{
    char code[3];
    const char *comma = strrchr(text, ','), *space = strrchr(text, ' ');
    if (comma && place_state_code(comma + 1, code))
        return (size_t)(comma - text);
    if (!comma && space && space > text && place_state_code(space + 1, code))
        return (size_t)(space - text);
    return len;
}

bool place_is_street_address(const char *text)
{
    const char *s = text ? text : "";
    while (isspace((unsigned char)*s))
        s++;
    size_t len = strlen(s);
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    char *whole = xstrndup(s, len);
    bool address = false;
    if (!place_is_zip(whole)) {
        size_t name_len = without_state(whole, len);
        for (size_t i = 0; i < name_len && !address; i++)
            address = isdigit((unsigned char)whole[i]) || whole[i] == '#';
        address = address || has_street_word(whole, name_len) || starts_with_house_number(whole);
    }
    free(whole);
    return address;
}

bool place_has_house_and_street(const char *text)
{
    return text && starts_with_house_number(text) && has_street_word(text, strlen(text));
}

enum place_text place_text_read(const char *text, const char **why)
{
    const char *s = text ? text : "";
    *why = NULL;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return PLACE_TEXT_EMPTY;
    char *trimmed = xstrdup(s);
    for (size_t n = strlen(trimmed); n > 0 && isspace((unsigned char)trimmed[n - 1]); n--)
        trimmed[n - 1] = '\0';
    enum place_text kind = PLACE_TEXT_TOWN;
    if (place_is_zip(trimmed)) {
        kind = PLACE_TEXT_ZIP;
    } else if (place_is_street_address(trimmed)) {
        kind = PLACE_TEXT_STREET;
        *why = "looks like a street address; give only a ZIP code or a town, e.g. 01608 or "
               "'Worcester, MA' (belong never keeps a street address)";
    } else {
        for (const char *c = trimmed; *c && kind == PLACE_TEXT_TOWN; c++)
            if (!isalpha((unsigned char)*c) && !((unsigned char)*c & 0x80) && !strchr(" ,.'-", *c))
                kind = PLACE_TEXT_BAD;
        if (kind == PLACE_TEXT_BAD)
            *why = "is not a ZIP code or a town name (e.g. 01608, Worcester or 'Worcester, MA')";
    }
    free(trimmed);
    return kind;
}

int place_resolve(const char *text, const struct place_prefer *prefer, struct place *out, char *err,
                  size_t errlen)
{
    memset(out, 0, sizeof *out);
    const char *why = NULL;
    enum place_text kind = place_text_read(text, &why);
    if (kind == PLACE_TEXT_EMPTY)
        why = "is empty: give a ZIP code or a town (e.g. 01608 or 'Worcester, MA')";
    if (why) {
        snprintf(err, errlen, "'%s' %s", text ? text : "", why);
        return BELONG_EUSAGE;
    }
    const char *s = text;
    while (isspace((unsigned char)*s))
        s++;
    char *trimmed = xstrdup(s);
    for (size_t n = strlen(trimmed); n > 0 && isspace((unsigned char)trimmed[n - 1]); n--)
        trimmed[n - 1] = '\0';
    int rc = kind == PLACE_TEXT_ZIP ? place_from_zip(trimmed, out, err, errlen)
                                    : place_from_town(trimmed, prefer, out, err, errlen);
    free(trimmed);
    return rc;
}
