/* profile_json.c — peer profiles as JSON objects, both ways (see profile_json.h). */
#include "profile_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../directory/activity.h"
#include "../directory/audience.h"
#include "profile_fields.h"
#include "../util/rc.h"
#include "../util/timeutil.h"

/* ---- out ----------------------------------------------------------------------------- */

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *list_json(const struct text_list *l)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(arr, json_string(l->items[i]));
    return arr;
}

static json_t *time_json(time_t t, const char *tzid)
{
    if (!t)
        return json_null();
    char iso[ISO_LOCAL_LEN];
    format_local_iso(t, tzid, iso);
    return json_string(iso);
}

/* The JSON value of field f of p. */
static json_t *field_json(const struct peer_field *f, const struct peer *p, const char *tzid)
{
    const char *at = (const char *)p + f->offset;
    json_t *list;
    switch (f->kind) {
    case PF_ID:
    case PF_VERSION:
        return json_integer(*(const int64_t *)at);
    case PF_TEXT:
        return string_or_null(*(char *const *)at);
    case PF_HOME:
        return string_or_null(p->home_zip ? p->home_zip : p->home_town);
    case PF_COORD:
        return p->has_coords ? json_real(*(const double *)at) : json_null();
    case PF_MILES:
        return p->max_travel_miles >= 0 ? json_real(p->max_travel_miles) : json_null();
    case PF_MODES:
        list = json_array();
        for (int i = 0; i < TRAVEL_MODE_COUNT; i++)
            if (p->travel_modes & (1u << i))
                json_array_append_new(list, json_string(travel_mode_name(i)));
        return list;
    case PF_BOOL:
        return json_boolean(*(const bool *)at);
    case PF_TEXT_LIST:
    case PF_WORD_LIST:
        return list_json((const struct text_list *)at);
    case PF_WINDOWS:
    case PF_AWAY: {
        list = json_array();
        bool windows = f->kind == PF_WINDOWS;
        size_t n = windows ? p->availability.n_windows : p->availability.n_away;
        for (size_t i = 0; i < n; i++) {
            char text[AVAILABILITY_TEXT_LEN];
            if (windows)
                availability_format_window(&p->availability.windows[i], text);
            else
                availability_format_away(&p->availability.away[i], text);
            json_array_append_new(list, json_string(text));
        }
        return list;
    }
    case PF_BUDGET:
        return p->budget_cents == 0  ? json_string("free")
               : p->budget_cents < 0 ? json_string("any")
                                     : json_real(p->budget_cents / 100.0);
    case PF_ACCESS:
        list = json_array();
        for (int i = 0; access_name(i); i++)
            if (p->access_needs & (1u << i))
                json_array_append_new(list, json_string(access_name(i)));
        return list;
    case PF_COMFORT:
        return p->comfort ? json_integer(p->comfort) : json_null();
    case PF_AUDIENCE:
        if (!p->audience_known)
            return json_null();
        list = json_array();
        for (int i = 0; audience_name(i); i++)
            if (p->audience & (1u << i))
                json_array_append_new(list, json_string(audience_name(i)));
        return list;
    case PF_HISTORY:
        list = json_array();
        for (size_t i = 0; i < p->n_comfort_history; i++)
            json_array_append_new(list, json_pack("{s:o, s:i}", "at",
                                                  time_json(p->comfort_history[i].changed_at, tzid),
                                                  "comfort", p->comfort_history[i].comfort));
        return list;
    case PF_TIME:
        return time_json(*(const time_t *)at, tzid);
    }
    return json_null();
}

json_t *peer_to_json(const struct peer *p, const char *tzid)
{
    json_t *o = json_object();
    for (size_t i = 0; i < peer_field_count; i++)
        json_object_set_new(o, peer_fields[i].key, field_json(&peer_fields[i], p, tzid));
    return o;
}

/* ---- in ------------------------------------------------------------------------------ */

/* Checks that v is an array of strings; reports the first item that is not. */
static bool string_array(const json_t *v, struct diag *diag, const char *file, const char *key)
{
    if (!json_is_array(v)) {
        diag_add(diag, file, 0, key, "expected an array of strings");
        return false;
    }
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item)) {
            char field[64];
            snprintf(field, sizeof field, "%s[%zu]", key, i);
            diag_add(diag, file, 0, field, "expected a string");
            return false;
        }
    }
    return true;
}

