/* svg_chart.c — line charts of dated values and the ecomap, as accessible SVG (see svg_chart.h).
** Layout is in viewBox units; nothing here knows a measure or a peer: the caller passes values.
*/
#include "svg_chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/rc.h"
#include "../util/timeutil.h"
#include "../util/xml.h"

/* Line chart geometry (viewBox units). */
#define LC_WIDTH        480
#define LC_PLOT_LEFT    52
#define LC_PLOT_RIGHT   460
#define LC_PLOT_TOP     44
#define LC_PLOT_BOTTOM  216
#define LC_LEGEND_TOP   256
#define LC_LEGEND_ROW   22
#define LC_X_TICKS_MAX  4  /* date labels (each about 70 units wide) */
#define LC_X_PAD        14 /* units between the y axis and the first point */
#define LC_Y_TICKS_MAX  40
#define LABEL_CHARS_MAX 24 /* characters of a name drawn on a chart (the whole in <title>) */
#define TITLE_CHARS_MAX 56 /* characters of a chart's visible title and of a cut-off label */

/* Ecomap geometry. */
#define EM_WIDTH      600 /* room beside the ring for the names on the sides */
#define EM_CENTRE_X   300
#define EM_CENTRE_Y   230
#define EM_RING       160 /* radius of the circle the people sit on */
#define EM_NODE       20  /* radius of a person's circle, at most */
#define EM_PEER       34  /* radius of the peer's circle */
#define EM_LEGEND_TOP 460
#define EM_LEGEND_ROW 22

/* Series and places are told apart by colour (Okabe-Ito, safe for colour blindness) and also by
** dash pattern, marker or letter, so that a grey print keeps the meaning. */
static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#999933"};
#define PALETTE_SIZE (sizeof palette / sizeof palette[0])
static const char *const dashes[] = {"none", "8 4", "2 3", "10 3 2 3"};
#define DASHES_SIZE (sizeof dashes / sizeof dashes[0])
static const char *const marker_names[] = {"circle", "square", "triangle", "diamond"};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* True when id is 1..SVG_CHART_ID_MAX letters, digits, '-' and '_', starting with a letter
** (a valid XML id that needs no escaping). */
static bool id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > SVG_CHART_ID_MAX)
        return false;
    if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z')))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

/* Checks a chart's id (what: "chart", "ecomap"); on error says so in err. */
static int check_id(const char *what, const char *id, char *err, size_t errlen)
{
    if (id_ok(id))
        return BELONG_OK;
    set_err(err, errlen, "%s id '%s' is not 1-%d letters, digits, - or _ starting with a letter",
            what, id ? id : "", SVG_CHART_ID_MAX);
    return BELONG_EDATA;
}

/* Appends s escaped, cut to max_chars characters (whole UTF-8 sequences) with "…". */
static void put_cut(struct buf *out, const char *s, size_t max_chars)
{
    size_t chars = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > max_chars)
            break;
    }
    if (!s[i]) {
        buf_put_xml(out, s);
        return;
    }
    char *cut = xstrndup(s, i);
    buf_put_xml(out, cut);
    buf_puts(out, "\xE2\x80\xA6");
    free(cut);
}

static void put_short(struct buf *out, const char *s)
{
    put_cut(out, s, LABEL_CHARS_MAX);
}

/* <svg ...><title id=ID-title>TITLE</title><desc id=ID-desc>DESC</desc> */
static void open_svg(struct buf *out, const char *id, int width, int height, const char *title,
                     const char *desc)
{
    buf_printf(out,
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\" "
               "aria-labelledby=\"%s-title %s-desc\" font-family=\"sans-serif\">\n",
               width, height, id, id);
    buf_printf(out, "<title id=\"%s-title\">", id);
    buf_put_xml(out, title);
    buf_printf(out, "</title>\n<desc id=\"%s-desc\">", id);
    buf_put_xml(out, desc);
    buf_puts(out, "</desc>\n");
    /* the title, visible too (a printed page has no tooltips); the <title> already names it */
    buf_printf(out,
               "<text x=\"%d\" y=\"22\" font-size=\"16\" font-weight=\"bold\" "
               "text-anchor=\"middle\" aria-hidden=\"true\">",
               width / 2);
    put_cut(out, title ? title : "", TITLE_CHARS_MAX);
    buf_puts(out, "</text>\n");
}

