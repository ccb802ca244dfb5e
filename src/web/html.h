/* html.h — the one HTML writer: every page is written through html_printf, whose format string
** is the only markup, and whose arguments are escaped for where they go (element text, a
** quoted attribute value, a URL component). Pages never paste user data into HTML themselves.
*/
#ifndef BELONG_WEB_HTML_H
#define BELONG_WEB_HTML_H

#include <stdbool.h>

#include "../util/buf.h"

/* Appends fmt to out; fmt is trusted markup (a string literal), its directives take arguments:
**   %s  text (NULL: nothing), escaped for element text and quoted attribute values alike
**       (& < > " ' as entities; what HTML cannot carry becomes U+FFFD: util/xml.c)
**   %u  a URL component (a query value or a path segment): percent-encoded, all but
**       A-Z a-z 0-9 - . _ ~, so it can neither end the attribute nor add a parameter
**   %d  an int; %l a long long; %z a size_t
**   %%  a percent sign
** Any other directive aborts (a programming error, found by every test of the page). Cannot
** fail otherwise. */
void html_printf(struct buf *out, const char *fmt, ...);

/* Appends s percent-encoded as a URL component (see %u). NULL appends nothing. */
void html_put_url_component(struct buf *out, const char *s);

/* True when url is an absolute http: or https: URL, the only ones a page links to from
** directory data (a "javascript:" or "data:" URL is shown as text, never as a link). */
bool html_url_is_web(const char *url);

/* Who a page is for: its navigation shows the user and a logout button, or a login link. */
struct html_viewer {
    const char *user; /* NULL: nobody is logged in */
    const char *role; /* "cps", "supervisor", "admin" */
    const char *csrf; /* the session's CSRF secret, for the forms that post ("" or NULL: none) */
};

/* Writes the start of a page: doctype, lang, title (escaped), the style sheet, the skip link,
** the header with the site's name and navigation for viewer (NULL: nobody logged in), and
** opens <main id="main">. */
void html_page_begin(struct buf *out, const char *title, const struct html_viewer *viewer);

/* Opens a form that posts to action (a path, escaped) with the hidden "csrf" field holding
** csrf, so that no form that changes something forgets it. Close it with "</form>". */
void html_form_post(struct buf *out, const char *action, const char *csrf);
/* Closes main and writes the footer and the end of the document. */
void html_page_end(struct buf *out);

#endif
