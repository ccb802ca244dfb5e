/* schedule_text.h — a schedule in words for people, for every text output (show, the web):
** "Every other Wednesday, 3:00 pm to 4:30 pm", "The second Tuesday of the month, 6:00 pm to
** 7:30 pm", "Once, on Saturday, December 5, 2026, 10:00 am to noon"; never the raw RRULE.
*/
#ifndef BELONG_SCHEDULE_TEXT_H
#define BELONG_SCHEDULE_TEXT_H

#include "../util/buf.h"
#include "schedule.h"

/* Appends sc in words to out: how often (from the RRULE as libical reads it; a rule it cannot
** read is described as a single date), the time of day and end (from the duration), extra and
** excluded dates counted, and the dates it is valid between. Cannot fail. */
void schedule_text(const struct schedule *sc, struct buf *out);

#endif
