/* measure_forms.c — the measures given to a peer on the web: each instrument's form with its
** exact items and answers as radio buttons (walked from the measures' tables, never retyped),
** and the results scored, with their subscales and bands in words, and the charts.
**   GET  /peers/{id}/measures                        the results, newest first, and the charts
**   GET  /peers/{id}/measures/new?instrument=ucla3   the form of one instrument
**   POST /peers/{id}/measures                        records it (app_measure_add), 303 to
**                                                    the results
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_measures.h"
#include "../app/app_peers.h"
#include "forms.h"
#include "html.h"

/* The name of item i's radio group: "item1".."itemN". */
static void item_name(size_t i, char out[32])
{
    snprintf(out, 32, "item%zu", i + 1);
}

/* The form of instrument in for peer p, showing the answers typed (a refused request, or NULL:
 * nothing chosen yet). */
static void measure_form(struct buf *b, struct web_request *req, const struct peer *p,
                         const struct measure_instrument *in, const struct web_request *typed,
                         const struct forms_problems *problems)
{
    char action[64];
    snprintf(action, sizeof action, "/peers/%lld/measures", (long long)p->id);
    html_printf(b, "<h1>%s</h1>\n<p class=\"intro\">%s</p>\n", in->title, in->intro);
    forms_problem_summary(b, problems);
    forms_open(b, req, action);
    html_printf(b, "<input type=\"hidden\" name=\"instrument\" value=\"%s\">\n", in->id);
    for (size_t i = 0; i < in->n_items; i++) {
        const struct measure_item *item = &in->items[i];
        const struct measure_options *o = item->answers;
        const char *values[16], *labels[16];
        size_t n = 0;
        for (; n < o->n && n < 16; n++) {
            values[n] = o->options[n].key;
            labels[n] = o->options[n].label ? o->options[n].label : o->options[n].key;
        }
        if (item->lead)
            html_printf(b, "<p class=\"wide lead\">%s</p>\n", item->lead);
        char name[32], legend[600];
        item_name(i, name);
        snprintf(legend, sizeof legend, "%zu. %s", i + 1, item->text);
        forms_choices(b, problems, name, legend, false, n, values, labels,
                      typed ? web_form_get(typed, name) : NULL);
    }
    forms_input(b, problems, "date", "date", "The day it was given", "YYYY-MM-DD; empty: today",
                typed ? web_form_get(typed, "date") : NULL);
    html_printf(b, "<div class=\"wide\"><button type=\"submit\">Save the answers</button></div>\n"
                   "</form>\n");
}

/* A scale's result in words: "7 of 9: lonely", "not scored (too many items not answered)". */
static void scale_words(struct buf *b, const struct measure_instrument *in,
                        const struct measure_scale_result *sr)
{
    int min, max;
    measure_scale_range(in, sr->scale, &min, &max);
    if (sr->missing)
        html_printf(b, "not scored (too many items not answered)");
    else if (sr->band)
        html_printf(b, "%d (of %d to %d): %s", sr->score, min, max, sr->band->words);
    else
        html_printf(b, "%d (of %d to %d)", sr->score, min, max);
}

static void administration(struct buf *b, const struct app_measure *m)
{
    const struct measure_result *r = &m->result;
    html_printf(b, "<li id=\"measure-%l\">\n<h3>%s, <time>%s</time></h3>\n<dl class=\"facts\">\n",
                (long long)m->id, r->instrument->title, m->date);
    for (size_t s = 0; s < r->n_scales; s++) {
        html_printf(b, "<dt>%s</dt><dd>", r->scales[s].scale->title);
        scale_words(b, r->instrument, &r->scales[s]);
        html_printf(b, "</dd>\n");
    }
    html_printf(b, "</dl>\n</li>\n");
}

