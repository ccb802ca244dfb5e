/* pages.c — the directory's HTML pages: the search form (every field of the search, kept as
** typed, the wrong one named with why), its results ("N of M", pages), and an activity's page.
** Written only through the HTML writer (html.h).
*/
#include <string.h>

#include "../app/app_search_form.h"
#include "../cli/format.h"
#include "../matching/reasons.h"
#include "../util/timeutil.h"
#include "html.h"
#include "web_internal.h"

static const char *typed(const struct app_search_form *f, enum search_field field)
{
    return f->typed[field] ? f->typed[field] : "";
}

/* The error of field, if it is the one at fault: the message and the attributes that tie it to
** the input (written after the input's other attributes). */
static bool field_at_fault(const struct app_error *err, enum search_field field)
{
    return err && err->field && strcmp(err->field, search_field_name(field)) == 0;
}

static void field_error_attrs(struct buf *b, const struct app_error *err, enum search_field field)
{
    if (field_at_fault(err, field))
        html_printf(b, " aria-invalid=\"true\" aria-describedby=\"%s-error\"",
                    search_field_name(field));
}

static void field_error_text(struct buf *b, const struct app_error *err, enum search_field field)
{
    if (field_at_fault(err, field))
        html_printf(b, "<p class=\"error\" id=\"%s-error\">%s</p>\n", search_field_name(field),
                    err->message);
}

/* Opens field's box and writes its label (and hint). */
static void field_open(struct buf *b, const struct app_error *err, enum search_field field,
                       const char *label, const char *hint, bool wide)
{
    const char *name = search_field_name(field);
    html_printf(b, "<div class=\"%s%s\"><label for=\"%s\">%s", wide ? "wide" : "field",
                field_at_fault(err, field) ? " field-error" : "", name, label);
    if (hint)
        html_printf(b, " <span class=\"hint\">%s</span>", hint);
    html_printf(b, "</label>\n");
}

/* Ends the start tag of field's control: marked and described when it is at fault. */
static void control_tag_end(struct buf *b, const struct app_error *err, enum search_field field)
{
    field_error_attrs(b, err, field);
    html_printf(b, ">\n");
}

/* Closes field's box, with the message when it is at fault. */
static void field_close(struct buf *b, const struct app_error *err, enum search_field field)
{
    field_error_text(b, err, field);
    html_printf(b, "</div>\n");
}

/* One labelled input of type type for field, showing what was typed. */
static void text_input(struct buf *b, const struct app_search_form *f, const struct app_error *err,
                       enum search_field field, const char *type, const char *label,
                       const char *hint)
{
    const char *name = search_field_name(field);
    field_open(b, err, field, label, hint, field == SF_Q);
    html_printf(b, "<input type=\"%s\" id=\"%s\" name=\"%s\" value=\"%s\"", type, name, name,
                typed(f, field));
    control_tag_end(b, err, field);
    field_close(b, err, field);
}

