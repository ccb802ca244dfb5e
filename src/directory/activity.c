/* activity.c — lifetime and attribute helpers for struct activity. */
#include "activity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const access_names[] = {"wheelchair", "asl", "quiet", "transit"};
#define ACCESS_COUNT (int)(sizeof access_names / sizeof access_names[0])

void activity_free(struct activity *a)
{
    if (!a)
        return;
    free(a->source);
    free(a->source_ref);
    free(a->name);
    free(a->description);
    free(a->inference);
    free(a->organization);
    free(a->organization_ref);
    free(a->location_ref);
    free(a->url);
    free(a->email);
    free(a->phone);
    free(a->category);
    free(a->tags);
    free(a->languages);
    free(a->location_name);
    free(a->address);
    free(a->town);
    free(a->zip);
    free(a->tzid);
    memset(a, 0, sizeof *a);
}

void times_not_listed_text(unsigned open_days, char out[TIMES_TEXT_LEN])
{
    static const char *const days[7] = {"Mondays", "Tuesdays",  "Wednesdays", "Thursdays",
                                        "Fridays", "Saturdays", "Sundays"};
    open_days &= 0x7f;
    if (open_days == 0x7f) {
        snprintf(out, TIMES_TEXT_LEN, "open every day, times not listed");
        return;
    }
    int n = __builtin_popcount(open_days), written = 0;
    size_t len = 0;
    out[0] = '\0';
    for (int d = 0; d < 7; d++) {
        if (!((open_days >> d) & 1))
            continue;
        const char *sep = written == 0 ? "open " : written == n - 1 ? " and " : ", ";
        len += (size_t)snprintf(out + len, TIMES_TEXT_LEN - len, "%s%s", sep, days[d]);
        written++;
    }
    snprintf(out + len, TIMES_TEXT_LEN - len, "%stimes not listed", n ? ", " : "");
}

const char *access_name(int bit)
{
    return bit >= 0 && bit < ACCESS_COUNT ? access_names[bit] : NULL;
}

bool access_parse(const char *list, unsigned *flags_out, char *bad_word, int bad_word_len)
{
    unsigned flags = 0;
    const char *p = list;
    while (p && *p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        size_t n = (size_t)(end - p);
        while (n && p[n - 1] == ' ')
            n--;
        int found = -1;
        for (int i = 0; i < ACCESS_COUNT; i++)
            if (strlen(access_names[i]) == n && strncasecmp(p, access_names[i], n) == 0)
                found = i;
        /* Accepted synonyms, as directories spell them. */
        if (found < 0 && n == 7 && strncasecmp(p, "sensory", 7) == 0)
            found = 2;
        if (found < 0) {
            if (bad_word && bad_word_len > 0) {
                int len = (int)n < bad_word_len - 1 ? (int)n : bad_word_len - 1;
                memcpy(bad_word, p, (size_t)len);
                bad_word[len] = '\0';
            }
            return false;
        }
        flags |= 1u << found;
        p = end;
    }
    *flags_out = flags;
    return true;
}

void access_format(unsigned flags, char *out, int out_len)
{
    int used = 0;
    out[0] = '\0';
    for (int i = 0; i < ACCESS_COUNT; i++) {
        if (!(flags & (1u << i)))
            continue;
        int n = (int)strlen(access_names[i]) + (used ? 1 : 0);
        if (used + n >= out_len)
            break;
        if (used)
            out[used++] = ',';
        strcpy(out + used, access_names[i]);
        used += (int)strlen(access_names[i]);
    }
}
