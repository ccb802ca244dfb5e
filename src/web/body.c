/* body.c — a request's body, read by its Content-Type: a form (application/x-www-form-urlencoded,
** decoded by form.c into every field in order) or JSON (jansson); an upload route's
** multipart/form-data was read as it arrived (upload.c).
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
    if (req->upload) /* multipart/form-data on an upload route: read as it came (upload.c) */
        return web_upload_end(req->upload, req, resp);
    if (req->body.len == 0)
        return 0;
    web_error(resp, api, 415, NULL,
              "send the body as application/x-www-form-urlencoded or application/json");
    return 415;
}
