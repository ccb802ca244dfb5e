/* reports.c — the peer report and "my connection plan" (app_reports.h): a peer's records read
** through the operations (peers, plans, visits, connections, measures, charts, the directory)
** and written as one self-contained HTML page (reports/report_page.h).
*/
#include "app_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../directory/activity.h"
#include "../engagement/connection.h"
#include "../engagement/engagement.h"
#include "../reports/report_page.h"
#include "app_charts.h"
#include "app_connections.h"
#include "app_directory.h"
#include "app_measures.h"
#include "app_peers.h"
#include "app_plans.h"

/* One entry of the timeline: its day, its order among that day's entries, its markup. */
struct timeline_entry {
    char date[11];
    int order; /* plans, visits, connections, measures */
    size_t seq;
    char *html; /* owned */
};

struct timeline {
    struct timeline_entry *e;
    size_t n, cap;
};

/* Adds an entry; *b's text becomes the entry's (b is reset). */
static void timeline_add(struct timeline *t, const char *date, int order, struct buf *b)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 32;
        t->e = xrealloc(t->e, t->cap * sizeof *t->e);
    }
    struct timeline_entry *e = &t->e[t->n];
    snprintf(e->date, sizeof e->date, "%s", date);
    e->order = order;
    e->seq = t->n++;
    buf_str(b);
    e->html = buf_detach(b);
}

