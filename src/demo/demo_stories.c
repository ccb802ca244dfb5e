/* demo_stories.c — the demo peers' records (see demo_stories.h): the stories file checked
** against a table of fields per kind of entry, then replayed peer by peer through the app
** operations, each step placed on a real meeting of one of the peer's suggestions.
*/
#include "demo_stories.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/app_connections.h"
#include "../app/app_directory.h"
#include "../app/app_matching.h"
#include "../app/app_measures.h"
#include "../app/app_peers.h"
#include "../app/app_plans.h"
#include "../measures/measures.h"
#include "../util/buf.h"
#include "../util/datadir.h"
#include "../util/text.h"

#define STORY_PAST_DAYS   140 /* a story goes back this far at most (demo schedules start then) */
#define STORY_AHEAD_DAYS  60  /* a next step is at most this far ahead */
#define STORY_SEEK_DAYS   21  /* a step takes the first meeting within this many days of its day */
#define STORY_WINDOW_DAYS 60  /* the suggestions are those meeting in this many days from today */
#define STORY_LEAD_DAYS   6   /* a past plan is made this many days before the day it names */
#define STORY_SUGGESTIONS 12  /* the peer's suggestions a step may name (1-based) */
#define STORY_VISITS_MAX  40  /* visits of one story */

/* ---- checking the file ------------------------------------------------------------------ */

enum field_type { F_INT, F_STRING, F_BOOL, F_ARRAY };

/* What is wrong with a string field's value (static text), or NULL: the same rules the
** operations apply, checked before anything is written. */
typedef const char *(*value_check_fn)(const char *text);

static const char *check_went(const char *text)
{
    bool went;
    return parse_yes_no(text, &went) ? NULL : "expected yes or no";
}

static const char *check_support(const char *text)
{
    enum plan_support s;
    return plan_support_parse(text, &s) ? NULL : "expected along, meet, alone or rehearse";
}

static const char *check_instrument(const char *text)
{
    return measure_find(text) ? NULL : "not an instrument (belong measure items lists them)";
}

static const char *check_relationship(const char *text)
{
    return connection_relationship_find(text) ? NULL : "not a relationship";
}

/* One field an entry may have: ints are checked against min..max, strings by check (NULL:
** any); arrays hold entries of the kind `items` (NULL: none). */
struct field {
    const char *name;
    enum field_type type;
    bool required;
    int min, max;
    const struct field *items;
    value_check_fn check;
};

static const struct field change_fields[] = {
    {"day", F_INT, true, -STORY_PAST_DAYS, 0, NULL, NULL},
    {"closeness", F_INT, false, 1, 5, NULL, NULL},
    {"relationship", F_STRING, false, 0, 0, NULL, check_relationship},
    {NULL, F_INT, false, 0, 0, NULL, NULL}};
static const struct field visit_fields[] = {
    {"day", F_INT, true, -STORY_PAST_DAYS, -1, NULL, NULL},
    {"suggestion", F_INT, true, 1, STORY_SUGGESTIONS, NULL, NULL},
    {"at_level", F_BOOL, false, 0, 0, NULL, NULL},
    {"support", F_STRING, false, 0, 0, NULL, check_support},
    {"went", F_STRING, true, 0, 0, NULL, check_went},
    {"before", F_INT, false, 1, 5, NULL, NULL},
    {"after", F_INT, false, 1, 5, NULL, NULL},
    {"conversations", F_INT, false, 0, 50, NULL, NULL},
    {"with", F_STRING, false, 0, 0, NULL, NULL},
    {"felt", F_STRING, false, 0, 0, NULL, NULL},
    {"next", F_STRING, false, 0, 0, NULL, NULL},
    {NULL, F_INT, false, 0, 0, NULL, NULL}};
static const struct field plan_fields[] = {
    {"day", F_INT, true, 0, STORY_AHEAD_DAYS, NULL, NULL},
    {"suggestion", F_INT, true, 1, STORY_SUGGESTIONS, NULL, NULL},
    {"at_level", F_BOOL, false, 0, 0, NULL, NULL},
    {"support", F_STRING, false, 0, 0, NULL, check_support},
    {"note", F_STRING, false, 0, 0, NULL, NULL},
    {NULL, F_INT, false, 0, 0, NULL, NULL}};
