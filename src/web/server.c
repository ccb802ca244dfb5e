/* server.c — `belong serve`'s HTTP server on libmicrohttpd: the worker pool and its store
** connections (one per worker, opened on first use), the limits on requests, the security
** headers of every response, the access log, the deadline of a slow request, and the graceful
** stop on SIGINT/SIGTERM.
*/
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../util/number.h"
#include "../util/timeutil.h"
#include "web.h"
#include "web_internal.h"

/* Who is asking, as the gate found at the header of a request with a body (answer_early). */
struct verdict {
    int64_t id;
    enum web_auth auth;
    struct app_user account;
    struct app_session session;         /* its CSRF secret: wiped when the request ends */
    const char *token;                  /* the cookie as sent: the connection's, for its request */
    char cookies[WEB_COOKIES_MAX][192]; /* a session found ended is cleared */
};

/* The state of one request, from its request line to its log line (MHD's con_cls). */
struct request_state {
    struct timespec started;
    size_t uri_len; /* the request line's URI, path and query */
    bool uri_nul;   /* the URI holds %00: libmicrohttpd's decoding would cut it there */
    bool seen;      /* the handler has been called once */
    bool body_refused;
    size_t body_bytes; /* all the bytes sent; only the first body_cap are kept in body */
    size_t body_cap;   /* the route's: WEB_BODY_MAX, or site.upload_max for an upload route */
    struct buf body;
    struct web_upload *upload; /* an upload route's multipart body, read as it arrives */
    const struct web_route *route;
    /* The gate's verdict when it ran at the header (a request with a body: answer_early), kept
    ** so that dispatch does not run it again: a session is checked once a request. NULL until
    ** then (most requests have no body: the state stays small, and cheap to clear). */
    struct verdict *verdict;
    char method[16];
    unsigned status;
    size_t bytes;
};

/* One open connection, watched for its request's deadline (MHD's socket context). The
** connection timeout only ends a connection that sends nothing for WEB_TIMEOUT_S; one that
** sends a byte now and then would hold its place for ever without this. */
struct watched {
    struct watched *prev, *next; /* under watch_lock */
    int fd;
    /* Set by the connection's own worker without the lock (watch_mark), read by the watcher: */
    atomic_llong since_ns; /* CLOCK_MONOTONIC: the connection began, or its last response */
    atomic_bool answering; /* the request is in (header and body): no deadline now */
    bool cut;              /* shut down by the watcher */
};

struct server {
    struct web_site site;
    FILE *log;
    atomic_int in_flight; /* requests begun and not yet completed */
    atomic_bool stopping; /* answer with Connection: close from now on */
    /* The watcher (watch_run): connections whose request is not in after request_s. */
    long request_s;
    pthread_mutex_t watch_lock; /* guards watching, the links and cut of each struct watched */
    pthread_cond_t watch_wake;
    struct watched *watching;
    bool watch_stop;
    /* The access log's lines not written yet (log_request_end): written when no other request
    ** is in flight, else by the watcher within a second, or once LOG_BUFFER_BYTES have
    ** gathered, and at the stop: one write for many requests when the server is busy. */
    pthread_mutex_t log_lock; /* guards log_lines and their write */
    struct buf log_lines;
};

#define LOG_BUFFER_BYTES (64 * 1024)

/* ---- the access log ---------------------------------------------------------------------- */

/* Writes the lines gathered (one write: the log is unbuffered stderr, or a file). Under
** log_lock. */
static void log_write_locked(struct server *srv)
{
    if (srv->log_lines.len) {
        fwrite(srv->log_lines.data, 1, srv->log_lines.len, srv->log);
        fflush(srv->log);
        buf_reset(&srv->log_lines);
    }
}

static void log_flush(struct server *srv)
{
    pthread_mutex_lock(&srv->log_lock);
    log_write_locked(srv);
    pthread_mutex_unlock(&srv->log_lock);
}

/* Adds a request's line (n bytes; none when 0) and counts the request out of in_flight. The
** lines are written at once when it was the last in flight (a quiet server's log is current
** after each request), or when they pass LOG_BUFFER_BYTES. Both under log_lock, so that the
** last of requests ending together writes the others' lines too. */
static void log_request_end(struct server *srv, const char *line, size_t n)
{
    pthread_mutex_lock(&srv->log_lock);
    if (n)
        buf_append(&srv->log_lines, line, n);
    bool last = atomic_fetch_sub(&srv->in_flight, 1) == 1;
    if (last || srv->log_lines.len >= LOG_BUFFER_BYTES)
        log_write_locked(srv);
    pthread_mutex_unlock(&srv->log_lock);
}