static int compare_entries(const void *a, const void *b)
{
    const struct timeline_entry *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    if (!c)
        c = (x->order > y->order) - (x->order < y->order);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void plan_entries(const struct plan *p, size_t n, struct timeline *t)
{
    struct buf b = {0};
    for (size_t i = 0; i < n; i++) {
        buf_puts(&b, "<span class=\"kind\">Plan</span>");
        report_text(&b, p[i].activity_name ? p[i].activity_name : "an activity");
        buf_puts(&b, " — ");
        report_text(&b, plan_support_words(p[i].support));
        buf_puts(&b, "; ");
        report_text(&b, plan_status_name(p[i].status));
        if (p[i].reason) {
            buf_puts(&b, ": <span class=\"words\">");
            report_text(&b, p[i].reason);
            buf_puts(&b, "</span>");
        }
        if (p[i].note) {
            buf_puts(&b, ". Note: <span class=\"words\">");
            report_text(&b, p[i].note);
            buf_puts(&b, "</span>");
        }
        timeline_add(t, p[i].date, 0, &b);
    }
    buf_free(&b);
}

/* ", LABEL: <span class=words>TEXT</span>" when text is given. */
static void put_words(struct buf *b, const char *label, const char *text)
{
    if (!text)
        return;
    buf_printf(b, "; %s: <span class=\"words\">", label);
    report_text(b, text);
    buf_puts(b, "</span>");
}

static void visit_entries(const struct visit *v, size_t n, struct timeline *t)
{
    struct buf b = {0};
    for (size_t i = 0; i < n; i++) {
        buf_puts(&b, "<span class=\"kind\">Visit</span>");
        report_text(&b, v[i].activity_name ? v[i].activity_name : "an activity");
        buf_puts(&b, v[i].went ? ": went" : ": did not go");
        if (v[i].comfort_before)
            buf_printf(&b, "; comfort before %d of 5", v[i].comfort_before);
        if (v[i].comfort_after)
            buf_printf(&b, ", after %d of 5", v[i].comfort_after);
        if (v[i].conversations >= 0)
            buf_printf(&b, "; %d conversation%s", v[i].conversations,
                       v[i].conversations == 1 ? "" : "s");
        put_words(&b, "with", v[i].with_whom);
        put_words(&b, "how it felt", v[i].felt);
        put_words(&b, "next", v[i].next_step);
        timeline_add(t, v[i].date, 1, &b);
    }
    buf_free(&b);
}

static void connection_entries(const struct connection *c, size_t n, struct timeline *t)
{
    struct buf b = {0};
    for (size_t i = 0; i < n; i++)
        for (size_t h = 0; h < c[i].n_history; h++) {
            const struct connection_change *ch = &c[i].history[h];
            buf_puts(&b, "<span class=\"kind\">Connection</span>");
            report_text(&b, c[i].name);
            if (ch->ended)
                buf_puts(&b, ": lost touch");
            else {
                buf_puts(&b, h ? ": now " : ": met, ");
                report_text(&b, ch->relationship);
                buf_printf(&b, ", closeness %d of 5", ch->closeness);
                const char *where = connection_met_where(&c[i]);
                if (!h && where) {
                    buf_puts(&b, ", at ");
                    report_text(&b, where);
                }
            }
            timeline_add(t, ch->date, 2, &b);
        }
    buf_free(&b);
}

static void measure_entries(const struct app_measure *m, size_t n, struct timeline *t)
{
    struct buf b = {0};
    for (size_t i = 0; i < n; i++) {
        const struct measure_result *r = &m[i].result;
        buf_puts(&b, "<span class=\"kind\">Measure</span>");
        report_text(&b, r->instrument->title);
        for (size_t s = 0; s < r->n_scales; s++) {
            const struct measure_scale_result *sr = &r->scales[s];
            buf_puts(&b, s ? "; " : ": ");
            report_text(&b, sr->scale->title);
            if (sr->missing) {
                buf_puts(&b, " not scored (too many items missing)");
                continue;
            }
            buf_printf(&b, " %d", sr->score);
            if (sr->band) {
                buf_puts(&b, " (");
                report_text(&b, sr->band->words);
                buf_puts(&b, ")");
            }
        }
        timeline_add(t, m[i].date, 3, &b);
    }
    buf_free(&b);
}

/* Reads the peer's records into the timeline. */
static int read_timeline(struct app *app, int64_t id, struct timeline *t, struct app_error *err)
{
    struct plan *plans;
    struct visit *visits;
    struct connection *conns;
    struct app_measure *measures;
    size_t n;
    char day[11];
    int rc = app_plan_list(app, id, NULL, &plans, &n, err);
    if (rc != BELONG_OK)
        return rc;
    plan_entries(plans, n, t);
    plans_free(plans, n);
    if ((rc = app_visit_list(app, id, &visits, &n, err)) != BELONG_OK)
        return rc;
    visit_entries(visits, n, t);
    visits_free(visits, n);
    if ((rc = app_connection_list(app, id, NULL, &conns, &n, day, err)) != BELONG_OK)
        return rc;
    connection_entries(conns, n, t);
    connections_free(conns, n);
    if ((rc = app_measure_list(app, id, NULL, &measures, &n, err)) != BELONG_OK)
        return rc;
    measure_entries(measures, n, t);
    free(measures);
    qsort(t->e, t->n, sizeof *t->e, compare_entries);
    return BELONG_OK;
}

static void timeline_free(struct timeline *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->e[i].html);
    free(t->e);
}

static const struct {
    const char *chart, *heading;
} peer_charts[] = {
    {"ucla3", "Loneliness (UCLA-3)"},
    {"lsns6", "Social network (LSNS-6)"},
    {"comfort", "Comfort before and after each visit"},
    {"network", "Network size over time"},
    {"ecomap", "The people in touch now (ecomap)"},
};

