/* test_places.c — ZIP code and town lookups in the ZIP centroid file, and haversine distance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../../src/directory/places.h"
#include "../../src/util/rc.h"

#define NEAR(a, b, tolerance) assert_true(fabs((a) - (b)) <= (tolerance))

static void zip_code_resolves_to_its_centroid(void **state)
{
    (void)state;
    struct place p;
    char err[256];
    assert_int_equal(place_from_zip("01601", &p, err, sizeof err), BELONG_OK);
    NEAR(p.lat, 42.265275, 1e-6);
    NEAR(p.lon, -71.879415, 1e-6);
    assert_string_equal(p.label, "01601 (Worcester, MA)");
    assert_int_equal(place_from_zip("01601-1234", &p, err, sizeof err), BELONG_OK);
    NEAR(p.lat, 42.265275, 1e-6);
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

static void bare_town_prefers_massachusetts(void **state)
{
    (void)state;
    struct place p;
    char err[256];
    assert_int_equal(place_from_town("Worcester", &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Worcester, MA");
    /* Several Worcester ZIPs: the centroid lies in the city, not in Vermont or New York. */
    NEAR(p.lat, 42.28, 0.05);
    NEAR(p.lon, -71.83, 0.05);
    assert_true(p.zip_count >= 10);
    assert_int_equal(place_from_town("Springfield", &p, err, sizeof err), BELONG_OK);
    assert_string_equal(p.label, "Springfield, MA");
}

static void town_with_state_in_any_spelling(void **state)
{
    (void)state;
    struct place a, b, c, vt;
    char err[256];
    assert_int_equal(place_from_town("Worcester, MA", &a, err, sizeof err), BELONG_OK);
    assert_int_equal(place_from_town("worcester ma", &b, err, sizeof err), BELONG_OK);
    assert_int_equal(place_from_town("  WORCESTER,  Massachusetts ", &c, err, sizeof err),
                     BELONG_OK);
    NEAR(a.lat, b.lat, 1e-9);
    NEAR(a.lat, c.lat, 1e-9);
    assert_int_equal(place_from_town("Worcester, VT", &vt, err, sizeof err), BELONG_OK);
    assert_string_equal(vt.label, "Worcester, VT");
    NEAR(vt.lat, 44.343536, 1e-6);
    /* Multi-word towns, with and without the state. */
    assert_int_equal(place_from_town("north adams", &a, err, sizeof err), BELONG_OK);
    assert_string_equal(a.label, "North Adams, MA");
    assert_int_equal(place_from_town("New Bedford MA", &a, err, sizeof err), BELONG_OK);
    assert_string_equal(a.label, "New Bedford, MA");
}

static void unknown_or_ambiguous_town_names_the_value(void **state)
{
    (void)state;
    struct place p;
    char err[256];
    assert_int_equal(place_from_town("Wrcester", &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "Wrcester"));
    assert_int_equal(place_from_town("Worcester, ZZ", &p, err, sizeof err), BELONG_EUSAGE);
    assert_non_null(strstr(err, "Worcester, ZZ"));
    assert_int_equal(place_from_town("", &p, err, sizeof err), BELONG_EUSAGE);
    /* Portland is in Maine and Oregon (and more), none of them Massachusetts. */
    assert_int_equal(place_from_town("Portland", &p, err, sizeof err), BELONG_ENOINPUT);
    assert_non_null(strstr(err, "several states"));
    assert_non_null(strstr(err, "ME"));
    assert_int_equal(place_from_town("Portland, OR", &p, err, sizeof err), BELONG_OK);
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
        assert_int_equal(place_from_town(text, &p, err, sizeof err), BELONG_OK);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zip_code_resolves_to_its_centroid),
        cmocka_unit_test(bad_or_unknown_zip_is_refused_by_name),
        cmocka_unit_test(bare_town_prefers_massachusetts),
        cmocka_unit_test(town_with_state_in_any_spelling),
        cmocka_unit_test(unknown_or_ambiguous_town_names_the_value),
        cmocka_unit_test(zip_index_agrees_with_the_file),
        cmocka_unit_test(haversine_distances),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
