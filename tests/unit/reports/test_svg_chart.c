/* test_svg_chart.c — the SVG charts: well-formed XML (xmllint), the number of points, lines,
** labels and cut-off lines, text alternatives, escaping of hostile names, and the refusals.
** Each chart is also left as a file, BUILD/charts/NAME.svg, for xmllint and for a person to
** look at.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/reports/svg_chart.h"
#include "../../src/util/rc.h"
#include "../../src/util/xml.h"

#define HOSTILE         "<script>alert(\"x\")</script> & 'q'"
#define HOSTILE_ESCAPED "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"

static size_t count(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = haystack; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* Writes svg to NAME.svg and checks it with xmllint. The files are kept for a person to open
** in a browser: in BUILD/charts/ when run by tests/run.sh ($BELONG is BUILD/belong), else in
** the working directory. */
static void assert_well_formed(const char *name, const char *svg)
{
    char dir[1024] = ".", path[1200], cmd[1300];
    const char *belong = getenv("BELONG");
    const char *slash = belong ? strrchr(belong, '/') : NULL;
    if (slash && (size_t)(slash - belong) < sizeof dir - 16) {
        snprintf(dir, sizeof dir, "%.*s/charts", (int)(slash - belong), belong);
        mkdir(dir, 0755); /* EEXIST is fine; fopen says if it is not */
    }
    snprintf(path, sizeof path, "%s/%s.svg", dir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        fail_msg("cannot write %s", path);
    fputs(svg, f);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
    if (system(cmd) != 0)
        fail_msg("%s is not well-formed XML:\n%s", path, svg);
}

/* The accessible frame every chart has: role, labels, a viewBox and no fixed width. */
static void assert_accessible(const char *svg, const char *id)
{
    char want[160];
    assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", 53) == 0);
    snprintf(want, sizeof want, "role=\"img\" aria-labelledby=\"%s-title %s-desc\"", id, id);
    assert_non_null(strstr(svg, want));
    snprintf(want, sizeof want, "<title id=\"%s-title\">", id);
    assert_int_equal(count(svg, want), 1);
    snprintf(want, sizeof want, "<desc id=\"%s-desc\">", id);
    assert_int_equal(count(svg, want), 1);
    char *tag = xstrndup(svg, (size_t)(strchr(svg, '>') - svg));
    assert_null(strstr(tag, " width="));
    assert_null(strstr(tag, " height="));
    free(tag);
}

/* Draws c, which must be accepted, checks it is well-formed (left as NAME.svg) and returns the
** SVG text; the caller frees it. */
static char *draw_chart(const struct line_chart *c, const char *name)
{
    struct buf b = {0};
    char err[256] = "";
    if (svg_line_chart(c, &b, err, sizeof err) != BELONG_OK)
        fail_msg("%s refused: %s", name, err);
    assert_well_formed(name, buf_str(&b));
    return buf_detach(&b);
}

/* The same for an ecomap. */
static char *draw_ecomap(const struct ecomap *m, const char *name)
{
    struct buf b = {0};
    char err[256] = "";
    if (svg_ecomap(m, &b, err, sizeof err) != BELONG_OK)
        fail_msg("%s refused: %s", name, err);
    assert_well_formed(name, buf_str(&b));
    return buf_detach(&b);
}

/* ---- escaping -------------------------------------------------------------------------------- */

static void escapes_markup_quotes_and_what_xml_cannot_carry(void **state)
{
    (void)state;
    struct buf b = {0};
    buf_put_xml(&b, HOSTILE);
    assert_string_equal(buf_str(&b), HOSTILE_ESCAPED);
    buf_reset(&b);
    buf_put_xml(&b, "Zo\xC3\xAB \xE2\x9C\x93 \xF0\x9F\x8C\xB1"); /* Zoë ✓ 🌱 kept */
    assert_string_equal(buf_str(&b), "Zo\xC3\xAB \xE2\x9C\x93 \xF0\x9F\x8C\xB1");
    buf_reset(&b);
    buf_put_xml(&b, "a\x01"
                    "b\tc\x1b"
                    "d"); /* control characters become U+FFFD; tab stays */
    assert_string_equal(buf_str(&b), "a\xEF\xBF\xBD"
                                     "b\tc\xEF\xBF\xBD"
                                     "d");
    buf_reset(&b);
    buf_put_xml(&b, "x\xC3(\xFF\xEF\xBF\xBFy"); /* a cut sequence, a bad byte, U+FFFF */
    assert_string_equal(buf_str(&b), "x\xEF\xBF\xBD(\xEF\xBF\xBD\xEF\xBF\xBDy");
    buf_reset(&b);
    buf_put_xml(&b, NULL);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

/* ---- line chart ------------------------------------------------------------------------------ */

static const struct chart_point ucla_points[] = {
    /* out of date order on purpose: the chart sorts */
    {"2026-10-01", 8, "lonely"},
    {"2026-09-01", 9, "lonely"},
    {"2026-11-03", 6, "lonely"},
    {"2026-12-01", 5, "not lonely"},
};
static const struct chart_cutoff ucla_cutoff[] = {{6, "lonely"}};

static struct line_chart ucla_chart(const struct chart_series *series, size_t n_series)
{
    return (struct line_chart){
        .id = "ucla3-chart",
        .title = "Loneliness (UCLA-3) over time",
        .y_label = "UCLA-3",
        .y_min = 3,
        .y_max = 9,
        .y_step = 1,
        .series = series,
        .n_series = n_series,
        .cutoffs = ucla_cutoff,
        .n_cutoffs = 1,
    };
}

static void line_chart_of_scores_with_a_cut_off(void **state)
{
    (void)state;
    const struct chart_series series[] = {{"UCLA-3", ucla_points, 4}};
    struct line_chart c = ucla_chart(series, 1);
    char *svg = draw_chart(&c, "line-ucla3");
    assert_accessible(svg, "ucla3-chart");
    assert_int_equal(count(svg, "<g class=\"point\""), 4);
    assert_int_equal(count(svg, "<polyline"), 1);
    assert_int_equal(count(svg, "<g class=\"cutoff\">"), 1);
    assert_int_equal(count(svg, "class=\"cutoff-label\""), 1);
    assert_non_null(strstr(svg, ">cut-off 6: lonely</text>"));
    assert_int_equal(count(svg, "<title"), 1 + 4); /* the chart's and one per point */
    assert_non_null(strstr(svg, "<title>UCLA-3, 2026-09-01: 9 (lonely)</title>"));
    assert_non_null(strstr(svg, "<title>UCLA-3, 2026-12-01: 5 (not lonely)</title>"));
    /* the y axis: one label per tick, 3 to 9 */
    assert_int_equal(count(svg, "stroke=\"#ddd\""), 7);
    /* the x axis: the first and the last date among its labels */
    assert_non_null(strstr(svg, ">2026-09-01</text>"));
    assert_non_null(strstr(svg, ">2026-12-01</text>"));
    /* the description, written from the data */
    assert_non_null(strstr(svg, "from 2026-09-01 to 2026-12-01, first 9, latest 5"));
    assert_non_null(strstr(svg, "cut-off lines at 6 (lonely)"));
    /* points joined in date order: x grows along the polyline, and the first is the highest */
    const char *pts = strstr(svg, "points=\"") + 8;
    double prev_x = -1, x, y, first_y = -1;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(sscanf(pts, "%lf,%lf", &x, &y), 2);
        assert_true(x > prev_x);
        if (i == 0)
            first_y = y;
        prev_x = x;
        pts = strchr(pts, i < 3 ? ' ' : '"') + 1;
    }
    assert_true(first_y < y); /* 9 (top) before 5 (lower down) */
    free(svg);
}

static void two_series_differ_by_more_than_colour(void **state)
{
    (void)state;
    const struct chart_point before[] = {{"2026-11-03", 2, NULL}, {"2026-11-10", 3, NULL}};
    const struct chart_point after[] = {{"2026-11-03", 3, NULL}, {"2026-11-10", 4, NULL}};
    const struct chart_series series[] = {{"comfort before", before, 2},
                                          {"comfort after", after, 2}};
    struct line_chart c = {.id = "comfort",
                           .title = "Comfort before and after each visit",
                           .desc = "Comfort rose after each visit.",
                           .y_min = 1,
                           .y_max = 5,
                           .y_step = 1,
                           .series = series,
                           .n_series = 2};
    char *svg = draw_chart(&c, "line-comfort");
    assert_accessible(svg, "comfort");
    assert_non_null(strstr(svg, "<desc id=\"comfort-desc\">Comfort rose after each visit.</desc>"));
    assert_int_equal(count(svg, "<polyline"), 2);
    assert_int_equal(count(svg, "<g class=\"point\""), 4);
    assert_int_equal(count(svg, "<g class=\"cutoff\">"), 0);
    assert_int_equal(count(svg, "class=\"legend-entry\""), 2);
    assert_non_null(strstr(svg, ">comfort before</text>"));
    assert_non_null(strstr(svg, ">comfort after</text>"));
    /* the second line is dashed and its markers are squares, in the plot and the legend */
    assert_int_equal(count(svg, "stroke-dasharray=\"8 4\""), 2);
    assert_int_equal(count(svg, "<rect "), 2 + 1);
    free(svg);
}

static void one_point_and_no_points(void **state)
{
    (void)state;
    const struct chart_point one[] = {{"2026-12-01", 14, NULL}};
    const struct chart_cutoff cut[] = {{12, "at risk of social isolation below"}};
    const struct chart_series series[] = {{"LSNS-6", one, 1}, {"empty", NULL, 0}};
    struct line_chart c = {.id = "lsns",
                           .title = "Social network (LSNS-6)",
                           .y_min = 0,
                           .y_max = 30,
                           .y_step = 5,
                           .series = series,
                           .n_series = 2,
                           .cutoffs = cut,
                           .n_cutoffs = 1};
    char *svg = draw_chart(&c, "line-one-point");
    assert_int_equal(count(svg, "<g class=\"point\""), 1);
    assert_int_equal(count(svg, "<polyline"), 0); /* nothing to join */
    assert_non_null(strstr(svg, "empty (dashed line, square markers) with no values yet"));
    assert_int_equal(count(svg, ">2026-12-01</text>"), 1);
    free(svg);
}

static void hostile_names_are_escaped_in_a_line_chart(void **state)
{
    (void)state;
    const struct chart_point pts[] = {{"2026-12-01", 4, HOSTILE}};
    const struct chart_cutoff cut[] = {{3, HOSTILE}};
    const struct chart_series series[] = {{HOSTILE, pts, 1}};
    struct line_chart c = {.id = "hostile",
                           .title = HOSTILE,
                           .y_label = HOSTILE,
                           .y_min = 1,
                           .y_max = 5,
                           .y_step = 1,
                           .series = series,
                           .n_series = 1,
                           .cutoffs = cut,
                           .n_cutoffs = 1};
    char *svg = draw_chart(&c, "line-hostile");
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "'q'"));
    assert_true(count(svg, HOSTILE_ESCAPED) >= 4); /* title, desc, series, point note */
    free(svg);
}

