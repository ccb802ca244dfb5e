/* admin_imports.c — the admin's imports page (docs/web.md): an iCalendar file or a zipped HSDS
** package uploaded with a form (multipart/form-data, up to site.upload_max on this route only,
** its file field written to a temporary file as it arrives: upload.c),
** read by the same operation as `belong import` (app_import_read: a .zip is unpacked and its
** package read as `belong import hsds FILE.zip` does) and written by app_import in one
** transaction; the page then says what was imported, how long reading and writing took, how
** the files were read where not as written (the notes the CLI's summary ends with: "read as
** Windows-1252"), and lists every refused row. Written only through the HTML writer (html.h).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../app/app_directory.h"
#include "../app/app_import.h"
#include "../formats/format.h"
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
    const char *imported; /* the source imported into ("hsds:export"), or NULL */
    const char *name;     /* the upload's name */
    const struct import_stats *stats;
    long rejected;
    long records;                /* valid listings read */
    double read_s, write_s;      /* how long reading (and unpacking) and writing took */
    const struct diag *problems; /* each named by the upload's name (app_import_read) */
    char message[512];           /* the operation's refusal, when refused points here */
    /* How the files were read where not as written (format_counts.notes), or "". */
    char notes[sizeof((struct format_counts *)0)->notes];
};

/* The refused rows, as the import named them: FILE:LINE: field: what is wrong. */
static void problems_list(struct buf *b, const struct import_page *p)
{
    const struct diag *d = p->problems;
    if (!d || !d->count)
        return;
    html_printf(b, "<h2>Refused rows (%z)</h2>\n<ol class=\"problems\">\n", d->count);
    const char *line = buf_str(&d->text);
    for (size_t i = 0; *line && i < IMPORT_PROBLEMS_SHOWN; i++) {
        size_t n = strcspn(line, "\n");
        char *one = xstrndup(line, n);
        html_printf(b, "<li>%s</li>\n", one);
        free(one);
        line += n + (line[n] == '\n');
    }
    html_printf(b, "</ol>\n");
    if (d->count > IMPORT_PROBLEMS_SHOWN)
        html_printf(b, "<p>The first %d are listed.</p>\n", IMPORT_PROBLEMS_SHOWN);
}

/* What was imported, and how long it took. */
static void import_notice(struct buf *b, const struct import_page *p)
{
    const struct import_stats *s = p->stats;
    char read_s[32], write_s[32];
    snprintf(read_s, sizeof read_s, "%.1f s", p->read_s);
    snprintf(write_s, sizeof write_s, "%.1f s", p->write_s);
    html_printf(b,
                "<p class=\"notice\" role=\"status\">Imported %s: %l %s (%l new), %l "
                "occurrences, %l refused, %l retired (no longer listed).</p>\n"
                "<p>Read %l valid listings from %s in %s; written in one transaction in %s. "
                "Of them, %l were listed already and are updated.</p>\n",
                p->imported, (long long)s->activities,
                s->activities == 1 ? "activity" : "activities", (long long)s->created,
                (long long)s->occurrences, (long long)p->rejected, (long long)s->retired,
                (long long)p->records, p->name, read_s, write_s,
                (long long)(s->activities - s->created));
}

/* How the files were read where not as written (format_counts.notes, "; " between files), as
** the CLI's summary says it: shown whether the import was done or refused. */
static void notes_paragraph(struct buf *b, const struct import_page *p)
{
    if (p->notes[0])
        html_printf(b, "<p class=\"notes\">How the files were read: %s.</p>\n", p->notes);
}

