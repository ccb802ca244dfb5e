/* goals.h — what a peer's goals, in their own words, say about the kind of activity to suggest
** ("be around people without having to talk": a quieter one; "make a friend": a small group
** that meets again and again; "get out of the house": not online). docs/matching.md.
*/
#ifndef BELONG_GOALS_H
#define BELONG_GOALS_H

#include <stddef.h>

enum goal_flag {
    GOAL_QUIETER = 1u << 0, /* less talk: the preferred social intensity is one lower */
    GOAL_FRIEND = 1u << 1,  /* a friend: recurring small groups weigh more */
    GOAL_GET_OUT = 1u << 2, /* out of the house: online listings weigh less */
};

/* The goal_flag bits that goals[0..n) (the peer's own words) say. NULL items are skipped.
** Cannot fail. */
unsigned goals_read(const char *const *goals, size_t n);

#endif
