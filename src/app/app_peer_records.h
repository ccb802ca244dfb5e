/* app_peer_records.h — a peer's rights over what is recorded about them: access (everything
** belong holds about a peer, in one read) and erasure (all of it deleted), always for a peer of
** the acting CPS's (app->cps) own caseload, archived or not.
*/
#ifndef BELONG_APP_PEER_RECORDS_H
#define BELONG_APP_PEER_RECORDS_H

#include <jansson.h>

#include "../engagement/connection.h"
#include "../engagement/engagement.h"
#include "../store/store.h"
#include "../util/buf.h"
#include "../peers/profile.h"
#include "app.h"
#include "app_measures.h"

/* A choice the peer made on a suggestion. Strings heap-owned (app_peer_record_free). */
struct app_choice {
    int64_t activity_id;
    char *activity; /* its name when recorded, or NULL */
    bool declined;
    char *note; /* or NULL */
    time_t at;
};

/* Everything recorded about one peer. */
struct app_peer_record {
    struct peer peer;
    struct app_choice *choices;
    size_t n_choices;
    struct app_measure *measures; /* oldest first, scored */
    size_t n_measures;
    struct connection *connections; /* in the order met, each with its whole history */
    size_t n_connections;
    struct choice_event *history; /* every choice, decline and withdrawal, oldest first */
    size_t n_history;
    struct plan *plans; /* by date, each with its status and reason as they stand */
    size_t n_plans;
    struct visit *visits; /* by date, the reflections opened */
    size_t n_visits;
    struct store_audit *audit; /* who viewed, changed, exported or was refused the record, and
                               ** when and from where, oldest first (this export's own row too) */
    size_t n_audit;
};

/* Reads every record about peer id (profile with its comfort history, choices and their
** history, measures, connections, plans, visits, the audit rows about them) as of one commit,
** audited once as "peer.export". With report (not NULL), also appends the printable peer report
** (app_report_peer; BELONG_EDATA for an archived peer, who has none). BELONG_ENOINPUT ("no such
** peer") when not in the caseload. OUT: *out (app_peer_record_free, whatever the result). */
int app_peer_export(struct app *app, int64_t id, struct app_peer_record *out, struct buf *report,
                    struct app_error *err);
void app_peer_record_free(struct app_peer_record *r);

/* What an erasure deleted besides the profile. */
struct app_erased {
    long long measures, connections, choices;
};
/* Deletes peer id and every record about them in one write transaction, the deleted content
** overwritten and the write-ahead log emptied after it (store_peer_erase). BELONG_ENOINPUT when
** not in the caseload. OUT: *gone. */
int app_peer_erase(struct app *app, int64_t id, struct app_erased *gone, struct app_error *err);

/* The record r as one JSON document ("belong_export" 2, docs/privacy.md: the profile, choices
** and their history, measures with their answers and scores, connections with their history,
** plans, visits, the audit rows), exported by app->cps at app->now. A new reference
** (json_decref), NULL only when out of memory. */
json_t *app_peer_record_json(const struct app *app, const struct app_peer_record *r);

#endif
