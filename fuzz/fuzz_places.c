/* fuzz_places.c — libFuzzer harness for the offline place lookups (src/directory/places.c):
** the input is asked for as a ZIP code and as a town name, as `--zip`, `--town` and a peer's
** home area are, and of the ZIP index an import places listings with, which must agree with
** place_from_zip. A found place has real coordinates; a refusal says why.
*/
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../src/directory/places.h"
#include "../src/util/rc.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int rc, const struct place *p, const char *err, const char *what)
{
    if (rc == BELONG_OK) {
        if (!isfinite(p->lat) || !isfinite(p->lon) || fabs(p->lat) > 90 || fabs(p->lon) > 180 ||
            !p->label[0]) {
            fprintf(stderr, "fuzz: %s gave a bad place\n", what);
            abort();
        }
    } else if (!err[0]) {
        fprintf(stderr, "fuzz: %s refused without a message\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0; /* a place name is short; longer inputs only cost time */
    char *text = fuzz_strndup(data, size);
    struct place p = {0};
    char err[256] = "";
    int rc = place_from_zip(text, &p, err, sizeof err);
    check(rc, &p, err, "place_from_zip");
    static struct zip_index *zips;
    if (!zips && zip_index_load(&zips, err, sizeof err) != BELONG_OK) {
        fprintf(stderr, "fuzz: cannot load the ZIP index: %s\n", err);
        abort();
    }
    double lat = 0, lon = 0;
    bool found = zip_index_find(zips, text, &lat, &lon);
    if (found != (rc == BELONG_OK) || (found && (lat != p.lat || lon != p.lon))) {
        fprintf(stderr, "fuzz: zip_index_find and place_from_zip disagree on '%s'\n", text);
        abort();
    }
    err[0] = '\0';
    rc = place_from_town(text, NULL, &p, err, sizeof err);
    check(rc, &p, err, "place_from_town");
    err[0] = '\0';
    rc = place_resolve(text, NULL, &p, err, sizeof err); /* --home and --town, suggestions too */
    check(rc, &p, err, "place_resolve");
    double d = distance_miles(p.lat, p.lon, 42.26, -71.80);
    (void)d;
    free(text);
    return 0;
}