static void search_form(struct buf *b, const struct app_search_form *f, const struct app_error *err)
{
    html_printf(b, "<form class=\"search\" method=\"get\" action=\"/\" role=\"search\">\n");
    text_input(b, f, err, SF_Q, "search", "What", "words, or a category");

    /* Category: one of the table (the URL may repeat it; the form offers one). */
    const char *chosen = f->n_categories ? f->categories[0] : "";
    field_open(b, err, SF_CATEGORY, "Category", NULL, false);
    html_printf(b, "<select id=\"category\" name=\"category\"");
    control_tag_end(b, err, SF_CATEGORY);
    html_printf(b, "<option value=\"\">Any category</option>\n");
    for (size_t i = 0; i < f->category_table.n; i++) {
        const struct category *c = &f->category_table.items[i];
        html_printf(b, "<option value=\"%s\"%s>%s</option>\n", c->slug,
                    strcmp(chosen, c->slug) == 0 ? " selected" : "", c->label);
    }
    html_printf(b, "</select>\n");
    field_close(b, err, SF_CATEGORY);

    text_input(b, f, err, SF_TOWN, "text", "Town", "e.g. Worcester, or Springfield, MA");
    text_input(b, f, err, SF_ZIP, "text", "or ZIP code", NULL);
    text_input(b, f, err, SF_NEAR, "text", "or a point", "latitude,longitude");
    text_input(b, f, err, SF_WITHIN, "text", "Within (miles)", NULL);
    text_input(b, f, err, SF_FROM, "date", "From", "YYYY-MM-DD");
    text_input(b, f, err, SF_TO, "date", "To", "YYYY-MM-DD");
    text_input(b, f, err, SF_AFTER, "time", "Starts at or after", "HH:MM");
    text_input(b, f, err, SF_BEFORE, "time", "Starts before", "HH:MM");

    html_printf(b, "<fieldset class=\"wide\"><legend>Days</legend>\n");
    for (int d = 0; d < 7; d++)
        html_printf(b,
                    "<label class=\"inline\"><input type=\"checkbox\" name=\"days\" "
                    "value=\"%s\"%s> %s</label>\n",
                    weekday_code(d), (f->q.weekday_mask >> d) & 1 ? " checked" : "",
                    weekday_name(d));
    field_error_text(b, err, SF_DAYS);
    html_printf(b, "</fieldset>\n");

    html_printf(b, "<fieldset class=\"wide\"><legend>Needs</legend>\n");
    for (int bit = 0; access_name(bit); bit++)
        html_printf(b,
                    "<label class=\"inline\"><input type=\"checkbox\" name=\"access\" "
                    "value=\"%s\"%s> %s</label>\n",
                    access_name(bit), (f->q.access_required >> bit) & 1 ? " checked" : "",
                    access_name(bit));
    field_error_text(b, err, SF_ACCESS);
    html_printf(b,
                "<label class=\"inline\"><input type=\"checkbox\" name=\"free\" value=\"on\"%s>"
                " free only</label>\n",
                f->free_only ? " checked" : "");
    field_error_text(b, err, SF_FREE);
    html_printf(b, "</fieldset>\n");

    text_input(b, f, err, SF_MAX_COST, "text", "Costs at most ($)", NULL);
    field_open(b, err, SF_INTENSITY_MAX, "Social intensity at most", NULL, false);
    html_printf(b, "<select id=\"intensity_max\" name=\"intensity_max\"");
    control_tag_end(b, err, SF_INTENSITY_MAX);
    html_printf(b, "<option value=\"\">Any</option>\n");
    for (int level = INTENSITY_MIN; level <= INTENSITY_MAX; level++)
        html_printf(b, "<option value=\"%d\"%s>%d: %s</option>\n", level,
                    f->q.intensity_max == level ? " selected" : "", level,
                    match_intensity_words(level));
    html_printf(b, "</select>\n");
    field_close(b, err, SF_INTENSITY_MAX);
    field_error_text(b, err, SF_LIMIT);
    field_error_text(b, err, SF_OFFSET);
    html_printf(b, "<div class=\"wide\"><button type=\"submit\">Search</button></div>\n</form>\n");
}

/* The query of this search at another offset, for the page links. */
static void page_href(struct buf *b, const struct app_search_form *f, size_t offset)
{
    html_printf(b, "/?");
    for (int field = 0; field < SF_COUNT; field++) {
        if (field == SF_OFFSET || !f->typed[field])
            continue;
        html_printf(b, "%u=%u&amp;", search_field_name((enum search_field)field), f->typed[field]);
    }
    html_printf(b, "offset=%z", offset);
}

