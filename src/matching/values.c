/* values.c — loading the values → categories map and looking values up (see values.h). */
#include "values.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/datafile.h"
#include "../util/rc.h"
#include "../util/text.h"

static void entry_free(struct value_map_entry *v)
{
    free(v->value);
    for (size_t i = 0; i < v->n_categories; i++)
        free(v->categories[i].category);
    free(v->categories);
    memset(v, 0, sizeof *v);
}

/* Parses "slug:weight" items of a comma list into v. Returns false (with why) on a bad item. */
static bool parse_categories(const char *list, struct value_map_entry *v, const char **why)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        char *item = text_trim_lower(p, n);
        p += n;
        if (*p == ',')
            p++;
        if (!*item) {
            free(item);
            continue;
        }
        char *colon = strchr(item, ':');
        double weight = 1.0;
        if (colon) {
            *colon = '\0';
            char *end;
            errno = 0;
            weight = strtod(colon + 1, &end);
            if (errno || end == colon + 1 || *end || !(weight > 0.0 && weight <= 1.0)) {
                free(item);
                *why = "a category weight must be a number in (0, 1]";
                return false;
            }
        }
        if (!*item) {
            free(item);
            *why = "a category slug is empty";
            return false;
        }
        v->categories = xrealloc(v->categories, (v->n_categories + 1) * sizeof *v->categories);
        v->categories[v->n_categories].category = item;
        v->categories[v->n_categories].weight = weight;
        v->n_categories++;
    }
    if (v->n_categories == 0) {
        *why = "no categories";
        return false;
    }
    return true;
}

static bool parse_value_line(char *line, struct value_map_entry *v, const char **why)
{
    char *tab = strchr(line, '\t');
    if (!tab || tab == line) {
        *why = "expected a value, a tab, then category:weight items";
        return false;
    }
    *tab = '\0';
    v->value = text_trim_lower(line, strlen(line));
    if (!*v->value) {
        *why = "the value is empty";
        return false;
    }
    return parse_categories(tab + 1, v, why);
}

/* Adds one line of values_categories.tsv to the map (ctx). */
static const char *add_value_line(void *ctx, char *line)
{
    struct value_map *m = ctx;
    struct value_map_entry v = {0};
    const char *why = NULL;
    if (!parse_value_line(line, &v, &why)) {
        entry_free(&v);
        return why;
    }
    m->items = xrealloc(m->items, (m->n + 1) * sizeof *m->items);
    m->items[m->n++] = v;
    return NULL;
}

int value_map_load(const char *path, struct value_map *m, struct diag *diag)
{
    memset(m, 0, sizeof *m);
    int rc = datafile_read(path, "values_categories.tsv", add_value_line, m, diag);
    if (rc != BELONG_OK)
        value_map_free(m);
    return rc;
}

void value_map_free(struct value_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        entry_free(&m->items[i]);
    free(m->items);
    m->items = NULL;
    m->n = 0;
}

static int fold(unsigned char c)
{
    return c == '-' || c == '_' ? ' ' : tolower(c);
}

/* True when text (with surrounding spaces) names value, '-', '_' and ' ' alike. */
static bool same_value(const char *value, const char *text)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    if (strlen(value) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (fold((unsigned char)value[i]) != fold((unsigned char)text[i]))
            return false;
    }
    return true;
}

const struct value_map_entry *value_map_find(const struct value_map *m, const char *value)
{
    if (!m || !value)
        return NULL;
    for (size_t i = 0; i < m->n; i++) {
        if (same_value(m->items[i].value, value))
            return &m->items[i];
    }
    return NULL;
}

double value_map_weight(const struct value_map_entry *v, const char *category)
{
    if (!v || !category)
        return 0.0;
    for (size_t i = 0; i < v->n_categories; i++) {
        if (strcmp(v->categories[i].category, category) == 0)
            return v->categories[i].weight;
    }
    return 0.0;
}
