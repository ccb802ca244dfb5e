/* hsds_export.c — writing an import batch as an Open Referral HSDS 3.0 tabular package (CSV
** files and datapackage.json), with belong's attributes as terms of the "belong" taxonomy
** (docs/taxonomy.md), so that `belong import hsds` reads back the same catalogue.
*/
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/buf.h"
#include "../util/rc.h"
#include "demo.h"

#define UUID_LEN         37 /* 36 characters and NUL */
#define CSV_BUFFER_BYTES (1 << 20)
#define BELONG_TAXONOMY  "belong"

/* The package's files, in the order they are written; each has a fixed header. */
enum hsds_file {
    F_ORG,
    F_SVC,
    F_LOC,
    F_ADDR,
    F_SAL,
    F_SCHED,
    F_COST,
    F_LANG,
    F_PHONE,
    F_TAXONOMY,
    F_TERM,
    F_ATTR,
    F_COUNT
};

static const struct {
    const char *name, *resource, *header;
} files[F_COUNT] = {
    [F_ORG] = {"organizations.csv", "organizations",
               "id,name,alternate_name,description,email,website"},
    [F_SVC] = {"services.csv", "services",
               "id,organization_id,program_id,name,alternate_name,description,url,email,status,"
               "interpretation_services,application_process,fees_description,wait_time,fees,"
               "accreditations,eligibility_description,minimum_age,maximum_age,assured_date,"
               "assurer_email,licenses,alert,last_modified"},
    [F_LOC] = {"locations.csv", "locations",
               "id,location_type,url,organization_id,name,alternate_name,description,"
               "transportation,latitude,longitude,external_identifier,external_identifier_type"},
    [F_ADDR] = {"addresses.csv", "addresses",
                "id,location_id,attention,address_1,address_2,city,region,state_province,"
                "postal_code,country,address_type"},
    [F_SAL] = {"service_at_location.csv", "service_at_location",
               "id,service_id,location_id,description"},
    [F_SCHED] = {"schedules.csv", "schedules",
                 "id,service_id,location_id,service_at_location_id,valid_from,valid_to,dtstart,"
                 "timezone,until,count,wkst,freq,interval,byday,byweekno,bymonthday,byyearday,"
                 "description,opens_at,closes_at,schedule_link,attending_type,notes"},
    [F_COST] = {"cost_options.csv", "cost_options",
                "id,service_id,valid_from,valid_to,option,currency,amount,amount_description"},
    [F_LANG] = {"languages.csv", "languages", "id,service_id,location_id,phone_id,name,code,note"},
    [F_PHONE] = {"phones.csv", "phones",
                 "id,location_id,service_id,organization_id,contact_id,service_at_location_id,"
                 "number,extension,type,description"},
    [F_TAXONOMY] = {"taxonomies.csv", "taxonomies", "id,name,description,uri,version"},
    [F_TERM] = {"taxonomy_terms.csv", "taxonomy_terms",
                "id,code,name,description,parent_id,taxonomy,language,taxonomy_id,term_uri"},
    [F_ATTR] = {"attributes.csv", "attributes",
                "id,link_id,taxonomy_term_id,link_type,link_entity,value"},
};

/* ---- ids ---------------------------------------------------------------------------- */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t hash_text(const char *kind, const char *key)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a over kind, NUL, key */
    for (const char *p = kind; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    h = (h ^ 0) * 0x100000001b3ull;
    for (const char *p = key; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    return h;
}

/* A stable UUID-shaped id (version 4 layout) for the entity `kind` keyed by key (+ n). */
static void make_id(char out[UUID_LEN], const char *kind, const char *key, unsigned n)
{
    uint64_t h = hash_text(kind, key) + n;
    uint64_t a = mix64(h), b = mix64(h ^ 0x5bd1e9955bd1e995ull);
    snprintf(out, UUID_LEN, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32),
             (unsigned)(a >> 16) & 0xffffu, (unsigned)a & 0xfffu,
             0x8000u | ((unsigned)(b >> 48) & 0x3fffu),
             (unsigned long long)(b & 0xffffffffffffull));
}

