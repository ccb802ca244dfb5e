/* constraints.c — the hard constraints of matching and their plain-language explanations
** (see constraints.h).
*/
#include "constraints.h"

#include "../directory/audience.h"
#include "../directory/language.h"
#include "../directory/activity.h"
#include "../util/money.h"

/* The needs an online activity meets without saying so: there is no venue to reach. */
#define ACCESS_MET_ONLINE (ACCESS_WHEELCHAIR | ACCESS_TRANSIT)

unsigned match_blockers(const struct match_limits *lim, const struct match_candidate *c,
                        bool active, bool declined_before)
{
    unsigned mask = 0;
    if (!active)
        mask |= 1u << MATCH_EX_INACTIVE;
    if (declined_before && !lim->include_declined)
        mask |= 1u << MATCH_EX_DECLINED;
    if (c->n_fitting_occurrences <= 0)
        mask |= 1u << MATCH_EX_NO_TIME;
    if (c->is_virtual) {
        if (!lim->accepts_virtual)
            mask |= 1u << MATCH_EX_VIRTUAL;
    } else if (lim->max_travel_miles >= 0.0) {
        if (!c->has_distance)
            mask |= 1u << MATCH_EX_NO_LOCATION;
        else if (!(c->distance_miles <= lim->max_travel_miles))
            mask |= 1u << MATCH_EX_TOO_FAR;
    }
    if (lim->budget_cents >= 0 && (c->cost_cents < 0 || c->cost_cents > lim->budget_cents))
        mask |= 1u << MATCH_EX_COST;
    unsigned have = c->access | (c->is_virtual ? ACCESS_MET_ONLINE : 0u);
    if ((lim->access_needs & ~have) != 0)
        mask |= 1u << MATCH_EX_ACCESS;
    return mask;
}

enum match_exclusion match_check(const struct match_limits *lim, const struct match_candidate *c,
                                 bool active, bool declined_before)
{
    /* the enum lists the constraints in the order the checks run: the lowest bit is the first */
    unsigned mask = match_blockers(lim, c, active, declined_before);
    return mask ? (enum match_exclusion)__builtin_ctz(mask) : MATCH_FITS;
}

const enum match_exclusion match_blocker_order[MATCH_BLOCKER_ORDER_N] = {
    MATCH_EX_INACTIVE, MATCH_EX_DECLINED, MATCH_EX_TOO_FAR,  MATCH_EX_VIRTUAL, MATCH_EX_NO_LOCATION,
    MATCH_EX_ACCESS,   MATCH_EX_AUDIENCE, MATCH_EX_LANGUAGE, MATCH_EX_COST,    MATCH_EX_NO_TIME,
};

enum match_exclusion match_blocker_strongest(unsigned mask)
{
    for (int i = 0; i < MATCH_BLOCKER_ORDER_N; i++)
        if (mask & (1u << match_blocker_order[i]))
            return match_blocker_order[i];
    return MATCH_FITS;
}

/* Each constraint's stable name (JSON, tests) and its word in a list of counts. */
static const struct {
    const char *name, *word;
} exclusion_words[] = {
    [MATCH_FITS] = {"fits", "fits"},
    [MATCH_EX_INACTIVE] = {"inactive", "inactive"},
    [MATCH_EX_DECLINED] = {"declined", "declined"},
    [MATCH_EX_NO_TIME] = {"no-time", "time"},
    [MATCH_EX_VIRTUAL] = {"virtual", "online"},
    [MATCH_EX_NO_LOCATION] = {"no-location", "place unknown"},
    [MATCH_EX_TOO_FAR] = {"too-far", "distance"},
    [MATCH_EX_COST] = {"cost", "cost"},
    [MATCH_EX_ACCESS] = {"access", "access"},
    [MATCH_EX_AUDIENCE] = {"audience", "audience"},
    [MATCH_EX_LANGUAGE] = {"language", "language"},
};

const char *match_blocker_word(enum match_exclusion e)
{
    return (unsigned)e <= MATCH_EX_LANGUAGE ? exclusion_words[e].word : "unknown";
}

const char *match_exclusion_name(enum match_exclusion e)
{
    return (unsigned)e <= MATCH_EX_LANGUAGE ? exclusion_words[e].name : "unknown";
}

enum match_exclusion match_check_audience(const struct match_limits *lim,
                                          const struct match_candidate *c)
{
    if (audience_match(c->audience, lim->audience, lim->audience_known, NULL) ==
        AUDIENCE_NOT_THEIRS)
        return MATCH_EX_AUDIENCE;
    if (lim->languages && language_fits_get(lim->languages, c->languages) == AUDIENCE_NOT_THEIRS)
        return MATCH_EX_LANGUAGE;
    return MATCH_FITS;
}

static void put_dollars(struct buf *out, int cents)
{
    char usd[USD_TEXT_LEN];
    format_usd(cents, usd, sizeof usd);
    buf_puts(out, usd);
}

void match_exclusion_explain(enum match_exclusion e, const struct match_limits *lim,
                             const struct match_candidate *c, struct buf *out)
{
    switch (e) {
    case MATCH_FITS:
        return;
    case MATCH_EX_INACTIVE:
        buf_puts(out, "The listing is no longer active.");
        return;
    case MATCH_EX_DECLINED:
        buf_puts(out, "You said no to it before.");
        return;
    case MATCH_EX_NO_TIME:
        buf_puts(out, "It does not meet in the coming days at a time you are free.");
        return;
    case MATCH_EX_VIRTUAL:
        buf_puts(out, "It is online, and you prefer to meet in person.");
        return;
    case MATCH_EX_NO_LOCATION:
        buf_puts(out, "The listing does not say where it meets, so the distance is unknown.");
        return;
    case MATCH_EX_TOO_FAR:
        buf_printf(out, "It is %.1f miles away; you said up to %.1f miles.", c->distance_miles,
                   lim->max_travel_miles);
        return;
    case MATCH_EX_COST:
        if (c->cost_cents < 0)
            buf_puts(out, "The listing does not say what it costs");
        else {
            buf_puts(out, "It costs ");
            put_dollars(out, c->cost_cents);
        }
        if (lim->budget_cents == 0) {
            buf_puts(out, "; you are looking for free activities.");
        } else {
            buf_puts(out, "; your budget is up to ");
            put_dollars(out, lim->budget_cents);
            buf_puts(out, ".");
        }
        return;
    case MATCH_EX_ACCESS: {
        unsigned have = c->access | (c->is_virtual ? ACCESS_MET_ONLINE : 0u);
        unsigned missing = lim->access_needs & ~have;
        static const char *const plain[] = {"wheelchair access", "ASL interpreting",
                                            "a quiet, sensory-friendly setting",
                                            "public transit nearby"};
        buf_puts(out, "It does not list ");
        int n = 0;
        for (int bit = 0; bit < 4; bit++) {
            if (missing & (1u << bit))
                buf_printf(out, "%s%s", n++ ? " or " : "", plain[bit]);
        }
        buf_puts(out, ", which you need.");
        return;
    }
    case MATCH_EX_AUDIENCE: {
        unsigned missing = 0;
        audience_match(c->audience, lim->audience, lim->audience_known, &missing);
        audience_explain(missing, lim->audience_known, out);
        return;
    }
    case MATCH_EX_LANGUAGE:
        if (lim->languages)
            language_explain(lim->languages->words, c->languages, lim->languages->n, out);
        return;
    }
}
