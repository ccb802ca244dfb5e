/* demo.h — synthetic catalogues: the curated Massachusetts demo (belong demo), a deterministic
** catalogue at any scale for benchmarks (belong gen), and writing a catalogue as HSDS 3.0 CSV.
**
** Both catalogues are built as a struct import_batch from the data files in data/demo/ and go
** through catalog_import like any real import. Dates are relative to `now`, so the occurrence
** horizon is never empty; with the same now (BELONG_NOW) the output is byte for byte the same.
*/
#ifndef BELONG_DEMO_H
#define BELONG_DEMO_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "../directory/catalog.h"
#include "../util/diag.h"

#define DEMO_SOURCE "demo" /* the source name of the demo catalogue */
#define GEN_SOURCE  "gen"  /* the source name of a generated catalogue */
#define GEN_STATE   "MA"   /* generated activities are spread over this state's ZIP centroids */

/* Fills b (zeroed by the caller) with the demo catalogue: at least 300 activities in the towns
** of data/demo/towns.tsv, every category and intensity. Returns 0, or BELONG_ENOINPUT /
** BELONG_EDATA when a data file is missing or malformed (reported to diag as FILE:LINE).
** The caller frees b with import_batch_free, also on error. */
int demo_build(struct import_batch *b, time_t now, struct diag *diag);

/* Fills b with n_activities generated activities, determined by seed and now alone, spread over
** the ZIP centroids of GEN_STATE, mostly weekly, biweekly and monthly (about 10 occurrences
** each in a 120-day horizon). Returns as demo_build; the caller frees b. */
int gen_build(struct import_batch *b, long n_activities, uint64_t seed, time_t now,
              struct diag *diag);

/* Writes b as an HSDS 3.0 tabular package in directory dir (created if missing; files in it
** are overwritten): datapackage.json, organizations.csv, services.csv, locations.csv,
** addresses.csv, service_at_location.csv, schedules.csv, cost_options.csv, accessibility.csv,
** languages.csv, taxonomies.csv, taxonomy_terms.csv, attributes.csv. Schedules are written
** as RRULE parts; EXDATE and RDATE lists have no HSDS column and are left out (gen makes
** none). Returns 0, or BELONG_EIO with the reason in err. */
int hsds_export(const struct import_batch *b, const char *dir, char *err, size_t errlen);

#endif