/* ---- a set of strings, for organisations and taxonomy terms written once ------------- */

struct string_set {
    char **slots;
    size_t cap, n;
};

static uint64_t set_hash(const char *s)
{
    return mix64(hash_text("", s));
}

/* Adds s; returns true when it was not there yet. */
static bool set_add(struct string_set *set, const char *s)
{
    if (2 * (set->n + 1) > set->cap) {
        struct string_set grown = {xcalloc(set->cap ? set->cap * 2 : 1024, sizeof(char *)),
                                   set->cap ? set->cap * 2 : 1024, 0};
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i]) {
                size_t j = set_hash(set->slots[i]) & (grown.cap - 1);
                while (grown.slots[j])
                    j = (j + 1) & (grown.cap - 1);
                grown.slots[j] = set->slots[i];
                grown.n++;
            }
        free(set->slots);
        *set = grown;
    }
    size_t j = set_hash(s) & (set->cap - 1);
    while (set->slots[j]) {
        if (strcmp(set->slots[j], s) == 0)
            return false;
        j = (j + 1) & (set->cap - 1);
    }
    set->slots[j] = xstrdup(s);
    set->n++;
    return true;
}

static void set_free(struct string_set *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slots[i]);
    free(set->slots);
    memset(set, 0, sizeof *set);
}

/* ---- CSV writing -------------------------------------------------------------------- */

struct package {
    FILE *f[F_COUNT];
    char *bufs[F_COUNT];
    struct string_set orgs, terms;
    char taxonomy_id[UUID_LEN];
    unsigned long attr_serial;
};

/* Writes one field, quoted when it holds a comma, quote or line break; NULL is empty. */
static void put_field(FILE *f, const char *s, bool last)
{
    if (s && s[strcspn(s, ",\"\r\n")]) {
        putc('"', f);
        for (const char *p = s; *p; p++) {
            if (*p == '"')
                putc('"', f);
            putc(*p, f);
        }
        putc('"', f);
    } else if (s) {
        fputs(s, f);
    }
    putc(last ? '\n' : ',', f);
}

/* Writes a row of n fields. */
static void put_row(FILE *f, size_t n, const char *const *fields)
{
    for (size_t i = 0; i < n; i++)
        put_field(f, fields[i], i + 1 == n);
}

#define ROW(pkg, file, ...)                                                                        \
    do {                                                                                           \
        const char *const row_fields_[] = {__VA_ARGS__};                                           \
        put_row((pkg)->f[file], sizeof row_fields_ / sizeof row_fields_[0], row_fields_);          \
    } while (0)

/* The id of belong's taxonomy term `code`, written to taxonomy_terms.csv on first use. */
static void term_id(struct package *p, const char *code, char out[UUID_LEN])
{
    make_id(out, "term", code, 0);
    if (!set_add(&p->terms, code))
        return;
    char description[128];
    const char *colon = strchr(code, ':');
    if (colon)
        snprintf(description, sizeof description, "belong %.*s: %s", (int)(colon - code), code,
                 colon + 1);
    else
        snprintf(description, sizeof description,
                 "belong %s, given in the attribute's value column", code);
    ROW(p, F_TERM, out, code, code, description, NULL, BELONG_TAXONOMY, "en", p->taxonomy_id, NULL);
}

/* Links service svc_id to term code, with an optional value. The link_type is the term's
** key ("category", "tag"...), which says what the term describes. */
static void attribute(struct package *p, const char *svc_id, const char *code, const char *value)
{
    char term[UUID_LEN], id[UUID_LEN], serial[32], link_type[32];
    term_id(p, code, term);
    snprintf(serial, sizeof serial, "%lu", p->attr_serial++);
    make_id(id, "attribute", serial, 0);
    snprintf(link_type, sizeof link_type, "%.*s", (int)strcspn(code, ":"), code);
    ROW(p, F_ATTR, id, svc_id, term, link_type, "service", value);
}

