/* recommend.c — the wiring of matching (see recommend.h): peer → store filter → candidates with
** their fitting occurrences → hard constraints → scores → order → diversity → reasons.
*/
#include "recommend.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../directory/catalog.h"
#include "../directory/language.h"
#include "../directory/occurrences.h"
#include "../directory/places.h"
#include "../engagement/history.h"
#include "../peers/caseload.h"
#include "../util/buf.h"
#include "../util/rc.h"
#include "../util/timeutil.h"
#include "diversity.h"

#define WALK_REACH_MILES   1.0  /* a peer who only walks, when they have not said how far */
#define BOX_MARGIN         1.02 /* the box is a little larger than needed; C checks exactly */
#define DEGREES_TO_RADIANS (3.14159265358979323846 / 180.0)

int recommend_data_load(struct recommend_data *d, struct diag *diag)
{
    memset(d, 0, sizeof *d);
    int rc = match_data_load(&d->match, diag);
    if (rc == BELONG_OK)
        rc = categories_load(NULL, &d->categories, diag);
    if (rc == BELONG_OK)
        rc = listing_words_load(&d->words, diag);
    if (rc != BELONG_OK)
        recommend_data_free(d);
    return rc;
}

void recommend_data_free(struct recommend_data *d)
{
    match_data_free(&d->match);
    categories_free(&d->categories);
    listing_words_free(&d->words);
    memset(d, 0, sizeof *d);
}

void recommend_window(const struct recommend_options *opt, time_t *from, time_t *to)
{
    *from = opt->from ? opt->from : belong_now();
    int days = opt->days > 0 ? opt->days : RECOMMEND_DAYS_DEFAULT;
    struct civil_date d;
    instant_to_local(*from, NULL, &d, NULL, NULL, NULL);
    struct civil_date end = civil_from_days(days_from_civil(&d) + days);
    *to = local_to_instant(&end, 0, 0, NULL);
}

/* ---- one run ------------------------------------------------------------------------------ */

#define RUN_OFFSET_CHANGES_MAX                                                                     \
    16 /* DST changes in a window of RECOMMEND_DAYS_MAX days, and more                             \
        */

/* A candidate that passed every hard constraint, with copies of its strings. */
struct survivor {
    struct match_candidate c;
    char *text; /* one block holding name, category, organization, tags, town, tzid, languages */
    const char *town, *tzid;
    time_t next[RECOMMEND_NEXT_MAX];
    size_t n_next;
    struct match_factors f;
    bool ask;           /* no fitting date; times not listed (--ask-about-times) */
    bool text_checked;  /* its text match was checked (run_text_evidence) */
    unsigned open_days; /* the weekdays it is open without times */
};

struct run {
    struct store *s;
    const struct recommend_data *d;
    const struct peer *p;
    time_t from, to;
    bool use_table; /* the window lies in the materialised horizon */
    bool ask_about_times;
    size_t limit, pool;    /* suggestions wanted; the top that diversity picks them from */
    bool check_all;        /* check every text match, not only the top (--explain) */
    unsigned weekday_mask; /* the peer's weekdays (all without windows) */
    struct match_limits lim;
    struct language_fits languages; /* the peer's languages, for lim */
    double max_travel_miles;        /* the peer's reach by their travel modes (travel_reach) */
    struct store_choice *choices;   /* by activity id */
    size_t n_choices;
    struct visit *visits; /* the peer's visits: the history where there are any */
    size_t n_visits;
    struct match_history_item *history;
    size_t n_history;
    struct match_peer_view view;
    struct match_context ctx;
    struct survivor *items;
    size_t n, cap;
    time_t offset_changes[RUN_OFFSET_CHANGES_MAX]; /* directory time's DST changes in the window */
    size_t n_offset_changes;
    int rc; /* a failure inside a callback */
    /* --explain: the one activity's facts, whatever its verdict */
    int64_t explain_id;
    bool explain_seen;
    bool explain_ask_eligible;
    enum match_exclusion explain_exclusion;
    unsigned explain_blockers; /* every hard constraint it breaks (match_blockers, audience) */
    struct survivor explain_item;
};

static bool declined_before(const struct run *r, int64_t id)
{
    size_t lo = 0, hi = r->n_choices;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->choices[mid].activity_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->n_choices && r->choices[lo].activity_id == id &&
           r->choices[lo].choice == STORE_CHOICE_DECLINED;
}

/* How long o lasts on the wall clock of directory time, in minutes: its elapsed time, but for
** the rare occurrence across a DST change (an hour more or less on the clock). */
static int wall_minutes(const struct run *r, const struct occurrence *o)
{
    int minutes = (int)((o->end - o->start + 59) / 60);
    for (size_t i = 0; i < r->n_offset_changes; i++) {
        if (o->start < r->offset_changes[i] && r->offset_changes[i] <= o->end) {
            long wall = wall_seconds(o->start, o->end, NULL);
            return wall > 0 ? (int)((wall + 59) / 60) : 0;
        }
    }
    return minutes;
}

/* Counts the occurrences of occ[0..n) that fall in the window, inside the peer's availability
** and not on dates away; fills c's fitting count and "when", and next[] (soonest first). */
static void count_fitting(const struct run *r, const struct availability *avail,
                          const struct occurrence *occ, size_t n, struct match_candidate *c,
                          time_t next[RECOMMEND_NEXT_MAX], size_t *n_next)
{
    c->n_fitting_occurrences = 0;
    c->when_weekday = c->when_start_minute = c->when_end_minute = -1;
    c->when_weekly = false;
    *n_next = 0;
    bool same_slot = true;
    for (size_t i = 0; i < n; i++) {
        const struct occurrence *o = &occ[i];
        if (o->start < r->from || o->start >= r->to)
            continue;
        int duration_min = wall_minutes(r, o);
        long day = availability_local_day(o->start, o->weekday);
        if (!availability_allows(avail, day, o->weekday, o->start_minute, duration_min))
            continue;
        if (c->n_fitting_occurrences++ == 0) {
            c->when_weekday = o->weekday;
            c->when_start_minute = o->start_minute;
            c->when_end_minute =
                duration_min > 0 ? (o->start_minute + duration_min) % MINUTES_PER_DAY : -1;
        } else if (o->weekday != c->when_weekday || o->start_minute != c->when_start_minute) {
            same_slot = false;
        }
        if (*n_next < RECOMMEND_NEXT_MAX)
            next[(*n_next)++] = o->start;
    }
    c->when_weekly = same_slot && c->n_fitting_occurrences >= 2;
}

