/* profile.h — a peer's profile as a CPS records it: who they are, where they can go, what
** they enjoy and value, when they are free, what they need; with per-field validation.
**
** Strings and lists are heap-owned by the struct; peer_free releases them. Setters named
** peer_set_* parse one field's text, report problems into a struct diag under the field's
** name (the JSON key, e.g. `home: "12 Elm Street": ...`), and leave the peer unchanged on error.
*/
#ifndef BELONG_PROFILE_H
#define BELONG_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../util/diag.h"
#include "availability.h"

#define PEER_TEXT_MAX         500 /* bytes in one free-text item (a name, an interest, a goal) */
#define PEER_LIST_MAX         50  /* items in one list (interests, tags, windows...) */
#define CPS_HANDLE_MAX        64
#define COMFORT_MIN           1 /* the social intensity scale of docs/practice.md */
#define COMFORT_MAX           5
#define BUDGET_ANY            (-1)   /* budget_cents when the peer set no limit */
#define TRAVEL_MILES_UNSTATED (-1.0) /* max_travel_miles when not said */
#define TRAVEL_MILES_MAX      500.0
#define BUDGET_USD_MAX        10000
#define VALUES_FILE           "values.tsv"

/* How the peer can get somewhere, as bit flags (names: walk, transit, car, ride). */
enum travel_mode {
    TRAVEL_WALK = 1u << 0,
    TRAVEL_TRANSIT = 1u << 1, /* bus, subway, train */
    TRAVEL_CAR = 1u << 2,
    TRAVEL_RIDE = 1u << 3, /* a ride from the CPS */
};
#define TRAVEL_MODE_COUNT 4

/* A list of heap strings (the list owns them). A zeroed struct is empty. */
struct text_list {
    char **items;
    size_t n;
};

void text_list_add(struct text_list *l, const char *s); /* copies s; cannot fail */
void text_list_clear(struct text_list *l);
void text_list_copy(struct text_list *dst, const struct text_list *src); /* dst overwritten */
bool text_list_has(const struct text_list *l, const char *s);            /* case-insensitive */
/* Joins with sep into a heap string the caller frees. */
char *text_list_join(const struct text_list *l, const char *sep);

/* One change of comfort with groups, as recorded by the store. */
struct comfort_change {
    time_t changed_at;
    int comfort;
};

struct peer {
    int64_t id;     /* store id; 0 before it is stored */
    char *cps;      /* the handle of the CPS whose caseload holds the record */
    char *name;     /* the name the peer wants to be called (required) */
    char *pronouns; /* e.g. "she/her"; NULL when not given */
    char *contact;  /* optional: phone or e-mail, as the peer wants to be reached */

    /* Home area: a ZIP or a town, never a street address. */
    char *home_zip;   /* 5 digits, or NULL */
    char *home_town;  /* a town as written ("Worcester", "Worcester, MA"), or NULL */
    char *home_label; /* the resolved place, e.g. "Worcester, MA"; NULL when not resolved */
    bool has_coords;
    double home_lat, home_lon;

    double max_travel_miles; /* TRAVEL_MILES_UNSTATED or 0..TRAVEL_MILES_MAX */
    unsigned travel_modes;   /* enum travel_mode bits */
    bool virtual_ok;

    struct text_list interests; /* in the peer's own words */
    struct text_list tags;      /* interest tags, lower case */
    struct text_list values;    /* slugs from data/values.tsv, or the peer's own word */
    struct text_list goals;     /* in the peer's own words */
    struct availability availability;

    int budget_cents;      /* BUDGET_ANY, 0 = free only, else the most per session */
    unsigned access_needs; /* enum access_flag bits (directory/activity.h) */
    struct text_list languages;
    bool prefers_substance_free;
    bool prefers_peer_run;
    int comfort; /* comfort with groups, COMFORT_MIN..COMFORT_MAX; 0 = not yet assessed */
    /* Who the peer says they are, for activities meant for an audience (enum audience_flag
    ** bits, directory/audience.h); audience_known false: not said. */
    unsigned audience;
    bool audience_known;

