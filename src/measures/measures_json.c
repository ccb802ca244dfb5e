/* measures_json.c — instruments and scored results as JSON (see measures_json.h). */
#include "measures_json.h"

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *measure_instrument_summary_json(const struct measure_instrument *in)
{
    return json_pack("{s:s, s:s, s:s, s:I}", "id", in->id, "title", in->title, "source", in->source,
                     "items", (json_int_t)in->n_items);
}

static json_t *item_json(const struct measure_item *item, size_t i)
{
    json_t *answers = json_array();
    for (size_t k = 0; answers && k < item->answers->n; k++) {
        const struct measure_option *o = &item->answers->options[k];
        json_array_append_new(answers,
                              json_pack("{s:s, s:I, s:o, s:I}", "answer", o->key, "code",
                                        (json_int_t)o->code, "label", text_or_null(o->label),
                                        "score", (json_int_t)o->score));
    }
    return json_pack("{s:I, s:s, s:o, s:s, s:o}", "number", (json_int_t)(i + 1), "name", item->name,
                     "lead", text_or_null(item->lead), "text", item->text, "answers", answers);
}

static json_t *scale_json(const struct measure_instrument *in, const struct measure_scale *scale)
{
    int min, max;
    measure_scale_range(in, scale, &min, &max);
    json_t *items = json_array();
    for (size_t i = 0; items && i < in->n_items; i++)
        if (scale->items & (1u << i))
            json_array_append_new(items, json_integer((json_int_t)(i + 1)));
    json_t *bands = json_array();
    for (size_t b = 0; bands && b < scale->n_bands; b++)
        json_array_append_new(
            bands, json_pack("{s:I, s:I, s:s, s:s}", "min", (json_int_t)scale->bands[b].min, "max",
                             (json_int_t)scale->bands[b].max, "band", scale->bands[b].slug,
                             "meaning", scale->bands[b].words));
    return json_pack("{s:s, s:s, s:o, s:I, s:I, s:I, s:o}", "name", scale->name, "title",
                     scale->title, "items", items, "min", (json_int_t)min, "max", (json_int_t)max,
                     "missing_allowed", (json_int_t)scale->missing_allowed, "bands", bands);
}

json_t *measure_instrument_json(const struct measure_instrument *in)
{
    json_t *items = json_array(), *scales = json_array();
    for (size_t i = 0; items && i < in->n_items; i++)
        json_array_append_new(items, item_json(&in->items[i], i));
    for (size_t s = 0; scales && s < in->n_scales; s++)
        json_array_append_new(scales, scale_json(in, &in->scales[s]));
    const char *total = in->total_scale >= 0 ? in->scales[in->total_scale].name : NULL;
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o}", "id", in->id, "title", in->title,
                     "source", in->source, "intro", in->intro, "missing_allowed",
                     in->missing_allowed, "total", text_or_null(total), "items", items, "scales",
                     scales);
}

static json_t *score_or_null(const struct measure_scale_result *sr)
{
    return sr && !sr->missing ? json_integer(sr->score) : json_null();
}

static json_t *band_or_null(const struct measure_scale_result *sr)
{
    if (!sr || !sr->band)
        return json_null();
    return json_pack("{s:s, s:s}", "band", sr->band->slug, "meaning", sr->band->words);
}

json_t *measure_result_json(const struct measure_result *r)
{
    const struct measure_instrument *in = r->instrument;
    json_t *answers = json_array(), *subscales = json_object();
    for (size_t i = 0; answers && i < in->n_items; i++) {
        const struct measure_option *o = measure_option_of(&in->items[i], r->codes[i]);
        json_array_append_new(answers, o ? json_string(o->key) : json_null());
    }
    const struct measure_scale_result *total = measure_total(r);
    for (size_t s = 0; subscales && s < r->n_scales; s++) {
        const struct measure_scale_result *sr = &r->scales[s];
        if (sr == total)
            continue;
        json_object_set_new(subscales, sr->scale->name,
                            json_pack("{s:o, s:o, s:b}", "score", score_or_null(sr), "band",
                                      band_or_null(sr), "missing", sr->missing));
    }
    return json_pack("{s:s, s:o, s:o, s:o, s:b, s:o}", "instrument", in->id, "answers", answers,
                     "score", score_or_null(total), "band", band_or_null(total), "missing",
                     total ? total->missing : false, "subscales", subscales);
}

json_t *measure_administration_json(int64_t id, const char *date, const struct measure_result *r)
{
    json_t *o = measure_result_json(r);
    if (o) {
        json_object_set_new(o, "id", json_integer((json_int_t)id));
        json_object_set_new(o, "date", json_string(date));
    }
    return o;
}