/* ---- the request deadline ----------------------------------------------------------------- */

static long long monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

/* MHD_OPTION_NOTIFY_CONNECTION: a connection begins (watched from now) or ends (forgotten;
** libmicrohttpd closes its socket only after this, so the watcher never shuts another's). */
static void connection_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
    struct server *srv = cls;
    pthread_mutex_lock(&srv->watch_lock);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct watched *w = xcalloc(1, sizeof *w);
        w->fd = info ? info->connect_fd : -1;
        atomic_init(&w->since_ns, monotonic_ns());
        atomic_init(&w->answering, false);
        w->next = srv->watching;
        if (w->next)
            w->next->prev = w;
        srv->watching = w;
        *socket_context = w;
    } else if (*socket_context) {
        struct watched *w = *socket_context;
        if (w->prev)
            w->prev->next = w->next;
        else
            srv->watching = w->next;
        if (w->next)
            w->next->prev = w->prev;
        free(w);
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&srv->watch_lock);
}

/* Marks conn's request as in (answering) or its response as sent (its next request's time
** begins). Without the watcher's lock: only this connection's worker writes these, and the
** connection (its struct watched) lasts while its request is served. */
static void watch_mark(struct MHD_Connection *conn, bool answering)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct watched *w = info ? info->socket_context : NULL;
    if (w) {
        if (!answering)
            atomic_store(&w->since_ns, monotonic_ns());
        atomic_store(&w->answering, answering);
    }
}

/* The watcher's thread: once a second, shuts down each connection whose request (header and
** body) is not in request_s seconds after it began, or after its last response (libmicrohttpd
** then sees the socket end and closes it), and writes the access log's lines gathered. */
static void *watch_run(void *cls)
{
    struct server *srv = cls;
    pthread_mutex_lock(&srv->watch_lock);
    while (!srv->watch_stop) {
        long long now_ns = monotonic_ns();
        for (struct watched *w = srv->watching; w; w = w->next) {
            if (!atomic_load(&w->answering) && !w->cut && w->fd >= 0 &&
                now_ns - atomic_load(&w->since_ns) > srv->request_s * 1000000000LL) {
                shutdown(w->fd, SHUT_RDWR);
                w->cut = true;
            }
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&srv->watch_wake, &srv->watch_lock, &until);
        pthread_mutex_unlock(&srv->watch_lock);
        log_flush(srv); /* the access log's lines of a busy second */
        pthread_mutex_lock(&srv->watch_lock);
    }
    pthread_mutex_unlock(&srv->watch_lock);
    return NULL;
}

static pthread_key_t worker_app_key;

static void worker_app_free(void *p)
{
    struct app *app = p;
    app_close(app);
    free(app);
}

struct app *web_app(struct web_request *req, struct web_response *resp)
{
    struct app *app = pthread_getspecific(worker_app_key);
    if (!app) {
        app = xcalloc(1, sizeof *app);
        app_context_init(app);
        pthread_setspecific(worker_app_key, app);
    }
    if (!app->store) {
        struct app_error err;
        /* A database belong may not write still serves the directory; a login, a session
        ** or a view of a peer (each writes) then fails, as the log says once per worker. */
        int rc = app_open(app, req->db_path, APP_WRITE, NULL, &err);
        if (rc != BELONG_OK) {
            fprintf(stderr, "belong serve: %s; serving it read-only\n", err.message);
            rc = app_open(app, req->db_path, APP_READ, NULL, &err);
        }
        if (rc != BELONG_OK) {
            fprintf(stderr, "belong serve: %s\n", err.message);
            web_error(resp, req->route && (req->route->flags & ROUTE_API), 503, NULL,
                      "the directory cannot be opened; try again later");
            return NULL;
        }
    }
    app->now = belong_now();
    app->cps = req->user;
    app->origin = req->address[0] ? req->address : NULL;
    req->app = app;
    return app;
}

/* ---- one request -------------------------------------------------------------------------- */

