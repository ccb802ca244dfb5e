/* fuzz_import.c — the checks the import harnesses share (fuzz_import.h). */
#include "fuzz_import.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/formats/csv.h"
#include "../src/util/rc.h"
#include "../src/util/timeutil.h"

/* The horizon the catalogue materialises: 2026-11-01 for HORIZON_DAYS_DEFAULT days. */
#define FUZZ_FROM ((time_t)1793505600)

/* Aborts when an accepted text is not UTF-8 (it would be stored, then dropped by JSON output). */
static void need_utf8(const char *text, const char *what, size_t record)
{
    if (text && !utf8_valid((const unsigned char *)text, strlen(text), NULL)) {
        fprintf(stderr, "fuzz: record %zu: %s is not UTF-8\n", record, what);
        abort();
    }
}

/* Checks what an accepted record holds: UTF-8 texts, coordinates and intensity in range. */
static void check_record(const struct activity *a, size_t i)
{
    need_utf8(a->source_ref, "source_ref", i);
    need_utf8(a->name, "name", i);
    need_utf8(a->description, "description", i);
    need_utf8(a->organization, "organization", i);
    need_utf8(a->url, "url", i);
    need_utf8(a->email, "email", i);
    need_utf8(a->phone, "phone", i);
    need_utf8(a->category, "category", i);
    need_utf8(a->tags, "tags", i);
    need_utf8(a->languages, "languages", i);
    need_utf8(a->location_name, "location_name", i);
    need_utf8(a->address, "address", i);
    need_utf8(a->town, "town", i);
    need_utf8(a->zip, "zip", i);
    need_utf8(a->tzid, "tzid", i);
    if (a->has_coords && !(fabs(a->lat) <= 90 && fabs(a->lon) <= 180)) {
        fprintf(stderr, "fuzz: record %zu: coordinates %g, %g accepted\n", i, a->lat, a->lon);
        abort();
    }
    if (a->intensity < 0 || a->intensity > INTENSITY_MAX) {
        fprintf(stderr, "fuzz: record %zu: intensity %d accepted\n", i, a->intensity);
        abort();
    }
}

void fuzz_import_check(int rc, struct import_batch *batch, struct diag *diag)
{
    if (rc != 0 && diag->count == 0) {
        fprintf(stderr, "fuzz: rc %d without a message\n", rc);
        abort();
    }
    if (rc == 0 && diag->count != 0) {
        fprintf(stderr, "fuzz: rc 0 with messages:\n%s", diag->text.data);
        abort();
    }
    /* Every line reads "FILE:..." or "FILE: ..." with a file name before the colon. */
    const char *line = diag->text.data;
    while (line && *line) {
        const char *colon = strchr(line, ':');
        const char *nl = strchr(line, '\n');
        if (!colon || colon == line || (nl && colon > nl)) {
            fprintf(stderr, "fuzz: message without FILE: prefix:\n%s", diag->text.data);
            abort();
        }
        line = nl ? nl + 1 : NULL;
    }
    for (size_t i = 0; i < batch->n; i++) {
        struct import_record *r = &batch->records[i];
        if (!r->activity.source_ref) {
            fprintf(stderr, "fuzz: record %zu has no source_ref\n", i);
            abort();
        }
        check_record(&r->activity, i);
        char err[256];
        bool ok = true;
        for (size_t j = 0; j < r->n_schedules; j++)
            if (schedule_check(&r->schedules[j], err, sizeof err) != 0)
                ok = false;
        if (!ok)
            continue;
        struct occurrence *occ = NULL;
        size_t n_occ = 0;
        if (catalog_expand(r->schedules, r->n_schedules, FUZZ_FROM,
                           FUZZ_FROM + (time_t)HORIZON_DAYS_DEFAULT * 86400, &occ, &n_occ) == 0)
            for (size_t k = 0; k < n_occ; k++)
                if (occ[k].end < occ[k].start || occ[k].weekday < 0 || occ[k].weekday > 6 ||
                    occ[k].start_minute < 0 || occ[k].start_minute >= 1440) {
                    fprintf(stderr, "fuzz: bad occurrence %zu of record %zu\n", k, i);
                    abort();
                }
        free(occ);
    }
}
