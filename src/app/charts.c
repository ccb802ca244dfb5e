/* charts.c — the charts' operations (app_charts.h): a peer's records read through the other
** operations (measures, connections) and turned into the structs reports/svg_chart.c draws.
** Nothing here draws; nothing here knows one instrument from another.
*/
#include "app_charts.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../reports/svg_chart.h"
#include "app_connections.h"
#include "app_measures.h"
#include "app_peers.h"

const char *const app_chart_names[] = {"ucla3", "lsns6", "network", "ecomap"};
const size_t app_chart_count = sizeof app_chart_names / sizeof app_chart_names[0];

#define CHART_TICKS_MAX 10 /* y ticks on a chart, at most */

/* The tick step for a scale of span units: 1, 2, 5, 10, 20, 50... giving at most
** CHART_TICKS_MAX ticks. */
static double tick_step(double span)
{
    for (double step = 1;; step *= 10)
        for (int k = 0; k < 3; k++) {
            double s = step * (k == 0 ? 1 : k == 1 ? 2 : 5);
            if (span / s <= CHART_TICKS_MAX)
                return s;
        }
}

/* text up to its first " (" (what a band's or a scale's words say before their details), into
** out (size bytes): "lonely (6 or more, ...)" -> "lonely". */
static void short_words(const char *text, char *out, size_t size)
{
    const char *paren = strstr(text, " (");
    int n = paren ? (int)(paren - text) : (int)strlen(text);
    snprintf(out, size, "%.*s", n, text);
}

/* Draws the chart or turns its refusal into err. */
static int draw(int rc, const char *what, const char *msg, struct app_error *err)
{
    if (rc != BELONG_OK)
        return app_fail(err, BELONG_EINTERNAL, NULL, "%s: %s", what, msg);
    return BELONG_OK;
}

/* A measure's headline score over time, its band boundaries as cut-off lines. */
static int measure_chart(struct app *app, const struct peer *p, const char *instrument,
                         const char *as_of, struct buf *svg, struct app_error *err)
{
    const struct measure_instrument *in = measure_find(instrument);
    if (!in || in->total_scale < 0)
        return app_fail(err, BELONG_EINTERNAL, NULL, "%s has no headline score", instrument);
    struct app_measure *list;
    size_t n;
    int rc = app_measure_history(app, p->id, in->id, &list, &n, err);
    if (rc != BELONG_OK)
        return rc;
    const struct measure_scale *sc = &in->scales[in->total_scale];
    int min, max;
    measure_scale_range(in, sc, &min, &max);
    struct chart_point *points = xcalloc(n ? n : 1, sizeof *points);
    size_t n_points = 0;
    for (size_t i = 0; i < n; i++) {
        const struct measure_scale_result *t = measure_total(&list[i].result);
        if (!t || t->missing || strcmp(list[i].date, as_of) > 0)
            continue;
        points[n_points++] =
            (struct chart_point){list[i].date, t->score, t->band ? t->band->words : NULL};
    }
    struct chart_cutoff cutoffs[8];
    char labels[8][64], name[64];
    size_t n_cutoffs = 0;
    for (size_t k = 1; k < sc->n_bands && n_cutoffs < 8; k++, n_cutoffs++) {
        short_words(sc->bands[k].words, labels[n_cutoffs], sizeof labels[n_cutoffs]);
        cutoffs[n_cutoffs] = (struct chart_cutoff){sc->bands[k].min, labels[n_cutoffs]};
    }
    short_words(sc->title, name, sizeof name);
    char id[SVG_CHART_ID_MAX + 1], title[256];
    snprintf(id, sizeof id, "%s-chart", in->id);
    snprintf(title, sizeof title, "%s: %s over time", p->name, in->title);
    struct chart_series series = {name, points, n_points};
    struct line_chart chart = {
        .id = id,
        .title = title,
        .y_label = "score",
        .y_min = min,
        .y_max = max,
        .y_step = tick_step(max - min),
        .series = &series,
        .n_series = 1,
        .cutoffs = cutoffs,
        .n_cutoffs = n_cutoffs,
    };
    char msg[256];
    rc = draw(svg_line_chart(&chart, svg, msg, sizeof msg), id, msg, err);
    free(points);
    free(list);
    return rc;
}

