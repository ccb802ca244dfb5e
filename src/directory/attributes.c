/* attributes.c — the table of belong's activity attributes and their one parser
** (attributes.h).
*/
#include "attributes.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../store/store.h"
#include "../util/rc.h"
#include "audience.h"
#include "../util/buf.h"
#include "../util/money.h"
#include "../util/number.h"
#include "../util/text.h"

const struct activity_attr_def activity_attrs[] = {
    {"category", NULL, ATTR_CATEGORY, AK_CATEGORY, "category", "category"},
    {"tags", "tag", ATTR_TAGS, AK_TAGS, "tags", "tags"},
    {"intensity", NULL, ATTR_INTENSITY, AK_INTENSITY, "intensity", "intensity"},
    {"access", NULL, ATTR_ACCESS, AK_ACCESS, "access", "access"},
    {"languages", NULL, ATTR_LANGUAGES, AK_LANGUAGES, "languages", "languages"},
    {"audience", NULL, ATTR_AUDIENCE, AK_AUDIENCE, "audience", "audience"},
    {"cost", NULL, ATTR_COST, AK_COST, "cost", "cost_cents"},
    {"group-size", NULL, ATTR_GROUP_SIZE, AK_GROUP_SIZE, "group_size", "group_size"},
    {"peer-run", NULL, ATTR_PEER_RUN, AK_YES_NO, "peer_run", "peer_run"},
    {"substance-free", NULL, ATTR_SUBSTANCE_FREE, AK_YES_NO, "substance_free", "substance_free"},
    {"drop-in", NULL, ATTR_DROP_IN, AK_YES_NO, "drop_in", "drop_in"},
    {"virtual", NULL, ATTR_VIRTUAL, AK_YES_NO, "virtual", "is_virtual"},
};
const size_t activity_attr_count = sizeof activity_attrs / sizeof activity_attrs[0];

const struct activity_attr_def *activity_attr_by_name(const char *name)
{
    for (size_t i = 0; i < activity_attr_count; i++)
        if (strcmp(name, activity_attrs[i].name) == 0)
            return &activity_attrs[i];
    return NULL;
}

const struct activity_attr_def *activity_attr_by_term(const char *term)
{
    for (size_t i = 0; i < activity_attr_count; i++) {
        const struct activity_attr_def *d = &activity_attrs[i];
        if (strcmp(term, d->term ? d->term : d->name) == 0)
            return d;
    }
    return NULL;
}

/* Adds the items of the comma list s to the comma list *list (heap, may be NULL), trimmed,
** lower-cased when lower, each once (case-insensitively). */
static void list_add_items(char **list, const char *s, bool lower)
{
    struct buf out = {0};
    if (*list && **list)
        buf_puts(&out, *list);
    const char *p = s, *item;
    size_t n;
    while (comma_list_next(&p, &item, &n)) {
        bool present = false;
        for (const char *q = out.len ? out.data : ""; *q && !present;) {
            size_t m = strcspn(q, ",");
            present = m == n && strncasecmp(q, item, n) == 0;
            q += m + (q[m] == ',');
        }
        if (present)
            continue;
        if (out.len)
            buf_putc(&out, ',');
        for (size_t i = 0; i < n; i++)
            buf_putc(&out, lower ? (char)tolower((unsigned char)item[i]) : item[i]);
    }
    free(*list);
    *list = buf_detach(&out);
}

/* The tristate member of a that a yes/no attribute sets, or NULL for virtual (a bool). */
static int *tristate_of(struct activity *a, unsigned bit)
{
    return bit == ATTR_PEER_RUN         ? &a->peer_run
           : bit == ATTR_SUBSTANCE_FREE ? &a->substance_free
           : bit == ATTR_DROP_IN        ? &a->drop_in
                                        : NULL;
}

int activity_attr_yes_no(const struct activity_attr_def *d, const struct activity *a)
{
    const int *tri = tristate_of((struct activity *)a, d->bit);
    return tri ? *tri : a->is_virtual ? TRI_YES : TRI_NO;
}

bool activity_attr_parse(const struct activity_attr_def *d, const char *value, bool add,
                         struct activity *a, char *bad, size_t bad_len)
{
    long n;
    bool yes;
    unsigned flags;
    switch (d->kind) {
    case AK_CATEGORY:
        free(a->category);
        a->category = xstrdup(value);
        return true;
    case AK_TAGS:
        if (!add) {
            free(a->tags);
            a->tags = NULL;
        }
        list_add_items(&a->tags, value, true);
        return true;
    case AK_LANGUAGES:
        if (!add) {
            free(a->languages);
            a->languages = xstrdup(value);
        } else {
            list_add_items(&a->languages, value, false);
        }
        return true;
    case AK_INTENSITY:
        if (!parse_whole(value, INTENSITY_MIN, INTENSITY_MAX, &n))
            return false;
        a->intensity = (int)n;
        return true;
    case AK_GROUP_SIZE:
        if (!parse_whole(value, 1, GROUP_SIZE_MAX, &n))
            return false;
        a->group_size = (int)n;
        return true;
    case AK_ACCESS:
        if (!access_parse(value, &flags, bad, (int)bad_len))
            return false;
        a->access = add ? a->access | flags : flags;
        return true;
    case AK_COST:
        if (strcasecmp(value, "free") == 0) {
            a->cost_cents = 0;
            return true;
        }
        return parse_usd_cents(value, COST_USD_MAX, &a->cost_cents);
    case AK_AUDIENCE:
        if (audience_parse(value, &flags, bad, bad_len) != BELONG_OK)
            return false;
        a->audience = add ? a->audience | flags : flags;
        return true;
    case AK_YES_NO: {
        if (!parse_yes_no(value, &yes))
            return false;
        int *tri = tristate_of(a, d->bit);
        if (tri)
            *tri = yes ? TRI_YES : TRI_NO;
        else
            a->is_virtual = yes;
        return true;
    }
    }
    return false;
}