/* Replaces a list-valued field (f) from an array of strings. */
static int read_list(const struct peer_field *f, const json_t *v, struct peer *p, struct diag *diag,
                     struct diag *warnings, const char *file)
{
    if (!string_array(v, diag, file, f->key))
        return BELONG_EDATA;
    int rc = BELONG_OK;
    size_t i;
    json_t *item;
    if (f->kind == PF_WINDOWS || f->kind == PF_AWAY) {
        bool windows = f->kind == PF_WINDOWS;
        struct availability a;
        availability_copy(&a, &p->availability);
        if (windows) {
            free(a.windows);
            a.windows = NULL;
            a.n_windows = 0;
        } else {
            free(a.away);
            a.away = NULL;
            a.n_away = 0;
        }
        json_array_foreach(v, i, item)
        {
            int item_rc =
                windows ? availability_add_window(&a, json_string_value(item), diag, file, f->key)
                        : availability_add_away(&a, json_string_value(item), diag, file, f->key);
            if (item_rc != BELONG_OK)
                rc = item_rc;
        }
        availability_index(&a);
        availability_free(&p->availability);
        p->availability = a;
        return rc;
    }
    struct text_list *list = (struct text_list *)((char *)p + f->offset);
    text_list_clear(list);
    json_array_foreach(v, i, item)
    {
        const char *s = json_string_value(item);
        int item_rc;
        if (f->kind == PF_TEXT_LIST) {
            item_rc = peer_add_text(list, s, diag, file, f->key);
        } else if (strchr(s, ',')) {
            diag_add(diag, file, 0, f->key, "\"%s\": one item per string, without commas", s);
            item_rc = BELONG_EDATA;
        } else {
            item_rc = f->add(p, s, diag, warnings, file);
        }
        if (item_rc != BELONG_OK)
            rc = item_rc;
    }
    return rc;
}

/* Joins an array of strings with commas for the comma-list setters. */
static char *join_array(const json_t *v)
{
    struct text_list l = {0};
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item) text_list_add(&l, json_string_value(item));
    char *joined = text_list_join(&l, ",");
    text_list_clear(&l);
    return joined;
}