static void show_measures(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    struct peer p;
    struct app_measure *list = NULL;
    size_t n = 0;
    if (!app || !forms_peer(req, resp, app, &p))
        return;
    struct app_error err;
    if (app_measure_history(app, p.id, NULL, &list, &n, &err) != BELONG_OK) {
        forms_fail(resp, &err);
        goto out;
    }
    forms_page_begin(resp, 200, "Measures");
    struct buf *b = &resp->body;
    forms_peer_nav(b, &p);
    html_printf(b, "<h1>Measures of %s</h1>\n<h2>Give a measure</h2>\n<ul class=\"actions\">\n",
                p.name);
    for (size_t i = 0; i < measure_instrument_count; i++)
        html_printf(b, "<li><a href=\"/peers/%l/measures/new?instrument=%u\">%s</a></li>\n",
                    (long long)p.id, measure_instruments[i]->id, measure_instruments[i]->title);
    html_printf(b, "</ul>\n<h2>Charts</h2>\n<div class=\"charts\">\n");
    static const char *const charts[][2] = {{"ucla3", "UCLA-3 over time"},
                                            {"lsns6", "LSNS-6 over time"}};
    for (size_t c = 0; c < 2; c++)
        html_printf(b,
                    "<figure><img src=\"/peers/%l/charts/%u\" alt=\"%s: the chart's values are "
                    "listed below\"><figcaption>%s</figcaption></figure>\n",
                    (long long)p.id, charts[c][0], charts[c][1], charts[c][1]);
    html_printf(b, "</div>\n<h2>Results</h2>\n");
    if (n == 0)
        html_printf(b, "<p>No measures given yet.</p>\n");
    else
        html_printf(b, "<ol class=\"records\" reversed>\n");
    for (size_t i = n; i-- > 0;)
        administration(b, &list[i]);
    if (n)
        html_printf(b, "</ol>\n");
    html_page_end(b);
out:
    free(list);
    peer_free(&p);
}

/* The instrument named by the query's "instrument", or NULL. */
static int instrument_argument(void *ctx, const char *name, const char *value)
{
    if (strcmp(name, "instrument") == 0)
        *(const struct measure_instrument **)ctx = measure_find(value);
    return 0;
}

void page_measure_new(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    struct peer p;
    if (!app || !forms_peer(req, resp, app, &p))
        return;
    const struct measure_instrument *in = NULL;
    web_each_argument(req, instrument_argument, &in);
    if (!in) {
        web_error(resp, false, 404, "instrument", "there is no such measure");
        goto out;
    }
    forms_page_begin(resp, 200, in->title);
    forms_peer_nav(&resp->body, &p);
    measure_form(&resp->body, req, &p, in, NULL, NULL);
    html_page_end(&resp->body);
out:
    peer_free(&p);
}

/* The problems of refused answers: "item 2 (left out): ..." under the control item2. */
static void answer_problems(struct forms_problems *out, const struct diag *diag,
                            const struct app_error *err)
{
    struct forms_problems raw = {0};
    forms_problems_of_diag(&raw, diag, "--answers");
    for (size_t i = 0; i < raw.n; i++) {
        const char *m = raw.items[i].message;
        unsigned item;
        char name[32] = "";
        if (sscanf(m, "item %u", &item) == 1 && item >= 1)
            item_name(item - 1, name);
        forms_problem(out, name[0] ? name : raw.items[i].field, m);
    }
    if (out->n == 0)
        forms_problem_of(out, err);
}

static void add_measure(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    struct diag diag = {0};
    struct buf answers = {0};
    struct peer p;
    peer_init(&p);
    if (!app)
        goto out;
    const struct measure_instrument *in = measure_find(web_form_get(req, "instrument") ?: "");
    if (!in) {
        web_error(resp, false, 400, "instrument", "there is no such measure");
        goto out;
    }
    for (size_t i = 0; i < in->n_items; i++) {
        char name[32];
        item_name(i, name);
        const char *v = web_form_get(req, name);
        buf_printf(&answers, "%s%s", i ? "," : "", v && *v ? v : "-");
    }
    const char *date = web_form_get(req, "date");
    struct app_measure m;
    struct app_error err;
    int rc = app_measure_add(app, req->id, in->id, buf_str(&answers), date && *date ? date : NULL,
                             &m, &diag, &err);
    if (rc == BELONG_OK) {
        char location[96];
        snprintf(location, sizeof location, "/peers/%lld/measures#measure-%lld", (long long)req->id,
                 (long long)m.id);
        web_redirect(resp, location);
    } else if (rc == BELONG_EDATA && forms_peer(req, resp, app, &p)) {
        struct forms_problems problems = {0};
        if (err.field && strcmp(err.field, "--answers") == 0)
            answer_problems(&problems, &diag, &err);
        else
            forms_problem_of(&problems, &err);
        forms_page_begin(resp, 400, in->title);
        forms_peer_nav(&resp->body, &p);
        measure_form(&resp->body, req, &p, in, req, &problems);
        html_page_end(&resp->body);
    } else if (rc != BELONG_EDATA) {
        forms_fail(resp, &err);
    }
out:
    peer_free(&p);
    buf_free(&answers);
    diag_free(&diag);
}

void page_measures(struct web_request *req, struct web_response *resp)
{
    if (strcmp(req->method, "POST") == 0)
        add_measure(req, resp);
    else
        show_measures(req, resp);
}