static const char *category_label_of(const struct run *r, const char *slug)
{
    const struct category *cat = slug ? category_find(&r->d->categories, slug) : NULL;
    return cat ? cat->label : NULL;
}

/* Fills c's hard-constraint facts from a store row, and its fitting occurrences. The rest of
** the listing arrives later (run_details) for the candidates that pass. */
static void candidate_facts(const struct run *r, const struct store_match_row *row,
                            struct match_candidate *c)
{
    memset(c, 0, sizeof *c);
    c->id = row->id;
    c->text_term = -1;
    c->access = row->access;
    c->cost_cents = row->cost_cents;
    c->is_virtual = row->is_virtual;
    c->peer_run = c->substance_free = TRI_UNKNOWN;
    if (!row->is_virtual && row->has_coords && r->p->has_coords) {
        c->has_distance = true;
        c->distance_miles = distance_miles(r->p->home_lat, r->p->home_lon, row->lat, row->lon);
    }
}

static int candidate_from_row(struct run *r, const struct store_match_row *row,
                              struct match_candidate *c, time_t next[RECOMMEND_NEXT_MAX],
                              size_t *n_next)
{
    candidate_facts(r, row, c);
    if (r->use_table) {
        count_fitting(r, &r->p->availability, row->occ, row->n_occ, c, next, n_next);
        return BELONG_OK;
    }
    struct occurrence *occ = NULL;
    size_t n_occ = 0;
    int rc = catalog_expand(row->scheds, row->n_scheds, r->from, r->to, &occ, &n_occ);
    if (rc == BELONG_EDATA) { /* a schedule the importer accepted but cannot expand now */
        rc = BELONG_OK;
        n_occ = 0;
    }
    count_fitting(r, &r->p->availability, occ, n_occ, c, next, n_next);
    free(occ);
    return rc;
}

static void survivor_take(struct survivor *sv, const struct match_candidate *c, const time_t *next,
                          size_t n_next)
{
    memset(sv, 0, sizeof *sv);
    sv->c = *c;
    memcpy(sv->next, next, n_next * sizeof *next);
    sv->n_next = n_next;
}

/* Takes the listing's strings (one block) and attributes from the store. */
static void survivor_details(const struct run *r, struct survivor *sv,
                             const struct store_match_details *d)
{
    enum { N_TEXTS = 7 };
    const char *src[N_TEXTS] = {d->name, d->category, d->organization, d->tags,
                                d->town, d->tzid,     d->languages};
    size_t len[N_TEXTS], total = 0;
    for (int i = 0; i < N_TEXTS; i++) {
        len[i] = src[i] ? strlen(src[i]) + 1 : 0;
        total += len[i];
    }
    free(sv->text);
    sv->text = xmalloc(total ? total : 1);
    const char *copy[N_TEXTS];
    char *at = sv->text;
    for (int i = 0; i < N_TEXTS; i++) {
        copy[i] = src[i] ? memcpy(at, src[i], len[i]) : NULL;
        at += len[i];
    }
    sv->c.name = copy[0];
    sv->c.category = copy[1];
    sv->c.organization = copy[2];
    sv->c.tags = copy[3];
    sv->c.town = copy[4];
    sv->town = copy[4];
    sv->tzid = copy[5];
    sv->c.languages = copy[6];
    sv->c.category_label = category_label_of(r, sv->c.category);
    sv->c.intensity = d->intensity;
    sv->c.group_size = d->group_size;
    sv->c.peer_run = d->peer_run;
    sv->c.substance_free = d->substance_free;
    sv->c.distance_approximate = d->approximate_place;
    sv->c.audience = d->audience;
}

static bool on_candidate(void *ctx, const struct store_match_row *row)
{
    struct run *r = ctx;
    struct match_candidate c;
    time_t next[RECOMMEND_NEXT_MAX];
    size_t n_next = 0;
    r->rc = candidate_from_row(r, row, &c, next, &n_next);
    if (r->rc != BELONG_OK)
        return false;
    bool declined = declined_before(r, row->id);
    enum match_exclusion why = match_check(&r->lim, &c, row->active, declined);
    /* Without a fitting date but with its times not listed: every other hard constraint still
    ** holds (checked as if it had a date). */
    bool untimed = row->open_days ? (row->open_days & r->weekday_mask) != 0 : !row->times_listed;
    bool ask = false;
    enum match_exclusion other = MATCH_FITS;
    if (why == MATCH_EX_NO_TIME && untimed) {
        struct match_candidate dated = c;
        dated.n_fitting_occurrences = 1;
        other = match_check(&r->lim, &dated, row->active, declined);
        ask = other == MATCH_FITS;
    }
    if (row->id == r->explain_id) {
        r->explain_seen = true;
        r->explain_exclusion = why;
        r->explain_ask_eligible = ask;
        r->explain_blockers = match_blockers(&r->lim, &c, row->active, declined);
        survivor_take(&r->explain_item, &c, next, n_next);
        r->explain_item.ask = why == MATCH_EX_NO_TIME && untimed;
        r->explain_item.open_days = row->open_days;
        return true;
    }
    if (why != MATCH_FITS && !(ask && r->ask_about_times))
        return true;
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 256;
        r->items = xrealloc(r->items, r->cap * sizeof *r->items);
    }
    survivor_take(&r->items[r->n], &c, next, n_next);
    r->items[r->n].ask = why != MATCH_FITS;
    r->items[r->n++].open_days = row->open_days;
    return true;
}

static void run_free(struct run *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i].text);
    free(r->items);
    free(r->explain_item.text);
    free(r->history);
    store_choices_free(r->choices, r->n_choices);
    visits_free(r->visits, r->n_visits);
    memset(r, 0, sizeof *r);
}

/* How far the peer goes, by their travel modes: the miles they stated; unstated, about a mile
** for a peer who only walks (TRAVEL_MILES_UNSTATED otherwise: the default reach). */
static double travel_reach(const struct peer *p)
{
    if (p->max_travel_miles >= 0.0)
        return p->max_travel_miles;
    if (p->travel_modes == TRAVEL_WALK)
        return WALK_REACH_MILES;
    return TRAVEL_MILES_UNSTATED;
}

