/* engagement_json.c — plans and visits as JSON (engagement_json.h). */
#include "engagement_json.h"

#include "../util/timeutil.h"

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *int_or_null(bool known, int v)
{
    return known ? json_integer(v) : json_null();
}

json_t *plan_json(const struct plan *p)
{
    char start[ISO_LOCAL_LEN];
    if (p->has_start)
        format_local_iso(p->starts_at, NULL, start);
    return json_pack("{s:I, s:I, s:I, s:o, s:o, s:s, s:o, s:s, s:s, s:o, s:o}", "id",
                     (json_int_t)p->id, "peer_id", (json_int_t)p->peer_id, "activity_id",
                     (json_int_t)p->activity_id, "activity", string_or_null(p->activity_name),
                     "intensity", p->intensity ? json_integer(p->intensity) : json_null(), "date",
                     p->date, "start", p->has_start ? json_string(start) : json_null(), "support",
                     plan_support_name(p->support), "status", plan_status_name(p->status), "reason",
                     string_or_null(p->reason), "note", string_or_null(p->note));
}

json_t *visit_json(const struct visit *v)
{
    return json_pack("{s:I, s:I, s:o, s:I, s:o, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)v->id, "peer_id", (json_int_t)v->peer_id, "plan_id",
                     v->plan_id ? json_integer(v->plan_id) : json_null(), "activity_id",
                     (json_int_t)v->activity_id, "activity", string_or_null(v->activity_name),
                     "date", v->date, "went", v->went, "with", string_or_null(v->with_whom),
                     "comfort_before", int_or_null(v->comfort_before > 0, v->comfort_before),
                     "comfort_after", int_or_null(v->comfort_after > 0, v->comfort_after),
                     "conversations", int_or_null(v->conversations >= 0, v->conversations), "felt",
                     string_or_null(v->felt), "next", string_or_null(v->next_step));
}
