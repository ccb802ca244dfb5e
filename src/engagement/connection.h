/* connection.h — the people a peer met (connections): a first name or initials only, where they
** met, and a history of changes (relationship, closeness, last contact, lost touch), so that the
** network can be read as it was on any day. The rules here need no database: the name check,
** the relationships, a connection's state on a day and the network's size over time.
*/
#ifndef BELONG_CONNECTION_H
#define BELONG_CONNECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define CONNECTION_NAME_MAX      40  /* bytes of a first name or initials */
#define CONNECTION_PLACE_MAX     200 /* bytes of a free-text place met */
#define CONNECTION_CLOSENESS_MIN 1
#define CONNECTION_CLOSENESS_MAX 5
#define CONNECTION_CLOSE_MIN     4 /* closeness counted as a close tie on the network chart */

/* The relationships, in the order they are listed: "acquaintance", "friend", "mentor", "peer",
** "family", "professional". */
extern const char *const connection_relationships[];
extern const size_t connection_relationship_count;
/* The relationship named text (any case), as its table entry, or NULL. */
const char *connection_relationship_find(const char *text);

/* NULL when name is a first name or initials ("Maria", "Jo-Anne", "J.D.", "Maria G.", "M G");
** else a sentence saying why not (static): empty, too long, not text, digits or an e-mail, or
** two names (what looks like a full name: the other person never agreed to be recorded). */
const char *connection_name_problem(const char *name);

/* One entry of a connection's history: its state from date on. */
struct connection_change {
    char date[11];         /* YYYY-MM-DD: the day it took effect */
    char relationship[16]; /* a connection_relationships entry */
    int closeness;         /* CONNECTION_CLOSENESS_MIN..MAX */
    char last_contact[11]; /* YYYY-MM-DD, or "" when not known */
    bool ended;            /* lost touch from date on */
    time_t recorded_at;
};

/* A connection as stored. Strings are heap-owned (connection_free); history is oldest first
** and never empty. */
struct connection {
    int64_t id, peer_id;
    char *name;
    int64_t met_activity_id; /* 0: not met at a listed activity */
    char *met_activity;      /* that activity's name, or NULL */
    char *met_place;         /* free text when not in the directory, or NULL */
    int64_t met_visit_id;    /* 0: none (the visits of the engagement records) */
    char met_on[11];         /* YYYY-MM-DD: the first history entry's date */
    struct connection_change *history;
    size_t n_history;
};

void connection_free(struct connection *c);
void connections_free(struct connection *c, size_t n);

/* Where they met in words: the activity's name, the place, or NULL when not recorded. */
const char *connection_met_where(const struct connection *c);

/* The state of c on date (YYYY-MM-DD): its last history entry dated on or before it, or NULL
** when c was not yet met then. */
const struct connection_change *connection_as_of(const struct connection *c, const char *date);

/* One point of the network over time: on date, how many connections were current (met and not
** ended) and how many of those were close (closeness >= CONNECTION_CLOSE_MIN). */
struct network_size {
    char date[11];
    int people, close;
};
/* The network's size at each date any connection of c[0..n) changed, oldest first, up to and
** including until (YYYY-MM-DD; later changes are left out). OUT: heap array (free) of *n_out. */
void connection_network_sizes(const struct connection *c, size_t n, const char *until,
                              struct network_size **out, size_t *n_out);

#endif