    bool archived;
    time_t created_at, updated_at;
    int64_t version; /* 1 when added, one more at every write; 0 = not stored yet */
    struct comfort_change *comfort_history; /* oldest first, filled by the store */
    size_t n_comfort_history;
};

/* A fresh profile: nothing known, no budget limit, travel unstated. */
void peer_init(struct peer *p);
void peer_free(struct peer *p);
/* Deep copy into *dst (overwritten, not freed). Cannot fail. */
void peer_copy(struct peer *dst, const struct peer *src);

/* Checks the whole profile (required name, ranges, no overlaps) and reports every problem.
** Returns 0 or BELONG_EDATA. */
int peer_validate(const struct peer *p, struct diag *diag, const char *file);

/* Field setters: parse text, report to diag as `FILE: FIELD: "VALUE": what is wrong`
** (file may be NULL), return 0 or BELONG_EDATA. `warnings` (may be NULL) gets notes that do
** not stop the change, such as a value word belong does not know. */
int peer_set_text(char **slot, const char *value, bool required, struct diag *diag,
                  const char *file, const char *field);
/* A ZIP ("01602") or a town ("Worcester", "Hartford, CT"), read as place_text_read reads it;
** refuses street addresses. Clears the resolved coordinates (peer_resolve_home fills them, or
** refuses a home it cannot place). An empty value clears the home area. */
int peer_set_home(struct peer *p, const char *value, struct diag *diag, const char *file);
int peer_set_max_travel_miles(struct peer *p, const char *value, struct diag *diag,
                              const char *file);
/* A comma list: walk, transit (or bus, subway, train), car, ride. Replaces the modes. */
int peer_set_travel_modes(struct peer *p, const char *list, struct diag *diag, const char *file);
/* Sets who the peer says they are from a comma list of audience names ("women,veterans"; ""
** says none of them); BELONG_EDATA naming the unknown item. */
int peer_set_audience(struct peer *p, const char *list, struct diag *diag, const char *file);
/* "free", "any" (no limit), or an amount in US dollars ("12", "$7.50"). */
int peer_set_budget(struct peer *p, const char *value, struct diag *diag, const char *file);
/* A comma list: wheelchair, asl, quiet, transit (transit-only). Replaces the needs. */
int peer_set_access(struct peer *p, const char *list, struct diag *diag, const char *file);
int peer_set_comfort(struct peer *p, const char *value, struct diag *diag, const char *file);
/* Adds one free-text item (an interest, a goal, a language) to a list after checking it. */
int peer_add_text(struct text_list *l, const char *value, struct diag *diag, const char *file,
                  const char *field);
/* Adds interest tags from a comma list, lower-cased; each a word or short phrase. */
int peer_add_tags(struct peer *p, const char *list, struct diag *diag, const char *file);
/* Adds languages from a comma list ("English,Spanish"), kept as written. */
int peer_add_languages(struct peer *p, const char *list, struct diag *diag, const char *file);
/* Adds values from a comma list. Known values (data/values.tsv, by slug, label or synonym)
** are stored as their slug; others are kept as the peer's own word, with a warning. */
int peer_add_values(struct peer *p, const char *list, struct diag *diag, struct diag *warnings,
                    const char *file);

/* Names for display and JSON. */
const char *travel_mode_name(int bit); /* bit 0..3, or NULL */
void travel_modes_format(unsigned modes, char *out, size_t out_len);
/* Formats budget_cents as "free", "any" or "12.50" into out. */
void peer_budget_format(int budget_cents, char *out, size_t out_len);

/* The known values (data/values.tsv). value_label returns the label of a slug, or NULL for a
** word not in the file. The table is loaded once, on first use (a program with threads makes
** its first call before starting them). */
const char *value_label(const char *slug);

/* A valid CPS handle: 1..CPS_HANDLE_MAX of letters, digits, '.', '_', '-', '@'. */
bool cps_handle_valid(const char *handle);

#endif
