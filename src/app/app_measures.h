/* app_measures.h — the measures given to a peer: record one administration of an instrument
** (its answers, each stored with its date) and list them scored, always for a peer of the acting
** CPS's (app->cps) own caseload who is not archived.
*/
#ifndef BELONG_APP_MEASURES_H
#define BELONG_APP_MEASURES_H

#include "../measures/measures.h"
#include "../util/diag.h"
#include "app.h"

/* One administration as stored, scored by the measures engine. Plain values: nothing to free. */
struct app_measure {
    int64_t id;
    char date[11]; /* YYYY-MM-DD */
    struct measure_result result;
};

/* Records the answers typed as text (measure_parse_answers) to instrument (an id as
** measure_find reads it) given to peer peer_id on date (YYYY-MM-DD; NULL: today in app->tz), in
** one write transaction. Refuses with BELONG_EDATA and nothing written an unknown instrument, a
** date that is not a real one or is after today, and answers the engine refuses (every problem
** in diag, naming the item); BELONG_ENOINPUT when the peer is not in the caseload or archived.
** OUT: *out on success. */
int app_measure_add(struct app *app, int64_t peer_id, const char *instrument, const char *answers,
                    const char *date, struct app_measure *out, struct diag *diag,
                    struct app_error *err);

/* The administrations given to peer peer_id, of instrument only when not NULL, oldest first,
** scored. OUT: *out, a heap array of *n (free). */
int app_measure_list(struct app *app, int64_t peer_id, const char *instrument,
                     struct app_measure **out, size_t *n, struct app_error *err);

/* One administration as stored, scored (its id, date and result). BELONG_EINTERNAL with err when
** its instrument is unknown or its answers cannot be scored. OUT: *out. */
int app_measure_score(const struct store_measure *stored, struct app_measure *out,
                      struct app_error *err);

/* As app_measure_list, for a peer of the caseload archived or not (what was recorded stays
** readable: charts, the export of a peer's records). */
int app_measure_history(struct app *app, int64_t peer_id, const char *instrument,
                        struct app_measure **out, size_t *n, struct app_error *err);

/* Replaces the answers of administration id (of a current peer of the caseload; its instrument
** is kept) with answers, rescored, and its date with date (NULL: kept), in one write
** transaction: the old answers go only when the new ones are stored. Refusals as
** app_measure_add (BELONG_EDATA, every problem in diag, nothing changed); BELONG_ENOINPUT when
** there is no such measure in the caseload or its peer is archived. OUT: *out. */
int app_measure_edit(struct app *app, int64_t id, const char *answers, const char *date,
                     struct app_measure *out, struct diag *diag, struct app_error *err);

/* Deletes administration id (of a current peer of the caseload) and its answers, in one write
** transaction. BELONG_ENOINPUT when there is no such measure in the caseload or its peer is
** archived. OUT: *gone, what was deleted (may be NULL). */
int app_measure_delete(struct app *app, int64_t id, struct app_measure *gone,
                       struct app_error *err);

#endif