/* A number as people read it: "6", "2.5". */
static void put_number(struct buf *out, double v)
{
    buf_printf(out, "%g", fabs(v) < 1e-9 ? 0.0 : v);
}

/* ---- line chart ------------------------------------------------------------------------------ */

struct placed_point {
    long day;
    const struct chart_point *p;
};

static int by_day(const void *a, const void *b)
{
    const struct placed_point *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

static double x_of(long day, long first, long last)
{
    if (last == first)
        return (LC_PLOT_LEFT + LC_PLOT_RIGHT) / 2.0;
    double left = LC_PLOT_LEFT + LC_X_PAD, right = LC_PLOT_RIGHT - LC_X_PAD;
    return left + (double)(day - first) * (right - left) / (double)(last - first);
}

static double y_of(const struct line_chart *c, double v)
{
    return LC_PLOT_BOTTOM - (v - c->y_min) * (LC_PLOT_BOTTOM - LC_PLOT_TOP) / (c->y_max - c->y_min);
}

/* A marker of shape k centred at x, y, with its colour. */
static void put_marker(struct buf *out, size_t k, double x, double y, const char *colour)
{
    switch (k % 4) {
    case 0:
        buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\"/>", x, y, colour);
        break;
    case 1:
        buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/>", x - 4,
                   y - 4, colour);
        break;
    case 2:
        buf_printf(out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"/>", x, y - 5.5,
                   x + 5, y + 4, x - 5, y + 4, colour);
        break;
    default:
        buf_printf(out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"/>", x,
                   y - 5.5, x + 5.5, y, x, y + 5.5, x - 5.5, y, colour);
    }
}

static void put_dash(struct buf *out, size_t k)
{
    if (k % DASHES_SIZE)
        buf_printf(out, " stroke-dasharray=\"%s\"", dashes[k % DASHES_SIZE]);
}

/* Checks the chart. OUT: placed[s] (sorted by day, the caller frees each), first/last day. */
static int check_chart(const struct line_chart *c, struct placed_point **placed, long *first,
                       long *last, size_t *n_points, char *err, size_t errlen)
{
    if (check_id("chart", c->id, err, errlen) != BELONG_OK)
        return BELONG_EDATA;
    if (!(c->y_max > c->y_min) || !(c->y_step > 0) ||
        (c->y_max - c->y_min) / c->y_step > LC_Y_TICKS_MAX) {
        set_err(err, errlen, "chart %s: the scale %g to %g by %g is not a usable scale", c->id,
                c->y_min, c->y_max, c->y_step);
        return BELONG_EDATA;
    }
    if (c->n_series < 1 || c->n_series > SVG_CHART_SERIES_MAX) {
        set_err(err, errlen, "chart %s: %zu series; a chart draws 1 to %d", c->id, c->n_series,
                SVG_CHART_SERIES_MAX);
        return BELONG_EDATA;
    }
    for (size_t k = 0; k < c->n_cutoffs; k++) {
        if (!(c->cutoffs[k].value >= c->y_min && c->cutoffs[k].value <= c->y_max)) {
            set_err(err, errlen, "chart %s: cut-off %zu (%g) is off the scale %g to %g", c->id,
                    k + 1, c->cutoffs[k].value, c->y_min, c->y_max);
            return BELONG_EDATA;
        }
    }
    *n_points = 0;
    for (size_t s = 0; s < c->n_series; s++) {
        const struct chart_series *se = &c->series[s];
        if (!se->name || !*se->name) {
            set_err(err, errlen, "chart %s: series %zu has no name", c->id, s + 1);
            return BELONG_EDATA;
        }
        placed[s] = xcalloc(se->n_points ? se->n_points : 1, sizeof *placed[s]);
        for (size_t i = 0; i < se->n_points; i++) {
            const struct chart_point *p = &se->points[i];
            struct civil_date d;
            if (!p->date || !parse_date(p->date, &d)) {
                set_err(err, errlen, "chart %s: %s, point %zu: date '%s' is not YYYY-MM-DD", c->id,
                        se->name, i + 1, p->date ? p->date : "");
                return BELONG_EDATA;
            }
            if (!(p->value >= c->y_min && p->value <= c->y_max)) {
                set_err(err, errlen, "chart %s: %s, point %zu (%s): %g is off the scale %g to %g",
                        c->id, se->name, i + 1, p->date, p->value, c->y_min, c->y_max);
                return BELONG_EDATA;
            }
            long day = days_from_civil(&d);
            placed[s][i] = (struct placed_point){day, p};
            if (*n_points == 0 || day < *first)
                *first = day;
            if (*n_points == 0 || day > *last)
                *last = day;
            (*n_points)++;
        }
        qsort(placed[s], se->n_points, sizeof *placed[s], by_day);
    }
    return BELONG_OK;
}

