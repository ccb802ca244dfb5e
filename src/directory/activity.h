/* activity.h — the community activity: one listing in the directory, as belong stores it.
**
** An activity is an HSDS service (or an iCalendar series) plus belong's own attributes
** (category, interest tags, social intensity, accessibility...). Its organisation and its venue
** are rows of their own in the store (organization.h, location.h); the struct carries their
** fields as read with the activity, and as an import gives them. Strings in these structs are
** heap-owned by the struct; activity_free releases them. A zeroed struct is "nothing known".
*/
#ifndef BELONG_ACTIVITY_H
#define BELONG_ACTIVITY_H

#include <stdbool.h>
#include <stdint.h>

#include "location.h"

/* Accessibility features, as bit flags (activity_access_* names are the CLI/JSON spelling). */
enum access_flag {
    ACCESS_WHEELCHAIR = 1u << 0,
    ACCESS_ASL = 1u << 1,
    ACCESS_QUIET = 1u << 2,   /* quiet / sensory-friendly */
    ACCESS_TRANSIT = 1u << 3, /* public transit nearby */
};

/* A tri-state for yes/no attributes a directory may not state. */
enum tristate { TRI_UNKNOWN = -1, TRI_NO = 0, TRI_YES = 1 };

#define COST_UNKNOWN  (-1) /* cost_cents when the listing says nothing about cost */
#define INTENSITY_MIN 1
#define INTENSITY_MAX 5

struct activity {
    int64_t id;       /* store id; 0 before it is stored */
    char *source;     /* the import source's name (e.g. "hsds:massachusetts") */
    char *source_ref; /* the record's id within the source (HSDS service id, iCalendar UID) */
    char *name;
    char *description;
    /* The organisation: its name (shown and searched) and, on import, its id in the source
    ** (NULL: keyed by its name). organization_id is its store row (0 = none): set by
    ** store_activity_get, and given to store_activity_upsert. */
    char *organization;
    char *organization_ref;
    int64_t organization_id;
    char *url, *email, *phone;

    char *category;    /* a category slug from data/categories.tsv, or NULL */
    char *tags;        /* interest tags, comma-separated, lower case */
    int intensity;     /* social intensity 1-5 (docs/practice.md), 0 = unknown */
    unsigned access;   /* enum access_flag bits */
    char *languages;   /* comma-separated language names, e.g. "English,Spanish" */
    unsigned audience; /* who it is for: enum audience_flag bits (audience.h); 0 = everyone */
    int cost_cents;    /* 0 = free, COST_UNKNOWN, else the usual cost per session */
    int group_size;    /* typical group size, 0 = unknown */
    int peer_run, substance_free, drop_in; /* enum tristate; drop_in NO = registration needed */
    bool is_virtual;
    bool active;

    /* Where it happens (never a peer's address: these are public venues): the fields of its
    ** location row, and on import the place's id in the source (NULL: keyed by its fields,
    ** location_default_ref). location_id is that row (0 = none), as organization_id. */
    char *location_ref;
    int64_t location_id;
    char *location_name;
    char *address;
    char *town;
    char *zip;
    bool has_coords;
    double lat, lon;
    enum coords_origin coords_from; /* where lat/lon come from (location.h) */
    char state[3]; /* on import: the place's two-letter US state when its source gives one, to
                   ** place it by its town when it has neither coordinates nor a ZIP code; not
                   ** stored */
    /* Times not listed (docs/store.md): the weekdays the directory says it is open without
    ** giving times (bit 0 = Monday; an import sets them), and whether it has any schedule at all
    ** (false: "times not listed"; read only: store_schedules_replace keeps it). */
    unsigned open_days;
    bool times_listed;
    /* What an import inferred from the listing's own words (src/directory/infer.h): the
    ** enum activity_attr bits of category, tags and intensity it gave (store.h; never one a CPS
    ** set by hand), and the evidence, as infer_evidence_format writes it (NULL: none). */
    unsigned inferred;
    char *inference;
    char *tzid; /* the zone its times are local to (the activity's own, not its venue's: an
                ** online event has one); NULL = BELONG_DEFAULT_TZ */
};

void activity_free(struct activity *a);

#define TIMES_TEXT_LEN 96
/* What a listing says of its times when it gives none, in words: "open Tuesdays and Thursdays,
** times not listed", "open every day, times not listed", or "times not listed" (no days).
** Cannot fail. */
void times_not_listed_text(unsigned open_days, char out[TIMES_TEXT_LEN]);

/* Parses an accessibility list such as "wheelchair,asl,quiet,transit" into flags. Returns
** false and names the first bad word in *bad_word (pointer into a static string) on error. */
bool access_parse(const char *list, unsigned *flags_out, char *bad_word, int bad_word_len);
/* Writes the flags as a comma list in the canonical order ("wheelchair,asl,quiet,transit"). */
void access_format(unsigned flags, char *out, int out_len);
/* The name of flag bit i (0..3) or NULL. */
const char *access_name(int bit);

#endif
