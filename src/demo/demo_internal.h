/* demo_internal.h — what the demo and gen builders share: a seeded PRNG, the data files of
** data/demo/ loaded into tables, and turning an activity template into an import record.
** Only src/demo/ includes this file.
*/
#ifndef BELONG_DEMO_INTERNAL_H
#define BELONG_DEMO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../directory/catalog.h"
#include "../directory/categories.h"
#include "../util/diag.h"

#define DEMO_STATE "MA" /* the towns of data/demo/towns.tsv are in this state */

/* splitmix64: small, fast and the same on every platform, so a seed always gives the same
** catalogue. A zeroed struct is a valid generator (seed 0). */
struct rng {
    uint64_t state;
};
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
uint32_t rng_below(struct rng *r, uint32_t n); /* uniform in [0, n); n must be > 0 */
bool rng_percent(struct rng *r, unsigned percent);
/* Seeds r from a text (FNV-1a of its bytes): a stream of its own for one thing, e.g. a venue. */
void rng_seed_text(struct rng *r, const char *text);

/* How a template recurs (see the header of data/demo/activities.tsv). */
enum recur_kind {
    RECUR_WEEKLY,
    RECUR_BIWEEKLY,
    RECUR_MONTHLY,       /* days is one ordinal weekday: "2TU", "-1FR" */
    RECUR_SEASONAL,      /* weekly, April to October */
    RECUR_WEEKLY_EXCEPT, /* weekly, one holiday week excluded (EXDATE) */
    RECUR_ONCE,          /* a single date, no RRULE */
};

struct demo_town {
    char *zip, *town, *region, *languages;
    char **places; /* neighbourhood/landmark words; none for generated towns */
    size_t n_places;
    int activities;   /* how many demo activities it gets */
    size_t *featured; /* templates (indices) the town always has, dealt first */
    size_t n_featured;
    double lat, lon;
};

struct demo_org_pattern {
    size_t kind; /* index into demo_data.kinds */
    char *pattern;
};

struct demo_template {
    size_t kind; /* organisation kind, index into demo_data.kinds */
    char *category;
    int intensity;
    char *name, *tags, *description;
    enum recur_kind recur;
    char *days; /* "TU", "MO,WE", "2TU", "*" (a weekday chosen per copy); NULL for once */
    int start_minute, minutes;
    int cost_min_usd, cost_max_usd;
    unsigned access;
    int group_size;
    bool peer_run, substance_free, drop_in, registration, is_virtual;
};

/* The data files of data/demo/. Owns all memory; demo_data_free releases it. */
struct demo_data {
    struct demo_town *towns; /* towns.tsv, with coordinates from the ZIP centroids */
    size_t n_towns;
    char **kinds; /* distinct organisation kinds, in file order */
    size_t n_kinds;
    struct demo_org_pattern *orgs;
    size_t n_orgs;
    struct demo_template *templates;
    size_t n_templates;
    char **streets, **words;
    size_t n_streets, n_words;
    struct category_table categories; /* data/categories.tsv */
};

/* Loads every file of data/demo/ and checks it against data/categories.tsv and the ZIP
** centroids. Returns 0, BELONG_ENOINPUT or BELONG_EDATA (problems reported to diag).
** The caller frees d with demo_data_free, also on error. */
int demo_data_load(struct demo_data *d, struct diag *diag);
void demo_data_free(struct demo_data *d);

/* Every ZIP centroid of `state` as a town (region = "<County> County", no places), in file
** order. OUT: heap array (free with demo_towns_free). Returns 0, BELONG_ENOINPUT or
** BELONG_EDATA. */
int demo_state_towns(const char *state, struct demo_town **towns, size_t *n, struct diag *diag);
void demo_towns_free(struct demo_town *towns, size_t n);
void demo_towns_free_one(struct demo_town *t); /* its strings; *t is zeroed */

/* Organisations met so far, one per (town, kind), so that a town's activities of one kind
** share an organisation. Owns its strings; demo_orgs_free releases them. */
struct demo_orgs {
    char **names, **places; /* [town * n_kinds + kind], NULL until first asked */
    size_t n_kinds;
};
void demo_orgs_init(struct demo_orgs *o, size_t n_towns, size_t n_kinds);
void demo_orgs_free(struct demo_orgs *o, size_t n_towns);

/* What varies between copies of a template. */
struct demo_copy {
    const struct demo_template *tpl;
    const struct demo_town *town;
    size_t town_index;
    const char *ref;       /* source_ref */
    enum recur_kind recur; /* usually tpl->recur; gen chooses its own */
    const char *days;      /* usually tpl->days */
    const char *topic;     /* a word added to the name and text, or NULL */
};

/* Appends one activity built from c to batch b: the organisation (looked up or named in orgs),
** name and text with {place}/{town}/{region}/{org} filled in, cost, access, group size, and a
** schedule starting near `today` (local days since 1970-01-01). Cannot fail. */
void demo_add_activity(struct import_batch *b, const struct demo_data *d, struct demo_orgs *orgs,
                       const struct demo_copy *c, long today, struct rng *rng);

/* The point of the venue at `address` in `town`: 0.25 to 2 miles from the town's ZIP point, in
** a direction and at a distance fixed by the address, so one address is always one place. */
void demo_venue_point(const struct demo_town *town, const char *address, double *lat, double *lon);

/* Sets a->phone (555-01xx, the town's area code), a->email and a->url (example.org), fictional
** and fixed by the organisation's name: every listing has a web address and a phone or an
** e-mail. a's old values must be NULL. Cannot fail. */
void demo_contacts(struct activity *a, const struct demo_town *town, const char *org);

/* Local days since 1970-01-01 of the day containing now, in the default zone. */
long demo_today(time_t now);

#endif
