/* test_places.c — ZIP code and town lookups in the ZIP point file, and haversine distance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/directory/places.h"
#include "../../src/util/rc.h"

#define NEAR(a, b, tolerance) assert_true(fabs((a) - (b)) <= (tolerance))

/* A place_prefer that names a fixed state (or none, for NULL). */
static bool fixed_state(void *ctx, const struct zip_index *zips, char code[3])
{
    (void)zips;
    if (!ctx)
        return false;
    memcpy(code, ctx, 3);
    return true;
}
static const struct place_prefer prefer_ma = {fixed_state, "MA"};

/* Known points of the Census 2020 ZCTA list (data/zipcodes/README.md). */
static void zip_code_resolves_to_its_census_point(void **state)
{
    (void)state;
    struct place p;
    char err[256];
    assert_int_equal(place_from_zip("01852", &p, err, sizeof err), BELONG_OK);
    assert_true(distance_miles(p.lat, p.lon, 42.633, -71.296) < 1.0);
    assert_string_equal(p.label, "01852 (Lowell, MA)");
    assert_int_equal(place_from_zip("01608", &p, err, sizeof err), BELONG_OK);
    NEAR(p.lat, 42.26209, 1e-6);
    NEAR(p.lon, -71.801428, 1e-6);
    assert_string_equal(p.label, "01608 (Worcester, MA)");
    assert_int_equal(place_from_zip("01601-1234", &p, err, sizeof err), BELONG_OK);
    NEAR(p.lat, 42.265275, 1e-6); /* a code without a ZCTA, at a point of its own */
    assert_string_equal(p.label, "01601 (Worcester, MA)");
}

static void bad_or_unknown_zip_is_refused_by_name(void **state)
{
    (void)state;
    struct place p;
    char err[256];
    assert_int_equal(place_from_zip("1601", &p, err, sizeof err), BELONG_EUSAGE);
    assert_non_null(strstr(err, "1601"));
    assert_int_equal(place_from_zip("0160x", &p, err, sizeof err), BELONG_EUSAGE);
    assert_int_equal(place_from_zip("00000", &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "00000"));
    /* In the list, but without coordinates. */
    assert_int_equal(place_from_zip("41901", &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "coordinates"));
}

/* A PO-box code the list puts at its county's centre (a point many codes share) is placed at
** its town's centre: 01853, Lowell, is not 15 miles off in Middlesex County's middle. */
static void shared_county_point_gives_way_to_the_town(void **state)
{
    (void)state;
    struct place box, lowell, zcta;
    char err[256];
    assert_int_equal(place_from_zip("01853", &box, err, sizeof err), BELONG_OK);
    assert_int_equal(place_from_zip("01852", &zcta, err, sizeof err), BELONG_OK);
    assert_int_equal(place_from_town("Lowell, MA", NULL, &lowell, err, sizeof err), BELONG_OK);
    NEAR(box.lat, lowell.lat, 1e-9);
    NEAR(box.lon, lowell.lon, 1e-9);
    assert_true(distance_miles(box.lat, box.lon, 42.446396, -71.459405) > 10.0);
    /* The town's centre is the mean of its four ZCTA points, the county point left out. */
    NEAR(lowell.lat, (42.656045 + 42.627999 + 42.632978 + 42.649481) / 4, 1e-9);
    NEAR(lowell.lon, (-71.303309 - 71.336757 - 71.295616 - 71.348229) / 4, 1e-9);
    assert_true(distance_miles(lowell.lat, lowell.lon, zcta.lat, zcta.lon) < 3.0);
    assert_int_equal(lowell.zip_count, 5);
    /* A town whose codes all sit at shared points still has a centre: the best there is. */
    struct zip_index *z = NULL;
    assert_int_equal(zip_index_load(&z, err, sizeof err), BELONG_OK);
    double lat = 0, lon = 0;
    assert_true(zip_index_find(z, "01853", &lat, &lon));
    NEAR(lat, lowell.lat, 1e-9);
    zip_index_free(z);
}