/* A description written from the data, when the caller gave none. */
static void describe_chart(const struct line_chart *c, const struct placed_point *const *placed,
                           size_t n_points, struct buf *out)
{
    buf_puts(out, "Line chart");
    if (c->y_label)
        buf_printf(out, " of %s", c->y_label);
    buf_puts(out, " on a scale from ");
    put_number(out, c->y_min);
    buf_puts(out, " to ");
    put_number(out, c->y_max);
    buf_printf(out, ", %zu point%s", n_points, n_points == 1 ? "" : "s");
    for (size_t s = 0; s < c->n_series; s++) {
        const struct chart_series *se = &c->series[s];
        buf_printf(out, "%s%s (%s line, %s markers)", s ? "; " : ": ", se->name,
                   s % DASHES_SIZE ? "dashed" : "solid", marker_names[s % 4]);
        if (se->n_points) {
            const struct placed_point *a = &placed[s][0], *z = &placed[s][se->n_points - 1];
            buf_printf(out, " from %s to %s, first ", a->p->date, z->p->date);
            put_number(out, a->p->value);
            buf_puts(out, ", latest ");
            put_number(out, z->p->value);
        } else {
            buf_puts(out, " with no values yet");
        }
    }
    for (size_t k = 0; k < c->n_cutoffs; k++) {
        buf_puts(out, k ? ", " : "; cut-off lines at ");
        put_number(out, c->cutoffs[k].value);
        if (c->cutoffs[k].label)
            buf_printf(out, " (%s)", c->cutoffs[k].label);
    }
    buf_putc(out, '.');
}