static void today_text(const struct app *app, char out[11])
{
    struct civil_date d = app_today(app);
    snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* Reads peer id of the caseload, refused (as app_peer_check_active says) when archived.
** OUT: *p (peer_free) on success. */
static int current_peer(struct app *app, int64_t id, struct peer *p, struct app_error *err)
{
    int rc = app_peer_get(app, id, p, err);
    if (rc != BELONG_OK || !p->archived)
        return rc;
    peer_free(p);
    return app_peer_check_active(app, id, APP_PEER_VIEW, "report", NULL, err);
}

int app_report_peer(struct app *app, int64_t peer_id, struct buf *html, struct app_error *err)
{
    struct peer p;
    int rc = current_peer(app, peer_id, &p, err);
    if (rc != BELONG_OK)
        return rc;
    struct timeline t = {0};
    struct buf page = {0}, svg = {0};
    char today[11], title[PEER_TEXT_MAX + 32], sub[160];
    today_text(app, today);
    snprintf(title, sizeof title, "%s: progress report", p.name);
    snprintf(sub, sizeof sub, "Peer #%lld in the caseload of %s, as of %s", (long long)p.id, p.cps,
             today);
    report_page_begin(&page, title, sub);
    buf_puts(&page, "<h2>Charts</h2>\n");
    for (size_t i = 0; i < sizeof peer_charts / sizeof peer_charts[0] && rc == BELONG_OK; i++) {
        buf_reset(&svg);
        rc = app_chart(app, peer_id, peer_charts[i].chart, NULL, &svg, err);
        if (rc != BELONG_OK)
            break;
        buf_puts(&page, "<div class=\"chart\">\n");
        report_element(&page, "h3", peer_charts[i].heading);
        buf_append(&page, buf_str(&svg), svg.len);
        buf_puts(&page, "\n</div>\n");
    }
    if (rc == BELONG_OK)
        rc = read_timeline(app, peer_id, &t, err);
    if (rc == BELONG_OK) {
        buf_puts(&page, "<h2 class=\"break\">Timeline</h2>\n");
        if (!t.n)
            buf_puts(&page, "<p>No plans, visits, connections or measures recorded yet.</p>\n");
        else {
            buf_puts(&page, "<ol class=\"timeline\">\n");
            for (size_t i = 0; i < t.n; i++)
                buf_printf(&page, "<li><span class=\"when\">%s</span>%s</li>\n", t.e[i].date,
                           t.e[i].html);
            buf_puts(&page, "</ol>\n");
        }
        report_page_end(&page, today);
        buf_append(html, buf_str(&page), page.len);
    }
    timeline_free(&t);
    buf_free(&svg);
    buf_free(&page);
    peer_free(&p);
    return rc;
}

/* The place of activity id and how to get there, as a paragraph. */
static void put_place(struct app *app, int64_t id, struct buf *b)
{
    struct activity a;
    struct app_error ignored;
    if (app_activity_get(app, id, &a, &ignored) != BELONG_OK) {
        buf_puts(b, "<p>The place is no longer in the directory: ask your CPS.</p>\n");
        return;
    }
    if (a.is_virtual)
        buf_puts(b, "<p>Online: you join from home.</p>\n");
    if (a.location_name || a.address || a.town) {
        buf_puts(b, "<p>Where: ");
        const char *parts[] = {a.location_name, a.address, a.town, a.zip};
        bool any = false;
        for (size_t i = 0; i < 4; i++)
            if (parts[i] && *parts[i]) {
                buf_puts(b, any ? ", " : "");
                report_text(b, parts[i]);
                any = true;
            }
        buf_puts(b, "</p>\n");
    }
    if (a.access & ACCESS_TRANSIT)
        buf_puts(b, "<p>Getting there: public transit stops nearby.</p>\n");
    if (a.phone) {
        buf_puts(b, "<p>Their phone: ");
        report_text(b, a.phone);
        buf_puts(b, "</p>\n");
    }
    activity_free(&a);
}

static void put_list(struct buf *b, const struct text_list *l, const char *none)
{
    if (!l->n) {
        report_element(b, "p", none);
        return;
    }
    buf_puts(b, "<ul>\n");
    for (size_t i = 0; i < l->n; i++)
        report_element(b, "li", l->items[i]);
    buf_puts(b, "</ul>\n");
}

/* Who the peer can call: the CPS, and connections in touch who are friends, mentors or peers. */
static int put_callers(struct app *app, const struct peer *p, struct buf *b, struct app_error *err)
{
    struct connection *c;
    size_t n;
    char day[11];
    int rc = app_connection_list(app, p->id, NULL, &c, &n, day, err);
    if (rc != BELONG_OK)
        return rc;
    buf_puts(b, "<h2>Who I can call</h2>\n<ul>\n<li>My peer specialist, ");
    report_text(b, p->cps);
    buf_puts(b, "</li>\n");
    for (size_t i = 0; i < n; i++) {
        const struct connection_change *st = connection_as_of(&c[i], day);
        if (!st || st->ended ||
            (strcmp(st->relationship, "friend") && strcmp(st->relationship, "mentor") &&
             strcmp(st->relationship, "peer")))
            continue;
        buf_puts(b, "<li>");
        report_text(b, c[i].name);
        buf_puts(b, ", my ");
        report_text(b, st->relationship);
        const char *where = connection_met_where(&c[i]);
        if (where) {
            buf_puts(b, " from ");
            report_text(b, where);
        }
        buf_puts(b, "</li>\n");
    }
    buf_puts(b, "</ul>\n");
    connections_free(c, n);
    return BELONG_OK;
}

int app_report_plan(struct app *app, int64_t peer_id, struct buf *html, struct app_error *err)
{
    struct peer p;
    int rc = current_peer(app, peer_id, &p, err);
    if (rc != BELONG_OK)
        return rc;
    struct plan *plans = NULL;
    size_t n = 0;
    char today[11], title[PEER_TEXT_MAX + 32];
    today_text(app, today);
    if ((rc = app_plan_list(app, peer_id, "planned", &plans, &n, err)) != BELONG_OK) {
        peer_free(&p);
        return rc;
    }
    struct buf page = {0};
    snprintf(title, sizeof title, "My connection plan: %s", p.name);
    report_page_begin(&page, title, "What I enjoy, my next steps, and who I can call.");
    buf_puts(&page, "<h2>What I enjoy, in my words</h2>\n");
    put_list(&page, &p.interests, "We have not written these down yet.");
    if (p.goals.n) {
        buf_puts(&page, "<h2>What I want</h2>\n");
        put_list(&page, &p.goals, "");
    }
    buf_puts(&page, "<h2>My next steps</h2>\n");
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < REPORT_PLAN_STEPS; i++) {
        if (strcmp(plans[i].date, today) < 0)
            continue;
        struct civil_date d;
        parse_date(plans[i].date, &d);
        buf_printf(&page, "<div class=\"step\">\n<h3>%s %s: ", weekday_short(civil_weekday(&d)),
                   plans[i].date);
        report_text(&page, plans[i].activity_name ? plans[i].activity_name : "an activity");
        buf_puts(&page, "</h3>\n");
        if (plans[i].has_start) {
            struct civil_date on;
            int minute = 0;
            instant_to_local(plans[i].starts_at, app->tz ? app->tz : BELONG_DEFAULT_TZ, &on,
                             &minute, NULL, NULL);
            buf_printf(&page, "<p>Starts at %02d:%02d.</p>\n", minute / 60, minute % 60);
        }
        buf_puts(&page, "<p>How: ");
        report_text(&page, plan_support_words(plans[i].support));
        buf_puts(&page, ".</p>\n");
        if (plans[i].note) {
            buf_puts(&page, "<p>Note: ");
            report_text(&page, plans[i].note);
            buf_puts(&page, "</p>\n");
        }
        put_place(app, plans[i].activity_id, &page);
        buf_puts(&page, "</div>\n");
        shown++;
    }
    if (!shown)
        buf_puts(&page, "<p>No steps planned yet: we will choose one together.</p>\n");
    rc = put_callers(app, &p, &page, err);
    if (rc == BELONG_OK) {
        report_page_end(&page, today);
        buf_append(html, buf_str(&page), page.len);
    }
    buf_free(&page);
    plans_free(plans, n);
    peer_free(&p);
    return rc;
}