/* Charts that must be refused with err containing want, appending nothing. */
static void refuse_chart(const struct line_chart *c, const char *want)
{
    struct buf b = {0};
    buf_puts(&b, "kept");
    char err[256] = "";
    assert_int_equal(svg_line_chart(c, &b, err, sizeof err), BELONG_EDATA);
    assert_string_equal(buf_str(&b), "kept");
    if (!strstr(err, want))
        fail_msg("error lacks \"%s\": %s", want, err);
    buf_free(&b);
}

static void refuses_charts_it_cannot_draw_truthfully(void **state)
{
    (void)state;
    const struct chart_point bad_date[] = {{"2026-12-01", 5, NULL}, {"2026-02-30", 5, NULL}};
    const struct chart_point off_scale[] = {{"2026-12-01", 10, NULL}};
    const struct chart_point fine[] = {{"2026-12-01", 5, NULL}};
    const struct chart_series s_bad_date[] = {{"UCLA-3", bad_date, 2}};
    const struct chart_series s_off[] = {{"UCLA-3", off_scale, 1}};
    const struct chart_series s_fine[] = {{"UCLA-3", fine, 1}};
    const struct chart_series s_five[] = {
        {"a", fine, 1}, {"b", fine, 1}, {"c", fine, 1}, {"d", fine, 1}, {"e", fine, 1}};
    struct line_chart c = ucla_chart(s_bad_date, 1);
    refuse_chart(&c, "UCLA-3, point 2: date '2026-02-30' is not YYYY-MM-DD");
    c = ucla_chart(s_off, 1);
    refuse_chart(&c, "UCLA-3, point 1 (2026-12-01): 10 is off the scale 3 to 9");
    c = ucla_chart(s_fine, 1);
    const struct chart_cutoff high[] = {{12, "at risk"}};
    c.cutoffs = high;
    refuse_chart(&c, "cut-off 1 (12) is off the scale 3 to 9");
    c = ucla_chart(s_five, 5);
    refuse_chart(&c, "5 series; a chart draws 1 to 4");
    c = ucla_chart(s_fine, 0);
    refuse_chart(&c, "0 series");
    c = ucla_chart(s_fine, 1);
    c.id = "bad id\"";
    refuse_chart(&c, "chart id 'bad id\"' is not");
    c = ucla_chart(s_fine, 1);
    c.y_step = 0;
    refuse_chart(&c, "is not a usable scale");
    c = ucla_chart(s_fine, 1);
    c.y_max = c.y_min;
    refuse_chart(&c, "is not a usable scale");
    c = ucla_chart(s_fine, 1);
    c.y_step = 0.01; /* 600 ticks */
    refuse_chart(&c, "is not a usable scale");
    c = ucla_chart(s_fine, 1);
    c.y_max = INFINITY;
    refuse_chart(&c, "is not a usable scale");
    const struct chart_point not_a_number[] = {{"2026-12-01", NAN, NULL}};
    const struct chart_series s_nan[] = {{"UCLA-3", not_a_number, 1}};
    c = ucla_chart(s_nan, 1);
    refuse_chart(&c, "UCLA-3, point 1 (2026-12-01): nan is off the scale");
    const struct chart_series s_unnamed[] = {{"", fine, 1}};
    c = ucla_chart(s_unnamed, 1);
    refuse_chart(&c, "series 1 has no name");
}

