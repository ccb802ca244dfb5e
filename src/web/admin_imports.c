/* admin_imports.c — the admin's imports page (docs/api.md): an iCalendar file uploaded with a
** form (multipart/form-data, up to WEB_UPLOAD_MAX on this route only), read by the same parser
** as `belong import ical` and written by app_import in one transaction; the page then says what
** was imported and lists every refused row. Written only through the HTML writer (html.h).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../app/app_directory.h"
#include "../app/app_import.h"
#include "../util/text.h"
#include "html.h"
#include "web_internal.h"

#define IMPORT_PROBLEMS_SHOWN 500 /* refused rows listed on the page */

/* What the form had, and what the import did or why it was refused. */
struct import_page {
    const char *source; /* as typed */
    bool lenient;
    const char *refused;  /* why nothing was imported, or NULL */
    const char *field;    /* the field at fault, or NULL */
    const char *imported; /* "file.ics as source ical:file.ics": what was done, or NULL */
    const struct import_stats *stats;
    long rejected;
    const struct diag *problems;
    char message[512]; /* the operation's refusal, when refused points here */
    char path[512];    /* the temporary file the parser read: the upload's name in problems */
    const char *name;  /* the upload's name */
};

/* The refused rows, each named by the uploaded file's name rather than the temporary file's. */
static void problems_list(struct buf *b, const struct import_page *p)
{
    const struct diag *d = p->problems;
    size_t prefix = strlen(p->path);
    if (!d || !d->count)
        return;
    html_printf(b, "<h2>Refused rows (%z)</h2>\n<ol class=\"problems\">\n", d->count);
    const char *line = buf_str(&d->text);
    for (size_t i = 0; *line && i < IMPORT_PROBLEMS_SHOWN; i++) {
        size_t n = strcspn(line, "\n");
        bool named = prefix && n >= prefix && memcmp(line, p->path, prefix) == 0;
        char *one = named ? xstrndup(line + prefix, n - prefix) : xstrndup(line, n);
        html_printf(b, "<li>%s%s</li>\n", named ? p->name : "", one);
        free(one);
        line += n + (line[n] == '\n');
    }
    html_printf(b, "</ol>\n");
    if (d->count > IMPORT_PROBLEMS_SHOWN)
        html_printf(b, "<p>The first %d are listed.</p>\n", IMPORT_PROBLEMS_SHOWN);
}

static void imports_page(struct web_request *req, struct web_response *resp,
                         const struct import_page *p, unsigned status)
{
    struct buf *b = &resp->body;
    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, "Imports");
    html_printf(b, "<h1>Import listings</h1>\n");
    if (p->imported) {
        const struct import_stats *s = p->stats;
        html_printf(b,
                    "<p class=\"notice\" role=\"status\">Imported %s: %l %s (%l new), %l "
                    "occurrences, %l refused, %l retired (no longer listed).</p>\n",
                    p->imported, (long long)s->activities,
                    s->activities == 1 ? "activity" : "activities", (long long)s->created,
                    (long long)s->occurrences, (long long)p->rejected, (long long)s->retired);
    }
    if (p->refused && !p->field)
        html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>\n", p->refused);
    problems_list(b, p);
    html_printf(b, "<h2>Upload a file</h2>\n<p>An iCalendar file (.ics) of a directory's "
                   "activities, at most 16 MiB. A file imported again under the same source "
                   "replaces that source's listings: those it no longer lists are retired. "
                   "Everything is written at once, or nothing is.</p>\n"
                   "<form method=\"post\" action=\"/admin/imports\" "
                   "enctype=\"multipart/form-data\">\n");
    html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
                req->session.csrf[0] ? req->session.csrf : "");
    bool file_bad = p->field && strcmp(p->field, "file") == 0;
    html_printf(b, "<label for=\"file\">iCalendar file</label>\n<input type=\"file\" id=\"file\" "
                   "name=\"file\" accept=\".ics,text/calendar\" required");
    if (file_bad)
        html_printf(b,
                    " aria-invalid=\"true\" aria-describedby=\"file-error\">\n"
                    "<p class=\"error\" id=\"file-error\">%s</p>\n",
                    p->refused);
    else
        html_printf(b, ">\n");
    bool source_bad = p->field && strcmp(p->field, "source") == 0;
    html_printf(b,
                "<label for=\"source\">Source <span class=\"hint\">optional; default "
                "ical:FILE-NAME</span></label>\n<input type=\"text\" id=\"source\" "
                "name=\"source\" value=\"%s\"",
                p->source ? p->source : "");
    if (source_bad)
        html_printf(b,
                    " aria-invalid=\"true\" aria-describedby=\"source-error\">\n"
                    "<p class=\"error\" id=\"source-error\">%s</p>\n",
                    p->refused);
    else
        html_printf(b, ">\n");
    html_printf(b,
                "<label class=\"inline\"><input type=\"checkbox\" name=\"lenient\" value=\"on\"%s> "
                "import the valid rows when some are refused</label>\n"
                "<div><button type=\"submit\">Import</button></div>\n</form>\n",
                p->lenient ? " checked" : "");
    html_page_end(b);
}

