/* app_charts.h — a peer's progress drawn from their records as SVG (reports/svg_chart.h): a
** measure's headline score over time with its cut-off lines (UCLA-3, LSNS-6), the network's
** size over time (from the connections' history) and the ecomap (the people met, as of a day).
*/
#ifndef BELONG_APP_CHARTS_H
#define BELONG_APP_CHARTS_H

#include "../util/buf.h"
#include "app.h"

/* The charts, by the name a face uses: "ucla3", "lsns6", "network", "ecomap". */
extern const char *const app_chart_names[];
extern const size_t app_chart_count;

/* Appends chart (one of app_chart_names) of peer peer_id (of the caseload, archived too) to
** svg as one <svg> element, drawn from the records up to as_of (YYYY-MM-DD, a record's date;
** NULL: today). A chart with no records yet is drawn empty and says so in its description.
** BELONG_EUSAGE for an unknown chart (naming the known ones), BELONG_EDATA for a bad as_of,
** BELONG_ENOINPUT for a peer not in the caseload; nothing appended then. */
int app_chart(struct app *app, int64_t peer_id, const char *chart, const char *as_of,
              struct buf *svg, struct app_error *err);

#endif
