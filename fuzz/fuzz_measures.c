/* fuzz_measures.c — libFuzzer harness for the measures engine (src/measures/) and the XML
** escaper the charts use (src/util/xml.c). The first byte picks an instrument; the rest is the
** answers as a CPS types them. A refusal leaves a message; an accepted result has every scale
** in its range with its band, and the answers typed back from the result read the same. The
** same bytes escaped for XML carry no markup and no character XML cannot hold.
*/
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/measures/measures.h"
#include "../src/util/rc.h"
#include "../src/util/text.h"
#include "../src/util/xml.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *text)
{
    fprintf(stderr, "fuzz_measures: %s: \"%s\"\n", what, text);
    abort();
}

static void check_result(const struct measure_instrument *in, const struct measure_result *r,
                         const char *text)
{
    for (size_t s = 0; s < r->n_scales; s++) {
        const struct measure_scale_result *sr = &r->scales[s];
        int min, max;
        measure_scale_range(in, sr->scale, &min, &max);
        if (!sr->missing && (sr->score < min || sr->score > max))
            fail("a score off its scale", text);
        if (!sr->missing && sr->scale->n_bands && !sr->band)
            fail("a score without its band", text);
        if ((sr->missing || !sr->scale->n_bands) && sr->band)
            fail("a band where none belongs", text);
    }
    /* the answers typed back from their codes read the same */
    struct buf again = {0};
    for (size_t i = 0; i < in->n_items; i++) {
        const struct measure_option *o = measure_option_of(&in->items[i], r->codes[i]);
        if (!o && r->codes[i] != MEASURE_ANSWER_MISSING)
            fail("a code no answer has", text);
        buf_printf(&again, "%s%s", i ? "," : "", o ? o->key : "-");
    }
    int codes[MEASURE_ITEMS_MAX];
    struct diag diag = {0};
    if (measure_parse_answers(in, buf_str(&again), codes, &diag, "again") != BELONG_OK ||
        memcmp(codes, r->codes, in->n_items * sizeof codes[0]) != 0)
        fail("the answers typed back read otherwise", text);
    diag_free(&diag);
    buf_free(&again);
}

static void check_escaped(const char *text)
{
    struct buf b = {0};
    buf_put_xml(&b, text);
    const char *s = buf_str(&b);
    if (strpbrk(s, "<>\"'"))
        fail("markup left by the escaper", text);
    for (const char *p = strchr(s, '&'); p; p = strchr(p + 1, '&'))
        if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) &&
            strncmp(p, "&quot;", 6) && strncmp(p, "&#39;", 5))
            fail("a bare & left by the escaper", text);
    if (text_problem(s, (size_t)-1, true))
        fail("text XML cannot hold left by the escaper", text);
    buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const struct measure_instrument *in = measure_instruments[data[0] % measure_instrument_count];
    char *text = fuzz_strndup(data + 1, size - 1); /* cut at a NUL, as a C string would be */
    int codes[MEASURE_ITEMS_MAX];
    struct measure_result r;
    struct diag diag = {0};
    int rc = measure_parse_answers(in, text, codes, &diag, "fuzz");
    if (rc == BELONG_OK)
        rc = measure_score(in, codes, in->n_items, &r, &diag, "fuzz");
    if (rc != BELONG_OK && diag.count == 0)
        fail("refused without a message", text);
    if (rc == BELONG_OK)
        check_result(in, &r, text);
    diag_free(&diag);
    check_escaped(text);
    free(text);
    return 0;
}
