/* upload.c — a multipart/form-data body read as it arrives (libmicrohttpd's post processor):
** the part of the form's file field written to a private 0600 temporary file piece by piece,
** never held whole in memory, and every other part kept as a form's field. The file is removed
** when the upload is freed, whichever way the request ends (answered, refused, or a client gone
** mid-upload: the server frees it when the request ends). It is locked (util/stale.h) for as long
** as it is kept, so that a file left by a server killed with -9 is known by its free lock and
** removed by the next `serve` at start (web_upload_sweep), and no live server's file is.
*/
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <microhttpd.h>

#include "../formats/format.h"
#include "../util/stale.h"
#include "../util/text.h"
#include "web.h"
#include "web_internal.h"

struct web_upload {
    struct MHD_PostProcessor *pp; /* NULL: the body is not a multipart body it can read */
    const char *file_field;       /* the form's file field (static) */
    unsigned status;              /* 0, or what the body is refused with (400, 413, 500) */
    char why[160];                /* and why */
    /* The file: its temporary path (heap), its descriptor while it is written, and a second
    ** descriptor holding its lock until it is removed (-1 when none). */
    char *path;
    int fd, lock_fd;
    char name[256]; /* the name the client gave it ("-" for none) */
    unsigned char head[4];
    size_t len;
    /* The other parts, as a form's fields, in order. */
    struct web_field *fields;
    size_t n_fields;
    size_t fields_bytes;
};

/* Refuses the body with status and message (the first refusal stays), and removes what was
** kept of the file: the rest of the body is read on only to be answered. Returns MHD_NO, which
** stops the post processor. */
static enum MHD_Result upload_refuse(struct web_upload *u, unsigned status, const char *fmt,
                                     const char *arg)
{
    if (!u->status) {
        u->status = status;
        snprintf(u->why, sizeof u->why, fmt, arg);
    }
    web_upload_drop(u);
    return MHD_NO;
}

#define UPLOAD_PREFIX "belong-upload-"

/* The folder uploads are kept in: $TMPDIR, else /tmp. Static. */
static const char *upload_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

/* Makes the temporary file: $TMPDIR (else /tmp)/belong-upload-XXXXXX, 0600 (mkstemps), with
** .zip after when the client's name ends so (the reader tells an archive by its first bytes,
** else by its name), and takes its lock. Another server's sweep at its start may take a new
** file's lock between the two and remove it: the file locked is then no longer the one at its
** path, and another is made. Returns false with errno. */
static bool file_open(struct web_upload *u)
{
    const char *suffix = format_name_ends(u->name, ".zip") ? ".zip" : "";
    for (int tries = 0; tries < 8; tries++) {
        struct buf p = {0};
        buf_printf(&p, "%s/" UPLOAD_PREFIX "XXXXXX%s", upload_dir(), suffix);
        int fd = mkstemps(p.data, (int)strlen(suffix));
        if (fd < 0) {
            int e = errno;
            buf_free(&p);
            errno = e;
            return false;
        }
        /* The lock is the open file's: a dup of the descriptor keeps it after the writer's
        ** descriptor is closed (web_upload_end), until web_upload_drop closes this one. */
        if (flock(fd, LOCK_EX | LOCK_NB) == 0 && stale_still_named(fd, p.data)) {
            u->lock_fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
            if (u->lock_fd < 0) {
                int e = errno;
                unlink(p.data);
                close(fd);
                buf_free(&p);
                errno = e;
                return false;
            }
            u->fd = fd;
            u->path = buf_detach(&p);
            return true;
        }
        close(fd); /* swept meanwhile (or being swept: its sweeper removes it) */
        buf_free(&p);
    }
    errno = EAGAIN;
    return false;
}

static void unlink_upload(const char *path)
{
    unlink(path);
}

int web_upload_sweep(void)
{
    return stale_sweep(upload_dir(), UPLOAD_PREFIX, false, unlink_upload);
}

