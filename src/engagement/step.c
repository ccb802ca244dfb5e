/* step.c — the step-up / step-down rule (step.h, docs/practice.md). */
#include "step.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"

static int event_order(const void *a, const void *b)
{
    const struct step_event *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    if (c)
        return c;
    if (x->recorded_at != y->recorded_at)
        return x->recorded_at < y->recorded_at ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

const char *step_direction_name(enum step_direction d)
{
    return d == STEP_UP ? "up" : d == STEP_DOWN ? "down" : "none";
}

/* A visit that went, at the peer's level or above, with comfort after at least the minimum. */
static bool counts_up(const struct step_event *e, int level)
{
    return !e->missed && e->intensity >= level && e->comfort_after >= STEP_UP_COMFORT_MIN;
}

/* The dates of last[0..n) into why after its lead text. */
static void put_dates(char *why, size_t size, const char *lead, const struct step_event *last,
                      size_t n)
{
    size_t used = (size_t)snprintf(why, size, "%s (", lead);
    for (size_t i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(why + used, size - used, "%s%s", i ? ", " : "", last[i].date);
    if (used < size)
        snprintf(why + used, size - used, ")");
}

void step_suggest(int level, time_t level_set_at, const struct step_event *events, size_t n,
                  struct step_suggestion *out)
{
    memset(out, 0, sizeof *out);
    out->from_level = out->to_level = level;
    if (level < 1 || level > 5)
        return;
    struct step_event *ev = xcalloc(n ? n : 1, sizeof *ev);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (events[i].recorded_at >= level_set_at)
            ev[k++] = events[i];
    qsort(ev, k, sizeof *ev, event_order);
    char lead[160];
    if (level > 1 && k >= STEP_DOWN_MISSED) {
        bool all_missed = true;
        for (size_t i = k - STEP_DOWN_MISSED; i < k; i++)
            all_missed &= ev[i].missed;
        if (all_missed) {
            out->direction = STEP_DOWN;
            out->n_events = STEP_DOWN_MISSED;
            snprintf(lead, sizeof lead, "%d plans or visits in a row missed", STEP_DOWN_MISSED);
        }
    }
    if (!out->direction && level > 1 && k >= 1) {
        const struct step_event *e = &ev[k - 1];
        if (!e->missed && e->comfort_after >= 1 && e->comfort_after <= STEP_DOWN_COMFORT_MAX &&
            e->intensity <= level) {
            out->direction = STEP_DOWN;
            out->n_events = 1;
            snprintf(lead, sizeof lead, "comfort after the latest visit was %d, at level %d%s",
                     e->comfort_after, e->intensity ? e->intensity : level,
                     e->intensity ? "" : " (its intensity unknown: taken as the peer's)");
        }
    }
    if (!out->direction && level < 5 && k >= STEP_UP_RUN) {
        bool run = true;
        for (size_t i = k - STEP_UP_RUN; i < k; i++)
            run &= counts_up(&ev[i], level);
        if (run) {
            out->direction = STEP_UP;
            out->n_events = STEP_UP_RUN;
            snprintf(lead, sizeof lead,
                     "%d visits in a row at level %d or above with comfort after %d or more",
                     STEP_UP_RUN, level, STEP_UP_COMFORT_MIN);
        }
    }
    if (out->direction) {
        out->to_level = level + (out->direction == STEP_UP ? 1 : -1);
        put_dates(out->why, sizeof out->why, lead, ev + k - out->n_events, out->n_events);
    }
    free(ev);
}
