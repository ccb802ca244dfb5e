/* blockers.c — the plain parts of "why nothing fits" (blockers.h): day parts, the bound of a
** change, changes in words.
*/
#include "blockers.h"

#include <math.h>
#include <stdlib.h>

#include "../util/money.h"

const struct blocker_part blocker_parts[BLOCKER_DAY_PARTS] = {
    [BLOCKER_MORNING] = {"morning", 6 * 60, 12 * 60},
    [BLOCKER_AFTERNOON] = {"afternoon", 12 * 60, 17 * 60},
    [BLOCKER_EVENING] = {"evening", 17 * 60, 22 * 60},
};

static const char *const weekday_names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                             "Friday", "Saturday", "Sunday"};

size_t blocker_raise(const double *values, size_t n, double limit, double bound, double *reach)
{
    size_t gain = 0;
    *reach = limit;
    for (size_t i = 0; i < n; i++) {
        if (values[i] > limit && values[i] <= bound) {
            gain++;
            if (values[i] > *reach)
                *reach = values[i];
        }
    }
    return gain;
}

double blocker_raise_bound(double limit, double step)
{
    return limit * 2 > limit + step ? limit * 2 : limit + step;
}

static void put_miles(struct buf *out, double miles)
{
    if (miles == floor(miles))
        buf_printf(out, "%.0f", miles);
    else
        buf_printf(out, "%.1f", miles);
}

void blocker_change_text(const struct blocker_change *ch, struct buf *out)
{
    char usd[USD_TEXT_LEN];
    switch (ch->kind) {
    case BLOCKER_CHANGE_TIME:
        buf_printf(out, "free on %s %ss too", weekday_names[ch->weekday % 7],
                   blocker_parts[ch->part].name);
        return;
    case BLOCKER_CHANGE_DISTANCE:
        buf_puts(out, "travel ");
        put_miles(out, ch->miles);
        buf_puts(out, " miles instead of ");
        put_miles(out, ch->from_miles);
        return;
    case BLOCKER_CHANGE_BUDGET:
        format_usd(ch->budget_cents, usd, sizeof usd);
        buf_printf(out, "a budget of %s a session instead of ", usd);
        if (ch->from_cents == 0) {
            buf_puts(out, "free only");
        } else {
            format_usd(ch->from_cents, usd, sizeof usd);
            buf_puts(out, usd);
        }
        return;
    case BLOCKER_CHANGE_ONLINE:
        buf_puts(out, "accept online activities");
        return;
    }
}

static int cmp_change(const void *a, const void *b)
{
    const struct blocker_change *x = a, *y = b;
    if (x->gain != y->gain)
        return x->gain < y->gain ? 1 : -1;
    return (int)x->kind - (int)y->kind;
}

void blocker_changes_sort(struct recommend_diagnosis *d)
{
    qsort(d->changes, d->n_changes, sizeof *d->changes, cmp_change);
}

void blocker_nearly_free(struct blocker_nearly *n)
{
    free(n->name);
    free(n->town);
    free(n->tzid);
    free(n->why);
}

void recommend_diagnosis_free(struct recommend_diagnosis *d)
{
    for (size_t i = 0; i < d->n_nearly; i++)
        blocker_nearly_free(&d->nearly[i]);
    free(d->nearly);
    d->nearly = NULL;
    d->n_nearly = 0;
}
