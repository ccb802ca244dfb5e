/* html.c — the one HTML writer (html.h): escaping by context, and the page layout every page
** shares (landmarks, skip link, the compiled-in style sheet).
*/
#include "html.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/xml.h"

void html_put_url_component(struct buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            buf_putc(out, (char)*p);
        } else {
            char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            buf_append(out, enc, 3);
        }
    }
}

bool html_url_is_web(const char *url)
{
    if (!url)
        return false;
    size_t scheme = strncasecmp(url, "https://", 8) == 0  ? 8
                    : strncasecmp(url, "http://", 7) == 0 ? 7
                                                          : 0;
    if (!scheme || !url[scheme])
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return false; /* no blanks or control characters inside a link */
    return true;
}

void html_printf(struct buf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *p = fmt;
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            buf_puts(out, p);
            break;
        }
        buf_append(out, p, (size_t)(pct - p));
        switch (pct[1]) {
        case 's':
            buf_put_xml(out, va_arg(ap, const char *));
            break;
        case 'u':
            html_put_url_component(out, va_arg(ap, const char *));
            break;
        case 'd':
            buf_printf(out, "%d", va_arg(ap, int));
            break;
        case 'l':
            buf_printf(out, "%lld", va_arg(ap, long long));
            break;
        case 'z':
            buf_printf(out, "%zu", va_arg(ap, size_t));
            break;
        case '%':
            buf_putc(out, '%');
            break;
        default:
            fprintf(stderr, "html_printf: unknown directive in \"%s\"\n", fmt);
            abort();
        }
        p = pct + 2;
    }
    va_end(ap);
}

void html_form_post(struct buf *out, const char *action, const char *csrf)
{
    html_printf(out,
                "<form method=\"post\" action=\"%s\">\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
                action, csrf ? csrf : "");
}

void html_page_begin(struct buf *out, const char *title, const struct html_viewer *viewer)
{
    html_printf(out,
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>%s · belong</title>\n"
                "<link rel=\"stylesheet\" href=\"/static/style.css\">\n</head>\n<body>\n"
                "<a class=\"skip\" href=\"#main\">Skip to the main content</a>\n"
                "<header class=\"site\">\n<a class=\"brand\" href=\"/\">belong</a>\n"
                "<nav aria-label=\"Main\"><ul>",
                title);
    if (viewer && viewer->user) {
        bool admin = viewer->role && strcmp(viewer->role, "admin") == 0;
        bool supervisor = viewer->role && strcmp(viewer->role, "supervisor") == 0;
        html_printf(out, "<li><a href=\"/dashboard\">My peers</a></li>"
                         "<li><a href=\"/\">Find activities</a></li>");
        if (admin) /* the admin pages (admin_pages.c, admin_imports.c) */
            html_printf(out, "<li><a href=\"/admin/users\">Users</a></li>"
                             "<li><a href=\"/admin/imports\">Imports</a></li>");
        if (admin || supervisor)
            html_printf(out, "<li><a href=\"/admin/audit\">Audit trail</a></li>");
        html_printf(out,
                    "</ul></nav>\n"
                    "<div class=\"account\"><span>Signed in as <strong>%s</strong> (%s)</span>\n",
                    viewer->user, viewer->role ? viewer->role : "");
        html_form_post(out, "/logout", viewer->csrf);
        html_printf(out, "<button type=\"submit\">Log out</button>\n</form>\n</div>\n");
    } else {
        html_printf(out, "<li><a href=\"/\">Find activities</a></li>"
                         "<li><a href=\"/login\">Log in</a></li></ul></nav>\n");
    }
    html_printf(out, "</header>\n<main id=\"main\">\n");
}

void html_page_end(struct buf *out)
{
    html_printf(out, "</main>\n<footer class=\"site\"><p>belong: community activities for "
                     "the people you support.</p></footer>\n</body>\n</html>\n");
}
