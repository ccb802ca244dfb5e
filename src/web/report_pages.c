/* report_pages.c — a peer's reports and records on the web: the peer report and the printable
** "my connection plan" (the self-contained pages of app_reports.h, served as they are), the
** charts as SVG, the caseload report, the export of everything recorded about a peer as a
** download (audited by the operation), and the erasure behind a confirmation form.
**   GET  /peers/{id}/records        what can be printed, downloaded or erased
**   GET  /peers/{id}/report         the peer report
**   GET  /peers/{id}/plan           "my connection plan", to print
**   GET  /peers/{id}/charts/{name}  one chart (ucla3, lsns6, network, ecomap, comfort) as SVG
**   GET  /peers/{id}/export         everything recorded, as a JSON download
**   GET  /peers/{id}/delete         the confirmation form
**   POST /peers/{id}/delete         erases the peer (app_peer_erase), 303 to /
**   GET  /reports/caseload?from=&to=  the caseload report
*/
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_charts.h"
#include "../app/app_peer_records.h"
#include "../app/app_peers.h"
#include "../app/app_reports.h"
#include "forms.h"
#include "html.h"

/* Appends 'sha256-HASH' of text[0..len) to out, with a space before it. */
static void put_hash(struct buf *out, const char *text, size_t len)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hash[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    crypto_hash_sha256(digest, (const unsigned char *)text, len);
    sodium_bin2base64(hash, sizeof hash, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
    if (!strstr(buf_str(out), hash)) /* each once: the charts share their style */
        buf_printf(out, " 'sha256-%s'", hash);
}

/* The policy of a self-contained page (a report, a chart): its inline style sheet and style
** attributes allowed by their hashes alone ('unsafe-hashes' is what lets an attribute through
** by its hash), nothing fetched but this server's images, no script. OUT: resp->csp. */
static void set_page_csp(struct web_response *resp, const struct buf *page)
{
    struct buf hashes = {0};
    const char *s = buf_str(page);
    const char *open = strstr(s, "<style>"), *close = open ? strstr(open, "</style>") : NULL;
    if (close)
        put_hash(&hashes, open + strlen("<style>"), (size_t)(close - open) - strlen("<style>"));
    bool attributes = false;
    for (const char *at = strstr(s, " style=\""); at; at = strstr(at, " style=\"")) {
        at += strlen(" style=\"");
        size_t len = strcspn(at, "\"");
        put_hash(&hashes, at, len);
        attributes = true;
        at += len;
    }
    snprintf(resp->csp, sizeof resp->csp,
             "default-src 'none'; style-src%s%s; img-src 'self'; frame-ancestors 'none'; "
             "base-uri 'none'; form-action 'self'",
             attributes ? " 'unsafe-hashes'" : "", hashes.len ? buf_str(&hashes) : " 'none'");
    buf_free(&hashes);
}

/* Answers a self-contained report page. */
static void serve_report(struct web_response *resp, struct buf *html)
{
    resp->status = 200;
    resp->content_type = "text/html; charset=utf-8";
    set_page_csp(resp, html);
    buf_free(&resp->body);
    resp->body = *html;
    memset(html, 0, sizeof *html);
}

/* Answers the self-contained page write makes of peer req->id (its read audited by it). */
static void peer_page(struct web_request *req, struct web_response *resp,
                      int (*write)(struct app *, int64_t, struct buf *, struct app_error *))
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct buf html = {0};
    struct app_error err;
    if (write(app, req->id, &html, &err) == BELONG_OK)
        serve_report(resp, &html);
    else
        forms_fail(resp, &err);
    buf_free(&html);
}

void page_peer_report(struct web_request *req, struct web_response *resp)
{
    peer_page(req, resp, app_report_peer);
}

void page_peer_plan(struct web_request *req, struct web_response *resp)
{
    peer_page(req, resp, app_report_plan);
}

void page_peer_chart(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    const char *name = strrchr(req->path, '/') + 1;
    struct app_error err;
    struct buf svg = {0};
    int rc = BELONG_EUSAGE;
    for (size_t i = 0; i < app_chart_count; i++)
        if (strcmp(name, app_chart_names[i]) == 0)
            rc = BELONG_OK;
    if (rc != BELONG_OK)
        app_fail(&err, BELONG_ENOINPUT, NULL, "there is no such chart");
    if (rc == BELONG_OK)
        rc = app_chart(app, req->id, name, NULL, &svg, &err);
    if (rc == BELONG_OK) {
        resp->status = 200;
        resp->content_type = "image/svg+xml";
        set_page_csp(resp, &svg);
        buf_free(&resp->body);
        resp->body = svg;
        memset(&svg, 0, sizeof svg);
    } else {
        forms_fail(resp, &err);
    }
    buf_free(&svg);
}

void page_peer_records(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    struct peer p;
    if (!app || !forms_peer(req, resp, app, &p))
        return;
    forms_page_begin(resp, 200, "Reports and records");
    struct buf *b = &resp->body;
    long long id = (long long)p.id;
    forms_peer_nav(b, &p);
    html_printf(b,
                "<h1>Reports and records of %s</h1>\n<ul class=\"actions\">\n"
                "<li><a href=\"/peers/%l/plan\">Print “my connection plan”</a>: opens the page "
                "to print for them (use the browser's Print; it prints without navigation)</li>\n"
                "<li><a href=\"/peers/%l/report\">The peer report</a>: the charts and the "
                "timeline, to print or keep</li>\n"
                "<li><a href=\"/peers/%l/export\" download>Download everything recorded about "
                "them</a> (JSON, for their right of access; the download is recorded in the audit "
                "trail)</li>\n"
                "<li><a href=\"/peers/%l/delete\">Erase them and every record about them</a></li>\n"
                "</ul>\n",
                p.name, id, id, id, id);
    html_page_end(b);
    peer_free(&p);
}

