/* engagement_json.h — plans and visits (engagement.h) as JSON, the one shape `plan list --json`,
** `visit list --json` and the export of a peer's records write: a plan {"id", "peer_id",
** "activity_id", "activity", "intensity", "date", "start", "support", "status", "reason",
** "note"}; a visit {"id", "peer_id", "plan_id", "activity_id", "activity", "date", "went",
** "with", "comfort_before", "comfort_after", "conversations", "felt", "next"}.
*/
#ifndef BELONG_ENGAGEMENT_JSON_H
#define BELONG_ENGAGEMENT_JSON_H

#include <jansson.h>

#include "engagement.h"

/* p as JSON (its start in local time, as the directory gives it). The caller owns it
** (json_decref); NULL only when jansson cannot allocate. */
json_t *plan_json(const struct plan *p);
/* v as JSON, what was not said as null. The caller owns it; NULL only when out of memory. */
json_t *visit_json(const struct visit *v);

#endif
