/* api_json.c — what the peer API's routes share (docs/web.md): JSON bodies and query arguments
** read against a route's table of keys (an unknown key, a wrong type, a missing required key
** named), answers sent, lists paged, and an operation's refusal mapped to its status and to the
** key at fault. The one 404 body lives here: another caseload's record answers exactly as a
** missing one.
*/
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/diag.h"
#include "../util/number.h"
#include "web_internal.h"

#define API_LIMIT_DEFAULT 20
#define API_LIMIT_MAX     100
#define API_OFFSET_MAX    1000000

void api_send(struct web_response *resp, unsigned status, json_t *v)
{
    char *text = v ? json_dumps(v, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12)) : NULL;
    json_decref(v);
    if (!text) {
        web_error(resp, true, 500, NULL, "cannot write the answer");
        return;
    }
    resp->status = status;
    resp->content_type = "application/json";
    buf_reset(&resp->body);
    buf_puts(&resp->body, text);
    buf_putc(&resp->body, '\n');
    free(text);
}

void api_not_found(struct web_response *resp)
{
    web_error(resp, true, 404, NULL, WEB_NOT_FOUND_MESSAGE);
}

/* The key of keys an operation's field names, or NULL when none does. */
static const char *key_of(const struct api_key *keys, const char *op_field)
{
    for (const struct api_key *k = keys; k && op_field && k->name; k++)
        if ((k->op_field && strcmp(k->op_field, op_field) == 0) || strcmp(k->name, op_field) == 0)
            return k->name;
    return NULL;
}

/* The operation's field as the API names it when no key claims it: "--last-contact" is
** "last_contact"; an operand in capitals ("PEER", "ID") is the record of the address. */
static const char *api_field(const struct api_key *keys, const char *op_field, char *buf,
                             size_t len)
{
    const char *key = key_of(keys, op_field);
    if (key || !op_field)
        return key;
    if (strncmp(op_field, "--", 2) != 0)
        return NULL;
    snprintf(buf, len, "%s", op_field + 2);
    for (char *c = buf; *c; c++)
        if (*c == '-')
            *c = '_';
    return buf;
}

/* Whether a refusal is about the state of the record the address names: "plan 3 is already
** done", "connection 4 ended on ...": its field is the record's operand. */
static bool is_conflict(const struct app_error *err)
{
    static const char *const records[] = {"PLAN", "CONNECTION"};
    for (size_t i = 0; err->field && i < sizeof records / sizeof *records; i++)
        if (strcmp(err->field, records[i]) == 0)
            return true;
    return false;
}

/* The operation's message with the field it starts with named as the API names it ("--answers:
** item 3 ..." is "answers: item 3 ..."): a client is told its key, not the command line's
** option. OUT: out (len bytes). Returns out. */
static const char *api_message(const struct app_error *err, const char *field, char *out,
                               size_t len)
{
    size_t n = err->field ? strlen(err->field) : 0;
    if (field && n && strncmp(err->message, err->field, n) == 0 && err->message[n] == ':')
        snprintf(out, len, "%s%s", field, err->message + n);
    else
        snprintf(out, len, "%s", err->message);
    return out;
}

void api_fail(struct web_response *resp, const struct app_error *err, const struct api_key *keys)
{
    char buf[64], message[sizeof err->message + 64];
    const char *field = api_field(keys, err->field, buf, sizeof buf);
    switch (err->status) {
    case BELONG_EUSAGE:
    case BELONG_EDATA:
        web_error(resp, true, err->status == BELONG_EDATA && is_conflict(err) ? 409 : 400, field,
                  api_message(err, field, message, sizeof message));
        return;
    case BELONG_ENOINPUT:
        if (err->code) { /* one's own peer, archived: 409 (web_app_error) */
            web_app_error(resp, true, err);
            return;
        }
        /* A record the body names (an activity, a plan) is a bad value; the record of the
        ** address, or its peer, is not there for this caller. */
        if (key_of(keys, err->field))
            web_error(resp, true, 400, field, api_message(err, field, message, sizeof message));
        else
            api_not_found(resp);
        return;
    case BELONG_ENOPERM:
        web_error(resp, true, 403, field, err->message);
        return;
    case BELONG_EBUSY:
        web_error(resp, true, 503, NULL, "the database is busy; try again");
        return;
    default:
        web_app_error(resp, true, err);
    }
}