static void draw_axes(const struct line_chart *c, long first, long last, size_t n_points,
                      struct buf *out)
{
    buf_puts(out, "<g class=\"axes\" font-size=\"12\" fill=\"#333\" aria-hidden=\"true\">\n");
    size_t ticks = (size_t)floor((c->y_max - c->y_min) / c->y_step + 1e-9);
    for (size_t t = 0; t <= ticks; t++) {
        double v = c->y_min + (double)t * c->y_step, y = y_of(c, v);
        buf_printf(out,
                   "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                   "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
                   LC_PLOT_LEFT, LC_PLOT_RIGHT, y, y, LC_PLOT_LEFT - 6, y + 4);
        put_number(out, v);
        buf_puts(out, "</text>\n");
    }
    buf_printf(out,
               "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
               "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
               LC_PLOT_LEFT, LC_PLOT_RIGHT, LC_PLOT_BOTTOM, LC_PLOT_BOTTOM, LC_PLOT_LEFT,
               LC_PLOT_LEFT, LC_PLOT_TOP, LC_PLOT_BOTTOM);
    if (c->y_label) {
        buf_printf(out, "<text x=\"%d\" y=\"%d\">", LC_PLOT_LEFT - 40, LC_PLOT_TOP - 10);
        put_short(out, c->y_label);
        buf_puts(out, "</text>\n");
    }
    /* up to LC_X_TICKS_MAX dates, evenly spread from the first to the last */
    long span = last - first;
    size_t n_ticks = n_points == 0 ? 0 : span == 0 ? 1 : LC_X_TICKS_MAX;
    if (span > 0 && (long)n_ticks > span + 1)
        n_ticks = (size_t)span + 1;
    long prev = -1;
    for (size_t t = 0; t < n_ticks; t++) {
        long day = n_ticks == 1 ? first : first + (long)((double)span * t / (n_ticks - 1) + 0.5);
        if (t > 0 && day == prev)
            continue;
        prev = day;
        struct civil_date d = civil_from_days(day);
        double x = x_of(day, first, last);
        const char *anchor = n_ticks == 1       ? "middle"
                             : t == 0           ? "start"
                             : t + 1 == n_ticks ? "end"
                                                : "middle";
        buf_printf(out,
                   "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>"
                   "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%04d-%02d-%02d</text>\n",
                   x, x, LC_PLOT_BOTTOM, LC_PLOT_BOTTOM + 5, x, LC_PLOT_BOTTOM + 20, anchor, d.year,
                   d.month, d.day);
    }
    buf_puts(out, "</g>\n");
}

static void draw_cutoffs(const struct line_chart *c, struct buf *out)
{
    for (size_t k = 0; k < c->n_cutoffs; k++) {
        double y = y_of(c, c->cutoffs[k].value);
        buf_printf(out,
                   "<g class=\"cutoff\"><line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#555\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>",
                   LC_PLOT_LEFT, LC_PLOT_RIGHT, y, y);
        buf_printf(out,
                   "<text class=\"cutoff-label\" x=\"%d\" y=\"%.1f\" font-size=\"12\" "
                   "text-anchor=\"end\" fill=\"#333\" stroke=\"#fff\" stroke-width=\"3\" "
                   "paint-order=\"stroke\">",
                   LC_PLOT_RIGHT - 2, y - 4);
        buf_puts(out, "cut-off ");
        put_number(out, c->cutoffs[k].value);
        if (c->cutoffs[k].label) {
            buf_puts(out, ": ");
            put_cut(out, c->cutoffs[k].label, TITLE_CHARS_MAX);
        }
        buf_puts(out, "</text></g>\n");
    }
}

static void draw_series(const struct line_chart *c, size_t s, const struct placed_point *pts,
                        long first, long last, struct buf *out)
{
    const struct chart_series *se = &c->series[s];
    const char *colour = palette[s % PALETTE_SIZE];
    buf_puts(out, "<g class=\"series\" aria-label=\"");
    buf_put_xml(out, se->name);
    buf_puts(out, "\">\n");
    if (se->n_points > 1) {
        buf_printf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"", colour);
        put_dash(out, s);
        buf_puts(out, " points=\"");
        for (size_t i = 0; i < se->n_points; i++)
            buf_printf(out, "%s%.1f,%.1f", i ? " " : "", x_of(pts[i].day, first, last),
                       y_of(c, pts[i].p->value));
        buf_puts(out, "\"/>\n");
    }
    for (size_t i = 0; i < se->n_points; i++) {
        const struct chart_point *p = pts[i].p;
        buf_puts(out, "<g class=\"point\" role=\"img\"><title>");
        buf_put_xml(out, se->name);
        buf_printf(out, ", %s: ", p->date);
        put_number(out, p->value);
        if (p->note) {
            buf_puts(out, " (");
            buf_put_xml(out, p->note);
            buf_putc(out, ')');
        }
        buf_puts(out, "</title>");
        put_marker(out, s, x_of(pts[i].day, first, last), y_of(c, p->value), colour);
        buf_puts(out, "</g>\n");
    }
    buf_puts(out, "</g>\n");
}

