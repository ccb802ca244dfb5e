/* fuzz_schedule.c — libFuzzer harness for schedule_check and schedule_expand (src/directory/
** schedule.c, libical's recurrence parser and iterator, VTIMEZONE reading). The input is split
** at NUL bytes into: DTSTART, RRULE, RDATE list, EXDATE list, valid_from, valid_to, TZID,
** duration in seconds, VTIMEZONE text; an empty part means the field is absent. A schedule that
** passes schedule_check is expanded over the default horizon, as an import does.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../src/directory/schedule.h"
#include "../src/util/rc.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_FROM ((time_t)1793505600) /* 2026-11-01T04:00:00Z */

struct seen {
    time_t last_start;
    size_t n;
};

static int on_occurrence(void *ctx, const struct occurrence *occ)
{
    struct seen *seen = ctx;
    if ((seen->n > 0 && occ->start <= seen->last_start) || occ->end < occ->start ||
        occ->weekday < 0 || occ->weekday > 6 || occ->start_minute < 0 ||
        occ->start_minute >= 1440) {
        fprintf(stderr, "fuzz: occurrence out of order or out of range\n");
        abort();
    }
    seen->last_start = occ->start;
    seen->n++;
    return 0;
}

static char *take(char **parts, size_t n_parts, size_t i)
{
    if (i >= n_parts || !parts[i][0])
        return NULL;
    char *s = parts[i];
    parts[i] = NULL;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *parts[9] = {0};
    size_t n_parts = 0;
    fuzz_split(data, size, parts, 9, &n_parts);
    struct schedule s = {0};
    s.dtstart = take(parts, n_parts, 0);
    s.rrule = take(parts, n_parts, 1);
    s.rdates = take(parts, n_parts, 2);
    s.exdates = take(parts, n_parts, 3);
    s.valid_from = take(parts, n_parts, 4);
    s.valid_to = take(parts, n_parts, 5);
    s.tzid = take(parts, n_parts, 6);
    char *duration = take(parts, n_parts, 7);
    s.duration_s = duration ? (int)strtol(duration, NULL, 10) : 3600;
    free(duration);
    s.vtimezone = take(parts, n_parts, 8);
    for (size_t i = 0; i < n_parts; i++)
        free(parts[i]);

    char err[256];
    if (schedule_check(&s, err, sizeof err) == BELONG_OK) {
        struct seen seen = {0};
        int rc = schedule_expand(&s, FUZZ_FROM, FUZZ_FROM + (time_t)HORIZON_DAYS_DEFAULT * 86400,
                                 on_occurrence, &seen);
        if (rc != BELONG_OK) {
            fprintf(stderr, "fuzz: schedule_check accepted what schedule_expand refused\n");
            abort();
        }
    } else if (!err[0]) {
        abort(); /* a refusal names the bad part */
    }
    schedule_free(&s);
    return 0;
}
