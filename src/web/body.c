/* body.c — a request's body, read by its Content-Type: a form (application/x-www-form-urlencoded,
** decoded by form.c into every field in order) or JSON (jansson).
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "../util/text.h"
#include "web_internal.h"

/* Whether content_type is type, parameters (";charset=...") aside. */
static bool media_type_is(const char *content_type, const char *type)
{
    size_t n = strlen(type);
    if (strncasecmp(content_type, type, n) != 0)
        return false;
    const char *rest = content_type + n;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    return *rest == '\0' || *rest == ';';
}

/* One part of a multipart body (MHD_PostProcessor), in pieces: the file into req->upload (one
** file only), every other part into req->fields as a form's field. */
struct multipart {
    struct web_request *req;
    const char *why; /* what is wrong with the body, or NULL */
};

static enum MHD_Result multipart_part(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *filename, const char *content_type,
                                      const char *transfer_encoding, const char *data, uint64_t off,
                                      size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    struct multipart *m = cls;
    struct web_request *req = m->req;
    if (filename) {
        if (off == 0 && req->upload_name[0]) {
            m->why = "send one file at a time";
            return MHD_NO;
        }
        if (off == 0)
            snprintf(req->upload_name, sizeof req->upload_name, "%s", *filename ? filename : "-");
        buf_append(&req->upload, data, size);
        return MHD_YES;
    }
    if (memchr(data, '\0', size) || !utf8_valid((const unsigned char *)data, size, NULL)) {
        m->why = "a field is not UTF-8 text";
        return MHD_NO;
    }
    struct web_field *last = req->n_fields ? &req->fields[req->n_fields - 1] : NULL;
    if (off > 0 && last && strcmp(last->name, key) == 0) { /* the rest of the same part */
        size_t had = strlen(last->value);
        last->value = xrealloc(last->value, had + size + 1);
        memcpy(last->value + had, data, size);
        last->value[had + size] = '\0';
        return MHD_YES;
    }
    req->fields = xrealloc(req->fields, (req->n_fields + 1) * sizeof *req->fields);
    req->fields[req->n_fields++] = (struct web_field){xstrdup(key), xstrndup(data, size)};
    return MHD_YES;
}

/* Reads a multipart/form-data body with libmicrohttpd's parser. Returns 0 or 400 (written). */
static unsigned multipart_read(struct web_request *req, struct web_response *resp)
{
    struct multipart m = {req, NULL};
    struct MHD_PostProcessor *pp = MHD_create_post_processor(req->conn, 65536, multipart_part, &m);
    bool ok =
        pp && MHD_post_process(pp, req->body.data ? req->body.data : "", req->body.len) == MHD_YES;
    if (pp && MHD_destroy_post_processor(pp) != MHD_YES)
        ok = false;
    if (ok && !m.why) {
        buf_free(&req->body); /* in req->upload and req->fields now: not held twice */
        return 0;
    }
    char message[160];
    snprintf(message, sizeof message, "the form cannot be read: %s",
             m.why ? m.why : "it is not a whole multipart/form-data body");
    web_error(resp, req->route->flags & ROUTE_API, 400, NULL, message);
    return 400;
}

unsigned web_body_read(struct web_request *req, struct web_response *resp)
{
    bool api = req->route && (req->route->flags & ROUTE_API);
    const char *type =
        MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (req->body.len == 0 && (!type || !web_method_changes(req->method)))
        return 0;
    if (!web_method_changes(req->method))
        return 0; /* a GET's body means nothing: it is not read */
    if (type && media_type_is(type, "application/x-www-form-urlencoded")) {
        char field[64];
        const char *why = web_form_decode(buf_str(&req->body), req->body.len, &req->fields,
                                          &req->n_fields, field);
        if (why) {
            char message[160];
            snprintf(message, sizeof message, "the form field '%s' cannot be read: %s", field, why);
            web_error(resp, api, 400, field[0] ? field : NULL, message);
            return 400;
        }
        return 0;
    }
    if (type && media_type_is(type, "application/json")) {
        json_error_t jerr;
        req->json = json_loadb(req->body.data ? req->body.data : "", req->body.len,
                               JSON_REJECT_DUPLICATES, &jerr);
        if (!req->json) {
            char message[300];
            snprintf(message, sizeof message, "the body is not JSON: line %d, column %d: %s",
                     jerr.line, jerr.column, jerr.text);
            web_error(resp, api, 400, "body", message);
            return 400;
        }
        return 0;
    }
    if (type && media_type_is(type, "multipart/form-data") && req->route &&
        (req->route->flags & ROUTE_UPLOAD))
        return multipart_read(req, resp);
    if (req->body.len == 0)
        return 0;
    web_error(resp, api, 415, NULL,
              "send the body as application/x-www-form-urlencoded or application/json");
    return 415;
}