/* Splits "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" into the HSDS columns. */
static void rrule_part(const char *rrule, const char *name, char *out, size_t outlen)
{
    out[0] = '\0';
    size_t n = strlen(name);
    for (const char *p = rrule; p && *p; p += strcspn(p, ";"), p += *p == ';') {
        if (strncmp(p, name, n) == 0 && p[n] == '=') {
            size_t len = strcspn(p + n + 1, ";");
            snprintf(out, outlen, "%.*s", (int)len, p + n + 1);
        }
    }
}

static void write_schedule(struct package *p, const char *svc_id, const char *ref, unsigned k,
                           const struct schedule *s)
{
    char id[UUID_LEN], date[16] = "", opens[16] = "", closes[16] = "";
    char freq[16], interval[8], byday[64], bymonthday[64], until[32], until_date[16] = "";
    char count[16];
    make_id(id, "schedule", ref, k);
    if (s->dtstart && strlen(s->dtstart) >= 8)
        snprintf(date, sizeof date, "%.4s-%.2s-%.2s", s->dtstart, s->dtstart + 4, s->dtstart + 6);
    if (s->dtstart && strlen(s->dtstart) >= 13) {
        const char *t = s->dtstart + 9; /* YYYYMMDDTHHMM */
        int minute = ((t[0] - '0') * 10 + (t[1] - '0')) * 60 + (t[2] - '0') * 10 + (t[3] - '0');
        int end = (minute + s->duration_s / 60) % (24 * 60);
        snprintf(opens, sizeof opens, "%02d:%02d", minute / 60, minute % 60);
        snprintf(closes, sizeof closes, "%02d:%02d", end / 60, end % 60);
    }
    rrule_part(s->rrule, "FREQ", freq, sizeof freq);
    rrule_part(s->rrule, "INTERVAL", interval, sizeof interval);
    rrule_part(s->rrule, "BYDAY", byday, sizeof byday);
    rrule_part(s->rrule, "BYMONTHDAY", bymonthday, sizeof bymonthday);
    rrule_part(s->rrule, "UNTIL", until, sizeof until);
    rrule_part(s->rrule, "COUNT", count, sizeof count);
    if (strlen(until) >= 8) /* 20270301[T...] -> 2027-03-01 */
        snprintf(until_date, sizeof until_date, "%.4s-%.2s-%.2s", until, until + 4, until + 6);
    ROW(p, F_SCHED, id, svc_id, NULL, NULL, s->valid_from, s->valid_to, date, NULL, until_date,
        count, NULL, freq, interval, byday, NULL, bymonthday, NULL, s->description, opens, closes,
        NULL, NULL, NULL);
}

static const struct {
    const char *name, *code;
} language_codes[] = {
    {"English", "en"},        {"Spanish", "es"},
    {"Portuguese", "pt"},     {"Chinese", "zh"},
    {"Russian", "ru"},        {"Polish", "pl"},
    {"Italian", "it"},        {"Khmer", "km"},
    {"Haitian Creole", "ht"}, {"Cape Verdean Creole", "kea"},
};

static void write_languages(struct package *p, const char *svc_id, const char *ref,
                            const char *list)
{
    unsigned k = 0;
    for (const char *q = list; q && *q; q += strcspn(q, ","), q += *q == ',') {
        char name[64], id[UUID_LEN];
        snprintf(name, sizeof name, "%.*s", (int)strcspn(q, ","), q);
        const char *code = NULL;
        for (size_t i = 0; i < sizeof language_codes / sizeof language_codes[0]; i++)
            if (strcmp(language_codes[i].name, name) == 0)
                code = language_codes[i].code;
        make_id(id, "language", ref, k++);
        ROW(p, F_LANG, id, svc_id, NULL, NULL, name, code, NULL);
    }
}

