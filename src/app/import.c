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
#include "../formats/zip.h"
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
** FORMAT:NAME when the caller named the path (an upload), else FORMAT: and the last part of its
** path (the folder's or the file's name) when the format is named so, else FORMAT:ABSOLUTE-PATH;
** an archive's name without its .zip, so that the export zipped is the export. */
static char *source_name(const struct format *f, const struct app_import_request *req,
                         const char *resolved, const char *package, bool archive)
{
    struct buf name = {0};
    const char *p = req->name ? req->name : resolved ? resolved : req->path;
    if (*package) {
        buf_printf(&name, "%s:%s", f->name, package);
        return buf_detach(&name);
    }
    size_t n = strlen(p), start = 0;
    if (req->name || f->named_by_last_part) {
        while (n > 1 && p[n - 1] == '/')
            n--;
        start = n;
        while (start > 0 && p[start - 1] != '/')
            start--;
        if (start == n) /* "/" itself */
            start = 0;
        if (archive && n - start > 4 && format_name_ends(p + start, ".zip"))
            n -= 4;
    }
    buf_printf(&name, "%s:%.*s", f->name, (int)(n - start), p + start);
    return buf_detach(&name);
}

/* Gives the accepted batch its source's names and kind. */
static void name_source(const struct app_import_request *req, const struct format *f, bool archive,
                        struct import_batch *batch, struct app_import_read *out)
{
    char abs_path[PATH_MAX];
    const char *resolved = realpath(req->path, abs_path);
    if (req->source) {
        batch->source = xstrdup(req->source);
    } else {
        batch->source = source_name(f, req, resolved, out->counts.package_name, archive);
        out->name_guessed = f->named_by_last_part && !*out->counts.package_name;
        if (f->named_by_last_part && !req->name && !archive) {
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

/* Where the source read lies: path, and how messages name what is read. A file or folder read
** under another name than the user's (an archive unpacked into a temporary folder, an upload
** kept in a temporary file) is named as the user knows it: a path beginning with real begins
** with shown instead (ARCHIVE/ENTRY, the upload's name). */
struct where {
    const char *path;
    const char *real;  /* the temporary folder or file, or NULL: paths are shown as they are */
    const char *shown; /* what the user calls it */
    bool archive;      /* path was unpacked from the archive req->path */
};

/* path as the user knows it (heap). */
static char *shown_path(const struct where *w, const char *path)
{
    size_t n = w->real ? strlen(w->real) : 0;
    struct buf shown = {0};
    if (n && strncmp(path, w->real, n) == 0)
        buf_printf(&shown, "%s%s", w->shown, path + n);
    else
        buf_puts(&shown, path);
    return buf_detach(&shown);
}

/* The notes (format_counts.notes: "FILE read as ..."; "; " between files) with each file by the
** name the user knows, cut to size bytes if longer. */
static void shown_notes(const struct where *w, char *notes, size_t size)
{
    size_t n = strlen(w->real);
    struct buf shown = {0};
    const char *p = notes, *at;
    while (n && (at = strstr(p, w->real)) != NULL) {
        buf_append(&shown, p, (size_t)(at - p));
        buf_puts(&shown, w->shown);
        p = at + n;
    }
    buf_puts(&shown, p);
    snprintf(notes, size, "%s", buf_str(&shown));
    buf_free(&shown);
}

/* Reads the source at w->path into batch, and decides: as app_import_read. */
static int read_source(const struct app_import_request *req, const struct where *w,
                       struct import_batch *batch, struct diag *diag, struct app_import_read *out,
                       struct app_error *err)
{
    const struct format *f = req->format ? req->format : format_detect(w->path);
    if (!f) {
        out->refusal = IMPORT_UNKNOWN;
        char *shown = shown_path(w, w->path);
        unknown_format(shown, err);
        free(shown);
        return BELONG_EDATA;
    }
    out->format = f;
    struct format_sink sink;
    app_import_sink(batch, &sink);
    size_t diag_from = diag->text.len;
    int rc = f->parse(w->path, &sink, diag, &out->counts);
    if (w->real) {
        /* The files by the names the user knows, not the temporary ones. */
        diag_rename(diag, diag_from, w->real, w->shown);
        char *broken = shown_path(w, out->counts.broken_file);
        snprintf(out->counts.broken_file, sizeof out->counts.broken_file, "%s", broken);
        free(broken);
        shown_notes(w, out->counts.notes, sizeof out->counts.notes);
    }
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
                        "%s cannot be read whole (the message above says why); nothing was "
                        "imported, even with --lenient (fix or download it again)",
                        *out->counts.broken_file ? out->counts.broken_file
                        : w->shown               ? w->shown
                                                 : req->path);
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
    name_source(req, f, w->archive, batch, out);
    err->status = BELONG_OK;
    return BELONG_OK;
}

/* Unpacks the archive at req->path, reads the package in it, and removes what was unpacked. */
static int read_archive(const struct app_import_request *req, struct import_batch *batch,
                        struct diag *diag, struct app_import_read *out, struct app_error *err)
{
    const char *label = req->name ? req->name : req->path;
    char why[sizeof err->message];
    struct zip_limits lim;
    struct zip_folder dir = {NULL, -1};
    char *package = NULL;
    int rc = zip_limits_get(&lim, why, sizeof why);
    if (rc == BELONG_OK)
        rc = zip_unpack(req->path, label, &lim, &dir, why, sizeof why);
    if (rc == BELONG_OK)
        rc = zip_package(dir.path, label, &package, why, sizeof why);
    if (rc != BELONG_OK) {
        out->refusal = IMPORT_ARCHIVE;
        app_fail(err, rc, "PATH", "%s; nothing was imported", why);
    } else {
        struct where w = {package, dir.path, label, true};
        rc = read_source(req, &w, batch, diag, out, err);
    }
    free(package);
    zip_remove(&dir);
    return rc;
}

int app_import_read(const struct app_import_request *req, struct import_batch *batch,
                    struct diag *diag, struct app_import_read *out, struct app_error *err)
{
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    struct stat st;
    if (stat(req->path, &st) != 0)
        return app_fail(err, BELONG_ENOINPUT, "PATH", "%s: no such file or folder", req->path);
    if (zip_is_archive(req->path))
        return read_archive(req, batch, diag, out, err);
    struct where w = {req->path, req->name ? req->path : NULL, req->name, false};
    return read_source(req, &w, batch, diag, out, err);
}