/* The network's size over time: everyone in touch, and the close ones, at each change up to
** as_of, and on as_of itself. */
static int network_chart(struct app *app, const struct peer *p, const char *as_of, struct buf *svg,
                         struct app_error *err)
{
    struct connection *list;
    size_t n;
    char day[11];
    int rc = app_connection_list(app, p->id, as_of, &list, &n, day, err);
    if (rc != BELONG_OK)
        return rc;
    struct network_size *sizes;
    size_t n_sizes;
    connection_network_sizes(list, n, day, &sizes, &n_sizes);
    if (n_sizes && strcmp(sizes[n_sizes - 1].date, day) < 0) {
        sizes = xrealloc(sizes, (n_sizes + 1) * sizeof *sizes);
        sizes[n_sizes] = sizes[n_sizes - 1];
        memcpy(sizes[n_sizes].date, day, sizeof day);
        n_sizes++;
    }
    struct chart_point *all = xcalloc(2 * (n_sizes ? n_sizes : 1), sizeof *all);
    struct chart_point *close = all + n_sizes;
    int most = 0;
    for (size_t i = 0; i < n_sizes; i++) {
        all[i] = (struct chart_point){sizes[i].date, sizes[i].people, NULL};
        close[i] = (struct chart_point){sizes[i].date, sizes[i].close, NULL};
        if (sizes[i].people > most)
            most = sizes[i].people;
    }
    double step = tick_step(most > 5 ? most : 5);
    double top = step * ceil((most > 5 ? most : 5) / step);
    struct chart_series series[] = {{"people in touch", all, n_sizes},
                                    {"close (closeness 4 or 5)", close, n_sizes}};
    char title[256];
    snprintf(title, sizeof title, "%s: network size over time", p->name);
    struct line_chart chart = {
        .id = "network-chart",
        .title = title,
        .y_label = "people",
        .y_min = 0,
        .y_max = top,
        .y_step = step,
        .series = series,
        .n_series = 2,
    };
    char msg[256];
    rc = draw(svg_line_chart(&chart, svg, msg, sizeof msg), chart.id, msg, err);
    free(all);
    free(sizes);
    connections_free(list, n);
    return rc;
}

/* The people in touch on as_of around the peer. */
static int ecomap_chart(struct app *app, const struct peer *p, const char *as_of, struct buf *svg,
                        struct app_error *err)
{
    struct connection *list;
    size_t n;
    char day[11];
    int rc = app_connection_list(app, p->id, as_of, &list, &n, day, err);
    if (rc != BELONG_OK)
        return rc;
    struct ecomap_person *people = xcalloc(n ? n : 1, sizeof *people);
    size_t n_people = 0;
    for (size_t i = 0; i < n; i++) {
        const struct connection_change *st = connection_as_of(&list[i], day);
        if (!st || st->ended)
            continue;
        people[n_people++] = (struct ecomap_person){
            list[i].name, st->closeness, connection_met_where(&list[i]), st->relationship};
    }
    char title[256];
    snprintf(title, sizeof title, "%s's connections on %s", p->name, day);
    struct ecomap map = {"ecomap", title, p->name, people, n_people};
    char msg[256];
    rc = draw(svg_ecomap(&map, svg, msg, sizeof msg), "ecomap", msg, err);
    free(people);
    connections_free(list, n);
    return rc;
}

int app_chart(struct app *app, int64_t peer_id, const char *chart, const char *as_of,
              struct buf *svg, struct app_error *err)
{
    size_t k = 0;
    while (k < app_chart_count && strcmp(chart, app_chart_names[k]) != 0)
        k++;
    if (k == app_chart_count) {
        struct buf known = {0};
        for (size_t i = 0; i < app_chart_count; i++)
            buf_printf(&known, "%s%s", i ? ", " : "", app_chart_names[i]);
        app_fail(err, BELONG_EUSAGE, "CHART", "unknown chart '%s' (expected: %s)", chart,
                 buf_str(&known));
        buf_free(&known);
        return BELONG_EUSAGE;
    }
    char day[11];
    int rc = app_record_date(app, as_of, "--as-of", day, err);
    if (rc != BELONG_OK)
        return rc;
    struct peer p;
    if ((rc = app_peer_get(app, peer_id, &p, err)) != BELONG_OK)
        return rc;
    if (k == 2)
        rc = network_chart(app, &p, day, svg, err);
    else if (k == 3)
        rc = ecomap_chart(app, &p, day, svg, err);
    else
        rc = measure_chart(app, &p, app_chart_names[k], day, svg, err);
    peer_free(&p);
    return rc;
}
