/* hsds.c — HSDS import: finding the source's shape, checking every row (required fields,
** coordinates, references, status, schedules) and assembling valid services into records
** with belong's attributes, handed to the caller's sink. The loaders (hsds_csv.c, hsds_json.c) fill
*the model.
** Each record names its organisation and location by their HSDS ids, so that the services of
** one organisation, and of one place, share one organization and one location row.
*/
#include "hsds.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../directory/attributes.h"
#include "../directory/places.h"
#include "../util/buf.h"
#include "../util/number.h"
#include "../util/money.h"
#include "../util/rc.h"
#include "../util/text.h"
#include "../util/timeutil.h"
#include "hsds_internal.h"
#include "words.h"

/* ---- small text helpers ----------------------------------------------------------------- */

/* Appends item to a comma list string (heap, may be NULL) unless it is there already. */
static void list_add(char **list, const char *item, bool lower)
{
    if (!item || !*item)
        return;
    struct buf b = {0};
    buf_puts(&b, item);
    for (size_t i = 0; lower && i < b.len; i++)
        b.data[i] = (char)tolower((unsigned char)b.data[i]);
    const char *p = *list;
    while (p && *p) {
        size_t n = strcspn(p, ",");
        if (n == b.len && strncasecmp(p, b.data, n) == 0) {
            buf_free(&b);
            return;
        }
        p += n + (p[n] == ',');
    }
    struct buf joined = {0};
    if (*list && **list)
        buf_printf(&joined, "%s,", *list);
    buf_puts(&joined, b.data);
    free(*list);
    *list = buf_detach(&joined);
    buf_free(&b);
}

/* belong's one yes/no rule (parse_yes_no) as a tristate. */
static bool yes_no(const char *s, int *out)
{
    bool yes;
    if (!parse_yes_no(s, &yes))
        return false;
    *out = yes ? TRI_YES : TRI_NO;
    return true;
}

int hsds_belong_term(struct activity *a, const char *code, const char *value,
                     const struct category_table *cats, char *err, size_t errlen)
{
    char key[64];
    const char *colon = strchr(code, ':');
    size_t key_len = colon ? (size_t)(colon - code) : strlen(code);
    if (key_len >= sizeof key) {
        snprintf(err, errlen, "'%s' is not a belong term", code);
        return BELONG_EDATA;
    }
    memcpy(key, code, key_len);
    key[key_len] = '\0';
    const char *val = colon ? colon + 1 : value;
    if (!val || !*val) {
        snprintf(err, errlen, "'%s' has no value (write it as %s:VALUE)", code, key);
        return BELONG_EDATA;
    }
    const struct activity_attr_def *d = activity_attr_by_term(key);
    char bad[32] = "";
    if (!d) {
        snprintf(err, errlen,
                 "unknown belong term '%s' (category, intensity, access, tag, peer-run, "
                 "substance-free, drop-in, virtual, group-size)",
                 key);
        return BELONG_EDATA;
    }
    if (d->kind == AK_CATEGORY && !category_find(cats, val)) {
        snprintf(err, errlen, "unknown category '%s' (see data/categories.tsv)", val);
        return BELONG_EDATA;
    }
    if (!activity_attr_parse(d, val, true, a, bad, sizeof bad)) {
        if (d->kind == AK_ACCESS)
            snprintf(err, errlen, "unknown access '%s' (wheelchair, asl, quiet, transit)", bad);
        else if (d->kind == AK_INTENSITY)
            snprintf(err, errlen, "intensity '%s' is not 1-5", val);
        else if (d->kind == AK_GROUP_SIZE)
            snprintf(err, errlen, "group-size '%s' is not a whole number from 1 to %d", val,
                     GROUP_SIZE_MAX);
        else
            snprintf(err, errlen, "%s '%s' is not yes or no", key, val);
        return BELONG_EDATA;
    }
    return BELONG_OK;
}

/* ---- links: children of a parent row, in file order, kept in the staging file ---------- */

enum hsds_link {
    L_SVC_SAL,
    L_SVC_SCHED,
    L_SVC_HOL,
    L_SVC_COST,
    L_SVC_LANG,
    L_SVC_PHONE,
    L_SVC_ATTR,
    L_LOC_ADDR,
    L_LOC_ACC,
    L_LOC_LANG,
    L_LOC_PHONE,
    L_SVC_ELIG,
};

struct kid_list {
    size_t *v;
    size_t n, cap;
};

static void kid_add(void *ctx, size_t child)
{
    struct kid_list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = child;
}

/* ---- checking ----------------------------------------------------------------------------- */

struct checked {
    struct hsds_model *m;
    struct diag *diag;
    struct category_table cats;
    struct listing_words words;
    struct kid_list kids; /* children() gathers here */
    const struct format_sink *sink;
    int sink_failed; /* BELONG_EIO once the sink refused a record: assembling stops */
    char sink_error[256];
    long records; /* handed to the sink */
    /* The ZIP points, read the first time a place's coordinates are outside the country its
    ** address is in (check_place_in_state); zips_tried once read or failed. */
    struct zip_index *zips;
    bool zips_tried;
    /* The locations whose own coordinates are outside the United States (check_core), in row
    ** order (heap): only their addresses are compared with them. Few or none. */
    size_t *outside, n_outside, outside_cap;
};

static struct hsds_row *row(struct checked *c, enum hsds_table t, size_t i)
{
    return hsds_row_at(c->m, t, i);
}

/* The table of the children of each kind of link. */
static const enum hsds_table link_child[] = {
    [L_SVC_SAL] = HT_SAL,   [L_SVC_SCHED] = HT_SCHED, [L_SVC_HOL] = HT_HOLIDAY,
    [L_SVC_COST] = HT_COST, [L_SVC_LANG] = HT_LANG,   [L_SVC_PHONE] = HT_PHONE,
    [L_SVC_ATTR] = HT_ATTR, [L_LOC_ADDR] = HT_ADDR,   [L_LOC_ACC] = HT_ACCESS,
    [L_LOC_LANG] = HT_LANG, [L_LOC_PHONE] = HT_PHONE, [L_SVC_ELIG] = HT_ELIG,
};

/* The children of parent under kind, ending with HSDS_NONE (memory of the step). */
static size_t *children(struct checked *c, enum hsds_link kind, size_t parent)
{
    c->kids.n = 0;
    if (c->m->t[link_child[kind]].n) /* else there is nothing to ask the staging file */
        hsds_children(c->m, (int)kind, parent, kid_add, &c->kids);
    size_t *out = hsds_model_scratch(c->m, (c->kids.n + 1) * sizeof *out);
    if (c->kids.n)
        memcpy(out, c->kids.v, c->kids.n * sizeof *out);
    out[c->kids.n] = HSDS_NONE;
    return out;
}

