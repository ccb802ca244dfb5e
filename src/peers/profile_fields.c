/* profile_fields.c — the table of a peer profile's fields (profile_fields.h) and the one setter
** that reads a field's text as the CLI gives it.
*/
#include "profile_fields.h"

#include <stdlib.h>
#include <string.h>

#include "../util/rc.h"
#include "../util/text.h"

static int add_tags(struct peer *p, const char *item, struct diag *diag, struct diag *warnings,
                    const char *file)
{
    (void)warnings;
    return peer_add_tags(p, item, diag, file);
}

static int add_languages(struct peer *p, const char *item, struct diag *diag, struct diag *warnings,
                         const char *file)
{
    (void)warnings;
    return peer_add_languages(p, item, diag, file);
}

#define AT(member) offsetof(struct peer, member)
#define NONE       0

const struct peer_field peer_fields[] = {
    /* key, option, kind, offset, required, add, example (JSON), CLI value, read only, column */
    {"id", NULL, PF_ID, AT(id), false, NULL, NULL, NULL, true, "id"},
    {"cps", NULL, PF_TEXT, AT(cps), false, NULL, NULL, NULL, true, "cps"},
    {"name", "name", PF_TEXT, AT(name), true, NULL, "\"Sam\"", "Sam", false, "name"},
    {"pronouns", "pronouns", PF_TEXT, AT(pronouns), false, NULL, "\"they/them\"", "they/them",
     false, "pronouns"},
    {"contact", "contact", PF_TEXT, AT(contact), false, NULL, "\"sam@example.org\"",
     "sam@example.org", false, "contact"},
    {"home", "home", PF_HOME, NONE, false, NULL, "\"01610\"", "01610", false,
     "home_zip, home_town"},
    {"home_label", NULL, PF_TEXT, AT(home_label), false, NULL, NULL, NULL, true, "home_label"},
    {"home_lat", NULL, PF_COORD, AT(home_lat), false, NULL, NULL, NULL, true, "home_lat"},
    {"home_lon", NULL, PF_COORD, AT(home_lon), false, NULL, NULL, NULL, true, "home_lon"},
    {"max_travel_miles", "max-miles", PF_MILES, NONE, false, NULL, "7.5", "7.5", false,
     "max_travel_miles"},
    {"travel_modes", "travel", PF_MODES, NONE, false, NULL, "[\"walk\", \"transit\"]",
     "walk,transit", false, "travel_modes"},
    {"virtual_ok", "virtual", PF_BOOL, AT(virtual_ok), false, NULL, "true", "yes", false,
     "virtual_ok"},
    {"interests", "interest", PF_TEXT_LIST, AT(interests), false, NULL, "[\"growing tomatoes\"]",
     "growing tomatoes", false, NULL},
    {"tags", "tags", PF_WORD_LIST, AT(tags), false, add_tags, "[\"plants\", \"outdoors\"]",
     "plants,outdoors", false, NULL},
    {"values", "values", PF_WORD_LIST, AT(values), false, peer_add_values, "[\"creativity\"]",
     "creativity", false, NULL},
    {"goals", "goal", PF_TEXT_LIST, AT(goals), false, NULL, "[\"meet one new person\"]",
     "meet one new person", false, NULL},
    {"availability", "available", PF_WINDOWS, NONE, false, NULL, "[\"TU 18:00-20:00\"]",
     "TU 18:00-20:00", false, NULL},
    {"away", "away", PF_AWAY, NONE, false, NULL, "[\"2026-12-24..2027-01-02\"]",
     "2026-12-24..2027-01-02", false, NULL},
    {"budget", "budget", PF_BUDGET, NONE, false, NULL, "12.5", "12.50", false, "budget_cents"},
    {"access", "access", PF_ACCESS, NONE, false, NULL, "[\"wheelchair\", \"quiet\"]",
     "wheelchair,quiet", false, "access_needs"},
    {"languages", "languages", PF_WORD_LIST, AT(languages), false, add_languages, "[\"Spanish\"]",
     "Spanish", false, NULL},
    {"prefers_substance_free", "substance-free", PF_BOOL, AT(prefers_substance_free), false, NULL,
     "true", "yes", false, "prefers_substance_free"},
    {"prefers_peer_run", "peer-run", PF_BOOL, AT(prefers_peer_run), false, NULL, "true", "yes",
     false, "prefers_peer_run"},
    {"comfort", "comfort", PF_COMFORT, NONE, false, NULL, "3", "3", false, "comfort"},
    {"audience", "audience", PF_AUDIENCE, NONE, false, NULL, "[\"veterans\"]", "veterans", false,
     "audience"},
    {"comfort_history", NULL, PF_HISTORY, NONE, false, NULL, NULL, NULL, true, NULL},
    {"archived", NULL, PF_BOOL, AT(archived), false, NULL, NULL, NULL, true, "archived"},
    {"created", NULL, PF_TIME, AT(created_at), false, NULL, NULL, NULL, true, "created_at"},
    {"updated", NULL, PF_TIME, AT(updated_at), false, NULL, NULL, NULL, true, "updated_at"},
    {"version", NULL, PF_VERSION, AT(version), false, NULL, NULL, NULL, false, "version"},
};
const size_t peer_field_count = sizeof peer_fields / sizeof peer_fields[0];

