/* peer_forms.c — the intake and edit forms of a peer's profile: every field the profile table
** (peers/profile_fields.c) lets a face set, in the peer's own words, grouped in fieldsets, and
** read back through the same table's setter, so a new field appears here without a new form.
** A refused form keeps everything typed and says which field and why.
**   GET  /peers/new          the intake form
**   POST /peers/new          adds the peer (app_peer_add), 303 to their page
**   GET  /peers/{id}/edit    the edit form, filled from the profile as stored
**   POST /peers/{id}/edit    saves it (app_peer_edit), 303 to their page
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_peers.h"
#include "../directory/activity.h"
#include "../directory/audience.h"
#include "../matching/reasons.h"
#include "../peers/profile_fields.h"
#include "../peers/profile_json.h"
#include "forms.h"
#include "html.h"

#define FORM_SOURCE "form" /* the name the setters give the input in their problems */

/* How the form shows a field: its label, a hint, and the group it is in. A field not listed
** (a new one) is shown under "More" with its key as its label. */
struct field_words {
    const char *key, *label, *hint;
    int group;
};

static const char *const groups[] = {
    "Who they are",       "Where they live and how they get around",
    "In their own words", "When they are free",
    "What fits them",     "More",
};
#define GROUP_MORE 5

static const struct field_words field_words[] = {
    {"name", "Name", "the name they want to be called (required)", 0},
    {"pronouns", "Pronouns", NULL, 0},
    {"contact", "How to reach them", "a phone or an email", 0},
    {"languages", "Languages they speak", "comma-separated", 0},
    {"audience", "Who they say they are", NULL, 0},
    {"home", "Home", "a ZIP code or a town, never a street address", 1},
    {"max_travel_miles", "How far they can travel (miles)", NULL, 1},
    {"travel_modes", "How they get around", NULL, 1},
    {"virtual_ok", "Online activities are fine", NULL, 1},
    {"interests", "Interests", "one a line, in their words", 2},
    {"goals", "Goals", "one a line, in their words", 2},
    {"tags", "Interest tags", "comma-separated words", 2},
    {"values", "Values", "comma-separated: what matters to them", 2},
    {"availability", "When they are free", "one a line, e.g. TU 18:00-20:00", 3},
    {"away", "Dates away", "one a line, e.g. 2026-12-24..2027-01-02", 3},
    {"budget", "Budget per activity ($)", "an amount, free or any", 4},
    {"access", "Access needs", NULL, 4},
    {"prefers_substance_free", "Prefers substance-free places", NULL, 4},
    {"prefers_peer_run", "Prefers peer-run groups", NULL, 4},
    {"comfort", "Comfort with groups", NULL, 4},
};

static const struct field_words *words_of(const struct peer_field *f)
{
    for (size_t i = 0; i < sizeof field_words / sizeof field_words[0]; i++)
        if (strcmp(field_words[i].key, f->key) == 0)
            return &field_words[i];
    return NULL;
}

/* A field the form offers: one a face may set. */
static bool on_form(const struct peer_field *f)
{
    return !f->read_only && f->option;
}

/* One item a line: the fields whose items may hold commas. */
static bool one_a_line(const struct peer_field *f)
{
    return f->kind == PF_TEXT_LIST || f->kind == PF_WINDOWS || f->kind == PF_AWAY;
}

/* The fields shown as a group of checkboxes, from their tables' names. */
static bool is_checkboxes(const struct peer_field *f)
{
    return f->kind == PF_MODES || f->kind == PF_ACCESS || f->kind == PF_AUDIENCE;
}

#define AUDIENCE_NONE "none" /* the box of a peer who said they are in none of the groups */

/* The names offered as checkboxes for f, NULL-ended into out (at most max - 1). */
static size_t choice_names(const struct peer_field *f, const char **out, size_t max)
{
    size_t n = 0;
    for (int bit = 0; n + 2 < max; bit++) {
        const char *name = f->kind == PF_MODES    ? travel_mode_name(bit)
                           : f->kind == PF_ACCESS ? access_name(bit)
                                                  : audience_name(bit);
        if (!name)
            break;
        out[n++] = name;
    }
    if (f->kind == PF_AUDIENCE)
        out[n++] = AUDIENCE_NONE;
    out[n] = NULL;
    return n;
}

/* The text of field f as the form shows it, from the profile's JSON (the one writer of a
** profile's values). OUT: out (reset first). */
static void field_text(const json_t *obj, const struct peer_field *f, struct buf *out)
{
    buf_reset(out);
    const json_t *v = json_object_get(obj, f->key);
    if (json_is_string(v)) {
        buf_puts(out, json_string_value(v));
    } else if (json_is_integer(v)) {
        buf_printf(out, "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        buf_printf(out, "%g", json_real_value(v));
    } else if (json_is_boolean(v)) {
        buf_puts(out, json_is_true(v) ? "yes" : "");
    } else if (json_is_array(v) && json_array_size(v) == 0 && f->kind == PF_AUDIENCE) {
        buf_puts(out, AUDIENCE_NONE); /* said: none of the groups (null: not said) */
    } else if (json_is_array(v)) {
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item)
        {
            if (i)
                buf_puts(out, one_a_line(f) ? "\n" : ", ");
            buf_puts(out, json_is_string(item) ? json_string_value(item) : "");
        }
    }
}