void api_fail_diag(struct web_response *resp, const struct diag *diag, const struct app_error *err,
                   const struct api_key *keys)
{
    if (!diag->count) {
        api_fail(resp, err, keys);
        return;
    }
    /* Each problem is "body: field: what is wrong" (diag_add with the file "body"). */
    const char *text = buf_str(&diag->text);
    char field[64] = "";
    const char *first = strncmp(text, "body: ", 6) == 0 ? text + 6 : text;
    size_t n = strcspn(first, ":\n");
    if (first[n] == ':' && n < sizeof field) {
        memcpy(field, first, n);
        field[n] = '\0';
    }
    struct buf message = {0};
    for (const char *line = text; *line;) {
        size_t len = strcspn(line, "\n");
        const char *at = strncmp(line, "body: ", 6) == 0 ? line + 6 : line;
        if (message.len)
            buf_puts(&message, "; ");
        /* Its field named as the API names it ("--answers: ..." is "answers: ..."). */
        size_t k = strcspn(at, ":\n");
        char op[64], key_buf[64];
        const char *key = NULL;
        if (at[k] == ':' && k < sizeof op) {
            memcpy(op, at, k);
            op[k] = '\0';
            key = api_field(keys, op, key_buf, sizeof key_buf);
        }
        if (key) {
            buf_puts(&message, key);
            at += k;
        }
        buf_append(&message, at, len - (size_t)(at - line));
        line += len + (line[len] == '\n');
    }
    bool stale = strcmp(field, "version") == 0;
    char buf[64];
    const char *name = field[0] ? api_field(keys, field, buf, sizeof buf) : NULL;
    web_error(resp, true, stale ? 409 : 400,
              name       ? name
              : field[0] ? field
                         : NULL,
              buf_str(&message));
    buf_free(&message);
}

static const char *type_words(enum api_type type)
{
    switch (type) {
    case API_STRING:
        return "a string";
    case API_INT:
        return "a whole number";
    case API_BOOL:
        return "true or false";
    case API_TEXT_OR_INT:
        return "a whole number or a string";
    case API_ANSWERS:
        return "an array of answers (numbers, strings or null) or a string";
    }
    return "a value";
}

static bool type_fits(enum api_type type, const json_t *v)
{
    if (json_is_null(v))
        return true; /* as if not given */
    switch (type) {
    case API_STRING:
        return json_is_string(v);
    case API_INT:
        return json_is_integer(v);
    case API_BOOL:
        return json_is_boolean(v);
    case API_TEXT_OR_INT:
        return json_is_string(v) || json_is_integer(v);
    case API_ANSWERS:
        if (json_is_string(v))
            return true;
        if (!json_is_array(v))
            return false;
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item) if (!json_is_integer(item) && !json_is_string(item) &&
                                           !json_is_null(item)) return false;
        return true;
    }
    return false;
}

/* Checks body against keys. Returns true, or false with the 400 written. */
static bool body_fits(struct web_response *resp, const json_t *body, const struct api_key *keys)
{
    if (!json_is_object(body)) {
        web_error(resp, true, 400, NULL, "the body must be a JSON object");
        return false;
    }
    const char *name;
    const json_t *value;
    json_object_foreach((json_t *)body, name, value)
    {
        const struct api_key *k = keys;
        while (k->name && strcmp(k->name, name) != 0)
            k++;
        if (!k->name) {
            char message[160];
            snprintf(message, sizeof message, "unknown key '%.64s'", name);
            web_error(resp, true, 400, name, message);
            return false;
        }
        if (!type_fits(k->type, value)) {
            char message[160];
            snprintf(message, sizeof message, "%s: expected %s", k->name, type_words(k->type));
            web_error(resp, true, 400, k->name, message);
            return false;
        }
    }
    for (const struct api_key *k = keys; k->name; k++) {
        const json_t *v = json_object_get(body, k->name);
        if (k->required && (!v || json_is_null(v))) {
            char message[160];
            snprintf(message, sizeof message, "%s is required", k->name);
            web_error(resp, true, 400, k->name, message);
            return false;
        }
    }
    return true;
}

const json_t *api_request_json(struct web_request *req, struct web_response *resp)
{
    if (req->json)
        return req->json;
    if (req->n_fields || req->body.len)
        web_error(resp, true, 415, NULL, "send the body as application/json");
    else
        web_error(resp, true, 400, "body", "the body is missing: send a JSON object");
    return NULL;
}

const json_t *api_body(struct web_request *req, struct web_response *resp,
                       const struct api_key *keys)
{
    const json_t *body = api_request_json(req, resp);
    if (!body)
        return NULL;
    return body_fits(resp, body, keys) ? body : NULL;
}

