/* svg_chart.h — the charts of the reports as SVG text: a line chart of dated values on a fixed
** scale (scores over time, with their cut-off lines) and an ecomap (the peer in the centre,
** the people they met around). Pure functions: data in, SVG appended to a struct buf.
**
** Every chart is accessible and prints: <svg role="img" aria-labelledby> with a <title> and a
** <desc>, a <title> (text alternative) on each point and person, a viewBox and no fixed size
** (it fills the width it is given, a phone's or a page's), and no meaning carried by colour
** alone (series and places also differ by dash pattern and are named in a legend). All text
** passes through buf_put_xml (util/xml.h). The caller's strings are borrowed.
*/
#ifndef BELONG_SVG_CHART_H
#define BELONG_SVG_CHART_H

#include <stddef.h>

#include "../util/buf.h"

#define SVG_CHART_ID_MAX     40 /* bytes of a chart id: letters, digits, '-' and '_' */
#define SVG_CHART_SERIES_MAX 4  /* lines on one chart, each with its own dash and marker */
#define ECOMAP_CLOSENESS_MIN 1
#define ECOMAP_CLOSENESS_MAX 5
#define ECOMAP_PLACE_STYLES  12 /* places drawn apart; more share "other places" */

/* One dated value. */
struct chart_point {
    const char *date; /* "YYYY-MM-DD" */
    double value;     /* within the chart's y_min..y_max */
    const char *note; /* words after the value in the point's text alternative
                         ("lonely"), or NULL */
};

struct chart_series {
    const char *name; /* "UCLA-3", "comfort before" */
    const struct chart_point *points;
    size_t n_points;
};

/* A horizontal line across the chart at a cut-off, labelled ("6: lonely"). */
struct chart_cutoff {
    double value;
    const char *label;
};

struct line_chart {
    const char *id;    /* unique on the page; names the title and desc elements */
    const char *title; /* "Loneliness (UCLA-3) over time" */
    const char *desc;  /* a sentence saying what the chart shows, for screen readers; or NULL
                          to have one written from the data */
    const char *y_label;
    double y_min, y_max, y_step; /* the fixed scale and its tick spacing (> 0) */
    const struct chart_series *series;
    size_t n_series; /* 1..SVG_CHART_SERIES_MAX */
    const struct chart_cutoff *cutoffs;
    size_t n_cutoffs;
};

/* Appends the chart as one <svg> element to out. Points are joined by date order, x by days.
** Refuses (BELONG_EDATA, nothing appended, a message in err naming the series and point) a bad
** id, a date that is not YYYY-MM-DD, a value or cut-off off the scale, a bad scale, no series
** or too many. A series without points draws nothing but is named in the legend. */
int svg_line_chart(const struct line_chart *chart, struct buf *out, char *err, size_t errlen);

/* One person the peer met. */
struct ecomap_person {
    const char *name;         /* first name or initials */
    int closeness;            /* ECOMAP_CLOSENESS_MIN..MAX: the line's weight */
    const char *met_at;       /* where they met (an activity's name), or NULL: "not recorded" */
    const char *relationship; /* "friend", "mentor"..., or NULL */
};

struct ecomap {
    const char *id;
    const char *title;  /* "Sam's connections" */
    const char *centre; /* the peer's name, drawn in the middle */
    const struct ecomap_person *people;
    size_t n_people; /* may be 0: the peer alone, said in words */
};

/* Appends the ecomap as one <svg> element to out: the peer in the centre, each person on a
** circle around with a line whose weight is their closeness and whose colour and dash pattern
** say where they met, and a legend of places and line weights. Refuses (BELONG_EDATA, nothing
** appended, a message in err naming the person) a bad id or a closeness out of range. */
int svg_ecomap(const struct ecomap *map, struct buf *out, char *err, size_t errlen);

#endif