/* Prepares the peer: window, limits, visits and choices as history (engagement/history.h),
** the matching context. */
static int run_init(struct run *r, struct store *s, const struct recommend_data *d,
                    const struct peer *p, const struct recommend_options *opt)
{
    memset(r, 0, sizeof *r);
    r->s = s;
    r->d = d;
    r->p = p;
    recommend_window(opt, &r->from, &r->to);
    r->ask_about_times = opt->ask_about_times;
    r->limit = opt->limit > 0 ? (size_t)opt->limit : RECOMMEND_LIMIT_DEFAULT;
    r->pool = r->limit > RECOMMEND_POOL ? r->limit : RECOMMEND_POOL;
    r->weekday_mask = p->availability.n_windows ? 0 : 0x7f;
    for (size_t i = 0; i < p->availability.n_windows; i++)
        r->weekday_mask |= 1u << p->availability.windows[i].weekday;
    r->n_offset_changes = tz_offset_changes(NULL, r->from, r->to + SECONDS_PER_DAY,
                                            r->offset_changes, RUN_OFFSET_CHANGES_MAX);
    int rc = occurrences_window_stored(s, r->from, r->to, &r->use_table, NULL, NULL);
    if (rc != BELONG_OK)
        return rc;
    r->max_travel_miles = travel_reach(p);
    r->lim = (struct match_limits){r->max_travel_miles, p->virtual_ok,         p->budget_cents,
                                   p->access_needs,     opt->include_declined, p->audience,
                                   p->audience_known,   &r->languages};
    language_fits_init(&r->languages, &d->words, (const char *const *)p->languages.items,
                       p->languages.n, (p->access_needs & ACCESS_ASL) != 0);
    rc = store_choices_get(s, p->cps, p->id, &r->choices, &r->n_choices);
    if (rc != BELONG_OK)
        return rc;
    if ((rc = store_visits_get(s, p->cps, p->id, &r->visits, &r->n_visits)) != BELONG_OK)
        return rc;
    r->history = xcalloc(r->n_choices + r->n_visits + 1, sizeof *r->history);
    r->n_history = history_items(r->visits, r->n_visits, r->choices, r->n_choices, r->history);
    typedef const char *const *strings;
    int days = opt->days > 0 ? opt->days : RECOMMEND_DAYS_DEFAULT;
    r->view = (struct match_peer_view){
        .interests = (strings)p->interests.items,
        .n_interests = p->interests.n,
        .tags = (strings)p->tags.items,
        .n_tags = p->tags.n,
        .values = (strings)p->values.items,
        .n_values = p->values.n,
        .goals = (strings)p->goals.items,
        .n_goals = p->goals.n,
        .comfort = p->comfort,
        .max_travel_miles = r->max_travel_miles,
        .accepts_virtual = p->virtual_ok,
        .uses_transit = (p->travel_modes & TRAVEL_TRANSIT) != 0,
        .audience = p->audience_known ? p->audience : 0,
        .prefers_peer_run = p->prefers_peer_run,
        .prefers_substance_free = p->prefers_substance_free,
        .history = r->history,
        .n_history = r->n_history,
        .window_days = days,
    };
    match_context_init_data(&r->ctx, &r->view, &d->match);
    return BELONG_OK;
}

/* The store filter for the peer: the hard constraints cheap to test there. */
static void run_filter(const struct run *r, struct store_match_filter *f)
{
    const struct peer *p = r->p;
    memset(f, 0, sizeof *f);
    f->from = r->from;
    f->to = r->to;
    f->occurrences = r->use_table;
    f->online = p->virtual_ok;
    double reach = r->max_travel_miles;
    if (reach < 0) {
        f->in_person = true; /* no stated limit: anywhere */
    } else if (p->has_coords) {
        f->in_person = true;
        f->has_box = true;
        double dlat = reach * BOX_MARGIN / MILES_PER_DEGREE;
        double coslat = cos(p->home_lat * DEGREES_TO_RADIANS);
        double dlon = coslat > 0.01 ? dlat / coslat : 360.0;
        f->min_lat = p->home_lat - dlat;
        f->max_lat = p->home_lat + dlat;
        f->min_lon = p->home_lon - dlon;
        f->max_lon = p->home_lon + dlon;
        f->center_lat = p->home_lat;
        f->center_lon = p->home_lon;
        /* the smallest cosine in the box, so the ellipse holds the whole circle */
        double cos_low = cos((p->home_lat - dlat) * DEGREES_TO_RADIANS);
        double cos_high = cos((p->home_lat + dlat) * DEGREES_TO_RADIANS);
        double cos_min = cos_low < cos_high ? cos_low : cos_high;
        f->lon_scale = coslat > 0.01 && cos_min > 0.0 ? cos_min : 0.0;
        f->radius_deg = dlat;
        if (box_spans_every_longitude(p->home_lat, p->home_lon, dlat, dlon)) {
            f->min_lon = -180.0; /* a band of latitudes: the exact distance decides */
            f->max_lon = 180.0;
            f->lon_scale = 0.0;
        }
    } /* else: a limit but no known home: no in-person activity can be checked */
    unsigned mask = 0;
    for (size_t i = 0; i < p->availability.n_windows; i++) {
        const struct weekly_window *w = &p->availability.windows[i];
        mask |= 1u << w->weekday;
        /* A fitting occurrence starts inside a window (availability_allows), so in one of
        ** the hours the window touches: a superset, checked exactly later. */
        week_slots_add(&f->week_slots, w->weekday, w->start_minute, w->end_minute);
    }
    f->weekday_mask = p->availability.n_windows ? mask : 0x7f;
    f->untimed = r->ask_about_times;
    f->max_cost_cents = p->budget_cents < 0 ? -1 : p->budget_cents;
    f->access_required = p->access_needs;
}

static int cmp_survivor_id(const void *a, const void *b)
{
    const struct survivor *x = a, *y = b;
    return (x->c.id > y->c.id) - (x->c.id < y->c.id);
}

/* Best first: those with a fitting date before those to ask about, then score, then id. */
static int cmp_survivor_score(const void *a, const void *b)
{
    const struct survivor *x = a, *y = b;
    if (x->ask != y->ask)
        return x->ask ? 1 : -1;
    if (x->f.score != y->f.score)
        return x->f.score < y->f.score ? 1 : -1;
    return (x->c.id > y->c.id) - (x->c.id < y->c.id);
}

