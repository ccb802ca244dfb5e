/* places.h — where a peer is: a ZIP code or a town name resolved offline to coordinates from
** the US ZIP points in data/zipcodes/us_zipcodes.csv (Census 2020 ZCTA internal points where a
** code has one), and distances between points.
*/
#ifndef BELONG_PLACES_H
#define BELONG_PLACES_H

#include <stdbool.h>
#include <stddef.h>

#define PLACES_FILE     "zipcodes/us_zipcodes.csv"
#define PLACE_LABEL_LEN 96
/* Miles in a degree of latitude, at its fewest (68.7 at the equator, 69.4 at the poles; the
** sphere of distance_miles has 69.09): a box of radius / MILES_PER_DEGREE degrees around a
** point always holds the circle of that radius. A degree of longitude is this times cos(lat). */
#define MILES_PER_DEGREE 68.7

/* A resolved place. Plain data: nothing to free. */
struct place {
    double lat, lon;             /* WGS84 degrees */
    char label[PLACE_LABEL_LEN]; /* e.g. "Worcester, MA" or "01601 (Worcester, MA)" */
    int zip_count;               /* how many ZIP codes the point stands for */
};

/* Resolves a 5-digit ZIP code ("01601"; "01601-1234" is accepted too) to its point; a code
** whose point the list gives several codes (a PO box at its county's centre) to its town's
** centre (see zip_index_find). Reads the ZIP file on each call.
** Returns 0; BELONG_EUSAGE when zip is not a ZIP code; BELONG_ENOINPUT when it is not in the
** file or has no coordinates; BELONG_EIO when the file cannot be read. err names the value. */
int place_from_zip(const char *zip, struct place *out, char *err, size_t errlen);

struct zip_index;
/* Which state a bare town name found in several states means: state() writes a two-letter
** code and returns true, or returns false when there is none. Called only for such a name,
** with the ZIP points the caller holds (zips: NULL when it holds none). */
struct place_prefer {
    bool (*state)(void *ctx, const struct zip_index *zips, char code[3]);
    void *ctx;
};

/* Resolves a town: "Worcester", "Worcester, MA", "worcester ma" (case and spacing do not
** matter). A bare name found in several states means the one prefer gives (prefer may be
** NULL), or the only state it is in; otherwise it is refused as ambiguous, listing the states,
** larger towns (more ZIP codes) first. A town's centre is the mean of its ZIP codes' own
** points (codes at a shared county point count only for a town that has nothing else).
** A name not in the list is refused with up to four towns spelt nearest to it (fewest edits,
** then the state typed, then prefer's state, then larger towns).
** Returns 0; BELONG_EUSAGE (not a town name), BELONG_ENOINPUT (unknown or ambiguous town) or
** BELONG_EIO, with err naming the value. */
int place_from_town(const char *town, const struct place_prefer *prefer, struct place *out,
                    char *err, size_t errlen);

/* The ZIP points held in memory, for many look-ups in a row (an import placing listings that
** give a ZIP code but no coordinates). */
struct zip_index;
/* Reads the ZIP file once. Returns 0 (OUT: *out, free with zip_index_free) or BELONG_EIO with
** err. */
int zip_index_load(struct zip_index **out, char *err, size_t errlen);
/* The point of a ZIP code ("01601" or "01601-1234"): its own, or its town's centre when the
** list gives its point to several codes (the county centre it puts codes without a Census ZCTA
** at). Returns false when zip is not a ZIP code, is not in the list or has no coordinates.
** Cannot fail. */
bool zip_index_find(const struct zip_index *z, const char *zip, double *lat, double *lon);
/* The centre of a town of a state (a two-letter code), as place_from_town("TOWN, ST") finds it:
** see place_from_town. Returns false when there is no such town or it has no coordinates.
** Cannot fail. */
bool zip_index_find_town(const struct zip_index *z, const char *town, const char *state,
                         double *lat, double *lon);
/* The state of a ZIP code as the list gives it. Returns false when the code is not in the
** list. OUT: state (3 bytes). Cannot fail. */
bool zip_index_state(const struct zip_index *z, const char *zip, char state[3]);
/* The state of the ZIP code whose own point is nearest to (lat, lon), in degrees. Returns
** false when the list has no points. OUT: state (3 bytes). Cannot fail. */
bool zip_index_nearest_state(const struct zip_index *z, double lat, double lon, char state[3]);
void zip_index_free(struct zip_index *z);

/* The two-letter code of a US state, DC or Puerto Rico given as its code or its name, in any
** case ("ma", "Massachusetts"). Returns false when text is neither. OUT: code (3 bytes). */
bool place_state_code(const char *text, char code[3]);

