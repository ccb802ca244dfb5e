/* forms.c — what the web's peer forms share (forms.h): a POST body's fields, a refused form's
** problems tied to their controls, labelled controls showing what was typed, the CSRF field,
** the redirect after a change and the context a form's page works in.
*/
#include "forms.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_peers.h"
#include "../util/number.h"
#include "html.h"

/* ---- the body of a POST ------------------------------------------------------------------ */

void forms_join(const struct web_request *req, const char *name, const char *sep, struct buf *out)
{
    size_t n = 0;
    const char **values = web_form_all(req, name, &n);
    buf_reset(out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(out, sep);
        buf_puts(out, values[i]);
    }
    free(values);
}

int64_t forms_get_id(const struct web_request *req, const char *name)
{
    const char *v = web_form_get(req, name);
    long id;
    return v && parse_whole(v, 1, 0x7fffffffL, &id) ? id : 0;
}

/* ---- problems ---------------------------------------------------------------------------- */

void forms_field_name(const char *op_field, char out[64])
{
    size_t n = 0;
    const char *s = op_field ? op_field : "";
    while (*s == '-')
        s++;
    for (; *s && n < 63; s++)
        out[n++] = (char)tolower((unsigned char)*s);
    out[n] = '\0';
}

void forms_problem(struct forms_problems *p, const char *field, const char *message)
{
    if (p->n >= FORMS_PROBLEMS_MAX)
        return;
    /* "--closeness: '9' is not ..." names the CLI's option: a form names its control itself
    ** (the summary's link, the message beside the control), so the message begins after it. */
    if (strncmp(message, "--", 2) == 0) {
        size_t n = 2 + strspn(message + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");
        if (n > 2 && strncmp(message + n, ": ", 2) == 0)
            message += n + 2;
    }
    snprintf(p->items[p->n].field, sizeof p->items[p->n].field, "%s", field ? field : "");
    snprintf(p->items[p->n].message, sizeof p->items[p->n].message, "%s", message);
    p->n++;
}

void forms_problem_of(struct forms_problems *p, const struct app_error *err)
{
    char field[64];
    forms_field_name(err->field, field);
    forms_problem(p, field, err->message);
}

void forms_problems_of_diag(struct forms_problems *p, const struct diag *diag, const char *source)
{
    const char *line = buf_str(&diag->text);
    size_t source_len = strlen(source);
    while (*line) {
        size_t len = strcspn(line, "\n");
        char text[512];
        snprintf(text, sizeof text, "%.*s", (int)len, line);
        const char *s = text;
        if (strncmp(s, source, source_len) == 0 && strncmp(s + source_len, ": ", 2) == 0)
            s += source_len + 2;
        /* "FIELD: message", a field being a plain name (a JSON key, an option) */
        size_t f = strspn(s, "abcdefghijklmnopqrstuvwxyz_-0123456789");
        char field[64] = "";
        if (f > 0 && f < sizeof field && strncmp(s + f, ": ", 2) == 0) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)f, s);
            forms_field_name(name, field);
            s += f + 2;
        }
        forms_problem(p, field, s);
        line += len + (line[len] == '\n');
    }
}

const char *forms_problem_at(const struct forms_problems *p, const char *name)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (strcmp(p->items[i].field, name) == 0)
            return p->items[i].message;
    return NULL;
}

/* ---- writing a form ---------------------------------------------------------------------- */

void forms_page_begin(struct web_response *resp, unsigned status, const char *title)
{
    buf_reset(&resp->body);
    web_page_begin(resp, title);
    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
}

void forms_problem_summary(struct buf *b, const struct forms_problems *p)
{
    if (!p || p->n == 0)
        return;
    html_printf(b, "<div class=\"errors\" role=\"alert\"><p>Nothing was saved. Please check:</p>"
                   "\n<ul>\n");
    for (size_t i = 0; i < p->n; i++) {
        if (p->items[i].field[0])
            html_printf(b, "<li><a href=\"#%s\">%s</a>: %s</li>\n", p->items[i].field,
                        p->items[i].field, p->items[i].message);
        else
            html_printf(b, "<li>%s</li>\n", p->items[i].message);
    }
    html_printf(b, "</ul></div>\n");
}

void forms_open(struct buf *b, struct web_request *req, const char *action)
{
    html_form_post(b, action, req->session.csrf);
}

void forms_invalid_attrs(struct buf *b, const struct forms_problems *p, const char *name)
{
    if (forms_problem_at(p, name))
        html_printf(b, " aria-invalid=\"true\" aria-describedby=\"%s-error\"", name);
}

void forms_problem_text(struct buf *b, const struct forms_problems *p, const char *name)
{
    const char *message = forms_problem_at(p, name);
    if (message)
        html_printf(b, "<p class=\"error\" id=\"%s-error\">%s</p>\n", name, message);
}

/* Opens a field's box and writes its label and hint. */
static void field_open(struct buf *b, const struct forms_problems *p, const char *name,
                       const char *label, const char *hint)
{
    html_printf(b, "<div class=\"wide%s\"><label for=\"%s\">%s",
                forms_problem_at(p, name) ? " field-error" : "", name, label);
    if (hint)
        html_printf(b, " <span class=\"hint\">%s</span>", hint);
    html_printf(b, "</label>\n");
}