/* The survivors whose text match is being checked, in the order their ids were asked. */
struct evidence_batch {
    struct run *r;
    struct survivor **items;
    size_t n, next;
};

static void on_description(void *ctx, int64_t id, const char *description)
{
    struct evidence_batch *b = ctx;
    while (b->next < b->n && b->items[b->next]->c.id != id)
        b->next++; /* a listing gone meanwhile: no description, the match stands */
    if (b->next == b->n)
        return;
    struct survivor *sv = b->items[b->next++];
    if (!match_text_evidence(&b->r->ctx, &sv->c, description))
        sv->c.relevance = 0.0; /* only a name, or another sense: no text match */
}

/* Checks the text match (relevance > 0) of items[0..n) against what each listing says
** (match_text_evidence) and scores again those that lost it. */
static int check_text_matches(struct run *r, struct survivor **items, size_t n)
{
    if (n == 0)
        return BELONG_OK;
    int64_t *ids = xcalloc(n, sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = items[i]->c.id;
    struct evidence_batch batch = {r, items, n, 0};
    int rc = store_match_descriptions(r->s, ids, n, on_description, &batch);
    free(ids);
    for (size_t i = 0; rc == BELONG_OK && i < n; i++) {
        items[i]->text_checked = true;
        if (items[i]->c.relevance == 0.0)
            match_score(&r->ctx, &items[i]->c, &items[i]->f);
    }
    return rc;
}

/* Checks the text matches that can reach what is shown: the first r->pool of the dated items
** and the first r->limit of those to ask about, in score order (r->items sorted so), again
** after each round, as a dropped match lowers a score and lets another one in; every one for
** --explain (r->check_all). Each listing is read once at most. Ranks among the checked are
** exact; below them a score may still hold an accidental text match. */
static int run_text_evidence(struct run *r)
{
    struct survivor **batch = xcalloc(r->n + 1, sizeof *batch);
    int rc = BELONG_OK;
    if (r->explain_seen && r->explain_item.c.relevance > 0.0 && !r->explain_item.text_checked) {
        batch[0] = &r->explain_item;
        rc = check_text_matches(r, batch, 1);
    }
    while (rc == BELONG_OK) {
        size_t n = 0, dated = 0, ask = 0;
        for (size_t i = 0; i < r->n; i++) {
            struct survivor *sv = &r->items[i];
            if (!r->check_all && (sv->ask ? ask++ >= r->limit : dated++ >= r->pool))
                continue;
            if (sv->c.relevance > 0.0 && !sv->text_checked)
                batch[n++] = sv;
        }
        if (n == 0)
            break;
        rc = check_text_matches(r, batch, n);
        if (r->n > 1)
            qsort(r->items, r->n, sizeof *r->items, cmp_survivor_score);
    }
    free(batch);
    return rc;
}

/* The relevance of the peer's own words to every survivor (and the explained one), checked against
** what each listing says, then scores, then the order by score (ties by id). */
static int run_score(struct run *r)
{
    if (r->n > 1)
        qsort(r->items, r->n, sizeof *r->items, cmp_survivor_id);
    struct concept_query q;
    int rc = BELONG_OK;
    if (concepts_text_query(&r->ctx.terms, CONCEPT_OWN_WEIGHT, &q) > 0) {
        size_t n_ids = r->n + (r->explain_seen ? 1 : 0);
        int64_t *ids = xcalloc(n_ids ? n_ids : 1, sizeof *ids);
        double *relevance = xcalloc(n_ids ? n_ids : 1, sizeof *relevance);
        size_t k = 0;
        bool explain_placed = !r->explain_seen;
        for (size_t i = 0; i < r->n; i++) {
            if (!explain_placed && r->explain_item.c.id < r->items[i].c.id) {
                ids[k++] = r->explain_item.c.id;
                explain_placed = true;
            }
            ids[k++] = r->items[i].c.id;
        }
        if (!explain_placed)
            ids[k++] = r->explain_item.c.id;
        rc = store_match_relevance(r->s, &q.query, ids, k, relevance);
        for (size_t i = 0, j = 0; rc == BELONG_OK && i < k; i++) {
            if (r->explain_seen && ids[i] == r->explain_item.c.id) {
                r->explain_item.c.relevance = relevance[i];
                continue;
            }
            r->items[j++].c.relevance = relevance[i];
        }
        free(ids);
        free(relevance);
    }
    if (rc != BELONG_OK)
        return rc;
    for (size_t i = 0; i < r->n; i++) /* the suggestions score alike with or without those to
                                       ** ask about */
        if (!r->items[i].ask)
            match_context_note_relevance(&r->ctx, r->items[i].c.relevance);
    if (r->explain_seen && r->explain_exclusion == MATCH_FITS)
        match_context_note_relevance(&r->ctx, r->explain_item.c.relevance);
    for (size_t i = 0; i < r->n; i++)
        match_score(&r->ctx, &r->items[i].c, &r->items[i].f);
    if (r->explain_seen)
        match_score(&r->ctx, &r->explain_item.c, &r->explain_item.f);
    if (r->n > 1)
        qsort(r->items, r->n, sizeof *r->items, cmp_survivor_score);
    return run_text_evidence(r);
}

static void on_details(void *ctx, const struct store_match_details *d)
{
    struct run *r = ctx;
    if (r->explain_seen && d->id == r->explain_item.c.id)
        survivor_details(r, &r->explain_item, d);
    struct survivor key = {.c.id = d->id};
    struct survivor *sv =
        r->n ? bsearch(&key, r->items, r->n, sizeof *r->items, cmp_survivor_id) : NULL;
    if (sv)
        survivor_details(r, sv, d);
}

/* The listings of the survivors (and of the explained activity), in one query. */
static int run_details(struct run *r)
{
    if (r->n > 1)
        qsort(r->items, r->n, sizeof *r->items, cmp_survivor_id);
    size_t n_ids = r->n + (r->explain_seen ? 1 : 0);
    int64_t *ids = xcalloc(n_ids ? n_ids : 1, sizeof *ids);
    for (size_t i = 0; i < r->n; i++)
        ids[i] = r->items[i].c.id;
    if (r->explain_seen)
        ids[r->n] = r->explain_item.c.id;
    int rc = store_match_details(r->s, ids, n_ids, on_details, r);
    free(ids);
    return rc;
}

/* Leaves out the survivors for an audience the peer is not part of (their details read), and
** says so of the explained one when it passes every other constraint. */
static void run_audience(struct run *r)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->n; i++) {
        struct match_candidate *c = &r->items[i].c;
        if (match_check_audience(&r->lim, c) == MATCH_FITS) {
            c->language_theirs = language_fits_get(&r->languages, c->languages) == AUDIENCE_THEIRS;
            r->items[kept++] = r->items[i];
            continue;
        }
        free(r->items[i].text);
    }
    r->n = kept;
    enum match_exclusion who;
    if (r->explain_seen &&
        (who = match_check_audience(&r->lim, &r->explain_item.c)) != MATCH_FITS) {
        r->explain_blockers |= 1u << who;
        if (r->explain_exclusion == MATCH_FITS)
            r->explain_exclusion = who;
    }
}