#define EACH_CHILD(c, kind, parent, k)                                                             \
    for (size_t *k##_at = children(c, kind, parent), k; (k = *k##_at) != HSDS_NONE; k##_at++)

/* The location row of a (checked) service-at-location row. */
static size_t sal_location(struct checked *c, size_t sal)
{
    return hsds_find(c->m, HT_LOC, row(c, HT_SAL, sal)->v[SAL_LOC]);
}

/* Resolves reference field f of row i of table t into table target. Returns the target row, or
** HSDS_NONE when the field is empty or the id unknown. *bad is set (and row i marked rejected)
** when the id is unknown (reported) or names a row refused already (not reported again). */
static size_t reference(struct checked *c, enum hsds_table t, size_t i, int f,
                        enum hsds_table target, const char *what, bool *bad)
{
    struct hsds_row *r = row(c, t, i);
    const char *id = r->v[f];
    if (!*id)
        return HSDS_NONE;
    bool target_rejected;
    size_t j = hsds_find_valid(c->m, target, id, &target_rejected);
    /* Rows pointing into a file that could not be read are refused without a message of
    ** their own: the broken file was reported. */
    if (j == HSDS_NONE && !c->m->broken[target])
        hsds_row_diag(r, c->diag, hsds_fields[t][f], "unknown %s '%s'", what, id);
    if (j == HSDS_NONE || target_rejected) {
        /* A row refused already was reported; its dependants go quietly with it. */
        r->rejected = true;
        *bad = true;
    }
    return j;
}

static bool required(struct checked *c, enum hsds_table t, size_t i, int f)
{
    struct hsds_row *r = row(c, t, i);
    if (*r->v[f])
        return true;
    hsds_row_diag(r, c->diag, hsds_fields[t][f], "missing (required)");
    r->rejected = true;
    return false;
}

/* Parses a coordinate as spreadsheets write them: a decimal number ("-71.3162"), with a comma
** for the decimal point where that is the decimal mark ("42,6334": one comma and no point, never
** a thousands separator in degrees), blanks inside ("- 71.3162"), a degree sign, and the
** hemisphere's letter after it ("42.6334 N", "71.3162° W": S and W are negative), never both a
** letter and a sign. Returns false otherwise. */
static bool parse_coordinate(const char *s, bool latitude, double *out)
{
    char plain[64];
    size_t n = 0;
    int negative = 0, letters = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\t')
            continue;
        if (p[0] == 0xC2 && p[1] == 0xB0) { /* ° */
            p++;
            continue;
        }
        char up = (char)toupper(*p);
        if (p[1] == '\0' || strspn((const char *)p + 1, " \t") == strlen((const char *)p + 1)) {
            if (up == (latitude ? 'N' : 'E') || up == (latitude ? 'S' : 'W')) {
                letters++;
                negative = up == 'S' || up == 'W';
                continue;
            }
        }
        if (n + 1 >= sizeof plain)
            return false;
        plain[n++] = *p == ',' ? '.' : (char)*p;
    }
    plain[n] = '\0';
    if (strchr(s, ',') && (strchr(s, '.') || strchr(s, ',') != strrchr(s, ',')))
        return false; /* "42,633.5", "42,6,3": not one decimal mark */
    if (letters > 1 || (letters && plain[0] == '-') || !parse_decimal(plain, out))
        return false;
    if (negative)
        *out = -*out;
    return true;
}

/* Reads coordinate f of location row i, within [-limit, limit]; reports a bad one when report. */
static bool coordinate(struct checked *c, size_t i, int f, double limit, double *out, bool report)
{
    struct hsds_row *r = row(c, HT_LOC, i);
    double v;
    if (!parse_coordinate(r->v[f], f == LOC_LAT, &v)) {
        if (report)
            hsds_row_diag(r, c->diag, hsds_fields[HT_LOC][f], "'%s' is not a decimal number",
                          r->v[f]);
        return false;
    }
    if (v < -limit || v > limit) {
        if (report)
            hsds_row_diag(r, c->diag, hsds_fields[HT_LOC][f], "%s is outside [-%g, %g]", r->v[f],
                          limit, limit);
        return false;
    }
    *out = v;
    return true;
}

/* Whether location row i is placed by its own coordinates (both given and valid, not
** virtual), reporting what is wrong with them when report. OUT: *lat, *lon. */
static bool location_coords(struct checked *c, size_t i, bool report, double *lat, double *lon)
{
    struct hsds_row *r = row(c, HT_LOC, i);
    const char *la = r->v[LOC_LAT], *lo = r->v[LOC_LON];
    if (!*la && !*lo)
        return false;
    if (!*la || !*lo) {
        if (report)
            hsds_row_diag(r, c->diag, *la ? "longitude" : "latitude",
                          "missing, while the other coordinate is given");
        return false;
    }
    bool ok = coordinate(c, i, LOC_LAT, 90, lat, report);
    ok = coordinate(c, i, LOC_LON, 180, lon, report) && ok;
    /* 0, 0 (in the Gulf of Guinea) is what a spreadsheet or a geocoder writes for a place it
    ** could not find: no coordinates, so that the place's ZIP code or town places it. */
    if (ok && *lat == 0 && *lon == 0)
        return false;
    return ok && strcasecmp(r->v[LOC_TYPE], "virtual") != 0;
}

/* Whether a point may be in the United States (the states, DC and Puerto Rico): the box from
** Puerto Rico and Hawaii to Alaska, and the Aleutians past longitude 180. */
static bool in_us_box(double lat, double lon)
{
    return (lat >= 17 && lat <= 72 && lon >= -180 && lon <= -64) ||
           (lat >= 51 && lat <= 56 && lon >= 172 && lon <= 180);
}

#define AGE_MAX 130 /* the largest minimum_age or maximum_age taken */

