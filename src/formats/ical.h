/* ical.h — importing iCalendar (RFC 5545) files: each VEVENT series becomes one activity with
** its schedule (RRULE, RDATE, EXDATE, VTIMEZONE), keyed by UID so re-import is idempotent.
*/
#ifndef BELONG_ICAL_H
#define BELONG_ICAL_H

#include <stdbool.h>

#include "../util/diag.h"
#include "format.h"

/* Reads the .ics file at path: one record per valid VEVENT series (UID ->
** source_ref, SUMMARY -> name, DESCRIPTION, LOCATION -> place name, address, town and ZIP,
** GEO -> coordinates, URL, CATEGORIES -> tags and a category, ORGANIZER's CN -> organisation),
** handed to sink once the whole file is read.
** Times keep their zone: an Olson TZID (or a Windows zone name without a VTIMEZONE), a custom
** VTIMEZONE (e.g. Outlook's "Eastern Standard Time", read by its own rules), UTC, or floating
** (read in the calendar's X-WR-TIMEZONE, else BELONG_DEFAULT_TZ). The activity's tzid, the zone
** its times are shown in, is the Olson zone of all these (ical_zones.h), when there is one.
** A DTSTART without DTEND or DURATION lasts no time (timed) or one day (all-day), as RFC 5545
** says; DTEND and DURATION together must agree. A RECURRENCE-ID override moves one instance:
** the master gets an EXDATE at the old start and an RDATE at the new one (or only the EXDATE
** when the override is cancelled or not public); the override's other properties are not
** kept; one with RANGE=THISANDFUTURE refuses its series. A series with STATUS:CANCELLED, or a
** CLASS other than PUBLIC, is left out, so re-importing retires it. A line folded inside a
** UTF-8 character is read whole.
** Every problem goes to diag as FILE:LINE: PROPERTY: what is wrong; only the valid records
** reach the sink. A file that ends inside an event is read as far as it goes and counted in
** counts->broken_files (the import refuses it whole: app/import.c).
** Returns as format_parse_fn says (format.h); BELONG_ENOINPUT when the file does not exist.
** counts->rejected: the series (VEVENTs with their overrides) refused, or 1 for a file refused
** whole before any series was read. */
int ical_parse(const char *path, const struct format_sink *sink, struct diag *diag,
               struct format_counts *counts);

/* Whether path is an iCalendar file (format.h's detect): its text starts with BEGIN:VCALENDAR
** after blank lines or a byte order mark (by content); its name ends in .ics (by name). */
int ical_detect(const char *path);

#endif