/* What a person typed for a place, read the one way every command reads it (a peer's --home,
** search --town): a ZIP code ("01608", "01608-1234"), a town ("Worcester", "Worcester, MA",
** "Hartford CT"), or a street address, which belong refuses (it never keeps one). */
enum place_text {
    PLACE_TEXT_EMPTY,  /* nothing but white space */
    PLACE_TEXT_ZIP,    /* a ZIP code */
    PLACE_TEXT_TOWN,   /* a town name, perhaps with its state (not yet looked up) */
    PLACE_TEXT_STREET, /* a street address: refused */
    PLACE_TEXT_BAD,    /* characters no town name has: refused */
};
/* Reads text (white space around it ignored) without looking it up. OUT: *why, for a refused
** kind (STREET, BAD), what is wrong, in words to follow the quoted value; else NULL. */
enum place_text place_text_read(const char *text, const char **why);
/* True when text looks like a street address: a house number then a street, a street word
** after the first word, a PO box, or digits that are not a ZIP code; a trailing state (", CT",
** " MA") is not a street word. */
bool place_is_street_address(const char *text);
/* True when text starts with a house number and has a street word ("12 Elm St, Apt 3"): an
** address even among other words (a contact that should be a phone number or e-mail). */
bool place_has_house_and_street(const char *text);
/* True when text is a ZIP code: five digits, or ZIP+4 ("01608-1234"). */
bool place_is_zip(const char *text);
/* Resolves what a person typed (place_text_read): a ZIP code with place_from_zip, a town with
** place_from_town (a town not found gets the nearest spellings of the list: 'did you mean
** "Worcester, MA"?'). Returns as those do; BELONG_EUSAGE for a street address or text that is
** neither, with err quoting the value and saying why. */
int place_resolve(const char *text, const struct place_prefer *prefer, struct place *out, char *err,
                  size_t errlen);

/* Great-circle (haversine) distance in miles between two points given in degrees.
** Cannot fail. */
double distance_miles(double lat1, double lon1, double lat2, double lon2);
/* The same distance from a point whose cos_lat1 = distance_cos_lat(lat1) is known (a search's
** center, for each of its hits): the same result, one cosine fewer. */
double distance_cos_lat(double lat);
double distance_miles_from(double lat1, double lon1, double cos_lat1, double lat2, double lon2);
/* A lower bound of distance_miles_from(lat1, lon1, cos_lat1, lat2, lon2), without trigonometry
** (the bounds of within_test, the cosine of lat2 at least cos_lat1 less the difference in
** latitude), close for near points: a search computes the true distance only of the points
** whose bound could still rank. Cannot fail. */
double distance_miles_at_least(double lat1, double lon1, double cos_lat1, double lat2, double lon2);

/* A lower bound of the distance from a point whose latitude's cosine is cos_lat1 to any point
** at least dlat degrees of latitude and dlon of longitude away (either may be 0) whose
** latitude's cosine is at least cos_lat2_min. Cannot fail. */
double distance_miles_beyond(double cos_lat1, double cos_lat2_min, double dlat, double dlon);

/* Whether the box of latitudes lat ± dlat and longitudes lon ± dlon (degrees) around a circle
** must span every longitude instead: the circle reaches a pole (it holds points of every
** longitude) or crosses the antimeridian (it holds longitudes near both +180 and -180), where a
** box clamped at ±180 would lose the far side. Cannot fail. */
bool box_spans_every_longitude(double lat, double lon, double dlat, double dlon);

/* Whether points are within a radius of a center, decided without trigonometry for all but those
** near the circle: bounds on the haversine term (sin x between x - x^3/6 and x, the cosine of the
** point's latitude between those of a band of latitudes it lies in), with a margin far wider
** than rounding, so that a sure answer is the one distance_miles(...) <= radius_miles gives. */
struct within_test {
    double lat, lon, rad;
    double cos_lat;          /* of the center */
    double cos_min, cos_max; /* of the latitudes of the band */
    double min_lat, max_lat; /* the band */
    double a_in, a_out;      /* haversine terms surely inside, surely outside */
};
/* For points at latitudes from min_lat to max_lat (degrees, a point outside the band is never
** sure). Cannot fail. */
void within_test_init(struct within_test *t, double center_lat, double center_lon,
                      double radius_miles, double min_lat, double max_lat);
/* A lower bound of sin(x)^2 for x >= 0: (x - x^3/6)^2 while that is positive. */
static inline double within_sin2_low(double x)
{
    double s = x - x * x * x / 6.0;
    return s > 0 ? s * s : 0.0;
}
/* 1: surely within the radius; -1: surely not; 0: too near the circle to say (ask
** distance_miles). Inline: a count asks it of every listing of the cells a circle crosses. */
static inline int within_test_point(const struct within_test *t, double lat, double lon)
{
    if (!(lat >= t->min_lat && lat <= t->max_lat))
        return 0;
    double hlat = __builtin_fabs(lat - t->lat) * t->rad / 2;
    double hlon = __builtin_fabs(lon - t->lon) * t->rad / 2;
    double high = hlat * hlat + t->cos_lat * t->cos_max * hlon * hlon;
    if (high < t->a_in)
        return 1;
    double low = within_sin2_low(hlat) + t->cos_lat * t->cos_min * within_sin2_low(hlon);
    return low > t->a_out ? -1 : 0;
}

#endif