static int read_field(const struct peer_field *f, const json_t *v, struct peer *p,
                      struct diag *diag, struct diag *warnings, const char *file)
{
    char number[64];
    char *joined;
    int rc;
    if (f->read_only)
        return BELONG_OK;
    switch (f->kind) {
    case PF_ID:
    case PF_COORD:
    case PF_TIME:
    case PF_HISTORY:
        return BELONG_OK; /* read only: never writable */
    case PF_TEXT: {
        char **slot = (char **)((char *)p + f->offset);
        if (json_is_null(v) && !f->required) {
            free(*slot);
            *slot = NULL;
            return BELONG_OK;
        }
        if (!json_is_string(v))
            break;
        return peer_set_text(slot, json_string_value(v), f->required, diag, file, f->key);
    }
    case PF_HOME:
        if (json_is_null(v))
            return peer_set_home(p, "", diag, file);
        if (!json_is_string(v))
            break;
        return peer_set_home(p, json_string_value(v), diag, file);
    case PF_MILES:
        if (json_is_null(v)) {
            p->max_travel_miles = TRAVEL_MILES_UNSTATED;
            return BELONG_OK;
        }
        if (!json_is_number(v))
            break;
        snprintf(number, sizeof number, "%.17g", json_number_value(v));
        return peer_set_max_travel_miles(p, number, diag, file);
    case PF_AUDIENCE:
        if (json_is_null(v)) {
            p->audience = 0;
            p->audience_known = false; /* not said */
            return BELONG_OK;
        }
        if (!string_array(v, diag, file, f->key))
            return BELONG_EDATA;
        joined = join_array(v);
        rc = peer_set_audience(p, joined, diag, file);
        free(joined);
        return rc;
    case PF_MODES:
    case PF_ACCESS:
        if (!string_array(v, diag, file, f->key))
            return BELONG_EDATA;
        joined = join_array(v);
        rc = f->kind == PF_MODES ? peer_set_travel_modes(p, joined, diag, file)
                                 : peer_set_access(p, joined, diag, file);
        free(joined);
        return rc;
    case PF_BOOL:
        if (!json_is_boolean(v))
            break;
        *(bool *)((char *)p + f->offset) = json_is_true(v);
        return BELONG_OK;
    case PF_TEXT_LIST:
    case PF_WORD_LIST:
    case PF_WINDOWS:
    case PF_AWAY:
        return read_list(f, v, p, diag, warnings, file);
    case PF_BUDGET:
        if (json_is_string(v))
            return peer_set_budget(p, json_string_value(v), diag, file);
        if (!json_is_number(v))
            break;
        {
            double usd = json_number_value(v);
            if (!isfinite(usd) || usd < 0 || fabs(usd * 100 - round(usd * 100)) > 1e-6) {
                diag_add(diag, file, 0, "budget",
                         "%g: not an amount in US dollars with at most two decimals", usd);
                return BELONG_EDATA;
            }
            snprintf(number, sizeof number, "%.2f", usd);
        }
        return peer_set_budget(p, number, diag, file);
    case PF_COMFORT:
        if (json_is_null(v)) {
            p->comfort = 0;
            return BELONG_OK;
        }
        if (!json_is_integer(v))
            break;
        snprintf(number, sizeof number, "%lld", (long long)json_integer_value(v));
        return peer_set_comfort(p, number, diag, file);
    case PF_VERSION:
        /* The version this copy was read at: written back onto a stored profile that has
        ** changed since, it would undo the other change. */
        if (!json_is_integer(v) || json_integer_value(v) < 0)
            break;
        if (p->id && json_integer_value(v) != p->version) {
            diag_add(diag, file, 0, "version",
                     "this copy of peer %lld is version %lld, but the profile has been changed "
                     "since (it is now version %lld); nothing was saved: read it again and make "
                     "the change on the new copy",
                     (long long)p->id, (long long)json_integer_value(v), (long long)p->version);
            return BELONG_EDATA;
        }
        return BELONG_OK;
    }
    static const char *const expected[] = {[PF_TEXT] = "a string or null",
                                           [PF_HOME] = "a string (a ZIP code or a town) or null",
                                           [PF_MILES] = "a number of miles or null",
                                           [PF_MODES] = "an array of strings",
                                           [PF_BOOL] = "true or false",
                                           [PF_TEXT_LIST] = "an array of strings",
                                           [PF_WORD_LIST] = "an array of strings",
                                           [PF_WINDOWS] = "an array of strings",
                                           [PF_AWAY] = "an array of strings",
                                           [PF_BUDGET] =
                                               "\"free\", \"any\" or a number of US dollars",
                                           [PF_ACCESS] = "an array of strings",
                                           [PF_COMFORT] = "a whole number from 1 to 5 or null",
                                           [PF_VERSION] = "the whole number read with the profile"};
    diag_add(diag, file, 0, f->key, "expected %s",
             f->kind == PF_TEXT && f->required ? "a string" : expected[f->kind]);
    return BELONG_EDATA;
}

/* Keys `peer show --json` writes beside the profile's fields, from the peer's records (the
** history of their choices): read only, so a shown copy given back to `peer edit --json` is
** accepted and these are ignored. */
static bool shown_only(const char *key)
{
    static const char *const keys[] = {"history", "step"}; /* step: docs/practice.md */
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

int peer_from_json(const json_t *obj, struct peer *p, struct diag *diag, struct diag *warnings,
                   const char *file)
{
    if (!json_is_object(obj)) {
        diag_add(diag, file, 0, NULL, "expected a JSON object with the peer's fields");
        return BELONG_EDATA;
    }
    int rc = BELONG_OK;
    const char *key;
    json_t *value;
    json_object_foreach((json_t *)obj, key, value)
    {
        const struct peer_field *f = peer_field_by_key(key);
        if (!f && shown_only(key))
            continue;
        if (!f) {
            diag_add(diag, file, 0, key, "unknown field (see docs/peers.md)");
            rc = BELONG_EDATA;
            continue;
        }
        if (read_field(f, value, p, diag, warnings, file) != BELONG_OK)
            rc = BELONG_EDATA;
    }
    return rc;
}