static void check_core(struct checked *c)
{
    struct hsds_model *m = c->m;
    for (size_t i = 0; i < m->t[HT_ORG].n; i++) {
        hsds_model_step(m);
        if (!row(c, HT_ORG, i)->rejected && required(c, HT_ORG, i, ORG_ID))
            required(c, HT_ORG, i, ORG_NAME);
    }

    for (size_t i = 0; i < m->t[HT_LOC].n; i++) {
        hsds_model_step(m);
        struct hsds_row *r = row(c, HT_LOC, i);
        if (r->rejected || !required(c, HT_LOC, i, LOC_ID))
            continue;
        bool bad = false;
        /* A location naming an unknown organisation is kept: the reference is only reported. */
        reference(c, HT_LOC, i, LOC_ORG, HT_ORG, "organization", &bad);
        r->rejected = false;
        double lat, lon;
        if (location_coords(c, i, true, &lat, &lon) && !in_us_box(lat, lon)) {
            if (c->n_outside == c->outside_cap) {
                c->outside_cap = c->outside_cap ? c->outside_cap * 2 : 16;
                c->outside = xrealloc(c->outside, c->outside_cap * sizeof *c->outside);
            }
            c->outside[c->n_outside++] = i;
        }
    }

    for (size_t i = 0; i < m->t[HT_SVC].n; i++) {
        hsds_model_step(m);
        struct hsds_row *r = row(c, HT_SVC, i);
        if (r->rejected)
            continue;
        bool ok = required(c, HT_SVC, i, SVC_ID);
        ok = required(c, HT_SVC, i, SVC_NAME) && ok;
        static const char *const statuses[] = {"active", "inactive", "defunct",
                                               "temporarily closed"};
        bool known = !*r->v[SVC_STATUS];
        for (size_t k = 0; k < 4; k++)
            known |= strcasecmp(r->v[SVC_STATUS], statuses[k]) == 0;
        if (!known) {
            hsds_row_diag(r, c->diag, "status",
                          "'%s' is not active, inactive, defunct or temporarily closed",
                          r->v[SVC_STATUS]);
            ok = false;
        }
        for (int f = SVC_MIN_AGE; f <= SVC_MAX_AGE; f++) {
            long age;
            if (*r->v[f] && !parse_whole(r->v[f], 0, AGE_MAX, &age)) {
                hsds_row_diag(r, c->diag, hsds_fields[HT_SVC][f],
                              "'%s' is not an age (a whole number from 0 to %d)", r->v[f], AGE_MAX);
                ok = false;
            }
        }
        r->rejected = !ok;
        if (ok) {
            bool bad = false;
            reference(c, HT_SVC, i, SVC_ORG, HT_ORG, "organization", &bad);
            r->rejected = false; /* kept, without its organisation */
        }
    }
}

/* The fields of a schedule row as hsds_schedule_build reads them. */
static struct hsds_sched_in sched_in(const struct hsds_row *r)
{
    return (struct hsds_sched_in){
        r->v[SCH_FREQ],       r->v[SCH_INTERVAL], r->v[SCH_BYDAY],
        r->v[SCH_BYMONTHDAY], r->v[SCH_BYWEEKNO], r->v[SCH_BYYEARDAY],
        r->v[SCH_WKST],       r->v[SCH_DTSTART],  r->v[SCH_UNTIL],
        r->v[SCH_COUNT],      r->v[SCH_OPENS],    r->v[SCH_CLOSES],
        r->v[SCH_VALID_FROM], r->v[SCH_VALID_TO], r->v[SCH_TIMEZONE],
        r->v[SCH_WEEKDAY],    r->v[SCH_DESC],     false,
    };
}

/* Links a child row to its service through service_id (field fs) or its service-at-location
** (field fsal). Returns the service row or HSDS_NONE; unknown references reject the row. */
static size_t child_service(struct checked *c, enum hsds_table t, size_t i, int fs, int fsal)
{
    bool bad = false;
    size_t svc = reference(c, t, i, fs, HT_SVC, "service", &bad);
    size_t sal =
        fsal >= 0 ? reference(c, t, i, fsal, HT_SAL, "service_at_location", &bad) : HSDS_NONE;
    if (bad)
        return HSDS_NONE;
    if (svc == HSDS_NONE && sal != HSDS_NONE)
        svc = hsds_find(c->m, HT_SVC, row(c, HT_SAL, sal)->v[SAL_SVC]);
    return svc;
}

/* A service whose closure (holiday) row was refused is left out as a whole (with --lenient
** too): imported without it, it would be suggested on a day it is closed. A refused schedule
** row only removes times, so its service stays. */
static void reject_service_of(struct checked *c, size_t svc, const char *what)
{
    if (svc == HSDS_NONE || row(c, HT_SVC, svc)->rejected)
        return;
    hsds_row_diag(row(c, HT_SVC, svc), c->diag, NULL, "left out: one of its %s rows is invalid",
                  what);
    row(c, HT_SVC, svc)->rejected = true;
}
/* The checks of the rows that hang off services and locations, one a table: each checks row i
** of its table, reports what is wrong against it and links it to its parent (enum hsds_link). */

/* service_at_location: both ends must exist. */
static void check_sal(struct checked *c, size_t i)
{
    if (row(c, HT_SAL, i)->rejected)
        return;
    bool bad = false;
    size_t svc = reference(c, HT_SAL, i, SAL_SVC, HT_SVC, "service", &bad);
    size_t loc = reference(c, HT_SAL, i, SAL_LOC, HT_LOC, "location", &bad);
    if (!bad && (svc == HSDS_NONE || loc == HSDS_NONE))
        required(c, HT_SAL, i, svc == HSDS_NONE ? SAL_SVC : SAL_LOC);
    else if (!bad)
        hsds_link(c->m, L_SVC_SAL, svc, i);
}

