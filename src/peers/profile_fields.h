/* profile_fields.h — the peer profile's fields as one table: each field's JSON key, CLI option,
** kind, place in struct peer and example value. JSON in and out (profile_json.c), the CLI's options
** (cli/peer.c) and the round-trip test walk it, so a new plain field is one row here, its
** column and migration in the store, and its tests.
*/
#ifndef BELONG_PROFILE_FIELDS_H
#define BELONG_PROFILE_FIELDS_H

#include <stddef.h>

#include "profile.h"

/* How a field's value is read and where it goes. */
enum peer_field_kind {
    PF_TEXT,      /* char * at offset (required: never empty) */
    PF_HOME,      /* a ZIP or town: home_zip / home_town */
    PF_MILES,     /* max_travel_miles */
    PF_MODES,     /* travel_modes, from names */
    PF_BOOL,      /* bool at offset; yes/no on the command line */
    PF_TEXT_LIST, /* struct text_list at offset, items in the peer's own words */
    PF_WORD_LIST, /* struct text_list at offset, items through add (one word or a comma list) */
    PF_WINDOWS,   /* availability's weekly windows */
    PF_AWAY,      /* availability's dates away */
    PF_BUDGET,    /* budget_cents */
    PF_ACCESS,    /* access_needs, from names */
    PF_COMFORT,   /* comfort 1-5 */
    PF_AUDIENCE,  /* audience and audience_known: who the peer says they are (null: not said) */
    PF_VERSION,   /* int64_t version: the version a copy was read at (JSON only) */
    PF_ID,        /* int64_t at offset */
    PF_COORD,     /* double at offset, null without has_coords */
    PF_TIME,      /* time_t at offset, null when 0 */
    PF_HISTORY,   /* comfort_history */
};

/* Adds one item (or a comma list) to a word list of p. Returns 0 or BELONG_EDATA. */
typedef int (*peer_word_add_fn)(struct peer *p, const char *item, struct diag *diag,
                                struct diag *warnings, const char *file);

struct peer_field {
    const char *key;    /* the JSON key, and the field's name in problems */
    const char *option; /* the CLI option without "--", or NULL when the CLI cannot set it */
    enum peer_field_kind kind;
    size_t offset;         /* of the member in struct peer, for PF_TEXT, PF_BOOL, PF_*_LIST */
    bool required;         /* PF_TEXT: the peer cannot be without it */
    peer_word_add_fn add;  /* PF_WORD_LIST */
    const char *example;   /* a valid value as JSON, as peer_to_json gives it back (tests) */
    const char *cli_value; /* the same value as the CLI option takes it (tests), or NULL */
    bool read_only;        /* written by belong: shown in JSON, ignored when read back */
    /* Where the store keeps it: its column(s) of the peer table, comma-separated in the order
    ** of the kind's values (PF_HOME: ZIP, town); NULL when it lives in rows of its own (lists,
    ** availability, the comfort history). The store's SQL is generated from these. */
    const char *column;
};

/* Every field, in the order peer_to_json writes them (it walks this table). */
extern const struct peer_field peer_fields[];
extern const size_t peer_field_count;

/* The field with JSON key key, or NULL (an unknown key, to be refused by name). */
const struct peer_field *peer_field_by_key(const char *key);
/* The field the CLI option name (without "--") sets, or NULL. */
const struct peer_field *peer_field_by_option(const char *option);

/* Sets field f of p from one text value as the CLI gives it (an option or a typed answer). A
** list field is emptied first when first is true, so repeated options build the new list; ""
** then leaves it empty. Problems go to diag under f->key, with file. Returns 0 or BELONG_EDATA
** (BELONG_EINTERNAL for a field the CLI cannot set). */
int peer_field_set_text(const struct peer_field *f, struct peer *p, const char *value, bool first,
                        struct diag *diag, struct diag *warnings, const char *file);

#endif