static const struct field measure_fields[] = {
    {"day", F_INT, true, -STORY_PAST_DAYS, 0, NULL, NULL},
    {"instrument", F_STRING, true, 0, 0, NULL, check_instrument},
    {"answers", F_STRING, true, 0, 0, NULL, NULL},
    {NULL, F_INT, false, 0, 0, NULL, NULL}};
static const struct field connection_fields[] = {
    {"name", F_STRING, true, 0, 0, NULL, connection_name_problem},
    {"relationship", F_STRING, true, 0, 0, NULL, check_relationship},
    {"closeness", F_INT, true, 1, 5, NULL, NULL},
    {"met_at_visit", F_INT, true, 1, STORY_VISITS_MAX, NULL, NULL},
    {"changes", F_ARRAY, false, 0, 0, change_fields, NULL},
    {"ended", F_INT, false, -STORY_PAST_DAYS, 0, NULL, NULL},
    {NULL, F_INT, false, 0, 0, NULL, NULL}};
static const struct field story_fields[] = {
    {"cps", F_STRING, true, 0, 0, NULL, NULL},
    {"peer", F_STRING, true, 0, 0, NULL, NULL},
    {"measures", F_ARRAY, false, 0, 0, measure_fields, NULL},
    {"visits", F_ARRAY, false, 0, 0, visit_fields, NULL},
    {"connections", F_ARRAY, false, 0, 0, connection_fields, NULL},
    {"plans", F_ARRAY, false, 0, 0, plan_fields, NULL},
    {NULL, F_INT, false, 0, 0, NULL, NULL}};

static const char *const type_words[] = {"a whole number", "a string", "true or false", "an array"};

static bool type_is(const json_t *v, enum field_type t)
{
    switch (t) {
    case F_INT:
        return json_is_integer(v);
    case F_STRING:
        return json_is_string(v);
    case F_BOOL:
        return json_is_boolean(v);
    default:
        return json_is_array(v);
    }
}

/* Checks entry obj (named path, e.g. "stories[2].visits[0]") against fields, problems to diag. */
static void check_entry(const json_t *obj, const char *path, const struct field *fields,
                        const char *file, struct diag *diag)
{
    char name[300];
    if (!json_is_object(obj)) {
        diag_add(diag, file, 0, path, "expected an object");
        return;
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        const struct field *f = fields;
        while (f->name && strcmp(f->name, key) != 0)
            f++;
        snprintf(name, sizeof name, "%.200s.%.60s", path, key);
        if (!f->name) {
            diag_add(diag, file, 0, name, "not a field of this entry");
        } else if (!type_is(v, f->type)) {
            diag_add(diag, file, 0, name, "expected %s", type_words[f->type]);
        } else if (f->type == F_INT &&
                   (json_integer_value(v) < f->min || json_integer_value(v) > f->max)) {
            diag_add(diag, file, 0, name, "%lld is not %d to %d", (long long)json_integer_value(v),
                     f->min, f->max);
        } else if (f->type == F_STRING && f->check && f->check(json_string_value(v))) {
            diag_add(diag, file, 0, name, "'%s': %s", json_string_value(v),
                     f->check(json_string_value(v)));
        } else if (f->type == F_ARRAY && f->items) {
            size_t i;
            json_t *item;
            json_array_foreach(v, i, item)
            {
                char item_path[300];
                snprintf(item_path, sizeof item_path, "%.256s[%zu]", name, i);
                check_entry(item, item_path, f->items, file, diag);
            }
        }
    }
    for (const struct field *f = fields; f->name; f++)
        if (f->required && !json_object_get(obj, f->name)) {
            snprintf(name, sizeof name, "%.200s.%.60s", path, f->name);
            diag_add(diag, file, 0, name, "missing");
        }
}

/* ---- replaying a story ------------------------------------------------------------------ */

static int get_int(const json_t *obj, const char *key, int fallback)
{
    json_t *v = json_object_get(obj, key);
    return v ? (int)json_integer_value(v) : fallback;
}

static const char *get_str(const json_t *obj, const char *key)
{
    return json_string_value(json_object_get(obj, key));
}

