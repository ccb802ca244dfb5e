/* audience.h — who an activity is for (issue 11, "Audience and eligibility"): a fixed set of
** audiences as bits, their names for `--audience` lists, reading them from a listing's words
** and taxonomy terms, and the matching rule (an activity for an audience the peer is not part
** of is left out; one for an audience they are part of counts in their favour).
** Stored as activity.audience and peer.audience (migration 13); docs/matching.md.
*/
#ifndef BELONG_AUDIENCE_H
#define BELONG_AUDIENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"

enum audience_flag {
    AUDIENCE_DEAF = 1u << 0,     /* Deaf and hard of hearing */
    AUDIENCE_WOMEN = 1u << 1,    /* women */
    AUDIENCE_MEN = 1u << 2,      /* men */
    AUDIENCE_VETERANS = 1u << 3, /* veterans */
    AUDIENCE_LGBTQ = 1u << 4,    /* LGBTQ+ people */
    AUDIENCE_YOUTH = 1u << 5,    /* youth and teens (under 25) */
    AUDIENCE_OLDER = 1u << 6,    /* older adults, 55+ */
};
#define AUDIENCE_COUNT 7

/* The name of audience bit i (0..AUDIENCE_COUNT-1): "deaf", "women", "men", "veterans",
** "lgbtq", "youth", "older-adults"; NULL past the end. */
const char *audience_name(int bit);

/* Parses a comma list of audience names (case-insensitive, spaces around items ignored; ""
** is none). Returns 0 with *out set; BELONG_EUSAGE naming the first unknown item in
** err[0..errlen) ("unknown audience 'elders' (known: deaf, women, ...)"). */
int audience_parse(const char *list, unsigned *out, char *err, size_t errlen);

/* Appends the names of the bits of audience to b, comma-separated ("women,veterans"). */
void audience_format(unsigned audience, struct buf *b);

/* The audiences a listing is for, read from its name (title words: "Women's Walking Group",
** "Veterans Coffee Hour", "LGBTQ+ Game Night", "Teen Art Club", "Seniors Strength"), its
** description ("for women", "open to veterans", "ages 55 and up", "for Deaf and hard of
** hearing adults", "women only") and its taxonomy terms (lines "CODE<TAB>NAME": the Open
** Eligibility and 211/AIRS names of those groups, e.g. "Veterans", "Women", "Seniors",
** "Deaf/Hard of Hearing", "LGBTQ", "Youth"). A listing open to all ("all ages", "everyone
** welcome", "women and men") is for no audience. Any argument may be NULL. Cannot fail. */
unsigned audience_infer(const char *name, const char *description, const char *terms);

/* Who a directory's eligibility fields say a listing is for: the eligibility text (HSDS 1.x/2.x
** eligibility.csv rows, services.eligibility_description, 3.0 eligibility objects; NULL when
** none) read as a taxonomy term is (every audience named: "Veterans and their families",
** "Women 18+"), unless named as welcome rather than required ("veterans encouraged",
** "including seniors"), and the ages it gives ("Ages 55 and up", "Youth 13-18", "60+",
** "under 18") with min_age and max_age (HSDS 3.0 minimum_age and maximum_age; 0 when not given).
** Ages become an audience only when they leave out most adults: a top age of 25 or less is youth,
** a lowest age of 50 or more older adults; "18+", "adults" or "21 and over" are no audience.
** OUT: *open_to_all (may be NULL), true when the text says anyone may come ("open to all",
** "anyone", "everyone", "none", "no requirements") and names no audience. Cannot fail. */
unsigned audience_eligibility(const char *text, int min_age, int max_age, bool *open_to_all);

/* How an activity for `activity` fits a peer who describes themselves as `peer` (bits; peer_known
** false when the peer has not said): */
enum audience_fit {
    AUDIENCE_OPEN,       /* for everyone */
    AUDIENCE_THEIRS,     /* for an audience the peer is part of: counts in their favour */
    AUDIENCE_NOT_THEIRS, /* for audiences the peer is not part of (or has not said): left out */
};
/* An activity for several audiences ("women veterans") is the peer's only when they are part
** of every one. OUT: *missing, the audiences the peer is not part of (may be NULL). */
enum audience_fit audience_match(unsigned activity, unsigned peer, bool peer_known,
                                 unsigned *missing);

/* Appends why an activity for audiences `missing` is left out, in plain words as --explain
** speaks to the peer: "It is for veterans, and your profile does not say you are." for a peer who
** has said who they are (peer_known), else which rule left it out ("It is for women, and your
** profile does not say who you are: ..."). */
void audience_explain(unsigned missing, bool peer_known, struct buf *b);

#endif
