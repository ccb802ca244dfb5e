/* measures_json.h — instruments and scored results as JSON (jansson), the shapes documented in
** docs/cli.md, shared by `belong measure` and later the operations layer and the web API.
*/
#ifndef BELONG_MEASURES_JSON_H
#define BELONG_MEASURES_JSON_H

#include <jansson.h>
#include <stdint.h>

#include "measures.h"

/* {"id", "title", "source", "items": n} — one line of the list of instruments. The caller
** owns the object (json_decref). NULL only when jansson cannot allocate. */
json_t *measure_instrument_summary_json(const struct measure_instrument *in);

/* The whole instrument: id, title, source, intro, missing_allowed, items (number, name, lead,
** text, answers: [{answer, code, label, score}]) and scales (name, title, items, min, max,
** missing_allowed, bands: [{min, max, band, meaning}]). The caller owns it. */
json_t *measure_instrument_json(const struct measure_instrument *in);

/* {"instrument", "answers": [key or null...], "score" (null when missing or never summed),
** "band" ({"band", "meaning"} or null), "subscales": {name: {"score", "band", "meaning",
** "missing"}}} for every scale but the total (each band an object or null). The caller owns it. */
json_t *measure_result_json(const struct measure_result *r);

/* measure_result_json with the administration's "id" and "date" (YYYY-MM-DD). The caller owns
** it. */
json_t *measure_administration_json(int64_t id, const char *date, const struct measure_result *r);

#endif