/* MHD_OPTION_URI_LOG_CALLBACK: the first thing known of a request; its state begins here. */
static void *request_begin(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)conn;
    struct server *srv = cls;
    struct request_state *st = xcalloc(1, sizeof *st);
    clock_gettime(CLOCK_MONOTONIC, &st->started);
    st->uri_len = uri ? strlen(uri) : 0;
    st->uri_nul = uri && strstr(uri, "%00") != NULL;
    atomic_fetch_add(&srv->in_flight, 1);
    return st;
}

/* MHD_OPTION_NOTIFY_COMPLETED: the access log line, without the path or query (they may name
** a person or a place): method, route pattern, status, bytes, milliseconds. */
static void request_end(void *cls, struct MHD_Connection *conn, void **con_cls,
                        enum MHD_RequestTerminationCode toe)
{
    struct server *srv = cls;
    struct request_state *st = *con_cls;
    if (!st)
        return;
    buf_free(&st->body);
    web_upload_free(st->upload); /* a client gone mid-upload too: its file removed */
    if (st->verdict) {
        sodium_memzero(st->verdict, sizeof *st->verdict);
        free(st->verdict);
    }
    watch_mark(conn, false);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long tenths_ms = ((long long)(now.tv_sec - st->started.tv_sec) * 1000000000LL +
                           (now.tv_nsec - st->started.tv_nsec) + 50000) /
                          100000;
    char line[160];
    int n = 0;
    if (st->status)
        n = snprintf(line, sizeof line, "%s %s %u %zu %lld.%lldms%s\n",
                     st->method[0] ? st->method : "-", st->route ? st->route->pattern : "-",
                     st->status, st->bytes, tenths_ms / 10, tenths_ms % 10,
                     toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (not completed)");
    free(st);
    *con_cls = NULL;
    log_request_end(srv, line, n <= 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* The site's policy, or csp when a page sets its own (a self-contained report). */
static void add_security_headers(struct MHD_Response *m, bool cacheable, const char *csp)
{
    MHD_add_response_header(m, "Content-Security-Policy",
                            csp && *csp ? csp : "default-src 'self'; frame-ancestors 'none'");
    MHD_add_response_header(m, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(m, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(m, "X-Frame-Options", "DENY");
    MHD_add_response_header(m, "Cache-Control", cacheable ? "public, max-age=3600" : "no-store");
}

/* Queues resp (and frees its body). */
static enum MHD_Result send_response(struct server *srv, struct MHD_Connection *conn,
                                     struct request_state *st, struct web_response *resp)
{
    struct MHD_Response *m;
    size_t len;
    if (resp->data) {
        len = resp->len;
        m = MHD_create_response_from_buffer(len, (void *)resp->data, MHD_RESPMEM_PERSISTENT);
    } else {
        len = resp->body.len;
        char *data = buf_detach(&resp->body);
        m = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
        if (!m)
            free(data);
    }
    if (!m)
        return MHD_NO;
    MHD_add_response_header(m, "Content-Type",
                            resp->content_type ? resp->content_type : "text/plain; charset=utf-8");
    add_security_headers(m, resp->cacheable, resp->csp);
    if (resp->disposition[0])
        MHD_add_response_header(m, "Content-Disposition", resp->disposition);
    if (resp->allow)
        MHD_add_response_header(m, "Allow", resp->allow);
    if (resp->location[0])
        MHD_add_response_header(m, "Location", resp->location);
    for (size_t i = 0; i < WEB_COOKIES_MAX; i++)
        if (resp->cookies[i][0])
            MHD_add_response_header(m, "Set-Cookie", resp->cookies[i]);
    if (resp->retry_after_s > 0) {
        char seconds[16];
        snprintf(seconds, sizeof seconds, "%d", resp->retry_after_s);
        MHD_add_response_header(m, "Retry-After", seconds);
    }
    if (resp->challenge)
        MHD_add_response_header(m, "WWW-Authenticate", resp->challenge);
    if (atomic_load(&srv->stopping) || st->body_refused)
        MHD_add_response_header(m, "Connection", "close");
    st->status = resp->status;
    st->bytes = len;
    enum MHD_Result ret = MHD_queue_response(conn, resp->status, m);
    MHD_destroy_response(m);
    return ret;
}

/* What over_limits counts in the header fields. */
struct header_count {
    size_t bytes;           /* all of them, as sent */
    unsigned lengths;       /* Content-Length fields */
    const char *length;     /* the first one's value */
    bool lengths_differ;    /* two Content-Length fields that do not agree */
    bool transfer_encoding; /* a Transfer-Encoding field */
};

static enum MHD_Result add_length(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    struct header_count *c = cls;
    c->bytes += strlen(key) + (value ? strlen(value) : 0) + 4; /* ": " and CRLF */
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        if (c->lengths++ == 0)
            c->length = value ? value : "";
        else if (strcmp(c->length, value ? value : "") != 0)
            c->lengths_differ = true;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        c->transfer_encoding = true;
    }
    return MHD_YES;
}

/* The limits known from the request line and header: 414, 431, 413; 400 for a URI with a NUL
** byte (%00) and a body whose length is said twice differently or both ways (Content-Length and
** Transfer-Encoding: a proxy in front may read it otherwise, RFC 9112 6.3); 0 when within them. */
static unsigned over_limits(struct MHD_Connection *conn, const struct request_state *st,
                            const char **message)
{
    if (st->uri_len > WEB_URL_MAX) {
        *message = "the URL is too long";
        return 414;
    }
    if (st->uri_nul) {
        *message = "the URL holds a NUL byte (%00)";
        return 400;
    }
    struct header_count count = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_length, &count);
    if (count.bytes > WEB_HEADERS_MAX) {
        *message = "the request's header fields are too large";
        return 431;
    }
    if (count.lengths_differ || (count.lengths && count.transfer_encoding)) {
        *message = "the request's body length is given twice (Content-Length and "
                   "Transfer-Encoding, or two Content-Length that differ)";
        return 400;
    }
    const char *length = count.length;
    if (length) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(length, &end, 10);
        if (errno || *end || n > st->body_cap) {
            *message = "the request body is too large";
            return 413;
        }
    }
    return 0;
}

/* Answers status with message before any route is chosen (a limit passed), and closes the
** connection after. */
static enum MHD_Result refuse(struct server *srv, struct MHD_Connection *conn,
                              struct request_state *st, const char *url, unsigned status,
                              const char *message)
{
    struct web_response resp = {0};
    st->body_refused = true;
    watch_mark(conn, true);
    web_error(&resp, strncmp(url, "/api/", 5) == 0, status, NULL, message);
    enum MHD_Result ret = send_response(srv, conn, st, &resp);
    buf_free(&resp.body);
    return ret;
}

/* The client's address: the connection's peer, or with --trust-proxy the last address the
** proxy added to X-Forwarded-For. And whether the request came over TLS (--secure-cookies, or
** X-Forwarded-Proto: https from a trusted proxy). */
static void client_of(struct web_request *req, const struct web_site *site)
{
    const char *forwarded =
        site->trust_proxy
            ? MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-Forwarded-For")
            : NULL;
    if (forwarded && *forwarded) {
        const char *last = strrchr(forwarded, ',');
        last = last ? last + 1 : forwarded;
        last += strspn(last, " \t");
        snprintf(req->address, sizeof req->address, "%.*s", (int)strcspn(last, " \t"), last);
    } else {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        const struct sockaddr *sa = info ? info->client_addr : NULL;
        if (sa && sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, req->address,
                      sizeof req->address);
        else if (sa && sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, req->address,
                      sizeof req->address);
    }
    const char *proto = site->trust_proxy ? MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
                                                                        "X-Forwarded-Proto")
                                          : NULL;
    req->https = site->secure_cookies || (proto && strcasecmp(proto, "https") == 0);
}

/* Whether req may go on to its body: its route (404), method (405), who is asking (401 for a
** bad token), whether the route is theirs (401 or the login page without a login, 403 for the
** wrong role) and, for a change to a peer, whether the peer is (404 as a missing one). Returns
** 0, or the status answered (resp written). */
static unsigned gate(struct web_request *req, struct request_state *st, struct web_response *resp)
{
    const struct verdict *v = st->verdict;
    if (v) { /* passed at the header: who is asking is known */
        req->route = st->route;
        req->id = v->id;
        req->auth = v->auth;
        req->account = v->account;
        req->session = v->session;
        req->token = v->token;
        memcpy(resp->cookies, v->cookies, sizeof resp->cookies);
        if (req->auth != WEB_AUTH_NONE) {
            if (!web_app(req, resp))
                return resp->status; /* 503: the database cannot be opened now */
            web_authenticated(req, resp);
        }
        return 0;
    }
    const struct web_route *route = web_route_match(req->path, &req->id);
    if (!route) {
        web_error(resp, strncmp(req->path, "/api/", 5) == 0, 404, NULL, "there is no such page");
        return 404;
    }
    st->route = req->route = route;
    if (!web_route_allows(route, req->method)) {
        web_method_not_allowed(route, resp);
        return resp->status;
    }
    if (!(route->flags & ROUTE_STATIC) && web_authenticate(req, resp) != 0)
        return resp->status;
    if (web_authorize(req, resp) != 0)
        return resp->status;
    return web_peer_gate(req, resp);
}

/* Routes the request to its handler: who is asking and whether the route is theirs first
** (gate), then the body read, the CSRF check (whose token may be in the body), then it. */
static void dispatch(struct web_request *req, struct request_state *st, struct web_response *resp)
{
    if (gate(req, st, resp) != 0 || web_body_read(req, resp) != 0 || web_csrf_check(req, resp) != 0)
        return;
    req->route->handler(req, resp);
}

/* Answers a request from someone its route is not for (gate: 404, 405, 401, 403, the login
** page) before any of its body is read, so that nothing of it is held; and a body past the
** route's cap (too_large, read or announced) 413 when the gate passes. The connection is closed
** after an answer. Returns MHD_YES with nothing answered when the gate passes and the body is
** within the cap (it is read on), else as send_response. */
static enum MHD_Result answer_early(struct server *srv, struct MHD_Connection *conn,
                                    struct request_state *st, const char *url, const char *method,
                                    bool too_large)
{
    struct web_response resp = {0};
    struct web_request req = {.conn = conn,
                              .method = method,
                              .path = url,
                              .site = &srv->site,
                              .db_path = srv->site.db_path};
    client_of(&req, &srv->site);
    enum MHD_Result ret = MHD_YES;
    bool refused = gate(&req, st, &resp) != 0;
    if (!refused && !st->verdict) { /* kept for dispatch, once the body is in */
        struct verdict *v = st->verdict = xmalloc(sizeof *v);
        v->id = req.id;
        v->auth = req.auth;
        v->account = req.account;
        v->session = req.session;
        v->token = req.token;
        memcpy(v->cookies, resp.cookies, sizeof resp.cookies);
    }
    if (!refused && too_large)
        web_error(&resp, strncmp(url, "/api/", 5) == 0, 413, NULL, "the request body is too large");
    if (refused || too_large) {
        st->body_refused = true;
        watch_mark(conn, true);
        ret = send_response(srv, conn, st, &resp);
    }
    buf_free(&resp.body);
    if (req.app) /* it named this request's user and address, gone now */
        req.app->cps = req.app->origin = NULL;
    sodium_memzero(&req.session, sizeof req.session);
    return ret;
}

/* Whether the request's body is multipart/form-data (an upload route's file). */
static bool is_multipart(struct MHD_Connection *conn)
{
    const char *type =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    return type && strncasecmp(type, "multipart/form-data", 19) == 0;
}

/* Whether the request's header announces a body (a Content-Length past 0, or chunked). */
static bool announces_body(struct MHD_Connection *conn)
{
    const char *length =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    return (length && strspn(length, "0") != strlen(length)) ||
           MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

/* The access handler: called once when the header is in, then for each piece of the body,
** then once more with no data; the response is queued then (or at once when a limit is
** passed). */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct server *srv = cls;
    struct request_state *st = *con_cls;
    if (!st)
        return MHD_NO; /* request_begin always runs first */
    if (!st->seen) {
        st->seen = true;
        snprintf(st->method, sizeof st->method, "%s", method);
        int64_t id;
        const struct web_route *route = web_route_match(url, &id);
        bool upload = route && (route->flags & ROUTE_UPLOAD) && web_method_changes(method) &&
                      is_multipart(conn);
        st->body_cap = upload ? srv->site.upload_max : WEB_BODY_MAX;
        const char *message = NULL;
        unsigned status = over_limits(conn, st, &message);
        if (status == 413)
            return answer_early(srv, conn, st, url, method, true);
        if (status)
            return refuse(srv, conn, st, url, status, message);
        /* A body from someone the route is not for is not read at all (the gate's verdict is
        ** kept for dispatch, once the body is in). */
        if (!announces_body(conn))
            return MHD_YES;
        enum MHD_Result ret = answer_early(srv, conn, st, url, method, false);
        if (upload && !st->body_refused)
            st->upload = web_upload_begin(conn, WEB_UPLOAD_FIELD);
        return ret;
    }
    if (*upload_data_size) {
        /* The body is kept up to its cap (an upload's file is written to disk as it comes).
        ** libmicrohttpd answers only once the body is in, so a body past the cap is read on
        ** (and dropped) to answer 413, up to WEB_BODY_DRAIN_MAX; past that the connection is
        ** closed unanswered. */
        bool within = st->body_bytes + *upload_data_size <= st->body_cap;
        if (!st->body_refused && within && st->upload)
            web_upload_feed(st->upload, upload_data, *upload_data_size);
        else if (!st->body_refused && within)
            buf_append(&st->body, upload_data, *upload_data_size);
        else if (st->upload)
            web_upload_drop(st->upload); /* past the cap: nothing of it kept */
        st->body_bytes += *upload_data_size;
        *upload_data_size = 0;
        return st->body_bytes > st->body_cap + WEB_BODY_DRAIN_MAX ? MHD_NO : MHD_YES;
    }
    if (st->body_refused)
        return MHD_YES; /* answered already */
    if (st->body_bytes > st->body_cap)
        return answer_early(srv, conn, st, url, method, true);
    watch_mark(conn, true);
    struct web_response resp = {0};
    struct web_request req = {.conn = conn,
                              .method = method,
                              .path = url,
                              .site = &srv->site,
                              .db_path = srv->site.db_path,
                              .body = st->body,
                              .upload = st->upload};
    st->body = (struct buf){0}; /* the request owns it now */
    client_of(&req, &srv->site);
    dispatch(&req, st, &resp);
    enum MHD_Result ret = send_response(srv, conn, st, &resp);
    buf_free(&resp.body);
    web_fields_free(req.fields, req.n_fields);
    json_decref(req.json);
    web_upload_free(st->upload); /* its file removed */
    st->upload = NULL;
    if (req.body.data)
        sodium_memzero(req.body.data, req.body.len); /* a password may be in it */
    buf_free(&req.body);
    sodium_memzero(&req.session, sizeof req.session);
    return ret;
}

/* ---- the server --------------------------------------------------------------------------- */

int web_threads_default(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < WEB_THREADS_MIN_DEFAULT)
        n = WEB_THREADS_MIN_DEFAULT;
    return (int)(n > WEB_THREADS_MAX_DEFAULT ? WEB_THREADS_MAX_DEFAULT : n);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    FILE *log = cls;
    fputs("belong serve: ", log);
    vfprintf(log, fmt, ap);
}