static void write_service(struct package *p, const struct import_record *r)
{
    const struct activity *a = &r->activity;
    const char *ref = a->source_ref;
    char svc[UUID_LEN], org[UUID_LEN], loc[UUID_LEN], addr[UUID_LEN], sal[UUID_LEN];
    char text[64], fees[64], lat[32], lon[32], access[64];
    const char *org_name = a->organization ? a->organization : "Unknown organisation";
    make_id(svc, "service", ref, 0);
    make_id(org, "organization", org_name, 0);
    make_id(loc, "location", ref, 0);
    make_id(addr, "address", ref, 0);
    make_id(sal, "service_at_location", ref, 0);

    if (set_add(&p->orgs, org_name))
        ROW(p, F_ORG, org, org_name, NULL, NULL, NULL, NULL);
    if (a->cost_cents == 0)
        snprintf(fees, sizeof fees, "Free");
    else if (a->cost_cents > 0)
        snprintf(fees, sizeof fees, "$%d.%02d per session", a->cost_cents / 100,
                 a->cost_cents % 100);
    else
        fees[0] = '\0';
    const char *process = a->drop_in == TRI_YES  ? "Drop in, no registration needed"
                          : a->drop_in == TRI_NO ? "Register ahead"
                                                 : NULL;
    ROW(p, F_SVC, svc, org, NULL, a->name, NULL, a->description, a->url, a->email,
        a->active ? "active" : "inactive", NULL, process, fees, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL);

    /* A virtual activity gets a virtual location too, with its host's town in the address. */
    bool has_place = a->location_name || a->town || a->zip || a->has_coords;
    if (a->has_coords) {
        snprintf(lat, sizeof lat, "%.6f", a->lat);
        snprintf(lon, sizeof lon, "%.6f", a->lon);
    }
    if (has_place) {
        ROW(p, F_LOC, loc, a->is_virtual ? "virtual" : "physical", NULL, org, a->location_name,
            NULL, NULL, NULL, a->has_coords ? lat : NULL, a->has_coords ? lon : NULL, NULL, NULL);
        if (a->town || a->zip)
            ROW(p, F_ADDR, addr, loc, NULL, a->address ? a->address : "", NULL, a->town, NULL, "MA",
                a->zip, "US", "physical");
        ROW(p, F_SAL, sal, svc, loc, NULL);
    }
    for (size_t k = 0; k < r->n_schedules; k++)
        write_schedule(p, svc, ref, (unsigned)k, &r->schedules[k]);
    if (a->cost_cents >= 0) {
        char cost_id[UUID_LEN];
        make_id(cost_id, "cost", ref, 0);
        snprintf(text, sizeof text, "%d.%02d", a->cost_cents / 100, a->cost_cents % 100);
        ROW(p, F_COST, cost_id, svc, NULL, NULL, a->cost_cents ? "Per session" : "Free", "USD",
            text, NULL);
    }
    write_languages(p, svc, ref, a->languages);
    if (a->phone) {
        char phone_id[UUID_LEN];
        make_id(phone_id, "phone", ref, 0);
        ROW(p, F_PHONE, phone_id, NULL, svc, NULL, NULL, NULL, a->phone, NULL, "voice", NULL);
    }

    if (a->category) {
        snprintf(text, sizeof text, "category:%s", a->category);
        attribute(p, svc, text, NULL);
    }
    if (a->intensity) {
        snprintf(text, sizeof text, "intensity:%d", a->intensity);
        attribute(p, svc, text, NULL);
    }
    if (a->tags && *a->tags)
        attribute(p, svc, "tag", a->tags);
    if (a->access) {
        access_format(a->access, access, sizeof access);
        attribute(p, svc, "access", access);
    }
    if (a->group_size > 0) {
        snprintf(text, sizeof text, "%d", a->group_size);
        attribute(p, svc, "group-size", text);
    }
    if (a->peer_run != TRI_UNKNOWN)
        attribute(p, svc, a->peer_run == TRI_YES ? "peer-run:yes" : "peer-run:no", NULL);
    if (a->substance_free != TRI_UNKNOWN)
        attribute(p, svc, a->substance_free == TRI_YES ? "substance-free:yes" : "substance-free:no",
                  NULL);
    if (a->drop_in != TRI_UNKNOWN)
        attribute(p, svc, a->drop_in == TRI_YES ? "drop-in:yes" : "drop-in:no", NULL);
    attribute(p, svc, a->is_virtual ? "virtual:yes" : "virtual:no", NULL);
}

