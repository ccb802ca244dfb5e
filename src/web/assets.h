/* assets.h — the static files compiled into the binary (src/web/static/, turned into C arrays
** by src/web/embed.c at build time): each with the URL path it is served at.
*/
#ifndef BELONG_WEB_ASSETS_H
#define BELONG_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
    const char *path;         /* e.g. "/static/style.css"; NULL ends the table */
    const char *content_type; /* e.g. "text/css; charset=utf-8" */
    const unsigned char *data;
    size_t len;
};

extern const struct web_asset web_assets[];

#endif