static void result_item(struct buf *b, const struct search_result *r,
                        const struct category_table *categories)
{
    html_printf(b, "<li>\n<h2><a href=\"/activities/%l\">%s</a></h2>\n", (long long)r->id,
                r->name ? r->name : "(no name)");
    const struct category *cat = r->category ? category_find(categories, r->category) : NULL;
    html_printf(b, "<p class=\"meta\">%s%s%s", r->organization ? r->organization : "",
                r->organization && cat ? " · " : "", cat ? cat->label : "");
    if (r->town)
        html_printf(b, " · %s", r->town);
    if (r->has_distance) {
        char miles[32];
        snprintf(miles, sizeof miles, "%s%.1f mi", r->distance_approximate ? "about " : "",
                 r->distance_miles);
        html_printf(b, ", %s", miles);
    }
    if (r->is_virtual)
        html_printf(b, " · online");
    html_printf(b, "</p>\n<p class=\"meta\">");
    if (r->times_not_listed) {
        char times[TIMES_TEXT_LEN];
        times_not_listed_text(r->open_days, times);
        html_printf(b, "%s", times);
    } else {
        html_printf(b, "Next: ");
        for (size_t i = 0; i < r->n_next; i++) {
            char when[64];
            cli_human_time(r->next[i], r->tzid, false, when, sizeof when);
            html_printf(b, "%s<time>%s</time>", i ? ", " : "", when);
        }
    }
    char cost[32], access[64];
    cli_cost_text(r->cost_cents, cost, sizeof cost);
    access_format(r->access, access, sizeof access);
    html_printf(b, "</p>\n<p class=\"meta\">%s", cost);
    if (access[0])
        html_printf(b, " · %s", access);
    if (r->intensity > 0)
        html_printf(b, " · intensity %d of 5: %s", r->intensity,
                    match_intensity_words(r->intensity));
    html_printf(b, "</p>\n</li>\n");
}

static void results(struct buf *b, const struct app_search_form *f,
                    const struct app_search_page *page)
{
    if (f->text_category)
        html_printf(b, "<p>“%s” is the category %s: showing that category.</p>\n", typed(f, SF_Q),
                    f->text_category->label);
    if (page->total == 0) {
        html_printf(b, "<p class=\"count\" role=\"status\">No activities found. Try fewer "
                       "filters, a wider distance or other dates.</p>\n");
        return;
    }
    size_t first = (size_t)f->offset + 1, last = (size_t)f->offset + page->n;
    if (page->n == 0)
        html_printf(b,
                    "<p class=\"count\" role=\"status\">No more results: %z activities "
                    "found.</p>\n",
                    page->total);
    else
        html_printf(b, "<p class=\"count\" role=\"status\">%z–%z of %z activities%s%s</p>\n", first,
                    last, page->total, f->place_label[0] ? ", around " : "", f->place_label);
    html_printf(b, "<ol class=\"results\" start=\"%z\">\n", first);
    for (size_t i = 0; i < page->n; i++)
        result_item(b, &page->items[i], &f->category_table);
    html_printf(b, "</ol>\n<nav class=\"pages\" aria-label=\"Result pages\">");
    if (f->offset > 0) {
        html_printf(b, "<a rel=\"prev\" href=\"");
        page_href(b, f, (size_t)f->offset > (size_t)f->limit ? (size_t)(f->offset - f->limit) : 0);
        html_printf(b, "\">Previous %d</a>", f->limit);
    }
    if (last < page->total) {
        html_printf(b, "<a rel=\"next\" href=\"");
        page_href(b, f, last);
        html_printf(b, "\">Next %d</a>", f->limit);
    }
    html_printf(b, "</nav>\n");
}

void page_search(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct app_search_form f;
    struct app_search_page page = {0};
    struct app_error err;
    app_search_form_init(&f);
    int rc = web_search(req, app, &f, &page, &err);
    if (!f.category_table.n) { /* the form lists them, even when a field is wrong */
        struct app_error table_err;
        if (app_categories(&f.category_table, &table_err) != BELONG_OK && rc == BELONG_OK) {
            rc = table_err.status;
            err = table_err;
        }
    }
    if (rc != BELONG_OK && rc != BELONG_EUSAGE) {
        web_app_error(resp, false, &err);
        goto out;
    }
    resp->status = rc == BELONG_OK ? 200 : 400;
    resp->content_type = "text/html; charset=utf-8";
    struct buf *b = &resp->body;
    web_page_begin(resp, rc == BELONG_OK ? "Find activities" : "Find activities: check the form");
    html_printf(b, "<h1>Find activities</h1>\n");
    if (rc != BELONG_OK)
        html_printf(b, "<div class=\"errors\" role=\"alert\"><p>Please check %s: %s</p></div>\n",
                    err.field ? err.field : "the form", err.message);
    search_form(b, &f, rc == BELONG_OK ? NULL : &err);
    if (rc == BELONG_OK)
        results(b, &f, &page);
    html_page_end(b);
out:
    app_search_page_free(&page);
    app_search_form_free(&f);
}

