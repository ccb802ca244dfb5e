/* ical.h — importing iCalendar (RFC 5545) files: each VEVENT series becomes one activity with
** its schedule (RRULE, RDATE, EXDATE, VTIMEZONE), keyed by UID so re-import is idempotent.
*/
#ifndef BELONG_ICAL_H
#define BELONG_ICAL_H

#include "../directory/catalog.h"
#include "../util/diag.h"

/* Reads the .ics file at path into batch: one record per valid VEVENT series (UID →
** source_ref, SUMMARY → name, DESCRIPTION, LOCATION → place name, address, town and ZIP,
** GEO → coordinates, URL, CATEGORIES → tags and a category, ORGANIZER's CN → organisation).
** Times keep their zone: an Olson TZID, a custom VTIMEZONE (e.g. Outlook's "Eastern Standard
** Time"), UTC, or floating (read in BELONG_DEFAULT_TZ). A DTSTART without DTEND or DURATION
** lasts no time (timed) or one day (all-day), as RFC 5545 says. A RECURRENCE-ID override moves
** one instance: the master gets an EXDATE at the old start and an RDATE at the new one (or
** only the EXDATE when the override is CANCELLED); the override's other properties are not
** kept. A series with STATUS:CANCELLED is left out, so re-importing retires it.
** Every problem goes to diag as FILE:LINE: PROPERTY: what is wrong; the batch then holds only
** the valid records (for --lenient). batch->source and batch->kind are left to the caller.
** Returns 0 when nothing was wrong; BELONG_EDATA when problems were found; BELONG_ENOINPUT
** when the file does not exist; BELONG_EIO when it cannot be read. OUT: *rejected, the series
** (VEVENTs with their overrides) refused, every one when the file breaks off, or 1 for a file
** refused whole before any series was read. */
int ical_parse(const char *path, struct import_batch *batch, struct diag *diag, long *rejected);

#endif