static int write_datapackage(const char *dir, char *err, size_t errlen)
{
    json_t *resources = json_array();
    for (int i = 0; i < F_COUNT; i++)
        json_array_append_new(
            resources, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", files[i].resource,
                                 "path", files[i].name, "profile", "tabular-data-resource",
                                 "format", "csv", "mediatype", "text/csv", "encoding", "utf-8"));
    json_t *root = json_pack("{s:s, s:s, s:s, s:s, s:o}", "name", "belong-generated-catalogue",
                             "title", "belong synthetic activity catalogue (fictional)", "profile",
                             "tabular-data-package", "version", "3.0", "resources", resources);
    struct buf path = {0};
    buf_printf(&path, "%s/datapackage.json", dir);
    int rc = BELONG_OK;
    if (!root || json_dump_file(root, path.data, JSON_INDENT(2)) != 0) {
        snprintf(err, errlen, "%s: cannot write", path.data);
        rc = BELONG_EIO;
    }
    json_decref(root);
    buf_free(&path);
    return rc;
}

/* Creates dir and any missing parents (like mkdir -p). Returns 0 or BELONG_EIO. */
static int make_dirs(const char *dir, char *err, size_t errlen)
{
    char *path = xstrdup(dir);
    int rc = BELONG_OK;
    for (char *p = path + 1;; p++) {
        if (*p && *p != '/')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            snprintf(err, errlen, "%s: cannot create directory: %s", path, strerror(errno));
            rc = BELONG_EIO;
            break;
        }
        *p = saved;
        if (!saved)
            break;
    }
    free(path);
    return rc;
}

int hsds_export(const struct import_batch *b, const char *dir, char *err, size_t errlen)
{
    struct package p = {0};
    struct buf path = {0};
    int rc = BELONG_OK;
    if (make_dirs(dir, err, errlen) != BELONG_OK)
        return BELONG_EIO;
    for (int i = 0; i < F_COUNT; i++) {
        buf_reset(&path);
        buf_printf(&path, "%s/%s", dir, files[i].name);
        p.f[i] = fopen(path.data, "w");
        if (!p.f[i]) {
            snprintf(err, errlen, "%s: cannot write: %s", path.data, strerror(errno));
            rc = BELONG_EIO;
            goto out;
        }
        p.bufs[i] = xmalloc(CSV_BUFFER_BYTES);
        setvbuf(p.f[i], p.bufs[i], _IOFBF, CSV_BUFFER_BYTES);
        fprintf(p.f[i], "%s\n", files[i].header);
    }
    make_id(p.taxonomy_id, "taxonomy", BELONG_TAXONOMY, 0);
    ROW(&p, F_TAXONOMY, p.taxonomy_id, BELONG_TAXONOMY,
        "belong's activity attributes: category, social intensity, access, tags (docs/taxonomy.md)",
        NULL, "1");
    for (size_t i = 0; i < b->n; i++)
        write_service(&p, &b->records[i]);
    rc = write_datapackage(dir, err, errlen);
out:
    for (int i = 0; i < F_COUNT; i++) {
        if (p.f[i] && (ferror(p.f[i]) | fclose(p.f[i])) && rc == BELONG_OK) {
            snprintf(err, errlen, "%s/%s: write failed: %s", dir, files[i].name, strerror(errno));
            rc = BELONG_EIO;
        }
        free(p.bufs[i]);
    }
    set_free(&p.orgs);
    set_free(&p.terms);
    buf_free(&path);
    return rc;
}
