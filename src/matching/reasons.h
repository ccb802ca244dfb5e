/* reasons.h — why a suggestion fits, in plain words a CPS can repeat to the peer, built from the
** candidate's strongest factors ("You said “plants” — this is about community garden").
*/
#ifndef BELONG_REASONS_H
#define BELONG_REASONS_H

#include <stddef.h>

#include "../util/buf.h"
#include "match.h"

#define MATCH_REASONS_MAX 4
#define MATCH_REASONS_MIN 2

struct match_reasons {
    char *items[MATCH_REASONS_MAX]; /* heap strings, strongest first */
    size_t n;
};

/* Builds 2-4 reasons for candidate c scored as f (match_score) for the peer of ctx: up to three
** from the factors that contribute most (each only when it is true and positive: a real word
** match, a value, a comfortable step, a fitting time, a short trip, a good past visit,
** something new), then the plain facts (free, peer-run, substance-free) in one line; when fewer
** than two result, the trip and the time are added as they are. Uses the peer's own words where
** they matched. OUT: *out; the caller frees it with match_reasons_free. Cannot fail. */
void match_reasons(const struct match_context *ctx, const struct match_candidate *c,
                   const struct match_factors *f, struct match_reasons *out);
void match_reasons_free(struct match_reasons *r);

/* What social intensity level (1-5, docs/practice.md) feels like, as a CPS would say it ("a
** small group with a task to share, talking optional"); NULL for any other level. Static. */
const char *match_intensity_words(int level);

/* Puts first in r the reason of a listing suggested to ask about (--ask-about-times): its times
** are not listed (open_days: the weekdays it is open, bit 0 = Monday), so call or write to ask;
** the weakest reason makes room when r is full. Cannot fail. */
void reasons_ask_about_times(struct match_reasons *r, unsigned open_days);
/* Puts first in r the reason that a listing at social intensity level `intensity` (0: unknown)
** fits the step the peer's record suggests (docs/practice.md): a step up to to_level (up) when it
** is at to_level, a step down to to_level when it is at to_level or below; the weakest reason
** makes room when r is full. Returns whether it fits (r is left as it is when not). */
bool reasons_step(struct match_reasons *r, bool up, int to_level, int intensity);
/* Appends to b why a listing whose times are not listed has no fitting date ("No dates
** listed: ..."), and, when it passes every other hard constraint (ask_eligible), that
** --ask-about-times lists it. Cannot fail. */
void reasons_no_dates_listed(struct buf *b, unsigned open_days, bool ask_eligible);

/* Writes a local time range in plain words into b: "6–8 pm", "10–11:30 am", "11 am–1 pm",
** "6 pm" when end_minute is -1. Cannot fail. */
void reasons_format_time_range(struct buf *b, int start_minute, int end_minute);

#endif