/* Gathers, checks and scores every candidate. */
static int run_all(struct run *r)
{
    struct store_match_filter f;
    run_filter(r, &f);
    int rc = store_match_candidates(r->s, &f, on_candidate, r);
    if (rc == BELONG_OK)
        rc = r->rc;
    if (rc == BELONG_OK && r->explain_id > 0 && !r->explain_seen) {
        /* Left out by the store's filters (or not there): look at it alone, unfiltered. */
        struct store_match_filter one = {
            .only_id = r->explain_id, .from = r->from, .to = r->to, .occurrences = r->use_table};
        rc = store_match_candidates(r->s, &one, on_candidate, r);
        if (rc == BELONG_OK)
            rc = r->rc;
    }
    if (rc == BELONG_OK)
        rc = run_details(r);
    if (rc == BELONG_OK)
        run_audience(r);
    if (rc == BELONG_OK)
        rc = run_score(r);
    return rc;
}

/* Appends why c is left out (match_exclusion_explain), but a distance that cannot be checked
** because the peer's home has no place (not given, or stored unplaced by an older belong) is
** the peer's side: it says so, and how to fix it, instead of blaming the listing. */
static void explain_exclusion(const struct run *r, enum match_exclusion e,
                              const struct match_candidate *c, struct buf *why)
{
    if (e == MATCH_EX_NO_LOCATION && !r->p->has_coords && !c->is_virtual) {
        buf_printf(why,
                   "Your home area (%s) is not a place belong can find, so no distance can be "
                   "checked: set it with 'belong peer edit %lld --home ZIP-or-town'.",
                   r->p->home_zip    ? r->p->home_zip
                   : r->p->home_town ? r->p->home_town
                                     : "not given",
                   (long long)r->p->id);
        return;
    }
    match_exclusion_explain(e, &r->lim, c, why);
}

/* The display order: MMR over the top RECOMMEND_POOL. OUT: order[0..return). */
static size_t run_order(const struct run *r, size_t limit, size_t *order)
{
    size_t n_pool = r->n < RECOMMEND_POOL ? r->n : RECOMMEND_POOL;
    if (limit > n_pool)
        n_pool = r->n < limit ? r->n : limit;
    struct diversity_item *pool = xcalloc(n_pool ? n_pool : 1, sizeof *pool);
    for (size_t i = 0; i < n_pool; i++) {
        const struct survivor *sv = &r->items[i];
        pool[i] =
            (struct diversity_item){sv->c.id, sv->f.score, sv->c.category, sv->c.organization};
    }
    size_t n = diversity_rerank(pool, n_pool, limit, DIVERSITY_LAMBDA, order);
    free(pool);
    return n;
}

static int check_options(const struct recommend_options *opt)
{
    if (opt->days < 0 || opt->days > RECOMMEND_DAYS_MAX || opt->limit < 0 ||
        opt->limit > RECOMMEND_LIMIT_MAX)
        return BELONG_EUSAGE;
    return BELONG_OK;
}

/* ---- why few or none fit (recommend_diagnose) ----------------------------------------------- */

/* One listing the diagnosis looked at: what the constraints, the changes and the nearly fits
** need. */
struct looked {
    int64_t id;
    unsigned blockers; /* match_blockers' bits, and the audience's */
    bool is_virtual, has_distance, untimed;
    double distance_miles;
    int cost_cents;
    unsigned access, audience, open_days;
    struct occurrence *occ; /* in the window, kept when the time is its only blocker (heap) */
    size_t n_occ;
    time_t first;             /* its first occurrence in the window, or 0 */
    char *name, *town, *tzid; /* for a nearly fit only (heap) */
};

struct diagnosis_run {
    struct run *r;
    struct looked *items;
    size_t n, cap;
    int rc;
};

#define TIME_ONLY (1u << MATCH_EX_NO_TIME)

/* The occurrences of row in the window, as an array the caller frees. */
static int row_occurrences(const struct run *r, const struct store_match_row *row,
                           struct occurrence **occ, size_t *n)
{
    *occ = NULL;
    *n = 0;
    if (r->use_table) {
        if (row->n_occ) {
            *occ = xcalloc(row->n_occ, sizeof **occ);
            memcpy(*occ, row->occ, row->n_occ * sizeof **occ);
            *n = row->n_occ;
        }
        return BELONG_OK;
    }
    int rc = catalog_expand(row->scheds, row->n_scheds, r->from, r->to, occ, n);
    if (rc == BELONG_EDATA) { /* a schedule the importer accepted but cannot expand now */
        free(*occ);
        *occ = NULL;
        *n = 0;
        rc = BELONG_OK;
    }
    return rc;
}

