/* demo_stories.h — a few months of records for the demo peers (data/demo/stories.json): plans,
** visits with their reflections, measures and connections, written by `belong demo` through the
** operations a CPS uses (app_plans.h, app_measures.h, app_connections.h), never through SQL.
*/
#ifndef BELONG_DEMO_STORIES_H
#define BELONG_DEMO_STORIES_H

#include <stddef.h>

#include "../app/app.h"
#include "../util/diag.h"

#define DEMO_STORIES_FILE "demo/stories.json"

/* What demo_stories_add wrote. */
struct demo_story_stats {
    size_t peers;  /* peers given their story */
    size_t kept;   /* peers left alone: they already had records */
    size_t plans;  /* plans made (past ones, done or skipped, and next steps) */
    size_t visits; /* visits recorded */
    size_t measures, connections;
};

/* Gives each demo peer of the stories file (path NULL: the data file) its story, dated relative
** to app->now: each step on a real meeting of one of the peer's own suggestions (app_recommend)
** on or after its day, a past plan made as the CPS would have made it (with the context's clock
** set to a few days before), its visit, the measures and the people met. A peer who already has
** any plan, visit, measure or connection is left alone, so running the demo again adds nothing.
** The whole file is checked before anything is written: a malformed one is BELONG_EDATA with
** every problem in diag as `FILE: FIELD: what is wrong` (err's message empty). The stories are
** written in one transaction: an operation's refusal stops there with its status and err, and
** nothing of any story is left written (*stats all 0).
** app->cps is changed (set to each story's caseload) and app->now restored. OUT: *stats. */
int demo_stories_add(struct app *app, const char *path, struct diag *diag,
                     struct demo_story_stats *stats, struct app_error *err);

#endif