void page_peer_export(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp); /* the export is audited */
    if (!app)
        return;
    struct app_peer_record r;
    struct app_error err;
    if (app_peer_export(app, req->id, &r, NULL, &err) != BELONG_OK) {
        app_peer_record_free(&r);
        forms_fail(resp, &err);
        return;
    }
    json_t *doc = app_peer_record_json(app, &r);
    app_peer_record_free(&r);
    char *text = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(doc);
    if (!text) {
        web_error(resp, false, 500, NULL, "the server could not answer; see its log");
        return;
    }
    resp->status = 200;
    resp->content_type = "application/json";
    snprintf(resp->disposition, sizeof resp->disposition,
             "attachment; filename=\"peer-%lld-records.json\"", (long long)req->id);
    buf_reset(&resp->body);
    buf_puts(&resp->body, text);
    buf_putc(&resp->body, '\n');
    free(text);
}

static void delete_form(struct web_request *req, struct web_response *resp, const struct peer *p,
                        const struct forms_problems *problems)
{
    forms_page_begin(resp, problems ? 400 : 200, "Erase a peer");
    struct buf *b = &resp->body;
    char action[64];
    snprintf(action, sizeof action, "/peers/%lld/delete", (long long)p->id);
    forms_peer_nav(b, p);
    html_printf(b,
                "<h1>Erase %s and every record about them?</h1>\n"
                "<p>The profile, their plans, visits, choices, measures and connections are "
                "deleted for good; the audit trail keeps only that an erasure happened. To keep "
                "the records and hide the peer, archive them instead. To give them their records "
                "first, <a href=\"/peers/%l/export\" download>download them</a>.</p>\n",
                p->name, (long long)p->id);
    forms_problem_summary(b, problems);
    forms_open(b, req, action);
    static const char *const values[] = {"yes"};
    const char *labels[] = {"Yes, erase them for good"};
    forms_choices(b, problems, "confirm", "Are you sure?", true, 1, values, labels, NULL);
    html_printf(b,
                "<div class=\"wide\"><button type=\"submit\" class=\"danger\">Erase</button> "
                "<a href=\"/peers/%l/records\">Keep them</a></div>\n</form>\n",
                (long long)p->id);
    html_page_end(b);
}

static void confirm_delete(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    struct peer p;
    if (!app || !forms_peer(req, resp, app, &p))
        return;
    delete_form(req, resp, &p, NULL);
    peer_free(&p);
}

static void delete_peer(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    const char *confirm = web_form_get(req, "confirm");
    struct app_error err;
    if (!confirm || strcmp(confirm, "yes") != 0) {
        struct peer p;
        if (forms_peer(req, resp, app, &p)) {
            struct forms_problems problems = {0};
            forms_problem(&problems, "confirm", "tick the box to say you mean it");
            delete_form(req, resp, &p, &problems);
        }
        peer_free(&p);
        goto out;
    }
    struct app_erased gone;
    if (app_peer_erase(app, req->id, &gone, &err) == BELONG_OK)
        web_redirect(resp, "/");
    else
        forms_fail(resp, &err);
out:
}

void page_peer_delete(struct web_request *req, struct web_response *resp)
{
    if (strcmp(req->method, "POST") == 0)
        delete_peer(req, resp);
    else
        confirm_delete(req, resp);
}

/* The query's from and to. */
struct period {
    char from[16], to[16];
};

static int read_period(void *ctx, const char *name, const char *value)
{
    struct period *p = ctx;
    if (strcmp(name, "from") == 0)
        snprintf(p->from, sizeof p->from, "%s", value);
    else if (strcmp(name, "to") == 0)
        snprintf(p->to, sizeof p->to, "%s", value);
    return 0;
}

/* A period refused: 400 with the period's form, the dates as typed, the field at fault marked
** and named with why (the operation's words). */
static void period_form(struct web_response *resp, const struct period *period,
                        const struct app_error *err)
{
    struct forms_problems problems = {0};
    forms_problem_of(&problems, err);
    forms_page_begin(resp, 400, "The caseload report");
    struct buf *b = &resp->body;
    html_printf(b, "<h1>The caseload report</h1>\n<p>Which period should it cover?</p>\n");
    html_printf(b, "<form method=\"get\" action=\"/reports/caseload\">\n");
    forms_input(b, &problems, "from", "date", "From", "YYYY-MM-DD", period->from);
    forms_input(b, &problems, "to", "date", "To", "YYYY-MM-DD, included", period->to);
    html_printf(b, "<div class=\"wide\"><button type=\"submit\">Show the report</button></div>\n"
                   "</form>\n");
    html_page_end(b);
}

void page_caseload_report(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp); /* the peers listed are audited */
    if (!app)
        return;
    struct period period = {"", ""};
    web_each_argument(req, read_period, &period);
    struct report_caseload r = {0};
    struct app_error err;
    if (app_report_caseload(app, period.from[0] ? period.from : NULL,
                            period.to[0] ? period.to : NULL, &r, &err) == BELONG_OK) {
        struct buf html = {0};
        app_report_caseload_html(&r, &html);
        serve_report(resp, &html);
        buf_free(&html);
    } else if ((err.status == BELONG_EDATA || err.status == BELONG_EUSAGE) && err.field) {
        period_form(resp, &period, &err);
    } else {
        forms_fail(resp, &err);
    }
    app_report_caseload_free(&r);
}