static bool on_look(void *ctx, const struct store_match_row *row)
{
    struct diagnosis_run *g = ctx;
    struct run *r = g->r;
    struct match_candidate c;
    candidate_facts(r, row, &c);
    struct occurrence *occ;
    size_t n_occ;
    if ((g->rc = row_occurrences(r, row, &occ, &n_occ)) != BELONG_OK)
        return false;
    time_t next[RECOMMEND_NEXT_MAX];
    size_t n_next;
    count_fitting(r, &r->p->availability, occ, n_occ, &c, next, &n_next);
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 256;
        g->items = xrealloc(g->items, g->cap * sizeof *g->items);
    }
    struct looked *x = &g->items[g->n++];
    *x = (struct looked){
        .id = row->id,
        .blockers = match_blockers(&r->lim, &c, row->active, declined_before(r, row->id)),
        .is_virtual = c.is_virtual,
        .has_distance = c.has_distance,
        .untimed = row->open_days ? (row->open_days & r->weekday_mask) != 0 : !row->times_listed,
        .distance_miles = c.distance_miles,
        .cost_cents = c.cost_cents,
        .access = c.access,
        .open_days = row->open_days,
    };
    for (size_t i = 0; i < n_occ; i++)
        if (occ[i].start >= r->from && occ[i].start < r->to &&
            (x->first == 0 || occ[i].start < x->first))
            x->first = occ[i].start;
    if (x->blockers == TIME_ONLY && n_occ) {
        x->occ = occ;
        x->n_occ = n_occ;
    } else {
        free(occ);
    }
    return true;
}

