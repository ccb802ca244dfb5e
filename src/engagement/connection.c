/* connection.c — the rules of the people a peer met (connection.h): the relationships, the
** first-name-or-initials check, a connection's state on a day and the network's size over time.
*/
#include "connection.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "../util/text.h"

const char *const connection_relationships[] = {"acquaintance", "friend", "mentor",
                                                "peer",         "family", "professional"};
const size_t connection_relationship_count =
    sizeof connection_relationships / sizeof connection_relationships[0];

const char *connection_relationship_find(const char *text)
{
    for (size_t i = 0; text && i < connection_relationship_count; i++)
        if (strcasecmp(text, connection_relationships[i]) == 0)
            return connection_relationships[i];
    return NULL;
}

/* Bytes of the UTF-8 character starting at s (valid UTF-8 checked before). */
static size_t char_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

/* True when word[0..len) is initials: one letter, or letters each followed by a dot ("J.",
** "J.D.", "J.D"). */
static bool is_initials(const char *word, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (word[i] == '.' || word[i] == '-' || word[i] == '\'')
            return false;
        i += char_len(word + i);
        if (i == len)
            return true;
        if (word[i] != '.')
            return false;
        i++;
    }
    return true;
}

const char *connection_name_problem(const char *name)
{
    const char *p = text_problem(name, CONNECTION_NAME_MAX, false);
    if (p)
        return p;
    size_t words = 0, names = 0;
    for (const char *s = name; *s;) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        size_t len = strcspn(s, " ");
        for (size_t i = 0; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= '0' && c <= '9')
                return "holds a digit: a first name or initials, not a number or a contact";
            if (c == '@')
                return "looks like an e-mail address: a first name or initials only";
            if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
                              c == '\'' || c == '.'))
                return "may hold only letters, spaces, - ' and . (a first name or initials)";
        }
        words++;
        if (!is_initials(s, len))
            names++;
        s += len;
    }
    if (!words)
        return "is empty: give a first name or initials";
    if (names > 1)
        return "looks like a full name: record a first name or initials only (e.g. 'Maria G.'), "
               "to keep the privacy of someone who never agreed to be recorded";
    return NULL;
}

void connection_free(struct connection *c)
{
    if (!c)
        return;
    free(c->name);
    free(c->met_activity);
    free(c->met_place);
    free(c->history);
    memset(c, 0, sizeof *c);
}

void connections_free(struct connection *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        connection_free(&c[i]);
    free(c);
}

const char *connection_met_where(const struct connection *c)
{
    return c->met_activity ? c->met_activity : c->met_place;
}

const struct connection_change *connection_as_of(const struct connection *c, const char *date)
{
    const struct connection_change *at = NULL;
    for (size_t i = 0; i < c->n_history; i++)
        if (strcmp(c->history[i].date, date) <= 0)
            at = &c->history[i];
    return at;
}

static int by_date(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void connection_network_sizes(const struct connection *c, size_t n, const char *until,
                              struct network_size **out, size_t *n_out)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += c[i].n_history;
    const char **dates = xcalloc(total ? total : 1, sizeof *dates);
    size_t n_dates = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c[i].n_history; k++)
            if (strcmp(c[i].history[k].date, until) <= 0)
                dates[n_dates++] = c[i].history[k].date;
    qsort(dates, n_dates, sizeof *dates, by_date);
    *out = xcalloc(n_dates ? n_dates : 1, sizeof **out);
    *n_out = 0;
    for (size_t d = 0; d < n_dates; d++) {
        if (d && strcmp(dates[d], dates[d - 1]) == 0)
            continue;
        struct network_size *ns = &(*out)[(*n_out)++];
        snprintf(ns->date, sizeof ns->date, "%s", dates[d]);
        for (size_t i = 0; i < n; i++) {
            const struct connection_change *st = connection_as_of(&c[i], dates[d]);
            if (!st || st->ended)
                continue;
            ns->people++;
            if (st->closeness >= CONNECTION_CLOSE_MIN)
                ns->close++;
        }
    }
    free(dates);
}
