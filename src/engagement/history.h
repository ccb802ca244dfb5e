/* history.h — what recommend's history factor (matching/factors.h) reads from the engagement
** record: the peer's visits where there are any, else the guess from their choices.
*/
#ifndef BELONG_HISTORY_H
#define BELONG_HISTORY_H

#include <stddef.h>

#include "../matching/factors.h"
#include "../store/store.h"
#include "engagement.h"

/* Fills out (room for n_visits + n_choices items; strings borrowed from visits and choices)
** and returns how many it wrote:
** - each visit is one item: went as recorded, rated by its comfort after (0 when not said), so
**   that a good visit counts for, an uneasy one against, and one not made for nothing;
** - each decline is one item (declined), visits or not;
** - a choice of an activity with no visit is the guess it was before visits: went, unrated;
**   once the activity has a visit, the visits replace it.
** Cannot fail. */
size_t history_items(const struct visit *visits, size_t n_visits,
                     const struct store_choice *choices, size_t n_choices,
                     struct match_history_item *out);

#endif