static void bare_town_means_the_preferred_state(void **state)
{
    (void)state;
    struct place p;
    char err[256];
    assert_int_equal(place_from_town("Worcester", &prefer_ma, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Worcester, MA");
    /* Several Worcester ZIPs: the centre lies in the city, not in Vermont or New York. */
    assert_true(distance_miles(p.lat, p.lon, 42.2626, -71.8023) < 3.0);
    assert_true(p.zip_count >= 10);
    assert_int_equal(place_from_town("Springfield", &prefer_ma, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Springfield, MA");
    /* Without a preferred state the same names are ambiguous. */
    assert_int_equal(place_from_town("Worcester", NULL, &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "several states"));
    assert_int_equal(place_from_town("Springfield", NULL, &p, err, sizeof err), BELONG_ENOINPUT);
    /* A name in one state only needs no preference; one the preferred state lacks ignores it. */
    assert_int_equal(place_from_town("Leominster", NULL, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Leominster, MA");
    assert_int_equal(place_from_town("Chicopee", &prefer_ma, &p, err, sizeof err), BELONG_OK);
    assert_int_equal(place_from_town("Lowell", NULL, &p, err, sizeof err), BELONG_ENOINPUT);
}

/* "Miami" is in eight states; a directory in Florida means Florida's, one in West Virginia the
** small town there, and without one the refusal offers the largest first, never WV. */
static void same_name_in_many_states_is_ranked(void **state)
{
    (void)state;
    struct place p;
    char err[256];
    const struct place_prefer fl = {fixed_state, "FL"}, wv = {fixed_state, "WV"},
                              none = {fixed_state, NULL};
    assert_int_equal(place_from_town("Miami", &fl, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Miami, FL");
    assert_true(p.lat > 25 && p.lat < 26.5);
    assert_int_equal(place_from_town("Miami", &wv, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Miami, WV");
    const struct place_prefer *refused[] = {NULL, &none, &prefer_ma};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_int_equal(place_from_town("Miami", refused[i], &p, err, sizeof err),
                         BELONG_ENOINPUT);
        assert_non_null(strstr(err, "several states (FL, OK, AZ, IN, MO, NM, TX, WV)"));
        assert_non_null(strstr(err, "e.g. 'Miami, FL'"));
        assert_non_null(strstr(err, "BELONG_STATE"));
    }
    /* An explicit state always wins over the preferred one. */
    assert_int_equal(place_from_town("Miami, OK", &fl, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Miami, OK");
    assert_int_equal(place_from_town("miami wv", &fl, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Miami, WV");
}

static void town_with_state_in_any_spelling(void **state)
{
    (void)state;
    struct place a, b, c, vt;
    char err[256];
    assert_int_equal(place_from_town("Worcester, MA", NULL, &a, err, sizeof err), BELONG_OK);
    assert_int_equal(place_from_town("worcester ma", NULL, &b, err, sizeof err), BELONG_OK);
    assert_int_equal(place_from_town("  WORCESTER,  Massachusetts ", NULL, &c, err, sizeof err),
                     BELONG_OK);
    NEAR(a.lat, b.lat, 1e-9);
    NEAR(a.lat, c.lat, 1e-9);
    assert_int_equal(place_from_town("Worcester, VT", &prefer_ma, &vt, err, sizeof err), BELONG_OK);
    assert_string_equal(vt.label, "Worcester, VT");
    NEAR(vt.lat, 44.393305, 1e-6); /* its one ZIP code, 05682 */
    /* Multi-word towns, with and without the state. */
    assert_int_equal(place_from_town("north adams", &prefer_ma, &a, err, sizeof err), BELONG_OK);
    assert_string_equal(a.label, "North Adams, MA");
    assert_int_equal(place_from_town("New Bedford MA", NULL, &a, err, sizeof err), BELONG_OK);
    assert_string_equal(a.label, "New Bedford, MA");
}

static void unknown_or_ambiguous_town_names_the_value(void **state)
{
    (void)state;
    struct place p;
    char err[256];
    assert_int_equal(place_from_town("Wrcester", &prefer_ma, &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "Wrcester"));
    assert_int_equal(place_from_town("Worcester, ZZ", NULL, &p, err, sizeof err), BELONG_EUSAGE);
    assert_non_null(strstr(err, "Worcester, ZZ"));
    assert_int_equal(place_from_town("", NULL, &p, err, sizeof err), BELONG_EUSAGE);
    /* Portland is in Maine and Oregon (and more), none of them Massachusetts. */
    assert_int_equal(place_from_town("Portland", &prefer_ma, &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "several states"));
    assert_non_null(strstr(err, "ME"));
    assert_int_equal(place_from_town("Portland, OR", NULL, &p, err, sizeof err), BELONG_OK);
}

/* The index an import holds agrees with place_from_zip, and refuses what is not a ZIP code. */
static void zip_index_agrees_with_the_file(void **state)
{
    (void)state;
    struct zip_index *z = NULL;
    char err[256];
    assert_int_equal(zip_index_load(&z, err, sizeof err), BELONG_OK);
    const char *zips[] = {"01608", "00501", "05401", "99950"};
    for (size_t i = 0; i < sizeof zips / sizeof zips[0]; i++) {
        struct place p;
        double lat = 0, lon = 0;
        assert_int_equal(place_from_zip(zips[i], &p, err, sizeof err), BELONG_OK);
        assert_true(zip_index_find(z, zips[i], &lat, &lon));
        assert_true(lat == p.lat && lon == p.lon);
    }
    double lat = 0, lon = 0;
    assert_true(zip_index_find(z, "01608-1234", &lat, &lon));
    assert_true(fabs(lat - 42.26) < 0.05);
    assert_false(zip_index_find(z, "00000", &lat, &lon));
    assert_false(zip_index_find(z, "1608", &lat, &lon));
    assert_false(zip_index_find(z, "016O8", &lat, &lon));
    assert_false(zip_index_find(z, "01608-12", &lat, &lon));
    assert_false(zip_index_find(z, "", &lat, &lon));
    assert_false(zip_index_find(NULL, "01608", &lat, &lon)); /* the list could not be read */

    /* Towns of a state: where place_from_town puts "TOWN, ST". */
    const char *towns[][2] = {{"Worcester", "MA"},  {"worcester", "ma"}, {"Springfield", "IL"},
                              {"Burlington", "VT"}, {"Boston", "MA"},    {"Saint Paul", "MN"}};
    for (size_t i = 0; i < sizeof towns / sizeof towns[0]; i++) {
        char text[96];
        snprintf(text, sizeof text, "%s, %s", towns[i][0], towns[i][1]);
        struct place p;
        assert_int_equal(place_from_town(text, NULL, &p, err, sizeof err), BELONG_OK);
        assert_true(zip_index_find_town(z, towns[i][0], towns[i][1], &lat, &lon));
        assert_true(fabs(lat - p.lat) < 1e-9 && fabs(lon - p.lon) < 1e-9);
    }
    assert_false(zip_index_find_town(z, "Worcester", "TX", &lat, &lon)); /* no such town there */
    assert_false(zip_index_find_town(z, "Nowhereville", "MA", &lat, &lon));
    assert_false(zip_index_find_town(z, "Worcester", "", &lat, &lon));
    assert_false(zip_index_find_town(z, "", "MA", &lat, &lon));
    zip_index_free(z);

    char code[3];
    assert_true(place_state_code("ma", code));
    assert_string_equal(code, "MA");
    assert_true(place_state_code(" New  Hampshire ", code));
    assert_string_equal(code, "NH");
    assert_false(place_state_code("MyState", code));
    assert_false(place_state_code("", code));
    assert_false(place_state_code(NULL, code));
}

static void haversine_distances(void **state)
{
    (void)state;
    /* Boston City Hall to Worcester City Hall: about 38.6 miles as the crow flies. */
    double boston_worcester = distance_miles(42.3601, -71.0589, 42.2626, -71.8023);
    assert_true(boston_worcester >= 38.0 && boston_worcester <= 40.0);
    NEAR(distance_miles(42.0, -71.0, 42.0, -71.0), 0.0, 1e-9);
    /* One degree of latitude is about 69 miles. */
    NEAR(distance_miles(42.0, -71.0, 43.0, -71.0), 69.1, 0.2);
    /* Symmetric. */
    NEAR(distance_miles(10, 20, -30, 40), distance_miles(-30, 40, 10, 20), 1e-9);
}

/* A town not found gets the towns spelt nearest to it: fewest edits first, then the state
** typed, then the directory's state, then larger towns; none when nothing is close. */
static void misspelt_towns_get_suggestions(void **state)
{
    (void)state;
    struct place p;
    char err[512];
    static const struct place_prefer prefer_vt = {fixed_state, "VT"};
    const struct {
        const char *typed;
        const struct place_prefer *prefer;
        const char *expect; /* the start of the suggestions */
    } cases[] = {
        {"Wrcester", &prefer_ma, "did you mean \"Worcester, MA\", "},    /* a letter left out */
        {"Wocrester", &prefer_ma, "did you mean \"Worcester, MA\", "},   /* two letters swapped */
        {"Worcestr, MA", NULL, "did you mean \"Worcester, MA\""},        /* the state typed */
        {"Wrcester", &prefer_vt, "did you mean \"Worcester, VT\", "},    /* the directory's state */
        {"Worcester, CT", &prefer_vt, "did you mean \"Worcester, VT\""}, /* not in that state */
        {"Sprngfield", &prefer_ma, "did you mean \"Springfield, MA\", "},
        {"Hartfrod, CT", &prefer_ma, "did you mean \"Hartford, CT\""}, /* another state */
        {"Lowel", &prefer_ma, "did you mean \"Lowell, MA\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = place_from_town(cases[i].typed, cases[i].prefer, &p, err, sizeof err);
        if (rc != BELONG_ENOINPUT || !strstr(err, cases[i].expect))
            fprintf(stderr, "%s: %s\n", cases[i].typed, err);
        assert_int_equal(rc, BELONG_ENOINPUT);
        assert_non_null(strstr(err, cases[i].expect));
        assert_non_null(strstr(err, cases[i].typed));
    }
    /* Several equally close: up to four, the last after "or". */
    assert_int_equal(place_from_town("Wrcester", &prefer_ma, &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, " or \""));
    size_t quotes = 0;
    for (const char *c = err; *c; c++)
        quotes += *c == '"';
    assert_true(quotes >= 4 && quotes <= 8);
    /* Fewer edits first, whatever the state: "Lowel, NH" is nearer Lowell, MA than anything in
    ** New Hampshire. */
    assert_int_equal(place_from_town("Lowel, NH", NULL, &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "did you mean \"Lowell, "));
    /* Nothing close: no suggestion, a hint instead. */
    assert_int_equal(place_from_town("Qqqqxxzzy", &prefer_ma, &p, err, sizeof err),
                     BELONG_ENOINPUT);
    assert_null(strstr(err, "did you mean"));
    assert_non_null(strstr(err, "check the spelling"));
}

/* What a person typed, read one way for --home and --town. */
static void typed_places_are_read_one_way(void **state)
{
    (void)state;
    struct place p;
    char err[512];
    const char *why;
    assert_int_equal(place_text_read(" 01608 ", &why), PLACE_TEXT_ZIP);
    assert_int_equal(place_text_read("01608-1234", &why), PLACE_TEXT_ZIP);
    assert_int_equal(place_text_read("Hartford, CT", &why), PLACE_TEXT_TOWN);
    assert_int_equal(place_text_read("Hartford CT", &why), PLACE_TEXT_TOWN);
    assert_int_equal(place_text_read("St Albans", &why), PLACE_TEXT_TOWN);
    assert_int_equal(place_text_read("12 Elm Street", &why), PLACE_TEXT_STREET);
    assert_non_null(strstr(why, "street address"));
    assert_int_equal(place_text_read("Elm Ct, CT", &why), PLACE_TEXT_STREET);
    assert_int_equal(place_text_read("Worcester!", &why), PLACE_TEXT_BAD);
    assert_int_equal(place_text_read("  ", &why), PLACE_TEXT_EMPTY);

    assert_int_equal(place_resolve("Hartford, CT", NULL, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Hartford, CT");
    assert_int_equal(place_resolve("hartford ct", NULL, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Hartford, CT");
    assert_int_equal(place_resolve(" 01608 ", NULL, &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "01608 (Worcester, MA)");
    assert_int_equal(place_resolve("12 Main St", NULL, &p, err, sizeof err), BELONG_EUSAGE);
    assert_non_null(strstr(err, "'12 Main St' looks like a street address"));
    assert_int_equal(place_resolve("", NULL, &p, err, sizeof err), BELONG_EUSAGE);
    assert_int_equal(place_resolve("Wrcester", &prefer_ma, &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "did you mean \"Worcester, MA\""));
}

/* A sure answer of within_test is distance_miles' (<= radius), over random centers, radii and
** points of a band (the poles and the date line among them), points on the circle too; and it is
** sure for most points of a search's box, or it would save nothing. */
/* A box around a circle spans every longitude when the circle reaches a pole or crosses the
** antimeridian (search and recommend both build their boxes this way), and only then. */
static void boxes_by_the_antimeridian_and_poles_span_every_longitude(void **state)
{
    (void)state;
    assert_false(box_spans_every_longitude(42.26, -71.80, 0.1, 0.2)); /* Worcester */
    assert_true(box_spans_every_longitude(0.0, 179.99, 0.15, 0.15));  /* crosses +180 */
    assert_true(box_spans_every_longitude(0.0, -179.99, 0.15, 0.15)); /* crosses -180 */
    assert_false(box_spans_every_longitude(0.0, 179.80, 0.15, 0.15)); /* stops short of it */
    assert_true(box_spans_every_longitude(85.0, 10.0, 7.2, 83.0));    /* reaches the north pole */
    assert_true(box_spans_every_longitude(-89.9, 0.0, 0.3, 170.0));   /* and the south */
    assert_false(box_spans_every_longitude(60.0, 10.0, 7.2, 14.4));
}

static void within_test_agrees_with_the_distance(void **state)
{
    (void)state;
    srand(42);
    size_t sure = 0, points = 0;
    for (int round = 0; round < 2000; round++) {
        double lat = (double)rand() / RAND_MAX * 178.0 - 89.0;
        double lon = (double)rand() / RAND_MAX * 360.0 - 180.0;
        double radius = round % 10 == 0 ? (double)rand() / RAND_MAX * 20000.0
                                        : 0.05 + (double)rand() / RAND_MAX * 120.0;
        double dlat = radius / 68.7 * 1.2;
        double min_lat = fmax(lat - dlat, -90.0), max_lat = fmin(lat + dlat, 90.0);
        double dlon = fabs(lat) < 85 ? fmin(dlat / cos(lat * M_PI / 180.0), 180.0) : 180.0;
        struct within_test t;
        within_test_init(&t, lat, lon, radius, min_lat, max_lat);
        for (int i = 0; i < 200; i++) {
            double plat = min_lat + (double)rand() / RAND_MAX * (max_lat - min_lat);
            double plon = lon + ((double)rand() / RAND_MAX * 2.0 - 1.0) * dlon;
            if (i % 20 == 0) { /* on the circle, as near as a bisection gets */
                double lo = 0, hi = max_lat - lat;
                for (int k = 0; k < 80; k++) {
                    double mid = (lo + hi) / 2;
                    if (distance_miles(lat, lon, lat + mid, lon) <= radius)
                        lo = mid;
                    else
                        hi = mid;
                }
                plat = lat + (i % 40 == 0 ? lo : hi);
                plon = lon;
            }
            bool in = distance_miles(lat, lon, plat, plon) <= radius;
            int answer = within_test_point(&t, plat, plon);
            if (answer != 0)
                assert_int_equal(answer > 0, in);
            sure += answer != 0 && radius <= 120.0 && fabs(lat) <= 60.0;
            points += radius <= 120.0 && fabs(lat) <= 60.0;
        }
        /* A point outside the band is never sure. */
        assert_int_equal(within_test_point(&t, max_lat + 1.0, lon), 0);
    }
    assert_true(sure > points * 9 / 10);
}

/* distance_miles_at_least is never above distance_miles_from, anywhere on the globe, at any
** distance (the same point, neighbours, antipodes), and close to it for near points. */
static void distance_bound_is_below_the_distance(void **state)
{
    (void)state;
    srand(7);
    size_t near = 0;
    for (int i = 0; i < 400000; i++) {
        double lat = (double)rand() / RAND_MAX * 180.0 - 90.0;
        double lon = (double)rand() / RAND_MAX * 360.0 - 180.0;
        double spread = i % 4 == 0 ? 360.0 : i % 4 == 1 ? 1.0 : i % 4 == 2 ? 1e-4 : 0.0;
        double plat = fmax(fmin(lat + ((double)rand() / RAND_MAX - 0.5) * spread, 90.0), -90.0);
        double plon = lon + ((double)rand() / RAND_MAX - 0.5) * spread;
        if (plon > 180.0)
            plon -= 360.0;
        double cos_lat = distance_cos_lat(lat);
        double d = distance_miles_from(lat, lon, cos_lat, plat, plon);
        double low = distance_miles_at_least(lat, lon, cos_lat, plat, plon);
        if (!(low <= d) || low < 0)
            fail_msg("%.9f,%.9f to %.9f,%.9f: %.17g above %.17g", lat, lon, plat, plon, low, d);
        if (d < 50.0 && fabs(lat) < 60.0 && fabs(plon - lon) < 10.0) { /* near: 3 % */
            assert_true(low >= d * 0.97);
            near++;
        }
    }
    assert_true(near > 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zip_code_resolves_to_its_census_point),
        cmocka_unit_test(shared_county_point_gives_way_to_the_town),
        cmocka_unit_test(bad_or_unknown_zip_is_refused_by_name),
        cmocka_unit_test(bare_town_means_the_preferred_state),
        cmocka_unit_test(same_name_in_many_states_is_ranked),
        cmocka_unit_test(town_with_state_in_any_spelling),
        cmocka_unit_test(unknown_or_ambiguous_town_names_the_value),
        cmocka_unit_test(zip_index_agrees_with_the_file),
        cmocka_unit_test(haversine_distances),
        cmocka_unit_test(within_test_agrees_with_the_distance),
        cmocka_unit_test(distance_bound_is_below_the_distance),
        cmocka_unit_test(boxes_by_the_antimeridian_and_poles_span_every_longitude),
        cmocka_unit_test(misspelt_towns_get_suggestions),
        cmocka_unit_test(typed_places_are_read_one_way),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
