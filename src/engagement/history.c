/* history.c — recommend's history from visits and choices (history.h). */
#include "history.h"

size_t history_items(const struct visit *visits, size_t n_visits,
                     const struct store_choice *choices, size_t n_choices,
                     struct match_history_item *out)
{
    size_t n = 0;
    for (size_t i = 0; i < n_visits; i++) {
        const struct visit *v = &visits[i];
        out[n++] = (struct match_history_item){v->category, v->organization, v->went, false,
                                               v->went ? v->comfort_after : 0};
    }
    for (size_t i = 0; i < n_choices; i++) {
        const struct store_choice *ch = &choices[i];
        bool declined = ch->choice == STORE_CHOICE_DECLINED;
        bool visited = false;
        for (size_t k = 0; k < n_visits && !visited && !declined; k++)
            visited = visits[k].activity_id == ch->activity_id;
        if (!visited) /* a choice is a mild positive (an unrated visit); a decline counts against */
            out[n++] =
                (struct match_history_item){ch->category, ch->organization, !declined, declined, 0};
    }
    return n;
}