/* A row of table t that names its location in field f, linked under kind. */
static void check_of_location(struct checked *c, enum hsds_table t, size_t i, int f,
                              enum hsds_link kind)
{
    bool bad = false;
    size_t loc = reference(c, t, i, f, HT_LOC, "location", &bad);
    if (loc != HSDS_NONE && !bad)
        hsds_link(c->m, kind, loc, i);
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Whether (lat, lon) is in the US state `state`: in the box, and nearest to one of its ZIP
** points. Cannot fail (false when the ZIP points cannot be read). */
static bool point_in_state(struct checked *c, double lat, double lon, const char *state)
{
    char nearest[3];
    if (!in_us_box(lat, lon))
        return false;
    if (!c->zips_tried) {
        char err[256];
        c->zips_tried = true;
        if (zip_index_load(&c->zips, err, sizeof err) != BELONG_OK)
            c->zips = NULL;
    }
    return c->zips && zip_index_nearest_state(c->zips, lat, lon, nearest) &&
           strcmp(nearest, state) == 0;
}

/* A place whose street address is in a US state but whose coordinates are not in the United
** States is placed wrong: refused (its coordinates left out, so that --lenient places it by its
** ZIP code or town), saying when the coordinates swapped, or the longitude with its minus
** sign, would be in that state. A postal address may be elsewhere: not compared. */
static void check_place_in_state(struct checked *c, size_t i)
{
    if (c->n_outside == 0)
        return;
    struct hsds_row *a = row(c, HT_ADDR, i);
    char state[3];
    if (strcasecmp(a->v[ADDR_TYPE], "postal") == 0 || !place_state_code(a->v[ADDR_STATE], state))
        return;
    size_t loc = hsds_find(c->m, HT_LOC, a->v[ADDR_LOC]);
    double lat, lon;
    if (loc == HSDS_NONE || !bsearch(&loc, c->outside, c->n_outside, sizeof loc, cmp_size) ||
        !location_coords(c, loc, false, &lat, &lon) || in_us_box(lat, lon))
        return;
    struct hsds_row *l = row(c, HT_LOC, loc);
    char *la = xstrdup(l->v[LOC_LAT]), *lo = xstrdup(l->v[LOC_LON]);
    if (point_in_state(c, lon, lat, state))
        hsds_row_diag(l, c->diag, "latitude",
                      "%s, %s is not in the United States, but its address is in %s, where %s, %s "
                      "is: latitude and longitude look swapped",
                      la, lo, state, lo, la);
    else if (lon > 0 && point_in_state(c, lat, -lon, state))
        hsds_row_diag(l, c->diag, "longitude",
                      "%s, %s is not in the United States, but its address is in %s, where %s, "
                      "-%s is: the longitude's minus sign looks lost",
                      la, lo, state, la, lo);
    else
        hsds_row_diag(l, c->diag, "latitude",
                      "%s, %s is not in the United States, but its address is in %s", la, lo,
                      state);
    free(la);
    free(lo);
    hsds_row_set(c->m, HT_LOC, loc, LOC_LAT, "");
    hsds_row_set(c->m, HT_LOC, loc, LOC_LON, "");
}

static void check_address(struct checked *c, size_t i)
{
    check_of_location(c, HT_ADDR, i, ADDR_LOC, L_LOC_ADDR);
    check_place_in_state(c, i);
}

static void check_accessibility(struct checked *c, size_t i)
{
    check_of_location(c, HT_ACCESS, i, ACC_LOC, L_LOC_ACC);
}

/* A row of table t that names a service (field fs) or else a location (fl), linked under the
** service's kind or the location's. */
static void check_of_either(struct checked *c, enum hsds_table t, size_t i, int fs, int fl,
                            enum hsds_link of_svc, enum hsds_link of_loc)
{
    bool bad = false;
    size_t svc = reference(c, t, i, fs, HT_SVC, "service", &bad);
    size_t loc = reference(c, t, i, fl, HT_LOC, "location", &bad);
    if (bad)
        return;
    if (svc != HSDS_NONE)
        hsds_link(c->m, of_svc, svc, i);
    else if (loc != HSDS_NONE)
        hsds_link(c->m, of_loc, loc, i);
}

static void check_language(struct checked *c, size_t i)
{
    check_of_either(c, HT_LANG, i, LANG_SVC, LANG_LOC, L_SVC_LANG, L_LOC_LANG);
}

static void check_phone(struct checked *c, size_t i)
{
    check_of_either(c, HT_PHONE, i, PHONE_SVC, PHONE_LOC, L_SVC_PHONE, L_LOC_PHONE);
}

static void check_eligibility(struct checked *c, size_t i)
{
    bool bad = false;
    size_t svc = reference(c, HT_ELIG, i, ELIG_SVC, HT_SVC, "service", &bad);
    if (svc != HSDS_NONE && !bad)
        hsds_link(c->m, L_SVC_ELIG, svc, i);
}

/* A cost option: its amount, when given, a number from 0 to a million. */
static void check_cost(struct checked *c, size_t i)
{
    bool bad = false;
    size_t svc = reference(c, HT_COST, i, COST_SVC, HT_SVC, "service", &bad);
    struct hsds_row *r = row(c, HT_COST, i);
    if (bad || svc == HSDS_NONE)
        return;
    double amount;
    if (*r->v[COST_AMOUNT]) {
        if (!parse_decimal(r->v[COST_AMOUNT], &amount) || amount < 0 || amount > 1e6) {
            hsds_row_diag(r, c->diag, "amount", "'%s' is not an amount", r->v[COST_AMOUNT]);
            r->rejected = true;
            return;
        }
    }
    hsds_link(c->m, L_SVC_COST, svc, i);
}

/* A service's taxonomy term: 1.x service_taxonomy.csv, 2.0 service_attributes.csv, or a 3.0
** attribute linked to a service (tags on other entities are not belong's concern). */
static void check_attribute(struct checked *c, size_t i)
{
    struct hsds_row *r = row(c, HT_ATTR, i);
    size_t svc, term;
    bool bad = false;
    if (*r->v[ATTR_SVC]) {
        svc = reference(c, HT_ATTR, i, ATTR_SVC, HT_SVC, "service", &bad);
        term = reference(c, HT_ATTR, i, *r->v[ATTR_TAX_ID] ? ATTR_TAX_ID : ATTR_TERM_ID, HT_TERM,
                         "taxonomy term", &bad);
    } else if (strcasecmp(r->v[ATTR_LINK_ENTITY], "service") == 0) {
        svc = reference(c, HT_ATTR, i, ATTR_LINK_ID, HT_SVC, "service", &bad);
        term = reference(c, HT_ATTR, i, ATTR_TERM_ID, HT_TERM, "taxonomy term", &bad);
    } else {
        return;
    }
    if (!bad && svc != HSDS_NONE && term != HSDS_NONE)
        hsds_link(c->m, L_SVC_ATTR, svc, i);
}

/* A schedule row: it names what it belongs to, and its times build (hsds_schedule_build). */
static void check_schedule(struct checked *c, size_t i)
{
    struct hsds_row *r = row(c, HT_SCHED, i);
    bool bad = false;
    reference(c, HT_SCHED, i, SCH_LOC, HT_LOC, "location", &bad);
    size_t svc = child_service(c, HT_SCHED, i, SCH_SVC, SCH_SAL);
    if (bad || r->rejected)
        return;
    if (!*r->v[SCH_SVC] && !*r->v[SCH_SAL] && !*r->v[SCH_LOC]) {
        /* A file without those columns: each row says it belongs to nothing. */
        hsds_row_diag(r, c->diag, "service_id",
                      "missing: the schedule names no service (service_id or "
                      "service_at_location_id)");
        r->rejected = true;
        return;
    }
    const struct hsds_sched_in in = sched_in(r);
    bool empty = false;
    unsigned days = 0;
    struct schedule built = {0};
    int built_rc = hsds_schedule_build(&in, NULL, r, c->diag, &built, &empty, &days);
    schedule_free(&built); /* built again when its service is assembled */
    if (built_rc != BELONG_OK) {
        r->rejected = true;
        return;
    }
    /* Schedules of a location alone are its opening hours, not an activity's times. */
    if ((!empty || days) && svc != HSDS_NONE)
        hsds_link(c->m, L_SVC_SCHED, svc, i);
}

/* A holiday (closure) row: its dates and closed flag; a bad one leaves its service out. */
static void check_holiday(struct checked *c, size_t i)
{
    struct hsds_row *r = row(c, HT_HOLIDAY, i);
    size_t svc = child_service(c, HT_HOLIDAY, i, HOL_SVC, HOL_SAL);
    if (r->rejected || svc == HSDS_NONE)
        return;
    struct civil_date d;
    int closed;
    bool ok = true;
    if (!hsds_date(r->v[HOL_START], &d)) {
        hsds_row_diag(r, c->diag, "start_date", "'%s' is not a date (YYYY-MM-DD)", r->v[HOL_START]);
        ok = false;
    }
    if (*r->v[HOL_END] && !hsds_date(r->v[HOL_END], &d)) {
        hsds_row_diag(r, c->diag, "end_date", "'%s' is not a date (YYYY-MM-DD)", r->v[HOL_END]);
        ok = false;
    }
    if (*r->v[HOL_CLOSED] && !yes_no(r->v[HOL_CLOSED], &closed)) {
        hsds_row_diag(r, c->diag, "closed", "'%s' is not true or false", r->v[HOL_CLOSED]);
        ok = false;
    }
    if (ok) {
        hsds_link(c->m, L_SVC_HOL, svc, i);
    } else {
        r->rejected = true;
        reject_service_of(c, svc, "holiday schedule");
    }
}

/* The child tables in the order they are checked: places before what hangs off them. */
static const struct {
    enum hsds_table table;
    void (*check)(struct checked *c, size_t i);
} child_checks[] = {
    {HT_SAL, check_sal},         {HT_ADDR, check_address},   {HT_ACCESS, check_accessibility},
    {HT_LANG, check_language},   {HT_PHONE, check_phone},    {HT_ELIG, check_eligibility},
    {HT_COST, check_cost},       {HT_ATTR, check_attribute}, {HT_SCHED, check_schedule},
    {HT_HOLIDAY, check_holiday},
};

static void check_children(struct checked *c)
{
    for (size_t k = 0; k < sizeof child_checks / sizeof child_checks[0]; k++)
        for (size_t i = 0; i < c->m->t[child_checks[k].table].n; i++) {
            hsds_model_step(c->m); /* one row's neighbourhood in memory at a time */
            child_checks[k].check(c, i);
        }
}

/* ---- assembling ----------------------------------------------------------------------------- */

static void append_exdate(struct schedule *s, const char *date_compact)
{
    struct buf b = {0};
    if (s->exdates)
        buf_printf(&b, "%s,", s->exdates);
    buf_puts(&b, date_compact);
    if (strlen(s->dtstart) > 8) /* a timed series: the date at its start time */
        buf_puts(&b, s->dtstart + 8);
    free(s->exdates);
    s->exdates = buf_detach(&b);
}

/* True when a schedule or holiday row linked to these (service_at_location id, location id)
** applies at the place of service-at-location row sal, one of n_places of its service. */
static bool applies_here(struct checked *c, const char *sal_id, const char *loc_id, size_t sal,
                         size_t n_places)
{
    if (n_places <= 1)
        return true;
    if (*sal_id)
        return strcmp(sal_id, row(c, HT_SAL, sal)->v[SAL_ID]) == 0;
    if (*loc_id)
        return strcmp(loc_id, row(c, HT_LOC, sal_location(c, sal))->v[LOC_ID]) == 0;
    return true;
}

#define HOLIDAY_MAX_DAYS      366
#define COST_TEXT_MAX_DOLLARS 10000 /* a fee text that is an amount: at most this */

/* Holidays: closed days become EXDATEs of the service's schedules; special hours also add a
** schedule of their own for those days. */
static void apply_holidays(struct checked *c, size_t svc, struct import_record *rec, size_t sal,
                           size_t n_places, bool report)
{
    EACH_CHILD(c, L_SVC_HOL, svc, h)
    {
        struct hsds_row *r = row(c, HT_HOLIDAY, h);
        if (!applies_here(c, r->v[HOL_SAL], r->v[HOL_LOC], sal, n_places))
            continue;
        struct civil_date from, to;
        hsds_date(r->v[HOL_START], &from);
        to = from;
        if (*r->v[HOL_END])
            hsds_date(r->v[HOL_END], &to);
        long first = days_from_civil(&from), last = days_from_civil(&to);
        if (last < first || last - first >= HOLIDAY_MAX_DAYS) {
            if (report)
                hsds_row_diag(r, c->diag, "end_date",
                              "must be on or after start_date, within a year");
            continue;
        }
        for (long day = first; day <= last; day++) {
            struct civil_date d = civil_from_days(day);
            char compact[16];
            snprintf(compact, sizeof compact, "%04d%02d%02d", d.year, d.month, d.day);
            for (size_t k = 0; k < rec->n_schedules; k++)
                if (rec->schedules[k].rrule)
                    append_exdate(&rec->schedules[k], compact);
        }
        int closed = TRI_NO;
        if (*r->v[HOL_CLOSED])
            yes_no(r->v[HOL_CLOSED], &closed);
        if (closed == TRI_YES || !*r->v[HOL_OPENS])
            continue;
        const struct hsds_sched_in in = {
            .freq = "DAILY",
            .interval = "",
            .byday = "",
            .bymonthday = "",
            .byweekno = "",
            .byyearday = "",
            .wkst = "",
            .dtstart = r->v[HOL_START],
            .until = r->v[HOL_END],
            .count = "",
            .opens_at = r->v[HOL_OPENS],
            .closes_at = r->v[HOL_CLOSES],
            .valid_from = "",
            .valid_to = "",
            .timezone = "",
            .weekday = "",
            .description = "special hours",
        };
        struct schedule s;
        bool empty;
        unsigned days; /* special hours without times add nothing */
        if (hsds_schedule_build(&in, NULL, r, c->diag, &s, &empty, &days) == BELONG_OK && !empty)
            import_record_add_schedule(rec, &s);
    }
}

/* What a cost text says, in cents: 0 when its words say free (cost_words.tsv), the amount when
** the whole text is a dollar amount ("5", "$7.50"); -1 when it says nothing belong reads, or that
** the cost varies (*varies set). */
static long cost_from_text(struct checked *c, const char *text, bool *varies)
{
    int cents;
    enum words_cost said = words_cost(&c->words, text);
    if (said == WORDS_COST_VARIES)
        *varies = true;
    if (said == WORDS_COST_FREE)
        return 0;
    if (said == WORDS_COST_NONE && parse_usd_cents(text, COST_TEXT_MAX_DOLLARS, &cents))
        return cents;
    return -1;
}

/* Cost: the lowest option in USD (or without a currency), or what an option's words say; else
** what the service's fees say. A fee that varies with income is not read as free. */
static void assemble_cost(struct checked *c, size_t svc, struct activity *a)
{
    struct hsds_row *s = row(c, HT_SVC, svc);
    long best = -1;
    bool varies = false;
    EACH_CHILD(c, L_SVC_COST, svc, k)
    {
        struct hsds_row *r = row(c, HT_COST, k);
        long cents = cost_from_text(c, r->v[COST_OPTION], &varies);
        long said = cost_from_text(c, r->v[COST_AMOUNT_DESC], &varies);
        if (said >= 0 && (cents < 0 || said < cents))
            cents = said;
        if (cents < 0 && *r->v[COST_AMOUNT] &&
            (!*r->v[COST_CURRENCY] || strcasecmp(r->v[COST_CURRENCY], "USD") == 0))
            cents = lround(strtod(r->v[COST_AMOUNT], NULL) * 100);
        if (cents >= 0 && (best < 0 || cents < best))
            best = cents;
    }
    if (best < 0) {
        long desc = cost_from_text(c, s->v[SVC_FEES_DESC], &varies);
        long fees = cost_from_text(c, s->v[SVC_FEES], &varies);
        best = desc >= 0 && (fees < 0 || desc < fees) ? desc : fees;
    }
    if (varies && best == 0)
        best = -1;
    a->cost_cents = best < 0 ? COST_UNKNOWN : (int)best;
}

static bool term_is_belong(struct checked *c, struct hsds_row *t)
{
    if (strcasecmp(t->v[TERM_TAXONOMY], "belong") == 0 ||
        strcasecmp(t->v[TERM_VOCABULARY], "belong") == 0 ||
        strcasecmp(t->v[TERM_TAXONOMY_ID], "belong") == 0)
        return true;
    size_t tax = hsds_find(c->m, HT_TAXONOMY, t->v[TERM_TAXONOMY_ID]);
    return tax != HSDS_NONE && strcasecmp(row(c, HT_TAXONOMY, tax)->v[TAX_NAME], "belong") == 0;
}

static void assemble_terms(struct checked *c, size_t svc, struct activity *a,
                           struct buf *other_terms, bool report)
{
    EACH_CHILD(c, L_SVC_ATTR, svc, k)
    {
        struct hsds_row *r = row(c, HT_ATTR, k);
        const char *term_id =
            *r->v[ATTR_SVC] && *r->v[ATTR_TAX_ID] ? r->v[ATTR_TAX_ID] : r->v[ATTR_TERM_ID];
        struct hsds_row *t = row(c, HT_TERM, hsds_find(c->m, HT_TERM, term_id));
        const char *code = *t->v[TERM_CODE] ? t->v[TERM_CODE] : t->v[TERM_NAME];
        if (!term_is_belong(c, t)) {
            buf_printf(other_terms, "%s\t%s\n", t->v[TERM_CODE], t->v[TERM_NAME]);
            continue;
        }
        char err[200];
        if (hsds_belong_term(a, code, r->v[ATTR_VALUE], &c->cats, err, sizeof err) != BELONG_OK &&
            report) {
            hsds_row_diag(r, c->diag, "taxonomy_term_id", "%s", err);
            r->rejected = true;
        }
    }
}

/* The number of the first phone of a parent's list that a peer can call (not a fax), else
** NULL. */
static const char *phone_to_call(struct checked *c, enum hsds_link l, size_t parent)
{
    EACH_CHILD(c, l, parent, k)
    {
        struct hsds_row *r = row(c, HT_PHONE, k);
        if (*r->v[PHONE_NUMBER] && strcasecmp(r->v[PHONE_TYPE], "fax") != 0)
            return r->v[PHONE_NUMBER];
    }
    return NULL;
}

/* Adds the languages of a value to a->languages: one language, or a list separated by commas
** or semicolons (Ohana-era columns), each by the name languages.tsv gives it, else as written.
** Sign languages also give the asl access (access_words.tsv). */
static void add_languages(struct checked *c, struct activity *a, const char *value)
{
    for (const char *p = value; *p;) {
        size_t n = strcspn(p, ",;");
        char *one = xstrndup(p, n);
        char *item = one + strspn(one, " \t");
        for (size_t len = strlen(item); len && (item[len - 1] == ' ' || item[len - 1] == '\t');)
            item[--len] = '\0';
        const char *name = words_language(&c->words, item);
        list_add(&a->languages, name ? name : item, false);
        a->access |= words_access(&c->words, name ? name : item) & ACCESS_ASL;
        free(one);
        p += n + (p[n] != '\0');
    }
}

/* A US ZIP code as directories and spreadsheets write it, as its five digits (heap): ZIP+4
** ("01852-1234", "01852 1234", "018521234") cut to the ZIP; and a code Excel wrote as a number,
** without its leading zeros ("1852" for 01852, "1852-1234"), given them back: no ZIP code has
** fewer than five digits. `state` is the address's two-letter state, "" when it names one that
** is not a US state (its postal code is kept as written). */
static char *zip_as_written(const char *zip, const char *state)
{
    size_t head = strspn(zip, "0123456789"), n = strlen(zip);
    const char *plus4 = zip + head + (zip[head] == '-' || zip[head] == ' ');
    bool has_plus4 = strlen(plus4) == 4 && strspn(plus4, "0123456789") == 4 && plus4 > zip + head;
    if (!*state || !(head == n || has_plus4 || (head == 9 && n == 9)))
        return xstrdup(zip);
    if (head == 9) /* ZIP+4 without its hyphen */
        head = 5;
    if (head < 3 || head > 5)
        return xstrdup(zip);
    char five[6];
    snprintf(five, sizeof five, "%.*s%.*s", (int)(5 - head), "00", (int)head, zip);
    return xstrdup(five);
}

/* HSDS 1.x interpretation_services, the interpretation a service offers as free text ("Spanish
** and Vietnamese interpreters; ASL on request"): a sign language gives the asl access; the
** languages it names by their names in languages.tsv (not by codes, which are English words:
** "or", "to") are added to the languages the service lists, if it lists some. A service that
** lists none stays open to everyone: its interpreted languages alone would leave out those who
** speak its own. */
static void add_interpretation(struct checked *c, struct activity *a, const char *text)
{
    if (!*text)
        return;
    a->access |= words_access(&c->words, text) & ACCESS_ASL;
    if (!a->languages || !*a->languages)
        return;
    enum { MOST_WORDS = 3 }; /* "Cape Verdean Creole" */
    const char *p = text;
    while (*p) {
        while (*p && !isalpha((unsigned char)*p) && (unsigned char)*p < 0x80)
            p++;
        size_t end[MOST_WORDS], n = 0;
        const char *q = p;
        while (n < MOST_WORDS && *q) {
            while (isalpha((unsigned char)*q) || (unsigned char)*q >= 0x80)
                q++;
            end[n++] = (size_t)(q - p);
            if (*q != ' ')
                break;
            q++;
        }
        size_t used = n ? end[0] : 0;
        for (size_t k = n; k-- > 0;) {
            char *phrase = xstrndup(p, end[k]);
            const char *name = words_language(&c->words, phrase);
            bool named = name && strcasecmp(name, phrase) == 0;
            free(phrase);
            if (named) {
                list_add(&a->languages, name, false);
                used = end[k];
                break;
            }
        }
        if (!used)
            break;
        p += used;
    }
}

static void assemble_location(struct checked *c, size_t loc, struct activity *a)
{
    struct hsds_row *l = row(c, HT_LOC, loc);
    a->location_ref = *l->v[LOC_ID] ? xstrdup(l->v[LOC_ID]) : NULL;
    a->location_name = xstrdup(*l->v[LOC_NAME] ? l->v[LOC_NAME] : NULL);
    a->is_virtual = a->is_virtual || strcasecmp(l->v[LOC_TYPE], "virtual") == 0;
    double lat, lon;
    if (location_coords(c, loc, false, &lat, &lon)) {
        a->has_coords = true;
        a->lat = lat;
        a->lon = lon;
    }
    a->access |= words_access(&c->words, l->v[LOC_TRANSPORT]) & ACCESS_TRANSIT;
    a->access |= words_access(&c->words, l->v[LOC_ACCESSIBILITY]);
    size_t chosen = HSDS_NONE;
    EACH_CHILD(c, L_LOC_ADDR, loc, k)
    {
        const char *type = row(c, HT_ADDR, k)->v[ADDR_TYPE];
        if (chosen == HSDS_NONE || (!*type || strcasecmp(type, "physical") == 0))
            chosen = k;
        if (!*type || strcasecmp(type, "physical") == 0)
            break;
    }
    if (chosen != HSDS_NONE) {
        struct hsds_row *r = row(c, HT_ADDR, chosen);
        struct buf b = {0};
        buf_puts(&b, r->v[ADDR_1]);
        if (*r->v[ADDR_2])
            buf_printf(&b, ", %s", r->v[ADDR_2]);
        if (b.len)
            a->address = buf_detach(&b);
        buf_free(&b);
        if (*r->v[ADDR_CITY])
            a->town = xstrdup(r->v[ADDR_CITY]);
        /* Left empty when not a US state: then the town alone cannot place it. */
        place_state_code(r->v[ADDR_STATE], a->state);
        if (*r->v[ADDR_ZIP])
            a->zip = zip_as_written(r->v[ADDR_ZIP], *r->v[ADDR_STATE] ? a->state : "US");
    }
    EACH_CHILD(c, L_LOC_ACC, loc, k)
    {
        struct hsds_row *r = row(c, HT_ACCESS, k);
        a->access |= words_access(&c->words, r->v[ACC_DESC]) |
                     words_access(&c->words, r->v[ACC_DETAILS]) |
                     words_access(&c->words, r->v[ACC_ACCESSIBILITY]);
    }
    EACH_CHILD(c, L_LOC_LANG, loc, k)
    {
        struct hsds_row *r = row(c, HT_LANG, k);
        add_languages(c, a, *r->v[LANG_NAME] ? r->v[LANG_NAME] : r->v[LANG_LANGUAGE]);
    }
    add_languages(c, a, l->v[LOC_LANGUAGES]);
    if (!a->phone)
        a->phone = xstrdup(phone_to_call(c, L_LOC_PHONE, loc));
}

/* Who may come, for the audience rules (catalog_infer, audience_eligibility): the service's
** eligibility_description and its eligibility rows' texts, one a line, and its ages. */
static void assemble_eligibility(struct checked *c, size_t svc, struct import_record *rec)
{
    struct hsds_row *s = row(c, HT_SVC, svc);
    struct buf text = {0};
    if (*s->v[SVC_ELIG_DESC])
        buf_printf(&text, "%s\n", s->v[SVC_ELIG_DESC]);
    EACH_CHILD(c, L_SVC_ELIG, svc, k)
    {
        struct hsds_row *r = row(c, HT_ELIG, k);
        for (int f = ELIG_TEXT; f <= ELIG_DESC; f++)
            if (*r->v[f])
                buf_printf(&text, "%s\n", r->v[f]);
    }
    rec->eligibility = text.len ? buf_detach(&text) : NULL;
    buf_free(&text);
    long age;
    if (parse_whole(s->v[SVC_MIN_AGE], 0, AGE_MAX, &age))
        rec->min_age = (int)age;
    if (parse_whole(s->v[SVC_MAX_AGE], 0, AGE_MAX, &age))
        rec->max_age = (int)age;
}

/* One record for service i at the place of service-at-location sal (HSDS_NONE: no place),
** the j-th of n_places. The first place keeps the service id as its source id; further places
** are "SERVICE_ID@LOCATION_ID", so adding a place to a service does not renumber the first. */
static void assemble_place(struct checked *c, size_t i, size_t sal, size_t j, size_t n_places)
{
    struct hsds_model *m = c->m;
    struct hsds_row *s = row(c, HT_SVC, i);
    struct import_record record;
    struct import_record *rec = &record;
    import_record_init(rec);
    rec->file = xstrdup(s->file);
    rec->line = s->line;
    struct activity *a = &rec->activity;
    if (j == 0) {
        a->source_ref = xstrdup(s->v[SVC_ID]);
    } else {
        struct buf ref = {0};
        buf_printf(&ref, "%s@%s", s->v[SVC_ID], row(c, HT_LOC, sal_location(c, sal))->v[LOC_ID]);
        a->source_ref = buf_detach(&ref);
    }
    a->name = xstrdup(s->v[SVC_NAME]);
    const char *desc = *s->v[SVC_DESC] ? s->v[SVC_DESC] : s->v[SVC_ALT_NAME];
    a->description = *desc ? xstrdup(desc) : NULL;
    a->url = *s->v[SVC_URL] ? xstrdup(s->v[SVC_URL]) : NULL;
    a->email = *s->v[SVC_EMAIL] ? xstrdup(s->v[SVC_EMAIL]) : NULL;
    a->active = !*s->v[SVC_STATUS] || strcasecmp(s->v[SVC_STATUS], "active") == 0;
    /* An Ohana-era service names no organisation: its location's is the service's. */
    const char *org_id = s->v[SVC_ORG];
    if (!*org_id && sal != HSDS_NONE)
        org_id = row(c, HT_LOC, sal_location(c, sal))->v[LOC_ORG];
    size_t org = hsds_find(m, HT_ORG, org_id);
    if (org != HSDS_NONE && !row(c, HT_ORG, org)->rejected) {
        const char *org_id = row(c, HT_ORG, org)->v[ORG_ID];
        a->organization_ref = *org_id ? xstrdup(org_id) : NULL;
        a->organization = xstrdup(row(c, HT_ORG, org)->v[ORG_NAME]);
    }
    a->phone = xstrdup(phone_to_call(c, L_SVC_PHONE, i));
    EACH_CHILD(c, L_SVC_LANG, i, k)
    {
        struct hsds_row *r = row(c, HT_LANG, k);
        add_languages(c, a, *r->v[LANG_NAME] ? r->v[LANG_NAME] : r->v[LANG_LANGUAGE]);
    }
    add_languages(c, a, s->v[SVC_LANGUAGES]);
    assemble_eligibility(c, i, rec);
    /* belong's own terms first: a hand-coded virtual:yes must survive the location. Bad terms
    ** are reported once per service, at its first place. */
    struct buf other_terms = {0};
    assemble_terms(c, i, a, &other_terms, j == 0);
    if (sal != HSDS_NONE)
        assemble_location(c, sal_location(c, sal), a);
    add_interpretation(c, a, s->v[SVC_INTERPRETATION]);
    assemble_cost(c, i, a);
    rec->terms = other_terms.len ? buf_detach(&other_terms) : NULL; /* read by the inference */
    buf_free(&other_terms);
    EACH_CHILD(c, L_SVC_SCHED, i, k)
    {
        struct hsds_row *r = row(c, HT_SCHED, k);
        if (!applies_here(c, r->v[SCH_SAL], r->v[SCH_LOC], sal, n_places))
            continue;
        /* Built again as when it was checked, where it passed: nothing to report, and its
        ** rule is not checked again. */
        struct hsds_sched_in in = sched_in(r);
        in.checked = true;
        struct schedule built = {0};
        struct diag quiet = {0};
        bool empty = false;
        unsigned days = 0;
        int problems = r->problems;
        if (hsds_schedule_build(&in, NULL, r, &quiet, &built, &empty, &days) == BELONG_OK) {
            a->open_days |= days;
            if (built.dtstart)
                import_record_add_schedule(rec, &built);
        }
        r->problems = problems;
        schedule_free(&built);
        diag_free(&quiet);
    }
    apply_holidays(c, i, rec, sal, n_places, j == 0);
    c->sink_failed = c->sink->record(c->sink->ctx, rec, c->sink_error, sizeof c->sink_error);
    c->records += c->sink_failed == BELONG_OK;
}

/* One record per valid service and place it is offered at (a service without a place gives one
** record without a location). */
static void assemble(struct checked *c)
{
    size_t *places = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < c->m->t[HT_SVC].n && !c->sink_failed; i++) {
        hsds_model_step(c->m); /* one service's rows in memory at a time */
        if (row(c, HT_SVC, i)->rejected)
            continue;
        size_t n = 0;
        EACH_CHILD(c, L_SVC_SAL, i, k)
        {
            bool seen = false; /* the same place listed twice is one place */
            for (size_t p = 0; p < n; p++)
                seen |= sal_location(c, places[p]) == sal_location(c, k);
            if (seen)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 8;
                places = xrealloc(places, cap * sizeof *places);
            }
            places[n++] = k;
        }
        if (n == 0)
            assemble_place(c, i, HSDS_NONE, 0, 0);
        for (size_t p = 0; p < n && !c->sink_failed; p++)
            assemble_place(c, i, places[p], p, n);
    }
    free(places);
}