static void draw_legend(const struct line_chart *c, struct buf *out)
{
    buf_puts(out, "<g class=\"legend\" font-size=\"12\" fill=\"#333\">\n");
    for (size_t s = 0; s < c->n_series; s++) {
        double x = s % 2 ? LC_WIDTH / 2.0 + 8 : LC_PLOT_LEFT - 40;
        double y = LC_LEGEND_TOP + (double)(s / 2) * LC_LEGEND_ROW;
        const char *colour = palette[s % PALETTE_SIZE];
        buf_printf(out,
                   "<g class=\"legend-entry\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
                   "y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2.5\"",
                   x, x + 28, y, y, colour);
        put_dash(out, s);
        buf_puts(out, "/>");
        put_marker(out, s, x + 14, y, colour);
        buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">", x + 36, y + 4);
        put_short(out, c->series[s].name);
        buf_puts(out, "</text></g>\n");
    }
    buf_puts(out, "</g>\n");
}

int svg_line_chart(const struct line_chart *c, struct buf *out, char *err, size_t errlen)
{
    struct placed_point *placed[SVG_CHART_SERIES_MAX] = {0};
    long first = 0, last = 0;
    size_t n_points = 0;
    int rc = check_chart(c, placed, &first, &last, &n_points, err, errlen);
    if (rc == BELONG_OK) {
        struct buf desc = {0};
        if (c->desc)
            buf_puts(&desc, c->desc);
        else
            describe_chart(c, (const struct placed_point *const *)placed, n_points, &desc);
        int height = LC_LEGEND_TOP + (int)((c->n_series + 1) / 2) * LC_LEGEND_ROW;
        open_svg(out, c->id, LC_WIDTH, height, c->title, buf_str(&desc));
        buf_free(&desc);
        draw_axes(c, first, last, n_points, out);
        draw_cutoffs(c, out);
        for (size_t s = 0; s < c->n_series; s++)
            draw_series(c, s, placed[s], first, last, out);
        draw_legend(c, out);
        buf_puts(out, "</svg>\n");
    }
    for (size_t s = 0; s < SVG_CHART_SERIES_MAX; s++)
        free(placed[s]);
    return rc;
}

/* ---- ecomap ---------------------------------------------------------------------------------- */

static const char not_recorded[] = "not recorded";
static const char other_places[] = "other places";

/* The places of an ecomap in first-seen order; each has a style (colour, dash, letter). */
struct places {
    const char *names[ECOMAP_PLACE_STYLES]; /* borrowed, or the two names above */
    size_t n;
};

/* The style index of met_at, adding it when new; past the last style, "other places". */
static size_t place_of(struct places *pl, const char *met_at)
{
    const char *name = met_at && *met_at ? met_at : not_recorded;
    for (size_t k = 0; k < pl->n; k++) {
        bool sentinel = pl->names[k] == not_recorded || pl->names[k] == other_places;
        if (pl->names[k] == name ||
            (!sentinel && name != not_recorded && strcmp(pl->names[k], name) == 0))
            return k;
    }
    if (pl->n < ECOMAP_PLACE_STYLES - 1 ||
        (pl->n == ECOMAP_PLACE_STYLES - 1 && name == other_places)) {
        pl->names[pl->n] = name;
        return pl->n++;
    }
    return place_of(pl, other_places);
}

static double line_weight(int closeness)
{
    return 1.0 + (closeness - ECOMAP_CLOSENESS_MIN) * 1.5;
}

static void put_line_style(struct buf *out, size_t style, double weight)
{
    buf_printf(out, " stroke=\"%s\" stroke-width=\"%.1f\"", palette[style % PALETTE_SIZE], weight);
    put_dash(out, style);
}

static void put_letter_badge(struct buf *out, size_t style, double x, double y)
{
    buf_printf(out,
               "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"8\" fill=\"#fff\" stroke=\"%s\"/>"
               "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" font-weight=\"bold\" "
               "text-anchor=\"middle\">%c</text>",
               x, y, palette[style % PALETTE_SIZE], x, y + 3.5, (char)('A' + style));
}