/* The text of field f as typed (the posted fields of typed). OUT: out. */
static void typed_text(const struct web_request *typed, const struct peer_field *f, struct buf *out)
{
    if (is_checkboxes(f)) {
        forms_join(typed, f->key, ",", out);
        return;
    }
    buf_reset(out);
    const char *v = web_form_get(typed, f->key);
    buf_puts(out, v ? v : "");
}

/* One field's control, showing value. */
static void field_control(struct buf *b, const struct forms_problems *p, const struct peer_field *f,
                          const char *value)
{
    const struct field_words *w = words_of(f);
    const char *label = w ? w->label : f->key, *hint = w ? w->hint : NULL;
    if (is_checkboxes(f)) {
        const char *names[16];
        size_t n = choice_names(f, names, 16);
        const char *labels[16];
        for (size_t i = 0; i < n; i++)
            labels[i] = strcmp(names[i], AUDIENCE_NONE) == 0 ? "none of these" : names[i];
        forms_choices(b, p, f->key, label, true, n, names, labels, value);
    } else if (f->kind == PF_BOOL) {
        html_printf(b,
                    "<div class=\"wide\"><input type=\"checkbox\" id=\"%s\" name=\"%s\" "
                    "value=\"yes\"%s",
                    f->key, f->key, *value ? " checked" : "");
        forms_invalid_attrs(b, p, f->key);
        html_printf(b, "> <label class=\"inline\" for=\"%s\">%s</label>\n", f->key, label);
        forms_problem_text(b, p, f->key);
        html_printf(b, "</div>\n");
    } else if (f->kind == PF_COMFORT) {
        static const char *const values[COMFORT_MAX + 1] = {"", "1", "2", "3", "4", "5"};
        const char *labels[COMFORT_MAX + 1];
        char text[COMFORT_MAX + 1][160];
        labels[0] = "not yet assessed";
        for (int level = COMFORT_MIN; level <= COMFORT_MAX; level++) {
            snprintf(text[level], sizeof text[level], "%d: %s", level,
                     match_intensity_words(level));
            labels[level] = text[level];
        }
        forms_select(b, p, f->key, label, COMFORT_MAX + 1, values, labels, value);
    } else if (one_a_line(f)) {
        forms_textarea(b, p, f->key, label, hint, value);
    } else {
        forms_input(b, p, f->key, "text", label, hint, value);
    }
}

/* The whole form: each field of the table in its group, the value from obj (the profile as
** stored, or NULL) or, after a refusal, as typed in the request typed. */
static void peer_form(struct buf *b, struct web_request *req, const char *action, const json_t *obj,
                      const struct web_request *typed, const struct forms_problems *p,
                      long long version, const char *submit)
{
    struct buf value = {0};
    forms_open(b, req, action);
    if (version)
        html_printf(b, "<input type=\"hidden\" name=\"version\" value=\"%l\">\n", version);
    for (int g = 0; g <= GROUP_MORE; g++) {
        bool opened = false;
        for (size_t i = 0; i < peer_field_count; i++) {
            const struct peer_field *f = &peer_fields[i];
            const struct field_words *w = words_of(f);
            if (!on_form(f) || (w ? w->group : GROUP_MORE) != g)
                continue;
            if (!opened)
                html_printf(b, "<fieldset class=\"wide group\"><legend>%s</legend>\n", groups[g]);
            opened = true;
            if (typed)
                typed_text(typed, f, &value);
            else if (obj)
                field_text(obj, f, &value);
            else
                buf_reset(&value);
            field_control(b, p, f, buf_str(&value));
        }
        if (opened)
            html_printf(b, "</fieldset>\n");
    }
    html_printf(b, "<div class=\"wide\"><button type=\"submit\">%s</button></div>\n</form>\n",
                submit);
    buf_free(&value);
}

/* ---- reading the form -------------------------------------------------------------------- */

struct peer_form_input {
    const struct web_request *typed;
    bool editing;
    long long version; /* the version the form was filled from (editing) */
};

/* Sets each item of a one-a-line field. */
static void set_lines(const struct peer_field *f, struct peer *p, const char *text,
                      struct diag *diag, struct diag *warnings)
{
    bool first = true;
    char *copy = xstrdup(text);
    for (char *line = copy, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t len = strlen(line);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
            line[--len] = '\0';
        while (*line == ' ')
            line++;
        if (!*line)
            continue;
        peer_field_set_text(f, p, line, first, diag, warnings, FORM_SOURCE);
        first = false;
    }
    if (first) /* no items: the list is emptied */
        peer_field_set_text(f, p, "", true, diag, warnings, FORM_SOURCE);
    free(copy);
}