/* Appends [data, data + size) to the file. Returns false with errno. */
static bool file_write(struct web_upload *u, const char *data, size_t size)
{
    while (size) {
        ssize_t w = write(u->fd, data, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        data += w, size -= (size_t)w;
    }
    return true;
}

/* A piece of the file field's part: the first one (off 0, nothing kept yet) makes the file. A
** part of the file field after one with bytes is a second file. */
static enum MHD_Result file_piece(struct web_upload *u, const char *filename, const char *data,
                                  uint64_t off, size_t size)
{
    if (off == 0 && u->len > 0)
        return upload_refuse(u, 400, "%s", "send one file at a time");
    if (!u->path) {
        snprintf(u->name, sizeof u->name, "%s", *filename ? filename : "-");
        if (!file_open(u)) {
            fprintf(stderr, "belong serve: cannot keep an upload in a temporary file: %s\n",
                    strerror(errno));
            return upload_refuse(u, 500, "%s",
                                 "the server cannot keep the file just now; try again");
        }
    }
    for (size_t i = 0; i < size && u->len + i < sizeof u->head; i++)
        u->head[u->len + i] = (unsigned char)data[i];
    if (size && !file_write(u, data, size)) {
        fprintf(stderr, "belong serve: cannot keep an upload in a temporary file: %s\n",
                strerror(errno));
        return upload_refuse(u, 500, "%s", "the server cannot keep the file just now; try again");
    }
    u->len += size;
    return MHD_YES;
}

/* MHD_PostDataIterator: one piece of one part. */
static enum MHD_Result upload_part(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *filename, const char *content_type,
                                   const char *transfer_encoding, const char *data, uint64_t off,
                                   size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    struct web_upload *u = cls;
    if (!key || !*key) /* a part without a name (libmicrohttpd gives NULL): no field of a form */
        return upload_refuse(u, 400, "%s", "a part of the form has no field name");
    if (filename && strcmp(key, u->file_field) != 0) {
        /* Named as the form names it, its bytes not printable ASCII shown as '?'. */
        char shown[64];
        snprintf(shown, sizeof shown, "%s", key);
        for (char *c = shown; *c; c++)
            if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7F || *c == '\'')
                *c = '?';
        return upload_refuse(u, 400, "the form field '%s' holds a file: send the file as 'file'",
                             shown);
    }
    if (filename)
        return file_piece(u, filename, data, off, size);
    if (memchr(data, '\0', size) || !utf8_valid((const unsigned char *)data, size, NULL))
        return upload_refuse(u, 400, "%s", "a field is not UTF-8 text");
    u->fields_bytes += size + (off == 0 ? strlen(key) : 0);
    if (u->fields_bytes > WEB_BODY_MAX)
        return upload_refuse(u, 413, "%s", "the form's fields other than the file are too large");
    struct web_field *last = u->n_fields ? &u->fields[u->n_fields - 1] : NULL;
    if (off > 0 && last && strcmp(last->name, key) == 0) { /* the rest of the same part */
        size_t had = strlen(last->value);
        last->value = xrealloc(last->value, had + size + 1);
        memcpy(last->value + had, data, size);
        last->value[had + size] = '\0';
        return MHD_YES;
    }
    u->fields = xrealloc(u->fields, (u->n_fields + 1) * sizeof *u->fields);
    u->fields[u->n_fields++] = (struct web_field){xstrdup(key), xstrndup(data, size)};
    return MHD_YES;
}

struct web_upload *web_upload_begin(struct MHD_Connection *conn, const char *file_field)
{
    struct web_upload *u = xcalloc(1, sizeof *u);
    u->fd = u->lock_fd = -1;
    u->file_field = file_field;
    u->pp = MHD_create_post_processor(conn, 65536, upload_part, u);
    if (!u->pp)
        upload_refuse(u, 400, "%s", "it is not a whole multipart/form-data body");
    return u;
}

void web_upload_feed(struct web_upload *u, const char *data, size_t size)
{
    if (u->status || !u->pp)
        return;
    if (MHD_post_process(u->pp, data, size) != MHD_YES)
        upload_refuse(u, 400, "%s", "it is not a whole multipart/form-data body");
}

void web_upload_drop(struct web_upload *u)
{
    if (u->fd >= 0)
        close(u->fd);
    u->fd = -1;
    if (u->path)
        unlink(u->path);
    if (u->lock_fd >= 0)
        close(u->lock_fd); /* after the removal: no sweep takes it half removed */
    u->lock_fd = -1;
    free(u->path);
    u->path = NULL;
}

unsigned web_upload_end(struct web_upload *u, struct web_request *req, struct web_response *resp)
{
    if (u->pp && MHD_destroy_post_processor(u->pp) != MHD_YES)
        upload_refuse(u, 400, "%s", "it is not a whole multipart/form-data body");
    u->pp = NULL;
    if (u->fd >= 0 && close(u->fd) != 0 && !u->status) {
        fprintf(stderr, "belong serve: cannot keep an upload in a temporary file: %s\n",
                strerror(errno));
        upload_refuse(u, 500, "%s", "the server cannot keep the file just now; try again");
    }
    u->fd = -1;
    /* The fields are the request's now, whatever the answer (a page shows them as typed). */
    req->fields = u->fields;
    req->n_fields = u->n_fields;
    u->fields = NULL;
    u->n_fields = 0;
    if (u->status) {
        web_upload_drop(u);
        char message[200];
        snprintf(message, sizeof message, "the form cannot be read: %s", u->why);
        bool api = req->route && (req->route->flags & ROUTE_API);
        web_error(resp, api, u->status, NULL, u->status == 500 ? u->why : message);
        return u->status;
    }
    req->upload_path = u->path;
    req->upload_len = u->len;
    memcpy(req->upload_head, u->head, sizeof u->head);
    snprintf(req->upload_name, sizeof req->upload_name, "%s", u->path ? u->name : "");
    return 0;
}

void web_upload_free(struct web_upload *u)
{
    if (!u)
        return;
    if (u->pp)
        MHD_destroy_post_processor(u->pp);
    web_upload_drop(u);
    web_fields_free(u->fields, u->n_fields);
    free(u);
}
