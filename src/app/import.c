/* import.c — the import operation's reading half (app_import.h): a format from the table reads
** the path into a batch, with the store's scratch file for its rows; then the one place that
** decides whether what was read may be written, and names the source.
*/
#include "app_import.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../directory/catalog.h"
#include "../store/staging.h"
#include "../util/buf.h"

/* The formats stage their rows in the store's scratch file. */
static const struct format_rows staging_rows = {
    staging_open, staging_close,         staging_errmsg, staging_put,      staging_get,
    staging_find, staging_count_flagged, staging_link,   staging_children,
};

static int batch_take(void *ctx, struct import_record *r, char *err, size_t errlen)
{
    return import_batch_take(ctx, r, err, errlen);
}

void app_import_sink(struct import_batch *b, struct format_sink *sink)
{
    *sink = (struct format_sink){.record = batch_take, .ctx = b, .rows = &staging_rows};
}

/* The default name of a source (heap): FORMAT:PACKAGE when the source names itself, else
** FORMAT: and the last part of its path (the folder's or the file's name) when the format is
** named so, else FORMAT:ABSOLUTE-PATH. */
static char *source_name(const struct format *f, const char *path, const char *resolved,
                         const char *package)
{
    struct buf name = {0};
    const char *p = resolved ? resolved : path;
    if (*package) {
        buf_printf(&name, "%s:%s", f->name, package);
    } else if (!f->named_by_last_part) {
        buf_printf(&name, "%s:%s", f->name, p);
    } else {
        size_t n = strlen(p);
        while (n > 1 && p[n - 1] == '/')
            n--;
        size_t start = n;
        while (start > 0 && p[start - 1] != '/')
            start--;
        if (start == n) /* "/" itself */
            start = 0;
        buf_printf(&name, "%s:%.*s", f->name, (int)(n - start), p + start);
    }
    return buf_detach(&name);
}

/* Gives the accepted batch its source's names and kind. */
static void name_source(const struct app_import_request *req, const struct format *f,
                        struct import_batch *batch, struct app_import_read *out)
{
    char abs_path[PATH_MAX];
    const char *resolved = realpath(req->path, abs_path);
    if (req->source) {
        batch->source = xstrdup(req->source);
    } else {
        batch->source = source_name(f, req->path, resolved, out->counts.package_name);
        out->name_guessed = f->named_by_last_part && !*out->counts.package_name;
        if (f->named_by_last_part) {
            /* Sources used to be named by their absolute path: one stored under that name keeps
            ** its listings under the new name. */
            struct buf former = {0};
            buf_printf(&former, "%s:%s", f->name, resolved ? resolved : req->path);
            batch->former_source = buf_detach(&former);
        }
    }
    batch->kind = xstrdup(f->name);
}

/* What cannot be read: the formats belong reads, in a line. */
static void unknown_format(const char *path, struct app_error *err)
{
    struct buf known = {0};
    for (const struct format *f = format_table; f->name; f++)
        buf_printf(&known, "%s%s (belong import %s)", f == format_table ? "" : " or ", f->what,
                   f->name);
    app_fail(err, BELONG_EDATA, "PATH", "%s: not a source belong can read: give %s", path,
             buf_str(&known));
    buf_free(&known);
}

int app_import_read(const struct app_import_request *req, struct import_batch *batch,
                    struct diag *diag, struct app_import_read *out, struct app_error *err)
{
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    struct stat st;
    if (stat(req->path, &st) != 0)
        return app_fail(err, BELONG_ENOINPUT, "PATH", "%s: no such file or folder", req->path);
    const struct format *f = req->format ? req->format : format_detect(req->path);
    if (!f) {
        out->refusal = IMPORT_UNKNOWN;
        unknown_format(req->path, err);
        return BELONG_EDATA;
    }
    out->format = f;
    struct format_sink sink;
    app_import_sink(batch, &sink);
    int rc = f->parse(req->path, &sink, diag, &out->counts);
    err->status = rc;
    if (rc != BELONG_OK && rc != BELONG_EDATA)
        return rc; /* the format said why, in diag */
    if (out->counts.broken_files > 0) {
        /* Refused whole, even when lenient: the listings after the break would be retired as if
        ** the directory had dropped them. */
        out->refusal = IMPORT_BROKEN;
        out->counts.rejected += out->counts.records; /* the valid ones go too */
        import_batch_free(batch);
        return app_fail(err, BELONG_EDATA, "PATH",
                        "%s cannot be read to the end (the file breaks off); nothing was "
                        "imported, even with --lenient (fix or download it again)",
                        *out->counts.broken_file ? out->counts.broken_file : req->path);
    }
    if (rc == BELONG_EDATA && !req->lenient) {
        out->refusal = IMPORT_PROBLEMS;
        return rc;
    }
    if (rc == BELONG_EDATA && import_batch_count(batch) == 0) {
        /* Writing an empty batch would mark every activity of the source inactive. */
        out->refusal = IMPORT_NOTHING_VALID;
        return rc;
    }
    name_source(req, f, batch, out);
    err->status = BELONG_OK;
    return BELONG_OK;
}