/* ---- ecomap ---------------------------------------------------------------------------------- */

static void ecomap_of_a_few_people(void **state)
{
    (void)state;
    const struct ecomap_person people[] = {
        {"Ana", 5, "Tuesday garden", "friend"}, {"J.R.", 1, "Library book club", "acquaintance"},
        {"Lee", 3, "Tuesday garden", NULL},     {"Mo", 2, NULL, "peer"},
        {"Dee", 4, "Open studio", "mentor"},
    };
    struct ecomap m = {"sam-ecomap", "Sam's connections", "Sam", people, 5};
    char *svg = draw_ecomap(&m, "ecomap");
    assert_accessible(svg, "sam-ecomap");
    assert_int_equal(count(svg, "<g class=\"person\""), 5);
    assert_int_equal(count(svg, "<line class=\"tie\""), 5);
    assert_int_equal(count(svg, "<g class=\"peer\">"), 1);
    assert_non_null(strstr(svg, ">Sam</text>"));
    /* places in first-seen order, each a legend entry with its letter; "not recorded" too */
    assert_int_equal(count(svg, "class=\"legend-entry\""), 4);
    assert_non_null(strstr(svg, ">Tuesday garden</text>"));
    assert_non_null(strstr(svg, ">Library book club</text>"));
    assert_non_null(strstr(svg, ">not recorded</text>"));
    assert_non_null(strstr(svg, ">Open studio</text>"));
    assert_true(count(svg, "text-anchor=\"middle\">D</text>") == 2); /* Dee's line and legend */
    /* line weight by closeness: 5 -> 7.0, 1 -> 1.0 */
    assert_non_null(strstr(svg, "<title>Ana, friend, closeness 5 of 5, met at Tuesday garden"));
    const char *ana = strstr(svg, "<title>Ana,");
    assert_non_null(strstr(ana, "stroke-width=\"7.0\""));
    assert_true(strstr(ana, "stroke-width=\"7.0\"") < strstr(ana, "</g>"));
    const char *jr = strstr(svg, "<title>J.R., acquaintance, closeness 1 of 5");
    assert_non_null(jr);
    assert_true(strstr(jr, "stroke-width=\"1.0\"") < strstr(jr, "</g>"));
    assert_non_null(
        strstr(svg, "<title>Mo, peer, closeness 2 of 5, where they met not recorded</title>"));
    /* the second place is dashed too, so a grey print keeps it apart from the first */
    const char *lib = strstr(svg, "<title>J.R.");
    assert_true(strstr(lib, "stroke-dasharray=\"8 4\"") < strstr(lib, "</g>"));
    assert_int_equal(count(svg, "class=\"legend-weight\""), 3);
    assert_non_null(strstr(svg, "Ecomap: Sam in the centre, 5 people around"));
    free(svg);
}