static void imports_page(struct web_request *req, struct web_response *resp,
                         const struct import_page *p, unsigned status)
{
    struct buf *b = &resp->body;
    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
    web_page_begin(resp, "Imports");
    html_printf(b, "<h1>Import listings</h1>\n");
    if (p->imported)
        import_notice(b, p);
    if (p->refused && !p->field)
        html_printf(b, "<p class=\"error\" role=\"alert\">%s</p>\n", p->refused);
    notes_paragraph(b, p);
    problems_list(b, p);
    html_printf(b,
                "<h2>Upload a file</h2>\n<p>An iCalendar file (.ics) of a directory's "
                "activities, or an Open Referral HSDS package zipped as directories publish "
                "them (.zip: its CSV files and datapackage.json, at the top or in one folder, or "
                "an HSDS 3.0 .json file), at most %z MiB. A file imported again under the same "
                "source replaces that source's listings: those it no longer lists are retired. "
                "Everything is written at once, or nothing is. The page answers when the whole "
                "import is done, with how many listings were read and how long it took.</p>\n"
                "<form method=\"post\" action=\"/admin/imports\" "
                "enctype=\"multipart/form-data\">\n",
                req->site->upload_max >> 20);
    html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
                req->session.csrf[0] ? req->session.csrf : "");
    bool file_bad = p->field && strcmp(p->field, "file") == 0;
    html_printf(b, "<label for=\"file\">iCalendar file or zipped HSDS package</label>\n"
                   "<input type=\"file\" id=\"file\" name=\"file\" "
                   "accept=\".ics,.zip,text/calendar,application/zip\" required");
    if (file_bad)
        html_printf(b,
                    " aria-invalid=\"true\" aria-describedby=\"file-error\">\n"
                    "<p class=\"error\" id=\"file-error\">%s</p>\n",
                    p->refused);
    else
        html_printf(b, ">\n");
    bool source_bad = p->field && strcmp(p->field, "source") == 0;
    html_printf(b,
                "<label for=\"source\">Source <span class=\"hint\">optional; default: the "
                "package's name, else hsds:FILE-NAME or ical:FILE-NAME</span></label>\n"
                "<input type=\"text\" id=\"source\" name=\"source\" value=\"%s\"",
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

/* Whether the upload is a zip archive: its first bytes, or its name. */
static bool upload_is_zip(const struct web_request *req)
{
    const unsigned char *d = req->upload_head;
    return (req->upload_len >= 4 && d[0] == 'P' && d[1] == 'K' &&
            ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6))) ||
           format_name_ends(req->upload_name, ".zip");
}

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Writes the batch read (app_import). Returns the page's status. */
static unsigned import_write(struct app *app, struct import_page *p,
                             const struct app_import_read *read, struct import_batch *batch,
                             struct diag *diag, struct import_stats *stats)
{
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    struct import_options opt = {.lenient = p->lenient, .name_guessed = read->name_guessed};
    struct app_error err;
    struct diag written = {0};
    int rc = app_import(app, batch, &opt, &written, stats, &err);
    buf_append(&diag->text, written.text.data ? written.text.data : "", written.text.len);
    diag->count += written.count;
    diag_free(&written);
    p->write_s = seconds_since(&started);
    if (rc != BELONG_OK) {
        snprintf(p->message, sizeof p->message, "%s", err.message);
        p->refused = p->message;
        return rc == BELONG_EDATA ? 400 : 500;
    }
    p->rejected += stats->rejected;
    p->imported = batch->source;
    return 200;
}

/* Reads and imports the upload. OUT: p (what was done or why not), diag, stats; *source: the
** source imported into (heap, the caller frees it). Returns the page's status. */
static unsigned import_upload(struct web_request *req, struct app *app, struct import_page *p,
                              struct diag *diag, struct import_stats *stats, char **source)
{
    if (!req->upload_name[0] || !req->upload_len) {
        p->refused = "choose an iCalendar file (.ics) or a zipped HSDS package (.zip) to upload";
        p->field = "file";
        return 400;
    }
    if (text_problem(req->upload_name, sizeof req->upload_name - 1, false)) {
        /* It names the source and the files in messages: the user's text, checked as such. */
        p->refused = "the file's name is not printable UTF-8 text (a control character, or "
                     "another encoding): rename the file and upload it again";
        p->field = "file";
        return 400;
    }
    if (p->source && *p->source && text_problem(p->source, 200, false)) {
        p->refused = "the source is a short name: at most 200 bytes of text";
        p->field = "source";
        return 400;
    }
    p->name = req->upload_name;
    bool zip = upload_is_zip(req);
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    const char *path = req->upload_path; /* on disk as it came; removed when answered */
    struct import_batch batch = {0};
    struct app_import_request ask = {.format = format_find(zip ? "hsds" : "ical"),
                                     .path = path,
                                     .name = req->upload_name,
                                     .source = p->source && *p->source ? p->source : NULL,
                                     .lenient = p->lenient};
    struct app_import_read read = {0};
    struct app_error read_err = {0};
    int rc = app_import_read(&ask, &batch, diag, &read, &read_err);
    p->read_s = seconds_since(&started);
    p->rejected = read.counts.rejected;
    p->records = (long)import_batch_count(&batch);
    snprintf(p->notes, sizeof p->notes, "%s", read.counts.notes);
    unsigned status = 400;
    if (rc == BELONG_EDATA && read.refusal == IMPORT_PROBLEMS) {
        p->refused = "some rows are refused (below); nothing was imported: fix the file, or "
                     "import the valid rows";
    } else if (rc == BELONG_EDATA && read.refusal == IMPORT_NOTHING_VALID) {
        p->refused = "nothing valid in the file; nothing was imported";
    } else if (rc != BELONG_OK) {
        snprintf(p->message, sizeof p->message, "%s",
                 read_err.message[0] ? read_err.message
                 : zip               ? "the package in the archive cannot be read"
                                     : "the file cannot be read as iCalendar");
        p->refused = p->message;
        p->field = "file";
        if (rc != BELONG_EDATA && rc != BELONG_ENOINPUT) {
            fprintf(stderr, "belong serve: an upload cannot be read: %s\n", p->message);
            status = 500;
        }
    } else if (import_batch_count(&batch) == 0) {
        p->refused = "nothing valid in the file; nothing was imported";
    } else {
        status = import_write(app, p, &read, &batch, diag, stats);
        if (p->imported)
            p->imported = *source = xstrdup(batch.source);
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
    char *source = NULL;
    p.stats = &stats;
    p.problems = &diag;
    unsigned status = import_upload(req, app, &p, &diag, &stats, &source);
    imports_page(req, resp, &p, status);
    diag_free(&diag);
    free(source);
}