/* One person: the line from the centre, its letter, their circle and name, with a <title>. */
static void draw_person(const struct ecomap_person *p, size_t style, const char *place, double x,
                        double y, double node, struct buf *out)
{
    buf_puts(out, "<g class=\"person\" role=\"img\"><title>");
    buf_put_xml(out, p->name);
    if (p->relationship && *p->relationship) {
        buf_puts(out, ", ");
        buf_put_xml(out, p->relationship);
    }
    buf_printf(out, ", closeness %d of %d, ", p->closeness, ECOMAP_CLOSENESS_MAX);
    if (place == not_recorded) {
        buf_puts(out, "where they met not recorded");
    } else {
        buf_puts(out, "met at ");
        buf_put_xml(out, place);
    }
    buf_puts(out, "</title>");
    buf_printf(out, "<line class=\"tie\" x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"", EM_CENTRE_X,
               EM_CENTRE_Y, x, y);
    put_line_style(out, style, line_weight(p->closeness));
    buf_puts(out, "/>");
    put_letter_badge(out, style, EM_CENTRE_X + (x - EM_CENTRE_X) * 0.6,
                     EM_CENTRE_Y + (y - EM_CENTRE_Y) * 0.6);
    buf_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#f4f4f4\" stroke=\"#333\"/>",
               x, y, node);
    /* the name outside the ring: above or below near the top and bottom, beside the circle on
    ** the sides (where names above and below would run into the next person's) */
    double dx = x - EM_CENTRE_X, dy = y - EM_CENTRE_Y;
    double label_x = x, label_y = y < EM_CENTRE_Y - 1 ? y - node - 6 : y + node + 14;
    const char *anchor = "middle";
    if (fabs(dx) > 0.7 * fabs(dy)) {
        label_x = dx > 0 ? x + node + 4 : x - node - 4;
        label_y = y + 4;
        anchor = dx > 0 ? "start" : "end";
    }
    buf_printf(out,
               "<text class=\"name\" x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
               "text-anchor=\"%s\">",
               label_x, label_y, anchor);
    put_short(out, p->name);
    buf_puts(out, "</text></g>\n");
}

static void describe_ecomap(const struct ecomap *m, const struct places *pl, const size_t *style,
                            struct buf *out)
{
    buf_puts(out, "Ecomap: ");
    buf_puts(out, m->centre ? m->centre : "the peer");
    if (m->n_people == 0) {
        buf_puts(out, " in the centre; no connections recorded yet.");
        return;
    }
    buf_printf(out, " in the centre, %zu %s around; a thicker line is a closer tie.", m->n_people,
               m->n_people == 1 ? "person" : "people");
    for (size_t i = 0; i < m->n_people; i++) {
        const struct ecomap_person *p = &m->people[i];
        buf_printf(out, " %s", p->name);
        if (p->relationship && *p->relationship)
            buf_printf(out, ", %s", p->relationship);
        const char *place = pl->names[style[i]];
        buf_printf(out, ", closeness %d of %d, %s%s.", p->closeness, ECOMAP_CLOSENESS_MAX,
                   place == not_recorded ? "where they met " : "met at ", place);
    }
}

