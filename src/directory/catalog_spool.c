/* catalog_spool.c — a record and its occurrences as bytes and back (catalog_spool.h): each
** struct as it lies in memory with its string pointers left out, then its strings, each as a
** length (0 for NULL) and its bytes.
*/
#include "catalog_spool.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/rc.h"

/* The string fields of the structs a record holds: every one they own. */
static const size_t activity_strings[] = {
    offsetof(struct activity, source),
    offsetof(struct activity, source_ref),
    offsetof(struct activity, name),
    offsetof(struct activity, description),
    offsetof(struct activity, inference),
    offsetof(struct activity, organization),
    offsetof(struct activity, organization_ref),
    offsetof(struct activity, location_ref),
    offsetof(struct activity, url),
    offsetof(struct activity, email),
    offsetof(struct activity, phone),
    offsetof(struct activity, category),
    offsetof(struct activity, tags),
    offsetof(struct activity, languages),
    offsetof(struct activity, location_name),
    offsetof(struct activity, address),
    offsetof(struct activity, town),
    offsetof(struct activity, zip),
    offsetof(struct activity, tzid),
};
static const size_t schedule_strings[] = {
    offsetof(struct schedule, dtstart),     offsetof(struct schedule, tzid),
    offsetof(struct schedule, vtimezone),   offsetof(struct schedule, rrule),
    offsetof(struct schedule, rdates),      offsetof(struct schedule, exdates),
    offsetof(struct schedule, valid_from),  offsetof(struct schedule, valid_to),
    offsetof(struct schedule, description),
};
static const char *const no_string = NULL;
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void put_string(struct buf *out, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) + 1 : 0;
    buf_append(out, (const char *)&n, sizeof n);
    if (n > 1)
        buf_append(out, s, n - 1);
}

/* A struct's bytes without its strings, then its strings. */
static void put_struct(struct buf *out, const void *s, size_t size, const size_t *strings,
                       size_t n_strings)
{
    char copy[sizeof(struct activity) > sizeof(struct schedule) ? sizeof(struct activity)
                                                                : sizeof(struct schedule)];
    memcpy(copy, s, size);
    for (size_t k = 0; k < n_strings; k++)
        memcpy(copy + strings[k], &no_string, sizeof no_string);
    buf_append(out, copy, size);
    for (size_t k = 0; k < n_strings; k++) {
        const char *str;
        memcpy(&str, (const char *)s + strings[k], sizeof str);
        put_string(out, str);
    }
}

void catalog_spool_encode(const struct import_record *r, const struct occurrence *occ, size_t n_occ,
                          struct buf *out)
{
    put_struct(out, &r->activity, sizeof r->activity, activity_strings, COUNT(activity_strings));
    int64_t ages[2] = {r->min_age, r->max_age};
    uint64_t counts[3] = {r->n_schedules, (uint64_t)r->line, n_occ};
    buf_append(out, (const char *)counts, sizeof counts);
    for (size_t k = 0; k < r->n_schedules; k++)
        put_struct(out, &r->schedules[k], sizeof r->schedules[k], schedule_strings,
                   COUNT(schedule_strings));
    put_string(out, r->file);
    put_string(out, r->terms);
    put_string(out, r->eligibility);
    buf_append(out, (const char *)ages, sizeof ages);
    if (n_occ)
        buf_append(out, (const char *)occ, n_occ * sizeof *occ);
}

struct reader {
    const char *p, *end;
    bool bad;
};

static void get_bytes(struct reader *in, void *to, size_t n)
{
    if (in->bad || (size_t)(in->end - in->p) < n) {
        in->bad = true;
        memset(to, 0, n);
        return;
    }
    memcpy(to, in->p, n);
    in->p += n;
}

static char *get_string(struct reader *in)
{
    uint32_t n = 0;
    get_bytes(in, &n, sizeof n);
    if (!n || in->bad)
        return NULL;
    if ((size_t)(in->end - in->p) < n - 1) {
        in->bad = true;
        return NULL;
    }
    char *s = xstrndup(in->p, n - 1);
    in->p += n - 1;
    return s;
}

static void get_struct(struct reader *in, void *s, size_t size, const size_t *strings,
                       size_t n_strings)
{
    get_bytes(in, s, size);
    for (size_t k = 0; k < n_strings; k++)
        memcpy((char *)s + strings[k], &no_string, sizeof no_string);
    for (size_t k = 0; k < n_strings; k++) {
        char *str = get_string(in);
        memcpy((char *)s + strings[k], &str, sizeof str);
    }
}

int catalog_spool_decode(const void *data, size_t len, struct import_record *r,
                         struct occurrence **occ, size_t *n_occ)
{
    struct reader in = {data, (const char *)data + len, false};
    memset(r, 0, sizeof *r);
    get_struct(&in, &r->activity, sizeof r->activity, activity_strings, COUNT(activity_strings));
    uint64_t counts[3] = {0, 0, 0};
    get_bytes(&in, counts, sizeof counts);
    if (!in.bad && counts[0] <= (uint64_t)(in.end - in.p) / sizeof(struct schedule)) {
        for (uint64_t k = 0; k < counts[0]; k++) {
            struct schedule s;
            get_struct(&in, &s, sizeof s, schedule_strings, COUNT(schedule_strings));
            import_record_add_schedule(r, &s);
        }
    } else {
        in.bad = true;
    }
    r->line = (long)counts[1];
    r->file = get_string(&in);
    r->terms = get_string(&in);
    r->eligibility = get_string(&in);
    int64_t ages[2] = {0, 0};
    get_bytes(&in, ages, sizeof ages);
    r->min_age = (int)ages[0];
    r->max_age = (int)ages[1];
    size_t n = (size_t)counts[2];
    if (occ) {
        *occ = NULL;
        *n_occ = 0;
        if (!in.bad && n && n <= (size_t)(in.end - in.p) / sizeof **occ) {
            *occ = xmalloc(n * sizeof **occ);
            get_bytes(&in, *occ, n * sizeof **occ);
            *n_occ = n;
        } else if (n) {
            in.bad = true;
        }
    }
    if (in.bad) {
        import_record_free(r);
        return BELONG_EINTERNAL;
    }
    return BELONG_OK;
}