static int cmp_looked_id(const void *a, const void *b)
{
    const struct looked *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static void on_look_details(void *ctx, const struct store_match_details *d)
{
    struct diagnosis_run *g = ctx;
    struct looked key = {.id = d->id};
    struct looked *x = bsearch(&key, g->items, g->n, sizeof *g->items, cmp_looked_id);
    if (!x)
        return;
    x->audience = d->audience;
    struct match_candidate c = {.audience = d->audience};
    enum match_exclusion who = match_check_audience(&g->r->lim, &c);
    if (who != MATCH_FITS)
        x->blockers |= 1u << who;
    if (__builtin_popcount(x->blockers) == 1 && x->blockers != (1u << MATCH_EX_DECLINED)) {
        x->name = xstrdup(d->name);
        x->town = xstrdup(d->town);
        x->tzid = xstrdup(d->tzid);
    }
}

/* The peer's availability with weekday's [start, end) added (the parts not already free). */
static void availability_plus(const struct availability *base, int weekday, int start, int end,
                              struct availability *out)
{
    availability_copy(out, base);
    int at = start;
    for (size_t i = 0; i < base->n_windows && at < end; i++) {
        const struct weekly_window *w = &base->windows[i];
        if (w->weekday != weekday || w->end_minute <= at)
            continue;
        if (w->start_minute >= end)
            break;
        if (w->start_minute > at)
            availability_add_window_minutes(out, weekday, at, w->start_minute);
        at = w->end_minute;
    }
    if (at < end)
        availability_add_window_minutes(out, weekday, at, end);
    availability_index(out);
}

/* The best time change: the part of a day whose adding lets the most time-blocked listings in
** (ties: the earlier in the week, then in the day). Not for a peer free at any time. */
static void change_time(const struct diagnosis_run *g, struct recommend_diagnosis *out)
{
    const struct run *r = g->r;
    if (!r->p->availability.n_windows)
        return;
    struct blocker_change best = {.kind = BLOCKER_CHANGE_TIME};
    for (int day = 0; day < DAYS_PER_WEEK; day++) {
        for (int part = 0; part < BLOCKER_DAY_PARTS; part++) {
            struct availability a;
            availability_plus(&r->p->availability, day, blocker_parts[part].start_minute,
                              blocker_parts[part].end_minute, &a);
            size_t gain = 0;
            for (size_t i = 0; i < g->n; i++) {
                const struct looked *x = &g->items[i];
                if (x->blockers != TIME_ONLY || !x->n_occ)
                    continue;
                struct match_candidate c;
                time_t next[RECOMMEND_NEXT_MAX];
                size_t n_next;
                count_fitting(r, &a, x->occ, x->n_occ, &c, next, &n_next);
                gain += c.n_fitting_occurrences > 0;
            }
            availability_free(&a);
            if (gain > best.gain) {
                best.gain = gain;
                best.weekday = day;
                best.part = (enum blocker_day_part)part;
            }
        }
    }
    if (best.gain)
        out->changes[out->n_changes++] = best;
}

#define DISTANCE_STEP_MILES 5.0
#define BUDGET_STEP_CENTS   1000

/* The distance, budget and online changes, each counted exactly over the listings it alone
** blocks. */
static void change_limits(const struct diagnosis_run *g, struct recommend_diagnosis *out)
{
    const struct match_limits *lim = &g->r->lim;
    double *values = xcalloc(g->n ? g->n : 1, sizeof *values);
    size_t n = 0;
    if (lim->max_travel_miles >= 0) {
        for (size_t i = 0; i < g->n; i++)
            if (g->items[i].blockers == 1u << MATCH_EX_TOO_FAR)
                values[n++] = g->items[i].distance_miles;
        double reach, from = lim->max_travel_miles;
        blocker_raise(values, n, from, blocker_raise_bound(from, DISTANCE_STEP_MILES), &reach);
        double miles = ceil(reach);
        size_t gain = blocker_raise(values, n, from, miles, &reach);
        if (gain)
            out->changes[out->n_changes++] = (struct blocker_change){
                .kind = BLOCKER_CHANGE_DISTANCE, .miles = miles, .from_miles = from, .gain = gain};
    }
    n = 0;
    if (lim->budget_cents >= 0) {
        for (size_t i = 0; i < g->n; i++)
            if (g->items[i].blockers == 1u << MATCH_EX_COST && g->items[i].cost_cents >= 0)
                values[n++] = g->items[i].cost_cents;
        double reach, from = lim->budget_cents;
        size_t gain =
            blocker_raise(values, n, from, blocker_raise_bound(from, BUDGET_STEP_CENTS), &reach);
        if (gain)
            out->changes[out->n_changes++] =
                (struct blocker_change){.kind = BLOCKER_CHANGE_BUDGET,
                                        .budget_cents = (int)reach,
                                        .from_cents = lim->budget_cents,
                                        .gain = gain};
    }
    free(values);
    if (!lim->accepts_virtual) {
        size_t gain = 0;
        for (size_t i = 0; i < g->n; i++)
            gain += g->items[i].blockers == 1u << MATCH_EX_VIRTUAL;
        if (gain)
            out->changes[out->n_changes++] =
                (struct blocker_change){.kind = BLOCKER_CHANGE_ONLINE, .gain = gain};
    }
}

/* Nearest first: in person with a distance, then online, then unknown places; ties by id. */
static int cmp_nearly(const void *a, const void *b)
{
    const struct blocker_nearly *x = a, *y = b;
    int rx = x->has_distance ? 0 : x->is_virtual ? 1 : 2;
    int ry = y->has_distance ? 0 : y->is_virtual ? 1 : 2;
    if (rx != ry)
        return rx - ry;
    if (rx == 0 && x->distance_miles != y->distance_miles)
        return x->distance_miles < y->distance_miles ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* The listings breaking one constraint (not "declined"), nearest first, at most limit. */
static void collect_nearly(struct diagnosis_run *g, size_t limit, struct recommend_diagnosis *out)
{
    out->nearly = xcalloc(g->n ? g->n : 1, sizeof *out->nearly);
    for (size_t i = 0; i < g->n; i++) {
        struct looked *x = &g->items[i];
        if (!x->name)
            continue;
        enum match_exclusion e = match_blocker_strongest(x->blockers);
        struct match_candidate c = {
            .is_virtual = x->is_virtual,
            .has_distance = x->has_distance,
            .distance_miles = x->distance_miles,
            .cost_cents = x->cost_cents,
            .access = x->access,
            .audience = x->audience,
        };
        struct buf why = {0};
        if (e == MATCH_EX_NO_TIME && !x->first && x->untimed)
            reasons_no_dates_listed(&why, x->open_days, true);
        else
            match_exclusion_explain(e, &g->r->lim, &c, &why);
        out->nearly[out->n_nearly++] = (struct blocker_nearly){
            .id = x->id,
            .name = x->name,
            .town = x->town,
            .tzid = x->tzid,
            .blocker = e,
            .why = buf_detach(&why),
            .is_virtual = x->is_virtual,
            .has_distance = x->has_distance,
            .distance_miles = x->distance_miles,
            .next = x->first,
        };
        x->name = x->town = x->tzid = NULL;
    }
    qsort(out->nearly, out->n_nearly, sizeof *out->nearly, cmp_nearly);
    while (out->n_nearly > limit)
        blocker_nearly_free(&out->nearly[--out->n_nearly]);
}

int recommend_diagnose(struct store *s, const struct recommend_data *d, const struct peer *p,
                       const struct recommend_options *opt, struct recommend_diagnosis *out)
{
    memset(out, 0, sizeof *out);
    int rc = check_options(opt);
    if (rc != BELONG_OK)
        return rc;
    struct run r;
    rc = run_init(&r, s, d, p, opt);
    struct diagnosis_run g = {.r = &r};
    /* every active listing meeting in the window, or whose times are not listed */
    struct store_match_filter f = {.in_person = true,
                                   .online = true,
                                   .from = r.from,
                                   .to = r.to,
                                   .occurrences = r.use_table,
                                   .weekday_mask = 0x7f,
                                   .max_cost_cents = -1,
                                   .untimed = true};
    if (rc == BELONG_OK)
        rc = store_match_candidates(s, &f, on_look, &g);
    if (rc == BELONG_OK)
        rc = g.rc;
    if (rc == BELONG_OK && g.n) {
        qsort(g.items, g.n, sizeof *g.items, cmp_looked_id);
        int64_t *ids = xcalloc(g.n, sizeof *ids);
        for (size_t i = 0; i < g.n; i++)
            ids[i] = g.items[i].id;
        rc = store_match_details(s, ids, g.n, on_look_details, &g);
        free(ids);
    }
    if (rc == BELONG_OK) {
        out->considered = g.n;
        for (size_t i = 0; i < g.n; i++) {
            unsigned m = g.items[i].blockers;
            out->fits += m == 0;
            for (int e = 0; e < BLOCKER_KINDS; e++) {
                out->blocked[e] += (m >> e) & 1u;
                out->only[e] += m == 1u << e;
            }
        }
        change_time(&g, out);
        change_limits(&g, out);
        blocker_changes_sort(out);
        collect_nearly(&g, r.limit, out);
    }
    for (size_t i = 0; i < g.n; i++) {
        free(g.items[i].occ);
        free(g.items[i].name);
        free(g.items[i].town);
        free(g.items[i].tzid);
    }
    free(g.items);
    run_free(&r);
    if (rc != BELONG_OK)
        recommend_diagnosis_free(out);
    return rc;
}

int recommend_run(struct store *s, const struct recommend_data *d, const struct peer *p,
                  const struct recommend_options *opt, struct recommend_result *out)
{
    memset(out, 0, sizeof *out);
    int rc = check_options(opt);
    if (rc != BELONG_OK)
        return rc;
    struct run r;
    rc = run_init(&r, s, d, p, opt);
    if (rc == BELONG_OK)
        rc = run_all(&r);
    if (rc != BELONG_OK) {
        run_free(&r);
        return rc;
    }
    size_t limit = opt->limit > 0 ? (size_t)opt->limit : RECOMMEND_LIMIT_DEFAULT;
    /* The items are in score order, those to ask about times last: the list is ordered from
    ** the others, and up to `limit` of those follow it, best first. */
    size_t n_dated = 0, n_all = r.n;
    while (n_dated < r.n && !r.items[n_dated].ask)
        n_dated++;
    size_t n_ask = n_all - n_dated < limit ? n_all - n_dated : limit;
    size_t *order = xcalloc(limit + n_ask, sizeof *order);
    r.n = n_dated;
    size_t n = run_order(&r, limit, order);
    r.n = n_all;
    for (size_t k = 0; k < n_ask; k++)
        order[n++] = n_dated + k;
    out->items = xcalloc(n ? n : 1, sizeof *out->items);
    out->n = n;
    out->n_eligible = n_dated;
    out->from = r.from;
    out->to = r.to;
    for (size_t k = 0; k < n; k++) {
        const struct survivor *sv = &r.items[order[k]];
        struct recommendation *rec = &out->items[k];
        rec->id = sv->c.id;
        rec->name = xstrdup(sv->c.name);
        rec->category = xstrdup(sv->c.category);
        rec->organization = xstrdup(sv->c.organization);
        rec->town = xstrdup(sv->town);
        rec->tzid = xstrdup(sv->tzid);
        rec->score = sv->f.score;
        rec->factors = sv->f.f;
        match_reasons(&r.ctx, &sv->c, &sv->f, &rec->reasons);
        memcpy(rec->next, sv->next, sizeof rec->next);
        rec->n_next = sv->n_next;
        rec->n_fitting = sv->c.n_fitting_occurrences;
        rec->is_virtual = sv->c.is_virtual;
        rec->has_distance = sv->c.has_distance;
        rec->distance_miles = sv->c.distance_miles;
        rec->distance_approximate = sv->c.distance_approximate;
        rec->cost_cents = sv->c.cost_cents;
        rec->rank = sv->ask ? 0 : order[k] + 1;
        rec->ask_about_times = sv->ask;
        rec->open_days = sv->open_days;
        rec->intensity = sv->c.intensity;
        if (sv->ask)
            reasons_ask_about_times(&rec->reasons, sv->open_days);
    }
    free(order);
    run_free(&r);
    return BELONG_OK;
}

void recommend_apply_step(struct recommend_result *r, const struct step_suggestion *s)
{
    r->step = *s;
    if (s->direction == STEP_NONE)
        return;
    for (size_t i = 0; i < r->n; i++) {
        struct recommendation *rec = &r->items[i];
        if (reasons_step(&rec->reasons, s->direction == STEP_UP, s->to_level, rec->intensity))
            rec->step = s->direction;
    }
}

void recommend_result_free(struct recommend_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        struct recommendation *rec = &r->items[i];
        free(rec->name);
        free(rec->category);
        free(rec->organization);
        free(rec->town);
        free(rec->tzid);
        match_reasons_free(&rec->reasons);
    }
    free(r->items);
    recommend_diagnosis_free(&r->diagnosis);
    memset(r, 0, sizeof *r);
}

int recommend_for_peer(struct store *s, const struct recommend_data *d, const char *cps,
                       int64_t peer_id, const struct recommend_options *opt,
                       struct recommend_result *out)
{
    memset(out, 0, sizeof *out);
    struct peer p;
    int rc = peer_load(s, cps, peer_id, &p);
    if (rc != BELONG_OK)
        return rc;
    rc = recommend_run(s, d, &p, opt, out);
    peer_free(&p);
    return rc;
}

/* Fills out's blockers (every one the explained activity breaks, strongest first, each with
** its sentence), its exclusion (the strongest) and why (the sentences joined). */
static void explain_blockers(const struct run *r, struct recommend_explanation *out)
{
    const struct survivor *sv = &r->explain_item;
    struct buf all = {0};
    for (int i = 0; i < MATCH_BLOCKER_ORDER_N; i++) {
        enum match_exclusion e = match_blocker_order[i];
        if (!(r->explain_blockers & (1u << e)))
            continue;
        struct buf why = {0};
        if (e == MATCH_EX_NO_TIME && sv->ask)
            reasons_no_dates_listed(&why, sv->open_days, r->explain_ask_eligible);
        else
            explain_exclusion(r, e, &sv->c, &why);
        if (all.len)
            buf_putc(&all, ' ');
        buf_puts(&all, buf_str(&why));
        out->blockers[out->n_blockers].blocker = e;
        out->blockers[out->n_blockers++].why = buf_detach(&why);
    }
    out->exclusion = match_blocker_strongest(r->explain_blockers);
    out->why = buf_detach(&all);
}

int recommend_explain(struct store *s, const struct recommend_data *d, const struct peer *p,
                      int64_t activity_id, const struct recommend_options *opt,
                      struct recommend_explanation *out)
{
    memset(out, 0, sizeof *out);
    int rc = check_options(opt);
    if (rc != BELONG_OK)
        return rc;
    struct run r;
    rc = run_init(&r, s, d, p, opt);
    r.explain_id = activity_id;
    r.check_all = true;        /* its rank among all is exact */
    r.ask_about_times = false; /* the explained one is judged alone; the list is of dated ones */
    if (rc == BELONG_OK)
        rc = run_all(&r);
    if (rc == BELONG_OK && !r.explain_seen)
        rc = BELONG_ENOINPUT;
    if (rc != BELONG_OK) {
        run_free(&r);
        return rc;
    }
    const struct survivor *sv = &r.explain_item;
    out->id = activity_id;
    out->name = xstrdup(sv->c.name);
    out->tzid = xstrdup(sv->tzid);
    out->exclusion = r.explain_exclusion;
    out->n_eligible = r.n + (out->exclusion == MATCH_FITS);
    out->has_distance = sv->c.has_distance;
    out->distance_miles = sv->c.distance_miles;
    memcpy(out->next, sv->next, sizeof out->next);
    out->n_next = sv->n_next;
    out->times_not_listed = sv->ask;
    out->ask_eligible = r.explain_ask_eligible;
    out->open_days = sv->open_days;
    if (out->exclusion != MATCH_FITS) {
        explain_blockers(&r, out);
        run_free(&r);
        return BELONG_OK;
    }
    out->score = sv->f.score;
    out->factors = sv->f.f;
    match_reasons(&r.ctx, &sv->c, &sv->f, &out->reasons);
    /* Its place among the others: as if it were in the list (same order rule). */
    size_t rank = 1;
    for (size_t i = 0; i < r.n; i++)
        if (cmp_survivor_score(&r.items[i], sv) < 0)
            rank++;
    out->rank = rank;
    /* Whether it would be shown: put it in the list and order it as recommend does. */
    r.items = xrealloc(r.items, (r.n + 1) * sizeof *r.items);
    r.items[r.n++] = r.explain_item;
    r.explain_item.text = NULL;
    qsort(r.items, r.n, sizeof *r.items, cmp_survivor_score);
    size_t limit = opt->limit > 0 ? (size_t)opt->limit : RECOMMEND_LIMIT_DEFAULT;
    size_t *order = xcalloc(limit, sizeof *order);
    size_t n = run_order(&r, limit, order);
    for (size_t k = 0; k < n; k++)
        if (r.items[order[k]].c.id == activity_id)
            out->shown_at = k + 1;
    free(order);
    run_free(&r);
    return BELONG_OK;
}

void recommend_explanation_free(struct recommend_explanation *e)
{
    free(e->name);
    free(e->tzid);
    free(e->why);
    for (size_t i = 0; i < e->n_blockers; i++)
        free(e->blockers[i].why);
    match_reasons_free(&e->reasons);
    memset(e, 0, sizeof *e);
}