const struct peer_field *peer_field_by_key(const char *key)
{
    for (size_t i = 0; i < peer_field_count; i++)
        if (strcmp(key, peer_fields[i].key) == 0)
            return &peer_fields[i];
    return NULL;
}

const struct peer_field *peer_field_by_option(const char *option)
{
    for (size_t i = 0; i < peer_field_count; i++)
        if (peer_fields[i].option && strcmp(option, peer_fields[i].option) == 0)
            return &peer_fields[i];
    return NULL;
}

/* Empties a list field before the first of its values. */
static void clear_list(const struct peer_field *f, struct peer *p)
{
    switch (f->kind) {
    case PF_TEXT_LIST:
    case PF_WORD_LIST:
        text_list_clear((struct text_list *)((char *)p + f->offset));
        break;
    case PF_WINDOWS:
        free(p->availability.windows);
        p->availability.windows = NULL;
        p->availability.n_windows = 0;
        availability_index(&p->availability);
        break;
    case PF_AWAY:
        free(p->availability.away);
        p->availability.away = NULL;
        p->availability.n_away = 0;
        break;
    default:
        break;
    }
}

int peer_field_set_text(const struct peer_field *f, struct peer *p, const char *value, bool first,
                        struct diag *diag, struct diag *warnings, const char *file)
{
    bool yes = false;
    if (f->read_only)
        return BELONG_EINTERNAL;
    switch (f->kind) {
    case PF_TEXT:
        return peer_set_text((char **)((char *)p + f->offset), value, f->required, diag, file,
                             f->key);
    case PF_HOME:
        return peer_set_home(p, value, diag, file);
    case PF_MILES:
        return peer_set_max_travel_miles(p, value, diag, file);
    case PF_MODES:
        return peer_set_travel_modes(p, value, diag, file);
    case PF_BUDGET:
        return peer_set_budget(p, value, diag, file);
    case PF_ACCESS:
        return peer_set_access(p, value, diag, file);
    case PF_COMFORT:
        return peer_set_comfort(p, value, diag, file);
    case PF_AUDIENCE:
        return peer_set_audience(p, value, diag, file);
    case PF_BOOL:
        if (!parse_yes_no(value, &yes)) {
            diag_add(diag, file, 0, f->key, "\"%s\": not yes or no", value);
            return BELONG_EDATA;
        }
        *(bool *)((char *)p + f->offset) = yes;
        return BELONG_OK;
    case PF_TEXT_LIST:
    case PF_WORD_LIST:
    case PF_WINDOWS:
    case PF_AWAY:
        if (first)
            clear_list(f, p);
        if (!*value)
            return BELONG_OK;
        if (f->kind == PF_TEXT_LIST)
            return peer_add_text((struct text_list *)((char *)p + f->offset), value, diag, file,
                                 f->key);
        if (f->kind == PF_WORD_LIST)
            return f->add(p, value, diag, warnings, file);
        if (f->kind == PF_WINDOWS)
            return availability_add_window(&p->availability, value, diag, file, f->key);
        return availability_add_away(&p->availability, value, diag, file, f->key);
    case PF_VERSION:
    case PF_ID:
    case PF_COORD:
    case PF_TIME:
    case PF_HISTORY:
        break;
    }
    return BELONG_EINTERNAL;
}
