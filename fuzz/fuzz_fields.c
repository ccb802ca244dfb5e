/* fuzz_fields.c — libFuzzer harness for the one-field parsers a CPS or a file feeds: the peer
** setters (src/peers/profile.c), availability windows and dates away (availability.c), and
** dates, clock times, UTC offsets and zone names (src/util/timeutil.c), and times of day as
** directories write them (src/util/timeofday.c: an accepted one reads back from HH:MM:SS). The
*input is split at
** NUL bytes and each part goes to every parser. An accepted window or date range must format
** and parse back to itself; a refusal always leaves a message.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/directory/places.h"
#include "../src/peers/profile.h"
#include "../src/util/rc.h"
#include "../src/util/text.h"
#include "../src/util/timeofday.h"
#include "../src/util/timeutil.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARTS 4

static void need_message(int rc, const struct diag *diag, size_t before, const char *what)
{
    if (rc != BELONG_OK && diag->count == before) {
        fprintf(stderr, "fuzz: %s refused without a message\n", what);
        abort();
    }
}

static void check_availability(const char *text)
{
    struct availability a = {0}, b = {0};
    struct diag diag = {0};
    int rc = availability_add_window(&a, text, &diag, "f", "availability");
    need_message(rc, &diag, 0, "availability_add_window");
    size_t before = diag.count;
    rc = availability_add_away(&a, text, &diag, "f", "away");
    need_message(rc, &diag, before, "availability_add_away");
    for (size_t i = 0; i < a.n_windows; i++) {
        char out[AVAILABILITY_TEXT_LEN];
        availability_format_window(&a.windows[i], out);
        if (availability_add_window(&b, out, &diag, "f", "availability") != BELONG_OK) {
            fprintf(stderr, "fuzz: window '%s' from '%s' does not read back\n", out, text);
            abort();
        }
    }
    for (size_t i = 0; i < a.n_away; i++) {
        char out[AVAILABILITY_TEXT_LEN];
        availability_format_away(&a.away[i], out);
        if (availability_add_away(&b, out, &diag, "f", "away") != BELONG_OK) {
            fprintf(stderr, "fuzz: dates away '%s' from '%s' do not read back\n", out, text);
            abort();
        }
    }
    if (a.n_windows)
        (void)availability_allows(&a, 20000, 3, 600, 90);
    availability_free(&a);
    availability_free(&b);
    diag_free(&diag);
}

static void check_peer_setters(const char *text)
{
    struct peer p;
    struct diag diag = {0}, warnings = {0};
    peer_init(&p);
    size_t before = 0;
#define SETTER(call)                                                                               \
    do {                                                                                           \
        before = diag.count;                                                                       \
        need_message(call, &diag, before, #call);                                                  \
    } while (0)
    SETTER(peer_set_text(&p.name, text, true, &diag, "f", "name"));
    SETTER(peer_set_home(&p, text, &diag, "f"));
    SETTER(peer_set_max_travel_miles(&p, text, &diag, "f"));
    SETTER(peer_set_travel_modes(&p, text, &diag, "f"));
    SETTER(peer_set_budget(&p, text, &diag, "f"));
    SETTER(peer_set_access(&p, text, &diag, "f"));
    SETTER(peer_set_comfort(&p, text, &diag, "f"));
    SETTER(peer_add_text(&p.interests, text, &diag, "f", "interests"));
    SETTER(peer_add_tags(&p, text, &diag, "f"));
    SETTER(peer_add_languages(&p, text, &diag, "f"));
    SETTER(peer_add_values(&p, text, &diag, &warnings, "f"));
#undef SETTER
    bool yes;
    (void)parse_yes_no(text, &yes);
    (void)place_is_street_address(text);
    (void)cps_handle_valid(text);
    char budget[32];
    peer_budget_format(p.budget_cents, budget, sizeof budget);
    (void)peer_validate(&p, &diag, "f");
    peer_free(&p);
    diag_free(&diag);
    diag_free(&warnings);
}

static void check_time_parsers(const char *text, const char *tzid)
{
    struct civil_date d;
    int minutes = 0, seconds = 0, offset = 0;
    const char *rest = NULL;
    if (parse_date(text, &d)) {
        if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31)
            abort();
        struct civil_date back = civil_from_days(days_from_civil(&d));
        if (back.year != d.year || back.month != d.month || back.day != d.day)
            abort();
        if (tz_known(tzid)) {
            time_t t = local_to_instant(&d, 12 * 60, 0, tzid);
            char iso[ISO_LOCAL_LEN];
            format_local_iso(t, tzid, iso);
            (void)local_day_start(t, tzid);
        }
    }
    if (parse_clock(text, &minutes, &seconds, &rest)) {
        if (minutes < 0 || minutes > 24 * 60 || seconds < 0 || seconds > 60 || !rest)
            abort();
        (void)parse_utc_offset(rest, &offset);
    }
    if (parse_utc_offset(text, &offset) && (offset < -24 * 3600 || offset > 24 * 3600))
        abort();
    struct time_of_day t, back;
    const char *problem = time_of_day_parse(text, &t);
    if (!problem) {
        if (t.seconds < 0 || t.seconds > 24 * 3600 ||
            (t.has_offset && (t.offset_s < -14 * 3600 || t.offset_s > 14 * 3600)))
            abort();
        char hms[16];
        snprintf(hms, sizeof hms, "%02d:%02d:%02d", t.seconds / 3600, t.seconds / 60 % 60,
                 t.seconds % 60);
        if (time_of_day_parse(hms, &back) || back.seconds != t.seconds)
            abort();
    } else if (!*problem) {
        abort(); /* a refusal always says why */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *parts[MAX_PARTS] = {0};
    size_t n_parts = 0;
    fuzz_split(data, size, parts, MAX_PARTS, &n_parts);
    const char *tzid = n_parts > 1 ? parts[n_parts - 1] : BELONG_DEFAULT_TZ;
    for (size_t i = 0; i < n_parts; i++) {
        check_availability(parts[i]);
        check_peer_setters(parts[i]);
        check_time_parsers(parts[i], tzid);
    }
    fuzz_parts_free(parts, n_parts);
    return 0;
}
