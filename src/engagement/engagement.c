/* engagement.c — the names of plan supports and statuses, and freeing plans and visits
** (engagement.h). */
#include "engagement.h"

#include <stdlib.h>
#include <string.h>

static const char *const support_names[PLAN_SUPPORT_COUNT] = {"along", "meet", "alone", "rehearse"};
static const char *const support_words[PLAN_SUPPORT_COUNT] = {
    "the CPS goes along", "the CPS meets the peer there", "the peer goes alone",
    "rehearse it first"};
static const char *const status_names[PLAN_STATUS_COUNT] = {"planned", "done", "skipped",
                                                            "cancelled"};

const char *plan_support_name(enum plan_support s)
{
    return (unsigned)s < PLAN_SUPPORT_COUNT ? support_names[s] : "?";
}

const char *plan_support_words(enum plan_support s)
{
    return (unsigned)s < PLAN_SUPPORT_COUNT ? support_words[s] : "?";
}

const char *plan_status_name(enum plan_status s)
{
    return (unsigned)s < PLAN_STATUS_COUNT ? status_names[s] : "?";
}

bool plan_support_parse(const char *text, enum plan_support *out)
{
    for (int i = 0; text && i < PLAN_SUPPORT_COUNT; i++)
        if (strcmp(text, support_names[i]) == 0) {
            *out = (enum plan_support)i;
            return true;
        }
    return false;
}

bool plan_status_parse(const char *text, enum plan_status *out)
{
    for (int i = 0; text && i < PLAN_STATUS_COUNT; i++)
        if (strcmp(text, status_names[i]) == 0) {
            *out = (enum plan_status)i;
            return true;
        }
    return false;
}

void plan_free(struct plan *p)
{
    free(p->reason);
    free(p->note);
    free(p->activity_name);
    p->reason = p->note = p->activity_name = NULL;
}

void plans_free(struct plan *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        plan_free(&p[i]);
    free(p);
}

void visit_free(struct visit *v)
{
    free(v->with_whom);
    free(v->felt);
    free(v->next_step);
    free(v->activity_name);
    free(v->category);
    free(v->organization);
    v->with_whom = v->felt = v->next_step = NULL;
    v->activity_name = v->category = v->organization = NULL;
}

void visits_free(struct visit *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        visit_free(&v[i]);
    free(v);
}