static void ecomap_escapes_names_and_cuts_long_ones(void **state)
{
    (void)state;
    const char *long_name = "Bartholomew-Maximilian Fitzgerald-Smythe";
    const struct ecomap_person people[] = {
        {HOSTILE, 3, HOSTILE, HOSTILE},
        {long_name, 2, "x", NULL},
    };
    struct ecomap m = {"hostile-ecomap", HOSTILE, HOSTILE, people, 2};
    char *svg = draw_ecomap(&m, "ecomap-hostile");
    assert_null(strstr(svg, "<script"));
    assert_true(count(svg, HOSTILE_ESCAPED) >= 4);
    /* drawn cut to 24 characters with an ellipsis; whole in its <title> */
    assert_non_null(strstr(svg, ">Bartholomew-Maximilian F\xE2\x80\xA6</text>"));
    assert_non_null(strstr(svg, "<title>Bartholomew-Maximilian Fitzgerald-Smythe, closeness 2"));
    free(svg);
}

static void ecomap_many_places_share_other_places(void **state)
{
    (void)state;
    struct ecomap_person people[20];
    char places[20][16];
    for (int i = 0; i < 20; i++) {
        snprintf(places[i], sizeof places[i], "place %d", i + 1);
        people[i] = (struct ecomap_person){"P", 1 + i % 5, places[i], NULL};
    }
    struct ecomap m = {"many", "Many places", "Sam", people, 20};
    char *svg = draw_ecomap(&m, "ecomap-many");
    assert_int_equal(count(svg, "<g class=\"person\""), 20);
    assert_int_equal(count(svg, "class=\"legend-entry\""), ECOMAP_PLACE_STYLES);
    assert_non_null(strstr(svg, ">other places</text>"));
    assert_non_null(strstr(svg, "met at place 11</title>"));
    assert_non_null(strstr(svg, "closeness 2 of 5, met at other places</title>"));
    free(svg);
}