static void draw_ecomap_legend(const struct places *pl, struct buf *out)
{
    int y = EM_LEGEND_TOP;
    buf_printf(out,
               "<g class=\"legend\" font-size=\"12\" fill=\"#333\">\n"
               "<text x=\"12\" y=\"%d\" font-weight=\"bold\">Where they met (line colour, "
               "pattern and letter)</text>\n",
               y);
    for (size_t k = 0; k < pl->n; k++) {
        y += EM_LEGEND_ROW;
        buf_printf(out, "<g class=\"legend-entry\"><line x1=\"12\" x2=\"52\" y1=\"%d\" y2=\"%d\"",
                   y - 4, y - 4);
        put_line_style(out, k, 3);
        buf_puts(out, "/>");
        put_letter_badge(out, k, 32, y - 4);
        buf_printf(out, "<text x=\"60\" y=\"%d\">", y);
        put_short(out, pl->names[k]);
        buf_puts(out, "</text></g>\n");
    }
    y += EM_LEGEND_ROW + 8;
    buf_printf(out, "<text x=\"12\" y=\"%d\" font-weight=\"bold\">Closeness (line weight)</text>\n",
               y);
    y += EM_LEGEND_ROW;
    static const struct {
        int closeness;
        const char *words;
    } weights[] = {{1, "1 distant"}, {3, "3"}, {5, "5 very close"}};
    for (size_t k = 0; k < sizeof weights / sizeof weights[0]; k++) {
        int x = 12 + (int)k * 150;
        buf_printf(out,
                   "<g class=\"legend-weight\"><line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
                   "stroke=\"#333\" stroke-width=\"%.1f\"/><text x=\"%d\" y=\"%d\">%s</text></g>\n",
                   x, x + 40, y - 4, y - 4, line_weight(weights[k].closeness), x + 48, y,
                   weights[k].words);
    }
    buf_puts(out, "</g>\n");
}

int svg_ecomap(const struct ecomap *m, struct buf *out, char *err, size_t errlen)
{
    if (check_id("ecomap", m->id, err, errlen) != BELONG_OK)
        return BELONG_EDATA;
    for (size_t i = 0; i < m->n_people; i++) {
        const struct ecomap_person *p = &m->people[i];
        if (!p->name || !*p->name) {
            set_err(err, errlen, "ecomap %s: person %zu has no name", m->id, i + 1);
            return BELONG_EDATA;
        }
        if (p->closeness < ECOMAP_CLOSENESS_MIN || p->closeness > ECOMAP_CLOSENESS_MAX) {
            set_err(err, errlen, "ecomap %s: person %zu (%s): closeness %d is not %d to %d", m->id,
                    i + 1, p->name, p->closeness, ECOMAP_CLOSENESS_MIN, ECOMAP_CLOSENESS_MAX);
            return BELONG_EDATA;
        }
    }
    struct places pl = {0};
    size_t *style = xcalloc(m->n_people ? m->n_people : 1, sizeof *style);
    for (size_t i = 0; i < m->n_people; i++)
        style[i] = place_of(&pl, m->people[i].met_at);

    struct buf desc = {0};
    describe_ecomap(m, &pl, style, &desc);
    int height =
        m->n_people ? EM_LEGEND_TOP + (int)(pl.n + 3) * EM_LEGEND_ROW + 8 : EM_LEGEND_TOP - 40;
    open_svg(out, m->id, EM_WIDTH, height, m->title, buf_str(&desc));
    buf_free(&desc);

    const double pi = 3.14159265358979323846;
    double node = m->n_people ? fmin(EM_NODE, pi * EM_RING / (double)m->n_people * 0.6) : EM_NODE;
    for (size_t i = 0; i < m->n_people; i++) {
        double a = -pi / 2 + 2 * pi * (double)i / (double)m->n_people;
        draw_person(&m->people[i], style[i], pl.names[style[i]], EM_CENTRE_X + EM_RING * cos(a),
                    EM_CENTRE_Y + EM_RING * sin(a), node, out);
    }
    buf_printf(out,
               "<g class=\"peer\"><circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"#fff\" "
               "stroke=\"#333\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\" font-size=\"13\" "
               "font-weight=\"bold\" text-anchor=\"middle\">",
               EM_CENTRE_X, EM_CENTRE_Y, EM_PEER, EM_CENTRE_X, EM_CENTRE_Y + 5);
    put_short(out, m->centre ? m->centre : "");
    buf_puts(out, "</text></g>\n");
    if (m->n_people == 0)
        buf_printf(out,
                   "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\">No "
                   "connections recorded yet.</text>\n",
                   EM_CENTRE_X, EM_CENTRE_Y + EM_PEER + 24);
    else
        draw_ecomap_legend(&pl, out);
    buf_puts(out, "</svg>\n");
    free(style);
    return BELONG_OK;
}
