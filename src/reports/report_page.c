/* report_page.c — the report pages' shell and inline style (report_page.h). */
#include "report_page.h"

#include "../util/xml.h"

/* Readable at phone width (one column, tables scroll, charts fill the width), printable (black
** on white, no navigation, a section never split from its heading, each chart kept whole). */
static const char report_style[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;line-height:1.5;"
    "color:#1a1a1a;background:#fff;margin:0;padding:1rem}\n"
    ".page{max-width:52rem;margin:0 auto}\n"
    "h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;margin:1.5rem 0 .5rem;"
    "border-bottom:2px solid #2b6cb0}h3{font-size:1.05rem;margin:1rem 0 .25rem}\n"
    ".sub{color:#444;margin:0 0 1rem}\n"
    ".chart{margin:1rem 0;break-inside:avoid;page-break-inside:avoid}\n"
    ".chart svg{width:100%;height:auto;max-width:48rem}\n"
    ".table{overflow-x:auto}\n"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0}\n"
    "th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #ccc}\n"
    "td.num,th.num{text-align:right}\n"
    "ol.timeline{list-style:none;padding:0}\n"
    "ol.timeline li{padding:.4rem 0;border-bottom:1px solid #ddd;break-inside:avoid;"
    "page-break-inside:avoid}\n"
    ".when{font-weight:600;margin-right:.5rem}.kind{color:#2b6cb0;font-weight:600;"
    "margin-right:.5rem}\n"
    ".words{font-style:italic}\n"
    ".step{border:1px solid #ccc;border-radius:.5rem;padding:.5rem 1rem;margin:.5rem 0;"
    "break-inside:avoid;page-break-inside:avoid}\n"
    ".footer{color:#555;font-size:.85rem;margin-top:2rem}\n"
    "@media (max-width:40rem){body{padding:.5rem}th,td{padding:.25rem}}\n"
    "@media print{body{padding:0;font-size:11pt}.noprint{display:none}"
    "h2{break-after:avoid;page-break-after:avoid}"
    ".break{break-before:page;page-break-before:always}a{color:inherit;text-decoration:none}}\n";

void report_text(struct buf *out, const char *s)
{
    buf_put_xml(out, s);
}

void report_element(struct buf *out, const char *tag, const char *text)
{
    buf_printf(out, "<%s>", tag);
    buf_put_xml(out, text);
    buf_printf(out, "</%s>\n", tag);
}

void report_page_begin(struct buf *out, const char *title, const char *subtitle)
{
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>");
    buf_put_xml(out, title);
    buf_printf(out,
               "</title>\n<style>\n%s</style>\n</head>\n<body>\n<div class=\"page\" "
               "role=\"main\">\n",
               report_style);
    report_element(out, "h1", title);
    if (subtitle) {
        buf_puts(out, "<p class=\"sub\">");
        buf_put_xml(out, subtitle);
        buf_puts(out, "</p>\n");
    }
}

void report_page_end(struct buf *out, const char *day)
{
    buf_puts(out, "<p class=\"footer\">Written by belong on ");
    buf_put_xml(out, day);
    buf_puts(out, ". Private: it names a person; keep it as you keep their records.</p>\n"
                  "</div>\n</body>\n</html>\n");
}
