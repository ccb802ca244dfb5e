/* places.h — where a peer is: a ZIP code or a town name resolved offline to coordinates from
** the US ZIP centroids in data/zipcodes/us_zipcodes.csv, and distances between points.
*/
#ifndef BELONG_PLACES_H
#define BELONG_PLACES_H

#include <stdbool.h>
#include <stddef.h>

#define PLACES_FILE            "zipcodes/us_zipcodes.csv"
#define PLACE_LABEL_LEN        96
#define PLACES_PREFERRED_STATE "MA" /* a bare town name found in several states means this one */

/* A resolved place. Plain data: nothing to free. */
struct place {
    double lat, lon;             /* WGS84 degrees */
    char label[PLACE_LABEL_LEN]; /* e.g. "Worcester, MA" or "01601 (Worcester, MA)" */
    int zip_count;               /* how many ZIP codes the point stands for */
};

/* Resolves a 5-digit ZIP code ("01601"; "01601-1234" is accepted too). Reads the ZIP file on
** each call (about 40,000 short lines), so it costs nothing until a place is asked for.
** Returns 0; BELONG_EUSAGE when zip is not a ZIP code; BELONG_ENOINPUT when it is not in the
** file or has no coordinates; BELONG_EIO when the file cannot be read. err names the value. */
int place_from_zip(const char *zip, struct place *out, char *err, size_t errlen);

/* Resolves a town: "Worcester", "Worcester, MA", "worcester ma" (case and spacing do not
** matter). A bare name found in several states means the one in PLACES_PREFERRED_STATE, or
** the only state it is in; otherwise it is refused as ambiguous, listing the states. A town
** with several ZIP codes resolves to the mean of their distinct centroids.
** Returns 0; BELONG_ENOINPUT (unknown or ambiguous town) or BELONG_EIO, with err naming the
** value. */
int place_from_town(const char *town, struct place *out, char *err, size_t errlen);

/* The ZIP centroids held in memory, for many look-ups in a row (an import placing listings that
** give a ZIP code but no coordinates). */
struct zip_index;
/* Reads the ZIP file once. Returns 0 (OUT: *out, free with zip_index_free) or BELONG_EIO with
** err. */
int zip_index_load(struct zip_index **out, char *err, size_t errlen);
/* The centroid of a ZIP code ("01601" or "01601-1234"). Returns false when zip is not a ZIP
** code, is not in the list or has no coordinates. Cannot fail. */
bool zip_index_find(const struct zip_index *z, const char *zip, double *lat, double *lon);
/* The centre of a town of a state (a two-letter code), as place_from_town("TOWN, ST") finds it:
** the mean of its ZIP codes' distinct centroids. Returns false when there is no such town or
** it has no coordinates. Cannot fail. */
bool zip_index_find_town(const struct zip_index *z, const char *town, const char *state,
                         double *lat, double *lon);
void zip_index_free(struct zip_index *z);

/* The two-letter code of a US state, DC or Puerto Rico given as its code or its name, in any
** case ("ma", "Massachusetts"). Returns false when text is neither. OUT: code (3 bytes). */
bool place_state_code(const char *text, char code[3]);

/* Great-circle (haversine) distance in miles between two points given in degrees.
** Cannot fail. */
double distance_miles(double lat1, double lon1, double lat2, double lon2);

#endif