static void checked_free(struct checked *c)
{
    zip_index_free(c->zips);
    free(c->outside);
    free(c->kids.v);
    categories_free(&c->cats);
    listing_words_free(&c->words);
}

/* An Ohana-era services.csv names the service's one location in its location_id column, and
** its taxonomy terms in taxonomy_ids: they are read as service_at_location and service_taxonomy
** rows of their own (reported at the service's line), so that the service gets that location's
** place, address, phones and accessibility, and its terms. */
static void link_ohana_columns(struct hsds_model *m)
{
    size_t n = m->t[HT_SVC].n;
    for (size_t i = 0; i < n; i++) {
        hsds_model_step(m);
        struct hsds_row *s = hsds_row_at(m, HT_SVC, i);
        if (s->rejected)
            continue;
        if (*s->v[SVC_LOC]) {
            size_t k = hsds_row_add(m, HT_SAL, s->file, s->line, s->path);
            s = hsds_row_at(m, HT_SVC, i);
            hsds_row_set(m, HT_SAL, k, SAL_SVC, s->v[SVC_ID]);
            hsds_row_set(m, HT_SAL, k, SAL_LOC, s->v[SVC_LOC]);
        }
        for (const char *p = s->v[SVC_TAXONOMY_IDS]; *p;) {
            size_t len = strcspn(p, ",");
            if (strspn(p, " \t") < len) { /* not blank */
                char *id = xstrndup(p, len);
                size_t k = hsds_row_add(m, HT_ATTR, s->file, s->line, s->path);
                s = hsds_row_at(m, HT_SVC, i);
                hsds_row_set(m, HT_ATTR, k, ATTR_SVC, s->v[SVC_ID]);
                hsds_row_set(m, HT_ATTR, k, ATTR_TAX_ID, id);
                free(id);
            }
            p += len + (p[len] == ',');
        }
    }
}

