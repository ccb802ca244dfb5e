/* constraints.h — the hard constraints of matching, never broken: a candidate that fails one is
** not suggested, and --explain says which one, in plain words.
**
** Checked here, from facts the wiring gathers: active listing, not declined before, at least one
** fitting occurrence (in the window, inside the peer's availability, not on dates away: the
** wiring counts them with peers/availability), travel distance with the virtual exemption,
** budget, every accessibility need. docs/matching.md describes each.
*/
#ifndef BELONG_CONSTRAINTS_H
#define BELONG_CONSTRAINTS_H

#include <stdbool.h>

#include "../util/buf.h"
#include "match.h"

/* Why a candidate is left out, in the order the checks run; MATCH_FITS when it is not. */
enum match_exclusion {
    MATCH_FITS = 0,
    MATCH_EX_INACTIVE,    /* the listing is no longer active */
    MATCH_EX_DECLINED,    /* the peer declined it before (and --include-declined is off) */
    MATCH_EX_NO_TIME,     /* no occurrence in the window at a time the peer is free */
    MATCH_EX_VIRTUAL,     /* online, and the peer does not want online activities */
    MATCH_EX_NO_LOCATION, /* in person at an unknown place, and the peer has a travel limit */
    MATCH_EX_TOO_FAR,     /* farther than the peer can travel */
    MATCH_EX_COST,        /* over the budget, or cost unknown on a limited budget */
    MATCH_EX_ACCESS,      /* an accessibility need is not met */
    MATCH_EX_AUDIENCE,    /* for an audience the peer is not part of (or has not said) */
    MATCH_EX_LANGUAGE,    /* held only in languages the peer does not speak (language.h) */
};

struct language_fits; /* directory/language.h */

/* The peer's limits, as the profile states them. */
struct match_limits {
    double max_travel_miles; /* < 0 = not stated: no distance limit */
    bool accepts_virtual;
    int budget_cents;      /* < 0 = any cost; 0 = free only; else the most per session */
    unsigned access_needs; /* enum access_flag bits that must all be met */
    bool include_declined; /* --include-declined */
    unsigned audience;     /* who the peer says they are (enum audience_flag bits) */
    bool audience_known;   /* false: not said */
    /* The languages the peer speaks (directory/language.h), with the language names; NULL:
    ** languages not checked. Borrowed; its cache changes as it is asked. */
    struct language_fits *languages;
};

/* MATCH_EX_AUDIENCE when c is for an audience the peer is not part of (directory/audience.h:
** audience_match), else MATCH_EX_LANGUAGE when it is held only in languages the peer does not
** speak (directory/language.h: language_match), else MATCH_FITS. Separate from match_check: a
** candidate's audience and languages arrive with its details. */
enum match_exclusion match_check_audience(const struct match_limits *lim,
                                          const struct match_candidate *c);

/* The first hard constraint c breaks for a peer with these limits, or MATCH_FITS. active and
** declined_before come from the store and the engagement records. An online activity meets the
** wheelchair and transit needs by its nature (no venue to reach); ASL and quiet must be listed.
** Pure; cannot fail. */
enum match_exclusion match_check(const struct match_limits *lim, const struct match_candidate *c,
                                 bool active, bool declined_before);

/* Every hard constraint c breaks, as bits (1u << enum match_exclusion); 0 when it breaks none.
** The audience is not among them (match_check_audience). Pure; cannot fail. */
unsigned match_blockers(const struct match_limits *lim, const struct match_candidate *c,
                        bool active, bool declined_before);

/* The hard constraints from the strongest reason to the weakest: what the peer cannot change
** (the listing is gone, they said no) first, then the place (distance, online, where it
** meets), the needs and audience, the cost, and the time last (the most likely to change with
** another window). MATCH_BLOCKER_ORDER_N entries; --explain and the blocker counts list them so. */
#define MATCH_BLOCKER_ORDER_N 10
extern const enum match_exclusion match_blocker_order[MATCH_BLOCKER_ORDER_N];
/* The strongest blocker of mask (match_blockers' bits), or MATCH_FITS for 0. */
enum match_exclusion match_blocker_strongest(unsigned mask);
/* A word for a blocker in a list of counts ("time", "distance", "cost", "access", "online",
** "audience", "declined", "place unknown", "inactive"). */
const char *match_blocker_word(enum match_exclusion e);

/* A stable name for JSON and tests ("fits", "inactive", "declined", "no-time", "virtual",
** "no-location", "too-far", "cost", "access", "audience", "language"). */
const char *match_exclusion_name(enum match_exclusion e);

/* Appends why c was left out, in words a CPS can repeat ("It is 12.4 miles away; you said up
** to 5 miles."). Appends nothing for MATCH_FITS. Cannot fail. */
void match_exclusion_explain(enum match_exclusion e, const struct match_limits *lim,
                             const struct match_candidate *c, struct buf *out);

#endif
