/* web.h — belong's web server (`belong serve`): the directory's pages and JSON API over HTTP on
** libmicrohttpd, a small pool of worker threads each with its own store connection.
*/
#ifndef BELONG_WEB_H
#define BELONG_WEB_H

#include <stdbool.h>
#include <stdio.h>

#define WEB_THREADS_MIN_DEFAULT 2 /* the default's least: one worker held up leaves another */
#define WEB_THREADS_MAX_DEFAULT 4 /* the default's most: each worker holds about 8 MiB */
#define WEB_THREADS_MAX         64
#define WEB_CONNECTIONS_MAX     256     /* open connections, in all */
#define WEB_PER_ADDRESS_MAX     64      /* open connections from one address */
#define WEB_TIMEOUT_S           15      /* an idle or slow connection is closed after this */
#define WEB_REQUEST_S           30      /* a request not in (header, body) after this is cut */
#define WEB_URL_MAX             8192    /* bytes of a request's path and query: more is 414 */
#define WEB_HEADERS_MAX         16384   /* bytes of a request's header fields: more is 431 */
#define WEB_BODY_MAX            65536   /* bytes of a request body: more is 413 */
#define WEB_BODY_DRAIN_MAX      1048576 /* a body sent without its length: more is cut off */
#define WEB_CONNECTION_MEMORY   65536   /* libmicrohttpd's buffer per connection */
#define WEB_SHUTDOWN_WAIT_S     30      /* how long a stop waits for requests in flight */

/* MiB of the body of an upload route (ROUTE_UPLOAD: the admin's imports, an iCalendar file or
** a zipped HSDS package); more is 413. `belong serve --upload-max MIB` sets it. */
#define WEB_UPLOAD_MIB_DEFAULT 64
#define WEB_UPLOAD_MIB_MAX     1024

struct web_config {
    const char *listen;  /* "ADDR:PORT" or "[ADDR6]:PORT"; port 0 picks a free one */
    const char *db_path; /* NULL: $BELONG_DB, else the default (app_open) */
    int threads;         /* worker threads, 1 to WEB_THREADS_MAX */
    bool secure_cookies; /* cookies carry Secure (served over TLS, by a proxy in front) */
    bool trust_proxy;    /* believe X-Forwarded-Proto/-For/-Host: a proxy in front sets them */
    long upload_mib;     /* an upload's body, at most (1 to WEB_UPLOAD_MIB_MAX; 0: default) */
};

/* Serves until SIGINT or SIGTERM, then lets the requests in flight finish and returns 0.
** Prints "listening on http://ADDR:PORT" on stdout (flushed) once it accepts connections, and
** one access-log line per request on log. Returns BELONG_EUSAGE for a bad listen address,
** BELONG_ENOINPUT when the database does not exist, BELONG_EIO when the address cannot be
** bound; errors are printed on log, prefixed "belong serve: ". */
int web_serve(const struct web_config *config, FILE *log);

/* Removes the uploads' temporary files ($TMPDIR, else /tmp: belong-upload-...) that a server
** killed mid-upload left: those of this user whose lock no live server holds (util/stale.h).
** `belong serve` calls it at start. Returns how many were removed. Cannot fail. */
int web_upload_sweep(void);

/* Prints the route table, one "METHOD PATTERN" line per method of each route (HEAD, answered
** wherever GET is, is not listed). Cannot fail. */
void web_routes_print(FILE *out);

/* --threads' default: the CPUs online, from WEB_THREADS_MIN_DEFAULT to
** WEB_THREADS_MAX_DEFAULT. A search is all CPU: more workers than CPUs only take turns
** mid-request (bench/RESULTS.md, 2026-12-05 reqpath); more than 4 would take the server past
** issue 13's 96 MiB with the pool busy (8 workers: 117 MiB at 100k listings). Cannot fail. */
int web_threads_default(void);

#endif