/* ---- entry point ------------------------------------------------------------------------ */

int hsds_detect(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return FORMAT_BY_CONTENT;
    char head[2];
    if (format_peek(path, head, sizeof head) && (head[0] == '{' || head[0] == '['))
        return FORMAT_BY_CONTENT;
    return format_name_ends(path, ".json") ? FORMAT_BY_NAME : 0;
}

int hsds_parse(const char *path, const struct format_sink *sink, struct diag *diag,
               struct format_counts *counts)
{
    struct hsds_model m;
    struct checked c = {0};
    int rc = hsds_model_init(&m, sink->rows);
    c.m = &m;
    c.diag = diag;
    c.sink = sink;
    memset(counts, 0, sizeof *counts);
    size_t problems_before = diag->count;
    char *dir = NULL;
    if (rc != BELONG_OK) {
        diag_add(diag, path, 0, NULL, "cannot stage its rows: %s", m.error);
        goto out;
    }

    /* Folder names lose a trailing slash so that messages read dir/services.csv. */
    dir = xstrdup(path);
    for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
        dir[n - 1] = '\0';
    struct stat st;
    if (stat(dir, &st) != 0) {
        diag_add(diag, path, 0, NULL, "cannot open: %s", strerror(errno));
        rc = errno == ENOENT ? BELONG_ENOINPUT : BELONG_EIO;
        goto out;
    }
    rc = categories_load(NULL, &c.cats, diag);
    if (rc == BELONG_OK)
        rc = listing_words_load(&c.words, diag);
    if (rc != BELONG_OK)
        goto out;
    if (S_ISDIR(st.st_mode))
        rc = hsds_load_csv_dir(dir, &m, diag, counts->package_name);
    else if (format_name_ends(dir, ".json"))
        rc = hsds_load_json(dir, &m, diag);
    else {
        diag_add(diag, path, 0, NULL,
                 "not an HSDS source: give a folder of CSV files or a .json file");
        rc = BELONG_ENOINPUT;
    }
    if (rc != BELONG_OK)
        goto out;
    link_ohana_columns(&m);
    check_core(&c);
    check_children(&c);
    assemble(&c);
    counts->records = c.records;
    if (c.sink_failed) {
        diag_add(diag, path, 0, NULL, "cannot stage its records: %s", c.sink_error);
        rc = BELONG_EIO;
        goto out;
    }
    hsds_model_step(&m);
    for (int t = 0; t < HT_COUNT; t++)
        counts->rejected += hsds_count_flagged(&m, (enum hsds_table)t);
    if (m.failed) {
        diag_add(diag, path, 0, NULL, "cannot stage its rows: %s", m.error);
        rc = m.failed;
        goto out;
    }
    counts->rejected += m.broken_files + m.unusable_files + m.skipped_rows;
    snprintf(counts->notes, sizeof counts->notes, "%s", m.notes);
    counts->broken_files = m.broken_files;
    if (m.first_broken)
        snprintf(counts->broken_file, sizeof counts->broken_file, "%s", m.first_broken);
    if (diag->count > problems_before)
        rc = BELONG_EDATA;
out:
    checked_free(&c);
    hsds_model_free(&m);
    free(dir);
    return rc;
}