static void ecomap_of_nobody_yet(void **state)
{
    (void)state;
    struct ecomap m = {"empty", "Sam's connections", "Sam", NULL, 0};
    char *svg = draw_ecomap(&m, "ecomap-empty");
    assert_int_equal(count(svg, "<g class=\"person\""), 0);
    assert_non_null(strstr(svg, "No connections recorded yet."));
    assert_non_null(strstr(svg, "Ecomap: Sam in the centre; no connections recorded yet."));
    free(svg);
}

static void ecomap_refuses_closeness_out_of_range(void **state)
{
    (void)state;
    const int bad[] = {0, 6, -1};
    for (size_t i = 0; i < 3; i++) {
        const struct ecomap_person people[] = {{"Ana", 3, NULL, NULL}, {"Bo", bad[i], NULL, NULL}};
        struct ecomap m = {"m", "t", "Sam", people, 2};
        struct buf b = {0};
        char err[256] = "";
        assert_int_equal(svg_ecomap(&m, &b, err, sizeof err), BELONG_EDATA);
        assert_int_equal(b.len, 0);
        assert_non_null(strstr(err, "person 2 (Bo): closeness"));
        assert_non_null(strstr(err, "is not 1 to 5"));
    }
    const struct ecomap_person unnamed[] = {{"", 3, NULL, NULL}};
    struct ecomap m = {"m", "t", "Sam", unnamed, 1};
    struct buf b = {0};
    char err[256] = "";
    assert_int_equal(svg_ecomap(&m, &b, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "person 1 has no name"));
    m.id = "1starts-with-a-digit";
    m.people = NULL;
    m.n_people = 0;
    assert_int_equal(svg_ecomap(&m, &b, err, sizeof err), BELONG_EDATA);
    assert_non_null(strstr(err, "ecomap id"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_markup_quotes_and_what_xml_cannot_carry),
        cmocka_unit_test(line_chart_of_scores_with_a_cut_off),
        cmocka_unit_test(two_series_differ_by_more_than_colour),
        cmocka_unit_test(one_point_and_no_points),
        cmocka_unit_test(hostile_names_are_escaped_in_a_line_chart),
        cmocka_unit_test(refuses_charts_it_cannot_draw_truthfully),
        cmocka_unit_test(ecomap_of_a_few_people),
        cmocka_unit_test(ecomap_escapes_names_and_cuts_long_ones),
        cmocka_unit_test(ecomap_many_places_share_other_places),
        cmocka_unit_test(ecomap_of_nobody_yet),
        cmocka_unit_test(ecomap_refuses_closeness_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