static void field_close(struct buf *b, const struct forms_problems *p, const char *name)
{
    forms_problem_text(b, p, name);
    html_printf(b, "</div>\n");
}

void forms_input(struct buf *b, const struct forms_problems *p, const char *name, const char *type,
                 const char *label, const char *hint, const char *value)
{
    field_open(b, p, name, label, hint);
    html_printf(b, "<input type=\"%s\" id=\"%s\" name=\"%s\" value=\"%s\"", type, name, name,
                value ? value : "");
    forms_invalid_attrs(b, p, name);
    html_printf(b, ">\n");
    field_close(b, p, name);
}

void forms_textarea(struct buf *b, const struct forms_problems *p, const char *name,
                    const char *label, const char *hint, const char *value)
{
    field_open(b, p, name, label, hint);
    html_printf(b, "<textarea id=\"%s\" name=\"%s\" rows=\"3\"", name, name);
    forms_invalid_attrs(b, p, name);
    html_printf(b, ">%s</textarea>\n", value ? value : "");
    field_close(b, p, name);
}

/* Whether value is chosen: one of the comma list chosen (multiple), or chosen itself. */
static bool is_chosen(const char *chosen, const char *value, bool multiple)
{
    if (!chosen)
        return false;
    if (!multiple)
        return strcmp(chosen, value) == 0;
    size_t n = strlen(value);
    for (const char *s = chosen; *s;) {
        while (*s == ' ' || *s == ',')
            s++;
        size_t len = strcspn(s, ",");
        while (len && s[len - 1] == ' ')
            len--;
        if (len == n && strncasecmp(s, value, n) == 0)
            return true;
        s += strcspn(s, ",");
    }
    return false;
}

void forms_choices(struct buf *b, const struct forms_problems *p, const char *name,
                   const char *legend, bool multiple, size_t n, const char *const *values,
                   const char *const *labels, const char *chosen)
{
    html_printf(b, "<fieldset class=\"wide choices%s\" id=\"%s\"",
                forms_problem_at(p, name) ? " field-error" : "", name);
    if (forms_problem_at(p, name))
        html_printf(b, " aria-describedby=\"%s-error\"", name);
    html_printf(b, "><legend>%s</legend>\n", legend);
    for (size_t i = 0; i < n; i++) {
        html_printf(b,
                    "<label class=\"inline\"><input type=\"%s\" name=\"%s\" id=\"%s-option-%z\" "
                    "value=\"%s\"%s",
                    multiple ? "checkbox" : "radio", name, name, i, values[i],
                    is_chosen(chosen, values[i], multiple) ? " checked" : "");
        if (forms_problem_at(p, name))
            html_printf(b, " aria-invalid=\"true\"");
        html_printf(b, "> %s</label>\n", labels && labels[i] ? labels[i] : values[i]);
    }
    forms_problem_text(b, p, name);
    html_printf(b, "</fieldset>\n");
}

void forms_select(struct buf *b, const struct forms_problems *p, const char *name,
                  const char *label, size_t n, const char *const *values, const char *const *labels,
                  const char *chosen)
{
    field_open(b, p, name, label, NULL);
    html_printf(b, "<select id=\"%s\" name=\"%s\"", name, name);
    forms_invalid_attrs(b, p, name);
    html_printf(b, ">\n");
    for (size_t i = 0; i < n; i++)
        html_printf(b, "<option value=\"%s\"%s>%s</option>\n", values[i],
                    is_chosen(chosen, values[i], false) ? " selected" : "",
                    labels && labels[i] ? labels[i] : values[i]);
    html_printf(b, "</select>\n");
    field_close(b, p, name);
}

/* ---- answering --------------------------------------------------------------------------- */

void forms_fail(struct web_response *resp, const struct app_error *err)
{
    if (err->status == BELONG_EDATA || err->status == BELONG_EUSAGE)
        web_error(resp, false, 400, err->field, err->message);
    else
        web_app_error(resp, false, err); /* 66: 404, exactly as a peer that does not exist */
}

bool forms_peer(struct web_request *req, struct web_response *resp, struct app *app, struct peer *p)
{
    peer_init(p);
    struct app_error err;
    if (app_peer_get(app, req->id, p, &err) != BELONG_OK) {
        forms_fail(resp, &err);
        return false;
    }
    return true;
}

void forms_peer_nav(struct buf *b, const struct peer *p)
{
    long long id = (long long)p->id;
    html_printf(b,
                "<nav class=\"peer-nav\" aria-label=\"%s\"><ul>\n"
                "<li><a href=\"/peers/%l\">%s</a></li>\n"
                "<li><a href=\"/peers/%l/edit\">Profile</a></li>\n"
                "<li><a href=\"/peers/%l/suggestions\">Suggestions</a></li>\n"
                "<li><a href=\"/peers/%l/plans\">Plans and visits</a></li>\n"
                "<li><a href=\"/peers/%l/measures\">Measures</a></li>\n"
                "<li><a href=\"/peers/%l/connections\">Connections</a></li>\n"
                "<li><a href=\"/peers/%l/records\">Reports and records</a></li>\n"
                "</ul></nav>\n",
                p->name ? p->name : "Peer", id, p->name ? p->name : "Peer", id, id, id, id, id, id);
}
