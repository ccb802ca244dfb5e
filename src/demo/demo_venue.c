/* demo_venue.c — where a demo listing meets and how to reach its organisers: a venue point
** spread within its town (never the ZIP point itself, so distances differ as real ones do), and
** fictional contacts in reserved ranges (555-0100..0199 phone numbers, example.org addresses).
** Each comes from its own stream seeded by the address or the organisation's name, so it never
** moves what the main stream deals (templates, weekdays, costs) and the same input always gives
** the same place and contacts.
*/
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"
#include "demo_internal.h"

#define VENUE_MIN_MILES      0.25 /* venues lie 0.25 to 2 miles from the town's ZIP point */
#define VENUE_MAX_MILES      2.0
#define MILES_PER_DEGREE_LAT 69.05
#define PHONE_PERCENT        85 /* organisations that list a phone; the others list an e-mail */
#define EMAIL_PERCENT        70
#define DNS_LABEL_MAX        63

void rng_seed_text(struct rng *r, const char *text)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * 0x100000001b3ull;
    rng_seed(r, h);
}

void demo_venue_point(const struct demo_town *town, const char *address, double *lat, double *lon)
{
    struct rng r;
    struct buf key = {0};
    buf_printf(&key, "%s|%s", town->zip, address);
    rng_seed_text(&r, buf_str(&key));
    buf_free(&key);
    /* Uniform over the ring's area: the radius grows with the square root of a uniform draw. */
    double u = (double)rng_below(&r, 1000000) / 1000000.0;
    double inner = VENUE_MIN_MILES * VENUE_MIN_MILES, outer = VENUE_MAX_MILES * VENUE_MAX_MILES;
    double miles = sqrt(inner + u * (outer - inner));
    double bearing = (double)rng_below(&r, 360000) / 1000.0 * M_PI / 180.0;
    double lat_deg = town->lat + miles * cos(bearing) / MILES_PER_DEGREE_LAT;
    double lon_deg =
        town->lon + miles * sin(bearing) / (MILES_PER_DEGREE_LAT * cos(town->lat * M_PI / 180.0));
    /* Six decimals (about 10 cm), as directories publish them, so an export reads back exact. */
    *lat = round(lat_deg * 1e6) / 1e6;
    *lon = round(lon_deg * 1e6) / 1e6;
}

/* Massachusetts area codes by the first three digits of the ZIP code. */
static const char *area_code(const char *zip)
{
    static const struct {
        const char *first, *last, *code;
    } ranges[] = {
        {"010", "013", "413"}, /* Pioneer Valley, Franklin County, Berkshire */
        {"014", "014", "978"}, /* Montachusett */
        {"015", "017", "508"}, /* Worcester, Blackstone Valley, Metro West */
        {"018", "019", "978"}, /* Merrimack Valley, North Shore, Cape Ann */
        {"020", "022", "617"}, /* Metro Boston, Quincy */
        {"023", "027", "508"}, /* South Shore, South Coast, Cape Cod */
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (strncmp(zip, ranges[i].first, 3) >= 0 && strncmp(zip, ranges[i].last, 3) <= 0)
            return ranges[i].code;
    return "508";
}

/* The organisation's name as a DNS label: lower-case letters and digits, words joined by '-',
** at most 63 characters, cut at a word's end. OUT: label, DNS_LABEL_MAX + 1 bytes. */
static void dns_label(const char *name, char *label)
{
    size_t n = 0, word_end = 0;
    bool gap = false;
    for (const unsigned char *p = (const unsigned char *)name; *p && n < DNS_LABEL_MAX; p++) {
        if (isalnum(*p)) {
            if (gap && n > 0) {
                word_end = n;
                label[n++] = '-';
            }
            if (n < DNS_LABEL_MAX)
                label[n++] = (char)tolower(*p);
            gap = false;
        } else if (*p != '\'') {
            gap = true;
        }
    }
    if (n == DNS_LABEL_MAX && word_end > 0)
        n = word_end;
    label[n] = '\0';
}

void demo_contacts(struct activity *a, const struct demo_town *town, const char *org)
{
    struct rng r;
    rng_seed_text(&r, org);
    char label[DNS_LABEL_MAX + 1];
    dns_label(org, label);
    struct buf text = {0};
    bool phone = rng_percent(&r, PHONE_PERCENT);
    bool email = !phone || rng_percent(&r, EMAIL_PERCENT);
    unsigned line = 100 + rng_below(&r, 100);
    if (phone) {
        buf_printf(&text, "%s-555-%04u", area_code(town->zip), line);
        a->phone = buf_detach(&text);
    }
    if (email) {
        buf_printf(&text, "info@%s.example.org", label);
        a->email = buf_detach(&text);
    }
    buf_printf(&text, "https://%s.example.org/", label);
    a->url = buf_detach(&text);
}
