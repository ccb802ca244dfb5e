/* engagement.h — plans and visits, the record of the practice after a suggestion: a plan is a
** next step (an activity on a day, how the CPS supports it, its status), a visit is what
** happened (went or not, comfort before and after, conversations, the peer's own words).
** The names of supports and statuses as the CLI, JSON and the store write them live here.
*/
#ifndef BELONG_ENGAGEMENT_H
#define BELONG_ENGAGEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* How the CPS supports a plan. */
enum plan_support {
    PLAN_SUPPORT_ALONG,    /* the CPS goes along */
    PLAN_SUPPORT_MEET,     /* the CPS meets the peer there */
    PLAN_SUPPORT_ALONE,    /* the peer goes alone */
    PLAN_SUPPORT_REHEARSE, /* they rehearse first */
};
#define PLAN_SUPPORT_COUNT 4

enum plan_status {
    PLAN_PLANNED,
    PLAN_DONE,
    PLAN_SKIPPED,
    PLAN_CANCELLED, /* cancelled or declined, with a reason */
};
#define PLAN_STATUS_COUNT 4

/* The word of a support ("along") or a status ("planned"); its words for people ("the CPS goes
** along"). Never NULL for a valid value. */
const char *plan_support_name(enum plan_support s);
const char *plan_support_words(enum plan_support s);
const char *plan_status_name(enum plan_status s);
/* Parses a name as plan_*_name writes it. Returns false for anything else. */
bool plan_support_parse(const char *text, enum plan_support *out);
bool plan_status_parse(const char *text, enum plan_status *out);

#define COMFORT_SCALE_MIN 1 /* comfort before and after a visit: 1 (very uneasy) .. 5 (at ease) */
#define COMFORT_SCALE_MAX 5

/* One plan. Strings are owned (plan_free). */
struct plan {
    int64_t id, peer_id, activity_id;
    char date[11];    /* YYYY-MM-DD, local */
    bool has_start;   /* the occurrence's start is known (the listing gives times) */
    time_t starts_at; /* with has_start */
    enum plan_support support;
    enum plan_status status;
    char *reason; /* why skipped or cancelled, or NULL */
    char *note;   /* or NULL */
    time_t created_at, updated_at;
    /* of the activity, when read (NULL / 0 when unknown) */
    char *activity_name;
    int intensity;
};
void plan_free(struct plan *p);
void plans_free(struct plan *p, size_t n);

/* One visit. Strings are owned (visit_free); the free text is in the peer's own words. */
struct visit {
    int64_t id, peer_id, activity_id;
    int64_t plan_id; /* 0: not from a plan */
    char date[11];   /* YYYY-MM-DD */
    bool went;
    int comfort_before, comfort_after;  /* 1-5; 0 = not said */
    int conversations;                  /* -1 = not said */
    char *with_whom, *felt, *next_step; /* or NULL */
    time_t created_at;
    /* of the activity, when read (NULL / 0 when unknown) */
    char *activity_name, *category, *organization;
    int intensity;
};
void visit_free(struct visit *v);
void visits_free(struct visit *v, size_t n);

/* ---- the history of a peer's choices ---- */
enum choice_event_kind { CHOICE_EVENT_CHOSEN, CHOICE_EVENT_DECLINED, CHOICE_EVENT_WITHDRAWN };
/* One entry of a peer's history of choices on suggestions: chosen, declined, or withdrawn
** (recommend --choose, --decline, --unchoose). Strings heap-owned (freed by whoever read it). */
struct choice_event {
    int64_t activity_id;
    enum choice_event_kind kind;
    char *note; /* or NULL */
    time_t at;
    char *forced; /* the limits a forced choice broke ("too-far,cost"), or NULL */
    char *name;   /* the activity's name, or NULL */
};

#endif