/* Parses "ADDR:PORT" or "[ADDR6]:PORT" into addr. Returns false when it is neither. */
static bool parse_listen(const char *s, struct sockaddr_storage *addr, bool *ipv6)
{
    memset(addr, 0, sizeof *addr);
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s)
        return false;
    char host[64];
    const char *h = s;
    size_t n = (size_t)(colon - s);
    *ipv6 = s[0] == '[';
    if (*ipv6) {
        if (n < 3 || s[n - 1] != ']')
            return false;
        h = s + 1;
        n -= 2;
    }
    if (n >= sizeof host)
        return false;
    memcpy(host, h, n);
    host[n] = '\0';
    long port;
    char *end;
    errno = 0;
    port = strtol(colon + 1, &end, 10);
    if (errno || end == colon + 1 || *end || port < 0 || port > 65535)
        return false;
    if (*ipv6) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        return inet_pton(AF_INET6, host, &a6->sin6_addr) == 1;
    }
    struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
    a4->sin_family = AF_INET;
    a4->sin_port = htons((uint16_t)port);
    return inet_pton(AF_INET, host, &a4->sin_addr) == 1;
}

/* Waits for SIGINT or SIGTERM (blocked in every thread, so only this wait receives them). */
static int wait_for_stop(const sigset_t *stop)
{
    int sig = 0;
    while (sigwait(stop, &sig) != 0)
        ;
    return sig;
}

