/* step.h — the step-up / step-down rule (docs/practice.md, "Stepping up and down"): from a
** peer's comfort level and their recent visits and skipped plans, whether belong suggests one
** level up, one down, or nothing. It only suggests: the CPS confirms with peer edit --comfort.
*/
#ifndef BELONG_STEP_H
#define BELONG_STEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define STEP_UP_RUN           3 /* visits in a row that suggest a step up */
#define STEP_UP_COMFORT_MIN   4 /* comfort after each of them at least this */
#define STEP_DOWN_MISSED      2 /* missed plans or visits in a row that suggest a step down */
#define STEP_DOWN_COMFORT_MAX 2 /* comfort after the latest visit at most this */

/* One outcome in the peer's record. */
struct step_event {
    char date[11];      /* YYYY-MM-DD: the visit's or the plan's day */
    time_t recorded_at; /* when it was recorded */
    int64_t seq;        /* orders events of the same day and time (e.g. the row id) */
    bool missed;        /* a visit the peer did not go to, or a plan skipped */
    int intensity;      /* the activity's social intensity 1-5, 0 = unknown */
    int comfort_after;  /* 1-5, 0 = not said (a visit that went) */
};

enum step_direction { STEP_NONE, STEP_UP, STEP_DOWN };

struct step_suggestion {
    enum step_direction direction;
    int from_level, to_level; /* to_level = from_level ± 1 when suggested */
    size_t n_events;          /* how many of the latest events the suggestion rests on */
    char why[256];            /* in words, e.g. "3 visits in a row at level 2 or above with
                              ** comfort after 4 or more (2026-12-01, ...)"; "" without one */
};

/* Applies the rule to events[0..n) (any order; sorted here by date, then recorded_at, then seq)
** for a peer at comfort level (1-5; 0 = not assessed: no suggestion) last set at level_set_at
** (0: never): only events recorded at or after it count. Cannot fail. OUT: *out. */
void step_suggest(int level, time_t level_set_at, const struct step_event *events, size_t n,
                  struct step_suggestion *out);

/* "up", "down" or "none". */
const char *step_direction_name(enum step_direction d);

#endif