static void fact(struct buf *b, const char *label, const char *value)
{
    if (value && *value)
        html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", label, value);
}

void page_activity(struct web_request *req, struct web_response *resp)
{
    struct app_listing l;
    struct category_table categories;
    if (!web_read_listing(req, resp, false, &l, &categories))
        goto out;
    const struct activity *a = &l.activity;
    struct buf *b = &resp->body;
    resp->status = 200;
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, a->name ? a->name : "Activity");
    html_printf(b, "<article>\n<h1>%s</h1>\n", a->name ? a->name : "(no name)");
    if (!a->active)
        html_printf(b, "<p class=\"errors\">No longer listed by the directory.</p>\n");
    if (a->description && *a->description)
        html_printf(b, "<p>%s</p>\n", a->description);
    html_printf(b, "<dl class=\"facts\">\n");
    fact(b, "Organisation", a->organization);
    const struct category *cat = a->category ? category_find(&categories, a->category) : NULL;
    fact(b, "Category", cat ? cat->label : a->category);
    if (a->intensity > 0) {
        char text[200];
        snprintf(text, sizeof text, "%d of 5: %s", a->intensity,
                 match_intensity_words(a->intensity));
        fact(b, "Social intensity", text);
    }
    char text[160];
    cli_cost_text(a->cost_cents, text, sizeof text);
    fact(b, "Cost", text);
    access_format(a->access, text, sizeof text);
    fact(b, "Access", text);
    fact(b, "Languages", a->languages);
    fact(b, "Online", a->is_virtual ? "yes" : NULL);
    fact(b, "Where", a->location_name);
    fact(b, "Address", a->address);
    if (a->town || a->zip) {
        snprintf(text, sizeof text, "%s%s%s", a->town ? a->town : "", a->town && a->zip ? " " : "",
                 a->zip ? a->zip : "");
        fact(b, "Town", text);
    }
    if (a->phone)
        html_printf(b, "<dt>Phone</dt><dd><a href=\"tel:%u\">%s</a></dd>\n", a->phone, a->phone);
    if (a->email)
        html_printf(b, "<dt>Email</dt><dd><a href=\"mailto:%u\">%s</a></dd>\n", a->email, a->email);
    if (html_url_is_web(a->url))
        html_printf(b, "<dt>Web</dt><dd><a href=\"%s\" rel=\"noopener noreferrer\">%s</a></dd>\n",
                    a->url, a->url);
    else
        fact(b, "Web", a->url); /* not a web link: shown, never linked */
    html_printf(b, "</dl>\n<h2>When</h2>\n<ul>\n");
    for (size_t i = 0; i < l.n_scheds; i++) {
        char words[WEB_SCHEDULE_WORDS_LEN];
        web_schedule_words(&l.scheds[i], words, sizeof words);
        html_printf(b, "<li>%s</li>\n", words);
    }
    if (!a->times_listed || a->open_days) {
        char times[TIMES_TEXT_LEN];
        times_not_listed_text(a->open_days, times);
        html_printf(b, "<li>%s%s</li>\n", times,
                    a->times_listed ? " (on those days)" : ": call or write to ask when it meets");
    }
    html_printf(b, "</ul>\n<h2>Next dates</h2>\n");
    if (l.n_occ == 0)
        html_printf(b, "<p>None in the next %d days.</p>\n", SEARCH_WINDOW_DAYS_DEFAULT);
    else
        html_printf(b, "<ul>\n");
    for (size_t i = 0; i < l.n_occ; i++) {
        char when[64];
        cli_human_time(l.occ[i].start, a->tzid, true, when, sizeof when);
        html_printf(b, "<li><time>%s</time></li>\n", when);
    }
    if (l.n_occ)
        html_printf(b, "</ul>\n");
    html_printf(b, "</article>\n<p><a href=\"/\">Back to the search</a></p>\n");
    html_page_end(b);
out:
    categories_free(&categories);
    app_listing_free(&l);
}
