/* blockers.h — why few or no listings fit a peer: how many listings each hard constraint left
** out, the changes of the peer's limits that would let some in (and how many each), and the
** listings one constraint short of fitting ("nearly fits"). The types and the plain parts;
** recommend.c gathers the facts (recommend_diagnose) and docs/matching.md describes the rules.
*/
#ifndef BELONG_BLOCKERS_H
#define BELONG_BLOCKERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../util/buf.h"
#include "constraints.h"

#define BLOCKER_KINDS (MATCH_EX_LANGUAGE + 1) /* indexes of the counts: enum match_exclusion */

/* The parts of a day a time change adds: 06:00-12:00, 12:00-17:00, 17:00-22:00. */
enum blocker_day_part { BLOCKER_MORNING, BLOCKER_AFTERNOON, BLOCKER_EVENING, BLOCKER_DAY_PARTS };
extern const struct blocker_part {
    const char *name; /* "morning" */
    int start_minute, end_minute;
} blocker_parts[BLOCKER_DAY_PARTS];

/* One change of the peer's limits and the listings it would let in (those it alone blocks).
** Only changes that are the peer's to make: a time they could be free, a longer trip, a larger
** budget, online activities; never a need or who they are. */
enum blocker_change_kind {
    BLOCKER_CHANGE_TIME,     /* free at weekday's part of the day too */
    BLOCKER_CHANGE_DISTANCE, /* travel up to miles (from from_miles) */
    BLOCKER_CHANGE_BUDGET,   /* a budget of budget_cents a session (from from_cents) */
    BLOCKER_CHANGE_ONLINE,   /* accept online activities */
};
struct blocker_change {
    enum blocker_change_kind kind;
    int weekday;                  /* TIME: 0 = Monday .. 6 = Sunday */
    enum blocker_day_part part;   /* TIME */
    double miles, from_miles;     /* DISTANCE: whole miles */
    int budget_cents, from_cents; /* BUDGET: from_cents 0 = free only */
    size_t gain;                  /* listings it would let in */
};

/* A listing that breaks exactly one hard constraint (never "declined": the peer said no). */
struct blocker_nearly {
    int64_t id;
    char *name, *town, *tzid; /* heap; town and tzid may be NULL */
    enum match_exclusion blocker;
    char *why; /* the constraint with its figure, in plain words (heap) */
    bool is_virtual, has_distance;
    double distance_miles;
    time_t next; /* its first occurrence in the window (time blocked), or 0 */
};

/* Why few or no listings fit: counted over every active listing with an occurrence in the
** window or whose times are not listed. */
struct recommend_diagnosis {
    size_t considered;                /* listings looked at */
    size_t fits;                      /* of them, those that pass every hard constraint */
    size_t blocked[BLOCKER_KINDS];    /* listings breaking each (one may break several) */
    size_t only[BLOCKER_KINDS];       /* listings breaking only that one */
    struct blocker_change changes[4]; /* the best change of each kind that lets some in, the */
    size_t n_changes;                 /* most first (ties: time, distance, budget, online) */
    struct blocker_nearly *nearly;    /* nearest first (online, then unknown places, last); heap */
    size_t n_nearly;
};
void recommend_diagnosis_free(struct recommend_diagnosis *d);
/* Frees n's strings. */
void blocker_nearly_free(struct blocker_nearly *n);

/* The values of values[0..n) above limit and at most bound: how many (returned), and the
** largest in *reach. For the distance and budget changes. Cannot fail. */
size_t blocker_raise(const double *values, size_t n, double limit, double bound, double *reach);

/* The most a distance or budget change may ask: double the limit, and at least step more. */
double blocker_raise_bound(double limit, double step);

/* Writes ch in words: "free on Saturday mornings too", "travel 15 miles instead of 5",
** "a budget of $8 a session instead of free only", "accept online activities". Cannot fail. */
void blocker_change_text(const struct blocker_change *ch, struct buf *out);

/* Sorts d->changes, the most gain first (stable: kind order for ties). */
void blocker_changes_sort(struct recommend_diagnosis *d);

#endif