/* A story being replayed: the activities its steps name are the peer's suggestions, then (when
** few fit) the listings that nearly fit, as `recommend` lists them. */
struct story {
    struct app *app;
    int64_t peer_id;
    int comfort;
    struct recommend_result res;
    size_t n;          /* candidates: res's items, then its nearly fitting listings */
    int64_t *id;       /* of each candidate */
    const char **tzid; /* of each (borrowed from res; NULL: app->tz) */
    int *intensity;    /* of each, 0 until read */
    long today;        /* days from 1970-01-01 in app->tz */
    int64_t visit_activity[STORY_VISITS_MAX];
    char visit_date[STORY_VISITS_MAX][11];
    size_t n_visits;
};

static void put_day(long day, char out[11])
{
    struct civil_date d = civil_from_days(day);
    snprintf(out, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static long day_of(const char *date)
{
    struct civil_date d;
    parse_date(date, &d);
    return days_from_civil(&d);
}

/* The activity and day of a step named by its suggestion number (1-based; with at_level, only
** suggestions at or above the peer's comfort level count): the first meeting in [from, to)
** (local days) of that suggestion, else of the next ones in turn. OUT: *activity, date,
** *starts. BELONG_ENOINPUT with err when none of them meets then. */
static int story_pick(struct story *st, int suggestion, bool at_level, long from, long to,
                      int64_t *activity, char date[11], time_t *starts, struct app_error *err)
{
    struct app *app = st->app;
    size_t n = st->n;
    for (size_t k = 0, seen = 0; k < n * 2; k++) {
        size_t i = k % n;
        if (at_level && !st->intensity[i]) {
            struct activity a;
            int rc = app_activity_get(app, st->id[i], &a, err);
            if (rc != BELONG_OK)
                return rc;
            st->intensity[i] = a.intensity > 0 ? a.intensity : -1;
            activity_free(&a);
        }
        if (at_level && st->intensity[i] < st->comfort)
            continue;
        if (k < n && ++seen < (size_t)suggestion)
            continue;
        const char *tz = st->tzid[i] ? st->tzid[i] : app->tz;
        struct civil_date a = civil_from_days(from), b = civil_from_days(to);
        struct occurrence *occ = NULL;
        size_t n_occ = 0;
        int rc = app_activity_occurrences(app, st->id[i], local_to_instant(&a, 0, 0, tz),
                                          local_to_instant(&b, 0, 0, tz), &occ, &n_occ, err);
        if (rc == BELONG_OK && n_occ) {
            struct civil_date d;
            instant_to_local(occ[0].start, tz, &d, NULL, NULL, NULL);
            snprintf(date, 11, "%04d-%02d-%02d", d.year, d.month, d.day);
            *activity = st->id[i];
            *starts = occ[0].start;
        }
        free(occ);
        if (rc != BELONG_OK || n_occ)
            return rc;
    }
    return app_fail(err, BELONG_ENOINPUT, "stories",
                    "none of the peer's suggestions meets from day %ld to %ld", from - st->today,
                    to - st->today);
}

/* A past step: its plan, made STORY_LEAD_DAYS before with the clock set then, and its visit. */
static int story_visit(struct story *st, const json_t *v, struct demo_story_stats *stats,
                       struct app_error *err)
{
    struct app *app = st->app;
    long from = st->today + get_int(v, "day", 0), to = from + STORY_SEEK_DAYS;
    if (to > st->today) /* a visit told about: before today */
        to = st->today;
    int64_t activity = 0;
    char date[11];
    time_t starts = 0;
    int rc =
        story_pick(st, get_int(v, "suggestion", 1), json_is_true(json_object_get(v, "at_level")),
                   from, to, &activity, date, &starts, err);
    if (rc != BELONG_OK)
        return rc;
    struct app_plan_request prq = {st->peer_id, activity, date, get_str(v, "support"), NULL};
    struct plan plan;
    time_t real_now = app->now;
    app->now = starts - STORY_LEAD_DAYS * SECONDS_PER_DAY;
    rc = app_plan_add(app, &prq, &plan, err);
    app->now = real_now;
    if (rc != BELONG_OK)
        return rc;
    stats->plans++;
    struct app_visit_request vrq = {.peer_id = st->peer_id,
                                    .plan_id = plan.id,
                                    .went = get_str(v, "went"),
                                    .comfort_before = get_int(v, "before", 0),
                                    .comfort_after = get_int(v, "after", 0),
                                    .conversations = get_int(v, "conversations", -1),
                                    .with_whom = get_str(v, "with"),
                                    .felt = get_str(v, "felt"),
                                    .next_step = get_str(v, "next")};
    plan_free(&plan);
    struct visit visit;
    rc = app_visit_add(app, &vrq, &visit, err);
    if (rc != BELONG_OK)
        return rc;
    visit_free(&visit);
    stats->visits++;
    if (st->n_visits < STORY_VISITS_MAX) {
        st->visit_activity[st->n_visits] = activity;
        memcpy(st->visit_date[st->n_visits++], date, 11);
    }
    return BELONG_OK;
}

/* A next step, planned today. */
static int story_plan(struct story *st, const json_t *v, struct demo_story_stats *stats,
                      struct app_error *err)
{
    long from = st->today + get_int(v, "day", 0);
    int64_t activity = 0;
    char date[11];
    time_t starts;
    int rc =
        story_pick(st, get_int(v, "suggestion", 1), json_is_true(json_object_get(v, "at_level")),
                   from, from + STORY_SEEK_DAYS, &activity, date, &starts, err);
    struct app_plan_request rq = {st->peer_id, activity, date, get_str(v, "support"),
                                  get_str(v, "note")};
    struct plan plan;
    if (rc == BELONG_OK && (rc = app_plan_add(st->app, &rq, &plan, err)) == BELONG_OK) {
        plan_free(&plan);
        stats->plans++;
    }
    return rc;
}

static int story_measure(struct story *st, const json_t *v, struct diag *diag,
                         struct demo_story_stats *stats, struct app_error *err)
{
    char date[11];
    put_day(st->today + get_int(v, "day", 0), date);
    struct app_measure m;
    int rc = app_measure_add(st->app, st->peer_id, get_str(v, "instrument"), get_str(v, "answers"),
                             date, &m, diag, err);
    stats->measures += rc == BELONG_OK;
    return rc;
}

/* A person met at a visit of the story, the changes since (never dated before the last one:
** the day met is the visit's, which may fall after the day the file names) and lost touch. */
static int story_connection(struct story *st, const json_t *v, struct demo_story_stats *stats,
                            struct app_error *err)
{
    int at = get_int(v, "met_at_visit", 1);
    if ((size_t)at > st->n_visits)
        return app_fail(err, BELONG_EDATA, "met_at_visit", "met_at_visit: the story has %zu visits",
                        st->n_visits);
    char closeness[8], last[11];
    snprintf(closeness, sizeof closeness, "%d", get_int(v, "closeness", 1));
    memcpy(last, st->visit_date[at - 1], sizeof last);
    struct app_connection_request rq = {.name = get_str(v, "name"),
                                        .relationship = get_str(v, "relationship"),
                                        .closeness = closeness,
                                        .met_activity_id = st->visit_activity[at - 1],
                                        .date = last};
    struct connection c;
    int rc = app_connection_add(st->app, st->peer_id, &rq, &c, err);
    if (rc != BELONG_OK)
        return rc;
    int64_t id = c.id;
    connection_free(&c);
    stats->connections++;
    size_t i;
    json_t *ch;
    json_array_foreach(json_object_get(v, "changes"), i, ch)
    {
        char date[11];
        long day = st->today + get_int(ch, "day", 0);
        put_day(day > day_of(last) ? day : day_of(last), date);
        json_t *cl = json_object_get(ch, "closeness");
        snprintf(closeness, sizeof closeness, "%d", (int)json_integer_value(cl));
        struct app_connection_request e = {.relationship = get_str(ch, "relationship"),
                                           .closeness = cl ? closeness : NULL,
                                           .date = date,
                                           .last_contact = date};
        if ((rc = app_connection_edit(st->app, id, &e, &c, err)) != BELONG_OK)
            return rc;
        connection_free(&c);
        memcpy(last, date, sizeof last);
    }
    json_t *ended = json_object_get(v, "ended");
    if (ended) {
        char date[11];
        long day = st->today + (long)json_integer_value(ended);
        put_day(day > day_of(last) ? day : day_of(last), date);
        if ((rc = app_connection_end(st->app, id, date, &c, err)) != BELONG_OK)
            return rc;
        connection_free(&c);
    }
    return BELONG_OK;
}

/* The id of the current peer named name in app->cps's caseload. OUT: *id, *comfort. */
static int find_peer(struct app *app, const char *name, int64_t *id, int *comfort,
                     struct app_error *err)
{
    struct peer *peers = NULL;
    size_t n = 0;
    int rc = app_peer_list(app, false, &peers, &n, err);
    *id = 0;
    for (size_t i = 0; rc == BELONG_OK && i < n && !*id; i++)
        if (peers[i].name && strcmp(peers[i].name, name) == 0) {
            *id = peers[i].id;
            *comfort = peers[i].comfort;
        }
    app_peers_free(peers, n);
    if (rc == BELONG_OK && !*id)
        rc = app_fail(err, BELONG_EDATA, "peer", "no demo peer %s in caseload %s", name, app->cps);
    return rc;
}

/* Whether the peer has any record already. */
static int has_records(struct app *app, int64_t id, bool *any, struct app_error *err)
{
    struct plan *plans = NULL;
    struct visit *visits = NULL;
    struct app_measure *measures = NULL;
    struct connection *conns = NULL;
    size_t n_plans = 0, n_visits = 0, n_measures = 0, n_conns = 0;
    char as_of[11];
    int rc = app_plan_list(app, id, NULL, &plans, &n_plans, err);
    if (rc == BELONG_OK)
        rc = app_visit_list(app, id, &visits, &n_visits, err);
    if (rc == BELONG_OK)
        rc = app_measure_list(app, id, NULL, &measures, &n_measures, err);
    if (rc == BELONG_OK)
        rc = app_connection_list(app, id, NULL, &conns, &n_conns, as_of, err);
    *any = n_plans || n_visits || n_measures || n_conns;
    plans_free(plans, n_plans);
    visits_free(visits, n_visits);
    free(measures);
    connections_free(conns, n_conns);
    return rc;
}

/* Replays one story (checked) for its peer. */
static int story_run(struct app *app, const json_t *obj, struct diag *diag,
                     struct demo_story_stats *stats, struct app_error *err)
{
    struct story st = {.app = app};
    app->cps = get_str(obj, "cps");
    bool any = false;
    int rc = find_peer(app, get_str(obj, "peer"), &st.peer_id, &st.comfort, err);
    if (rc == BELONG_OK)
        rc = has_records(app, st.peer_id, &any, err);
    if (rc != BELONG_OK || any) {
        stats->kept += rc == BELONG_OK;
        return rc;
    }
    struct civil_date today = app_today(app);
    st.today = days_from_civil(&today);
    struct recommend_options opt = {.days = STORY_WINDOW_DAYS, .limit = STORY_SUGGESTIONS};
    struct peer p;
    peer_init(&p);
    rc = app_recommend(app, st.peer_id, &opt, &p, &st.res, diag, err);
    peer_free(&p);
    const struct recommend_diagnosis *near = &st.res.diagnosis;
    size_t n_near = st.res.has_diagnosis ? near->n_nearly : 0;
    st.id = xcalloc(st.res.n + n_near + 1, sizeof *st.id);
    st.tzid = xcalloc(st.res.n + n_near + 1, sizeof *st.tzid);
    st.intensity = xcalloc(st.res.n + n_near + 1, sizeof *st.intensity);
    for (size_t k = 0; k < st.res.n; k++, st.n++) {
        st.id[st.n] = st.res.items[k].id;
        st.tzid[st.n] = st.res.items[k].tzid;
    }
    for (size_t k = 0; k < n_near; k++, st.n++) {
        st.id[st.n] = near->nearly[k].id;
        st.tzid[st.n] = near->nearly[k].tzid;
    }
    if (rc == BELONG_OK && st.n == 0)
        rc = app_fail(err, BELONG_EDATA, "peer", "no suggestions for this demo peer");
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(obj, "measures"), i, v) if (rc == BELONG_OK) rc =
        story_measure(&st, v, diag, stats, err);
    json_array_foreach(json_object_get(obj, "visits"), i, v) if (rc == BELONG_OK) rc =
        story_visit(&st, v, stats, err);
    json_array_foreach(json_object_get(obj, "connections"), i, v) if (rc == BELONG_OK) rc =
        story_connection(&st, v, stats, err);
    json_array_foreach(json_object_get(obj, "plans"), i, v) if (rc == BELONG_OK) rc =
        story_plan(&st, v, stats, err);
    stats->peers += rc == BELONG_OK;
    if (rc != BELONG_OK && err->message[0]) { /* say whose story */
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        snprintf(err->message, sizeof err->message, "%s's story: %.400s", get_str(obj, "peer"),
                 why);
    }
    free(st.intensity);
    free(st.id);
    free(st.tzid);
    recommend_result_free(&st.res);
    return rc;
}

/* What the field table cannot see in story number i: answers that the
** instrument's scoring refuses, a peer not in the caseload. Problems go to diag. Returns 0, or a
** store error with err. */
static int check_story(struct app *app, const json_t *obj, size_t i, const char *file,
                       struct diag *diag, struct app_error *err)
{
    char where[4400];
    size_t k;
    json_t *m;
    json_array_foreach(json_object_get(obj, "measures"), k, m)
    {
        const char *instrument = get_str(m, "instrument"), *answers = get_str(m, "answers");
        const struct measure_instrument *in = instrument ? measure_find(instrument) : NULL;
        int codes[MEASURE_ITEMS_MAX];
        struct measure_result r;
        snprintf(where, sizeof where, "%s: stories[%zu].measures[%zu].answers", file, i, k);
        if (in && answers && measure_parse_answers(in, answers, codes, diag, where) == BELONG_OK)
            measure_score(in, codes, in->n_items, &r, diag, where);
    }
    int64_t id;
    int comfort;
    app->cps = get_str(obj, "cps");
    const char *name = get_str(obj, "peer");
    if (!app->cps || !name)
        return BELONG_OK; /* the field table said so */
    int rc = find_peer(app, name, &id, &comfort, err);
    if (rc == BELONG_EDATA) {
        snprintf(where, sizeof where, "stories[%zu].peer", i);
        diag_add(diag, file, 0, where, "%s", err->message);
        rc = BELONG_OK;
    }
    return rc;
}

int demo_stories_add(struct app *app, const char *path, struct diag *diag,
                     struct demo_story_stats *stats, struct app_error *err)
{
    memset(stats, 0, sizeof *stats);
    memset(err, 0, sizeof *err);
    char buf[4096];
    const char *file = path ? path : data_file_path(DEMO_STORIES_FILE, buf, sizeof buf);
    json_error_t jerr;
    json_t *root = json_load_file(file, 0, &jerr);
    if (!root) {
        diag_add(diag, file, jerr.line > 0 ? jerr.line : 0, NULL, "%s", jerr.text);
        return err->status = BELONG_EDATA;
    }
    json_t *stories = json_object_get(root, "stories");
    size_t problems = diag->count, i;
    json_t *obj;
    if (!json_is_array(stories))
        diag_add(diag, file, 0, "stories", "expected an array");
    json_array_foreach(stories, i, obj)
    {
        char name[64];
        snprintf(name, sizeof name, "stories[%zu]", i);
        check_entry(obj, name, story_fields, file, diag);
    }
    const char *cps = app->cps;
    int rc = BELONG_OK;
    json_array_foreach(stories, i, obj) if (rc == BELONG_OK) rc =
        check_story(app, obj, i, file, diag, err);
    if (rc == BELONG_OK && diag->count > problems) {
        rc = err->status = BELONG_EDATA;
        err->message[0] = '\0'; /* the problems are in diag */
    }
    /* Every story in one transaction: a refusal half-way leaves nothing written. */
    if (rc == BELONG_OK)
        rc = app_batch_begin(app, err);
    if (rc == BELONG_OK) {
        json_array_foreach(stories, i, obj) if (rc == BELONG_OK) rc =
            story_run(app, obj, diag, stats, err);
        rc = app_batch_end(app, rc, err);
        if (rc != BELONG_OK)
            *stats = (struct demo_story_stats){0};
    }
    app->cps = cps;
    json_decref(root);
    return rc;
}
