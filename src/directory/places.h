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

/* Great-circle (haversine) distance in miles between two points given in degrees.
** Cannot fail. */
double distance_miles(double lat1, double lon1, double lat2, double lon2);

#endif