/* Writes the upload to a private temporary file for the parser, which reads a path. Returns
** the path (free, unlink) or NULL. */
static char *upload_file(const struct web_request *req)
{
    const char *dir = getenv("TMPDIR");
    char *path = NULL;
    size_t n = strlen(dir && *dir ? dir : "/tmp") + 32;
    path = xmalloc(n);
    snprintf(path, n, "%s/belong-upload-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path); /* 0600 */
    if (fd < 0) {
        free(path);
        return NULL;
    }
    const char *data = req->upload.data;
    size_t left = req->upload.len;
    while (left) {
        ssize_t w = write(fd, data, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(path);
            free(path);
            return NULL;
        }
        data += w, left -= (size_t)w;
    }
    if (close(fd) != 0) {
        unlink(path);
        free(path);
        return NULL;
    }
    return path;
}

/* Reads and imports the upload. OUT: p (what was done or why not), diag, stats. Returns the
** page's status. */
static unsigned import_upload(struct web_request *req, struct app *app, struct import_page *p,
                              struct diag *diag, struct import_stats *stats, char *source,
                              size_t source_len)
{
    if (!req->upload_name[0] || !req->upload.len) {
        p->refused = "choose an iCalendar file (.ics) to upload";
        p->field = "file";
        return 400;
    }
    if (p->source && *p->source && text_problem(p->source, 200, false)) {
        p->refused = "the source is a short name: at most 200 bytes of text";
        p->field = "source";
        return 400;
    }
    if (req->upload.len >= 4 && memcmp(req->upload.data, "PK\x03\x04", 4) == 0) {
        p->refused = "this is a zip file: the page imports iCalendar files; import a zipped "
                     "HSDS package with belong import hsds";
        p->field = "file";
        return 400;
    }
    char *path = upload_file(req);
    snprintf(p->path, sizeof p->path, "%s", path ? path : "");
    p->name = req->upload_name;
    if (!path) {
        fprintf(stderr, "belong serve: cannot keep an upload in a temporary file: %s\n",
                strerror(errno));
        p->refused = "the server cannot keep the file just now; try again";
        return 500;
    }
    /* The upload's name, not the temporary file's, names the source. */
    snprintf(source, source_len, "%s%s", p->source && *p->source ? "" : "ical:",
             p->source && *p->source ? p->source : req->upload_name);
    struct import_batch batch = {0};
    struct app_import_request ask = {
        .format = format_find("ical"), .path = path, .source = source, .lenient = p->lenient};
    struct app_import_read read = {0};
    struct app_error read_err = {0};
    int rc = app_import_read(&ask, &batch, diag, &read, &read_err);
    p->rejected = read.counts.rejected;
    unlink(path);
    free(path);
    unsigned status = 200;
    if (rc == BELONG_EDATA && read.refusal == IMPORT_PROBLEMS) {
        p->refused = "some rows are refused (below); nothing was imported: fix the file, or "
                     "import the valid rows";
        status = 400;
    } else if (rc == BELONG_EDATA && read.refusal == IMPORT_NOTHING_VALID) {
        p->refused = "nothing valid in the file; nothing was imported";
        status = 400;
    } else if (rc != BELONG_OK) {
        snprintf(p->message, sizeof p->message, "%s",
                 read_err.message[0] ? read_err.message : "the file cannot be read as iCalendar");
        p->refused = p->message;
        p->field = "file";
        status = 400;
    } else if (import_batch_count(&batch) == 0) {
        p->refused = "nothing valid in the file; nothing was imported";
        status = 400;
    } else {
        struct import_options opt = {.lenient = p->lenient};
        struct app_error err;
        struct diag written = {0};
        rc = app_import(app, &batch, &opt, &written, stats, &err);
        buf_append(&diag->text, written.text.data ? written.text.data : "", written.text.len);
        diag->count += written.count;
        diag_free(&written);
        if (rc != BELONG_OK) {
            snprintf(p->message, sizeof p->message, "%s", err.message);
            p->refused = p->message;
            status = rc == BELONG_EDATA ? 400 : 500;
        } else {
            p->rejected += stats->rejected;
            p->imported = source;
        }
    }
    import_batch_free(&batch);
    return status;
}

/* GET: the form; POST: the upload imported, and the page with what was done. */
void page_admin_imports(struct web_request *req, struct web_response *resp)
{
    struct app *app = web_app(req, resp);
    if (!app)
        return;
    struct import_page p = {0};
    if (strcmp(req->method, "POST") != 0) {
        imports_page(req, resp, &p, 200);
        return;
    }
    p.source = web_form_get(req, "source");
    p.lenient = web_form_get(req, "lenient") != NULL;
    struct diag diag = {0};
    struct import_stats stats = {0};
    char source[512];
    p.stats = &stats;
    p.problems = &diag;
    unsigned status = import_upload(req, app, &p, &diag, &stats, source, sizeof source);
    imports_page(req, resp, &p, status);
    diag_free(&diag);
}