int web_serve(const struct web_config *config, FILE *log)
{
    struct sockaddr_storage addr;
    bool ipv6 = false;
    if (!parse_listen(config->listen, &addr, &ipv6)) {
        fprintf(log, "belong serve: --listen: '%s' is not ADDR:PORT (e.g. 127.0.0.1:8080)\n",
                config->listen);
        return BELONG_EUSAGE;
    }
    /* The database must exist before anyone is told to come. */
    struct app check = {0};
    struct app_error err;
    app_context_init(&check);
    int rc = app_open(&check, config->db_path, APP_READ, NULL, &err);
    app_close(&check);
    if (rc != BELONG_OK) {
        fprintf(log, "belong serve: %s\n", err.message);
        return rc;
    }
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old); /* the workers inherit it */
    signal(SIGPIPE, SIG_IGN);
    pthread_key_create(&worker_app_key, worker_app_free);
    app_share_listings(true); /* one copy of the listings for all the workers */

    if (sodium_init() < 0) {
        fprintf(log, "belong serve: libsodium cannot start\n");
        return BELONG_EINTERNAL;
    }
    struct server srv = {
        .site = {.db_path = config->db_path,
                 .secure_cookies = config->secure_cookies,
                 .trust_proxy = config->trust_proxy,
                 .upload_max =
                     (size_t)(config->upload_mib > 0 ? config->upload_mib : WEB_UPLOAD_MIB_DEFAULT)
                     << 20},
        .log = log,
        .request_s = WEB_REQUEST_S};
    const char *request_s = getenv("BELONG_WEB_REQUEST_SECONDS");
    if (request_s && *request_s && !parse_whole(request_s, 1, 3600, &srv.request_s)) {
        fprintf(log,
                "belong serve: BELONG_WEB_REQUEST_SECONDS: '%s' is not a whole number from 1 "
                "to 3600\n",
                request_s);
        app_share_listings(false);
        pthread_key_delete(worker_app_key);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return BELONG_EUSAGE;
    }
    pthread_mutex_init(&srv.watch_lock, NULL);
    pthread_cond_init(&srv.watch_wake, NULL);
    pthread_mutex_init(&srv.log_lock, NULL);
    atomic_init(&srv.in_flight, 0);
    atomic_init(&srv.stopping, false);
    unsigned flags =
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_USE_ITC | (ipv6 ? MHD_USE_IPv6 : 0);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, &srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, log,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)config->threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)WEB_CONNECTIONS_MAX,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)WEB_PER_ADDRESS_MAX,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WEB_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)WEB_CONNECTION_MEMORY, MHD_OPTION_URI_LOG_CALLBACK, request_begin, &srv,
        MHD_OPTION_NOTIFY_COMPLETED, request_end, &srv, MHD_OPTION_NOTIFY_CONNECTION,
        connection_notify, &srv, MHD_OPTION_END);
    pthread_t watcher;
    if (d && pthread_create(&watcher, NULL, watch_run, &srv) != 0) {
        MHD_stop_daemon(d);
        d = NULL;
    }
    if (!d) {
        fprintf(log, "belong serve: cannot listen on %s: %s\n", config->listen,
                errno ? strerror(errno) : "refused");
        app_share_listings(false);
        pthread_key_delete(worker_app_key);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_cond_destroy(&srv.watch_wake);
        pthread_mutex_destroy(&srv.watch_lock);
        pthread_mutex_destroy(&srv.log_lock);
        return BELONG_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    char host[64];
    size_t host_len = (size_t)(strrchr(config->listen, ':') - config->listen);
    snprintf(host, sizeof host, "%.*s", (int)host_len, config->listen);
    printf("listening on http://%s:%u\n", host, port);
    fflush(stdout);

    int sig = wait_for_stop(&stop);
    fprintf(log, "belong serve: %s: finishing the requests in flight\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM");
    atomic_store(&srv.stopping, true);
    MHD_socket listen_fd = MHD_quiesce_daemon(d); /* no new connections */
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int waited = 0; atomic_load(&srv.in_flight) > 0 && waited < WEB_SHUTDOWN_WAIT_S * 100;
         waited++)
        nanosleep(&tick, NULL);
    MHD_stop_daemon(d); /* joins the workers: their store connections close */
    pthread_mutex_lock(&srv.watch_lock);
    srv.watch_stop = true;
    pthread_cond_signal(&srv.watch_wake);
    pthread_mutex_unlock(&srv.watch_lock);
    pthread_join(watcher, NULL);
    log_flush(&srv); /* the last requests' lines, before "stopped" */
    buf_free(&srv.log_lines);
    pthread_mutex_destroy(&srv.log_lock);
    pthread_cond_destroy(&srv.watch_wake);
    pthread_mutex_destroy(&srv.watch_lock);
    if (listen_fd != MHD_INVALID_SOCKET)
        close(listen_fd);
    app_share_listings(false); /* the workers' contexts are closed: the copy is freed */
    pthread_key_delete(worker_app_key);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    fprintf(log, "belong serve: stopped\n");
    return BELONG_OK;
}
