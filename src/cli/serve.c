/* serve.c — `belong serve`: parses its options and runs the web server (src/web/). */
#include <getopt.h>
#include <stdio.h>

#include "../web/web.h"
#include "cli.h"

static const char serve_help[] =
    "usage: belong serve [--listen ADDR:PORT] [--threads N] [--secure-cookies] [--trust-proxy]\n"
    "                    [--upload-max MIB]\n"
    "       belong serve --routes\n\n"
    "Serves the directory's pages and JSON API (docs/web.md) until SIGINT or SIGTERM; then\n"
    "lets the requests in flight finish and exits 0. Prints 'listening on http://ADDR:PORT'\n"
    "once it accepts connections, and an access-log line per request on stderr (method, route,\n"
    "status, bytes, milliseconds: never a path's values or a query).\n\n"
    "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080); port 0 picks a free one;\n"
    "                      an IPv6 address in brackets: [::1]:8080\n"
    "  --threads N         worker threads, each with its own database connection (default:\n"
    "                      the number of CPUs, from 2 to 4; at most 64)\n"
    "  --secure-cookies    mark the session cookie Secure (served over TLS by a proxy in front)\n"
    "  --trust-proxy       believe a proxy in front: X-Forwarded-For is the client's address,\n"
    "                      X-Forwarded-Proto: https makes cookies Secure, X-Forwarded-Host\n"
    "  --upload-max MIB    the largest upload at /admin/imports (an iCalendar file or a zipped\n"
    "                      HSDS package), in MiB (default 64, at most 1024); it is written\n"
    "                      to a private temporary file as it arrives, and a slow upload\n"
    "                      must be in within $BELONG_WEB_REQUEST_SECONDS (30); one left by a\n"
    "                      server killed mid-upload is removed at the next start\n"
    "  --routes            print the route table (METHOD PATTERN) and exit\n\n"
    "Sessions end after $BELONG_SESSION_IDLE_MINUTES (15) idle minutes and\n"
    "$BELONG_SESSION_MAX_HOURS (8) hours in all. Accounts: belong user add.\n\n"
    "Examples:\n"
    "  belong --db build/demo.db serve\n"
    "  belong --db build/demo.db serve --listen 127.0.0.1:0 --threads 2\n";

int cmd_serve(struct cli *cli, int argc, char **argv)
{
    enum { OPT_LISTEN = 1, OPT_THREADS, OPT_ROUTES, OPT_HELP, OPT_SECURE, OPT_PROXY, OPT_UPLOAD };
    static const struct option options[] = {
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"routes", no_argument, NULL, OPT_ROUTES},
        {"secure-cookies", no_argument, NULL, OPT_SECURE},
        {"trust-proxy", no_argument, NULL, OPT_PROXY},
        {"upload-max", required_argument, NULL, OPT_UPLOAD},
        {"help", no_argument, NULL, OPT_HELP},
        {0, 0, 0, 0},
    };
    struct web_config config = {
        .listen = "127.0.0.1:8080", .db_path = cli->db_path, .threads = web_threads_default()};
    int opt;
    long number;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (opt) {
        case OPT_LISTEN:
            config.listen = optarg;
            break;
        case OPT_THREADS:
            if (!cli_parse_int(optarg, 1, WEB_THREADS_MAX, &number))
                return cli_usage_error("serve", "--threads: '%s' is not a number from 1 to %d",
                                       optarg, WEB_THREADS_MAX);
            config.threads = (int)number;
            break;
        case OPT_UPLOAD:
            if (!cli_parse_int(optarg, 1, WEB_UPLOAD_MIB_MAX, &number))
                return cli_usage_error("serve",
                                       "--upload-max: '%s' is not a number of MiB from 1 to %d",
                                       optarg, WEB_UPLOAD_MIB_MAX);
            config.upload_mib = number;
            break;
        case OPT_SECURE:
            config.secure_cookies = true;
            break;
        case OPT_PROXY:
            config.trust_proxy = true;
            break;
        case OPT_ROUTES:
            web_routes_print(stdout);
            return BELONG_OK;
        case OPT_HELP:
            fputs(serve_help, stdout);
            return BELONG_OK;
        default:
            return cli_bad_option("serve", opt, argc, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
    int swept = web_upload_sweep();
    if (swept > 0)
        fprintf(stderr,
                "belong serve: removed %d upload%s left in the temporary folder by a server "
                "that was stopped mid-upload\n",
                swept, swept == 1 ? "" : "s");
    return web_serve(&config, stderr);
}