/* An app_peer_change_fn: every field of the form, through the profile table's setter. */
static void apply_form(void *ctx, struct peer *p, struct diag *diag, struct diag *warnings)
{
    const struct peer_form_input *in = ctx;
    if (in->editing && in->version != p->version)
        diag_add(diag, FORM_SOURCE, 0, NULL,
                 "the profile was changed by someone else since this form was opened; nothing "
                 "was saved: open it again and make your changes there");
    struct buf text = {0};
    for (size_t i = 0; i < peer_field_count; i++) {
        const struct peer_field *f = &peer_fields[i];
        if (!on_form(f))
            continue;
        typed_text(in->typed, f, &text);
        const char *v = buf_str(&text);
        switch (f->kind) {
        case PF_BOOL:
            peer_field_set_text(f, p, *v ? v : "no", true, diag, warnings, FORM_SOURCE);
            break;
        case PF_AUDIENCE: /* no box: not said (or as stored); "none": none of the groups */
            if (*v)
                peer_field_set_text(f, p, strcmp(v, AUDIENCE_NONE) == 0 ? "" : v, true, diag,
                                    warnings, FORM_SOURCE);
            break;
        case PF_MILES:
        case PF_BUDGET:
        case PF_COMFORT:
            if (*v) /* left empty: the default, or as stored */
                peer_field_set_text(f, p, v, true, diag, warnings, FORM_SOURCE);
            break;
        default:
            if (one_a_line(f))
                set_lines(f, p, v, diag, warnings);
            else
                peer_field_set_text(f, p, v, true, diag, warnings, FORM_SOURCE);
        }
    }
    buf_free(&text);
}

/* ---- the pages --------------------------------------------------------------------------- */

static void show_intake(struct web_request *req, struct web_response *resp)
{
    if (!web_app(req, resp))
        return;
    forms_page_begin(resp, 200, "Add a peer");
    struct buf *b = &resp->body;
    html_printf(b, "<h1>Add a peer</h1>\n<p>Write their interests and goals in their own "
                   "words. Only the name is required.</p>\n");
    peer_form(b, req, "/peers/new", NULL, NULL, NULL, 0, "Add the peer");
    html_page_end(b);
}

/* Answers a refused form: 400 (409 for a stale copy) with everything typed and the problems. */
static void refused(struct web_request *req, struct web_response *resp, const char *title,
                    const char *action, const struct web_request *typed,
                    const struct forms_problems *p, long long version)
{
    forms_page_begin(resp, 400, title);
    struct buf *b = &resp->body;
    html_printf(b, "<h1>%s</h1>\n", title);
    forms_problem_summary(b, p);
    peer_form(b, req, action, NULL, typed, p, version, "Save");
    html_page_end(b);
}

/* Runs add (id 0) or edit of peer id from the posted form. */
static void save_peer(struct web_request *req, struct web_response *resp, int64_t id)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct peer p;
    struct diag diag = {0}, warnings = {0};
    peer_init(&p);
    struct peer_form_input in = {req, id != 0, 0};
    const char *version = web_form_get(req, "version");
    if (id)
        in.version = version ? atoll(version) : -1;
    struct app_error err;
    int rc = id ? app_peer_edit(app, id, apply_form, &in, &p, &diag, &warnings, FORM_SOURCE, &err)
                : app_peer_add(app, apply_form, &in, &p, &diag, &warnings, FORM_SOURCE, &err);
    if (rc == BELONG_OK) {
        char location[64];
        snprintf(location, sizeof location, "/peers/%lld", (long long)p.id);
        web_redirect(resp, location);
    } else if (rc == BELONG_EDATA) {
        struct forms_problems problems = {0};
        forms_problems_of_diag(&problems, &diag, FORM_SOURCE);
        if (problems.n == 0)
            forms_problem_of(&problems, &err);
        char action[64];
        snprintf(action, sizeof action, id ? "/peers/%lld/edit" : "/peers/new", (long long)id);
        refused(req, resp, id ? "Edit the profile" : "Add a peer", action, req, &problems,
                in.version);
    } else {
        forms_fail(resp, &err);
    }
    diag_free(&diag);
    diag_free(&warnings);
    peer_free(&p);
}

static void show_edit(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    struct peer p;
    if (!app || !forms_peer(req, resp, app, &p))
        goto out;
    json_t *obj = peer_to_json(&p, NULL);
    forms_page_begin(resp, 200, "Edit the profile");
    struct buf *b = &resp->body;
    forms_peer_nav(b, &p);
    html_printf(b, "<h1>Edit the profile of %s</h1>\n", p.name);
    char action[64];
    snprintf(action, sizeof action, "/peers/%lld/edit", (long long)p.id);
    peer_form(b, req, action, obj, NULL, NULL, (long long)p.version, "Save");
    html_page_end(b);
    json_decref(obj);
out:
    if (app)
        peer_free(&p);
}

void page_peer_new(struct web_request *req, struct web_response *resp)
{
    if (strcmp(req->method, "POST") == 0)
        save_peer(req, resp, 0);
    else
        show_intake(req, resp);
}

void page_peer_edit(struct web_request *req, struct web_response *resp)
{
    if (strcmp(req->method, "POST") == 0)
        save_peer(req, resp, req->id);
    else
        show_edit(req, resp);
}