const char *api_text(const json_t *body, const char *key, char *buf, size_t len)
{
    const json_t *v = json_object_get(body, key);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, len, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_boolean(v))
        return json_is_true(v) ? "yes" : "no";
    if (json_is_array(v)) { /* answers: "2,3,-" as measure_parse_answers reads them */
        struct buf b = {0};
        size_t i;
        const json_t *item;
        json_array_foreach(v, i, item)
        {
            if (i)
                buf_putc(&b, ',');
            if (json_is_integer(item))
                buf_printf(&b, "%lld", (long long)json_integer_value(item));
            else if (json_is_string(item))
                buf_puts(&b, json_string_value(item));
            else
                buf_putc(&b, '-');
        }
        snprintf(buf, len, "%s", buf_str(&b));
        bool fits = b.len < len;
        buf_free(&b);
        return fits ? buf : "(too many answers)";
    }
    return NULL;
}

int64_t api_int(const json_t *body, const char *key, int64_t absent)
{
    const json_t *v = json_object_get(body, key);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : absent;
}

struct query_read {
    struct web_response *resp;
    const struct api_key *keys;
    const char **values;
    struct api_page *page;
    bool ok;
    const char *seen[32]; /* the names read so far (borrowed from the request) */
    size_t n_seen;
};

static bool read_count(struct query_read *q, const char *name, const char *value, long min,
                       long max, long *out)
{
    if (!*value)
        return true;
    if (parse_whole(value, min, max, out))
        return true;
    char message[192];
    snprintf(message, sizeof message, "%s: '%.64s' is not a whole number from %ld to %ld", name,
             value, min, max);
    web_error(q->resp, true, 400, name, message);
    return false;
}

static int read_argument(void *ctx, const char *name, const char *value)
{
    struct query_read *q = ctx;
    for (size_t i = 0; i < q->n_seen; i++) {
        if (strcmp(q->seen[i], name) == 0) {
            /* Which one is meant cannot be told, and a cache or proxy in front may read the
            ** other: every parameter takes one value. */
            char message[160];
            snprintf(message, sizeof message, "parameter '%.64s' is given twice: give it once",
                     name);
            web_error(q->resp, true, 400, "parameter", message);
            q->ok = false;
            return 1;
        }
    }
    if (q->n_seen < sizeof q->seen / sizeof *q->seen)
        q->seen[q->n_seen++] = name; /* an unknown name is refused below: at most 2 + keys */
    if (strcmp(name, "limit") == 0) {
        q->ok = read_count(q, name, value, 1, API_LIMIT_MAX, &q->page->limit);
        q->page->limit_given = *value != '\0';
    } else if (strcmp(name, "offset") == 0)
        q->ok = read_count(q, name, value, 0, API_OFFSET_MAX, &q->page->offset);
    else {
        size_t i = 0;
        while (q->keys && q->keys[i].name && strcmp(q->keys[i].name, name) != 0)
            i++;
        if (q->keys && q->keys[i].name) {
            q->values[i] = value;
        } else {
            struct buf known = {0};
            buf_puts(&known, "limit, offset");
            for (size_t k = 0; q->keys && q->keys[k].name; k++)
                buf_printf(&known, ", %s", q->keys[k].name);
            char message[256];
            snprintf(message, sizeof message, "unknown parameter '%.64s' (known: %s)", name,
                     buf_str(&known));
            buf_free(&known);
            web_error(q->resp, true, 400, "parameter", message);
            q->ok = false;
        }
    }
    return q->ok ? 0 : 1;
}

struct app *api_query(struct web_request *req, struct web_response *resp,
                      const struct api_key *keys, const char **values, struct api_page *page)
{
    page->limit = API_LIMIT_DEFAULT;
    page->offset = 0;
    page->limit_given = false;
    for (size_t i = 0; keys && keys[i].name; i++)
        values[i] = "";
    struct query_read q = {resp, keys, values, page, true, {0}, 0};
    web_each_argument(req, read_argument, &q);
    return q.ok ? web_app(req, resp) : NULL;
}

json_t *api_paged(json_t *all, const struct api_page *page)
{
    size_t total = json_array_size(all), from = (size_t)page->offset;
    json_t *items = json_array();
    for (size_t i = from; i < total && i < from + (size_t)page->limit; i++)
        json_array_append(items, json_array_get(all, i));
    json_decref(all);
    size_t next = from + json_array_size(items);
    json_t *o = json_object();
    json_object_set_new(o, "total", json_integer((json_int_t)total));
    json_object_set_new(o, "offset", json_integer(page->offset));
    json_object_set_new(o, "limit", json_integer(page->limit));
    json_object_set_new(o, "next_offset",
                        next < total ? json_integer((json_int_t)next) : json_null());
    json_object_set_new(o, "items", items);
    return o;
}
