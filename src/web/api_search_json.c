/* api_search_json.c — the search API's answer (GET /api/v1/activities, docs/openapi.json)
** written straight into the response (json_out.h): the same bytes as the tree of jansson values
** `belong search --json` builds for each result (cli_search_result_json) with the API's keys,
** without a value, a key or a hash table allocated per field.
*/
#include <math.h>

#include "../cli/format.h"
#include "../directory/activity.h"
#include "../directory/search.h"
#include "../matching/reasons.h"
#include "../util/timeutil.h"
#include "json_out.h"
#include "web_internal.h"

#define ANSWER_BYTES 256 /* the answer's own keys */
#define RESULT_BYTES 640 /* a result's, most of them (about 450 bytes) */

/* Dollars as cli_json_cost writes them: whole dollars as an integer, else a real in cents. */
static void cost(struct json_out *o, int cost_cents)
{
    if (cost_cents < 0)
        json_out_null(o);
    else if (cost_cents % 100 == 0)
        json_out_integer(o, cost_cents / 100);
    else
        json_out_decimal(o, cost_cents / 100.0, 2);
}

/* One result, as result_json in api.c: cli_search_result_json's keys, then the intensity in
** words and whether it meets online. */
static void result(struct json_out *o, const struct search_result *r, const char *text_category)
{
    json_out_object_begin(o);
    json_out_key(o, "id");
    json_out_integer(o, r->id);
    json_out_key(o, "name");
    json_out_string(o, r->name);
    json_out_key(o, "organization");
    json_out_string(o, r->organization);
    json_out_key(o, "category");
    json_out_string(o, r->category);
    json_out_key(o, "town");
    json_out_string(o, r->town);
    json_out_key(o, "distance_miles");
    if (r->has_distance)
        json_out_decimal(o, r->distance_miles, 2);
    else
        json_out_null(o);
    json_out_key(o, "next");
    json_out_array_begin(o);
    for (size_t i = 0; i < r->n_next; i++) {
        char iso[ISO_LOCAL_LEN];
        format_local_iso(r->next[i], cli_zone_of(r->tzid), iso);
        json_out_string(o, iso);
    }
    json_out_array_end(o);
    json_out_key(o, "cost");
    cost(o, r->cost_cents);
    json_out_key(o, "access");
    json_out_array_begin(o);
    for (int bit = 0; access_name(bit); bit++)
        if (r->access & (1u << bit))
            json_out_string(o, access_name(bit));
    json_out_array_end(o);
    json_out_key(o, "intensity");
    if (r->intensity > 0)
        json_out_integer(o, r->intensity);
    else
        json_out_null(o);
    json_out_key(o, "score");
    json_out_decimal(o, r->score, 6);
    json_out_key(o, "times_not_listed");
    json_out_bool(o, r->times_not_listed);
    json_out_key(o, "open_days");
    json_out_array_begin(o);
    for (int d = 0; d < 7; d++)
        if ((r->open_days >> d) & 1)
            json_out_string(o, weekday_code(d));
    json_out_array_end(o);
    json_out_key(o, "text_as_category");
    json_out_string(o, text_category);
    json_out_key(o, "intensity_words");
    json_out_string(o, r->intensity > 0 ? match_intensity_words(r->intensity) : NULL);
    json_out_key(o, "online");
    json_out_bool(o, r->is_virtual);
    json_out_object_end(o);
}

void api_search_json(struct buf *b, const struct search_result *items, size_t n, size_t total,
                     int offset, int limit, const char *text_category)
{
    struct json_out o;
    buf_reserve(b, ANSWER_BYTES + n * RESULT_BYTES); /* one allocation for most answers */
    json_out_init(&o, b);
    json_out_object_begin(&o);
    json_out_key(&o, "total");
    json_out_integer(&o, (long long)total);
    json_out_key(&o, "offset");
    json_out_integer(&o, offset);
    json_out_key(&o, "limit");
    json_out_integer(&o, limit);
    json_out_key(&o, "next_offset");
    size_t next = (size_t)offset + n;
    if (next < total)
        json_out_integer(&o, (long long)next);
    else
        json_out_null(&o);
    json_out_key(&o, "q_as_category");
    json_out_string(&o, text_category);
    json_out_key(&o, "items");
    json_out_array_begin(&o);
    for (size_t i = 0; i < n; i++)
        result(&o, &items[i], text_category);
    json_out_array_end(&o);
    json_out_object_end(&o);
    buf_putc(b, '\n');
}
