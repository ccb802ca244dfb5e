#!/usr/bin/env bash
# gen.sh — writes the big hostile inputs (never committed): used by tests/cli/test-hostile.sh
# (small sizes) and bench/run.sh's `hostile` bench (two sizes, 4x apart).
#
# usage: tests/hostile/gen.sh CLASS N OUT
#   long-line     one DESCRIPTION of N bytes, folded every 74 bytes (as RFC 5545 writes it)
#   long-raw      one DESCRIPTION line of N bytes, not folded
#   exdate        one weekly series with N EXDATE lines
#   rdate         one weekly series with N RDATE lines
#   recurrence-id one weekly series and N RECURRENCE-ID overrides of it
#   events        N weekly events
#   json-schedules one HSDS JSON service with N schedules
#   csv-rows      an HSDS CSV package (folder OUT) with N services, each with a schedule
set -euo pipefail
class=$1 n=$2 out=$3

head_ics() {
  printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//belong//hostile//EN\r\n'
}
event_start() { # $1 uid
  printf 'BEGIN:VEVENT\r\nUID:%s\r\nSUMMARY:Walking group %s\r\n' "$1" "$1"
  printf 'DTSTART;TZID=America/New_York:20261201T100000\r\nDURATION:PT1H30M\r\n'
}

case $class in
long-line | long-raw)
  {
    head_ics
    event_start long
    awk -v n="$n" -v fold="$([ "$class" = long-line ] && echo 1 || echo 0)" 'BEGIN {
      s = "DESCRIPTION:"; len = length(s); printf "%s", s
      chunk = "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstu"
      col = len
      while (len < n) {
        if (fold && col >= 74) { printf "\r\n "; col = 1 }
        printf "a"; len++; col++
      }
      printf "\r\n" }'
    printf 'END:VEVENT\r\nEND:VCALENDAR\r\n'
  } >"$out"
  ;;
exdate | rdate)
  {
    head_ics
    event_start series
    printf 'RRULE:FREQ=WEEKLY;BYDAY=TU\r\n'
    prop=$(echo "$class" | tr a-z A-Z)
    awk -v n="$n" -v prop="$prop" 'BEGIN {
      for (i = 0; i < n; i++) {
        d = i % 3650; y = 2027 + int(d / 336); m = int(d % 336 / 28) + 1; dd = d % 28 + 1
        printf "%s;TZID=America/New_York:%04d%02d%02dT100000\r\n", prop, y, m, dd
      } }'
    printf 'END:VEVENT\r\nEND:VCALENDAR\r\n'
  } >"$out"
  ;;
recurrence-id)
  {
    head_ics
    event_start series
    printf 'RRULE:FREQ=DAILY\r\nEND:VEVENT\r\n'
    awk -v n="$n" 'BEGIN {
      for (i = 0; i < n; i++) {
        d = i % 3650; y = 2027 + int(d / 336); m = int(d % 336 / 28) + 1; dd = d % 28 + 1
        printf "BEGIN:VEVENT\r\nUID:series\r\nSUMMARY:Moved\r\n"
        printf "RECURRENCE-ID;TZID=America/New_York:%04d%02d%02dT100000\r\n", y, m, dd
        printf "DTSTART;TZID=America/New_York:%04d%02d%02dT140000\r\nDURATION:PT1H\r\n", y, m, dd
        printf "END:VEVENT\r\n"
      } }'
    printf 'END:VCALENDAR\r\n'
  } >"$out"
  ;;
events)
  {
    head_ics
    awk -v n="$n" 'BEGIN {
      for (i = 0; i < n; i++) {
        printf "BEGIN:VEVENT\r\nUID:ev-%d\r\nSUMMARY:Group %d\r\n", i, i
        printf "DTSTART;TZID=America/New_York:20261201T100000\r\nDURATION:PT1H\r\n"
        printf "RRULE:FREQ=WEEKLY;BYDAY=%s\r\nEND:VEVENT\r\n", substr("MOTUWETHFRSASU", i % 7 * 2 + 1, 2)
      } }'
    printf 'END:VCALENDAR\r\n'
  } >"$out"
  ;;
json-schedules)
  awk -v n="$n" 'BEGIN {
    printf "{\"id\": \"svc-1\", \"name\": \"Drop-in art studio\", \"schedules\": [\n"
    for (i = 0; i < n; i++)
      printf "%s{\"id\": \"sch-%d\", \"freq\": \"WEEKLY\", \"byday\": \"%s\", \"opens_at\": \"%02d:00\", \"closes_at\": \"%02d:30\", \"valid_from\": \"2026-01-01\"}\n",
        (i ? "," : ""), i, substr("MOTUWETHFRSASU", i % 7 * 2 + 1, 2), 8 + i % 10, 8 + i % 10
    printf "]}\n" }' >"$out"
  ;;
csv-rows)
  mkdir -p "$out"
  awk -v n="$n" -v dir="$out" 'BEGIN {
    s = dir "/services.csv"; c = dir "/schedules.csv"
    print "id,name,description" > s
    print "id,service_id,freq,byday,opens_at,closes_at" > c
    for (i = 0; i < n; i++) {
      printf "svc-%d,Group %d,\"A small group, meeting weekly\"\n", i, i > s
      printf "sch-%d,svc-%d,WEEKLY,%s,10:00,11:30\n", i, i, substr("MOTUWETHFRSASU", i % 7 * 2 + 1, 2) > c
    } }'
  ;;
*)
  echo "gen.sh: unknown class '$class'" >&2
  exit 64
  ;;
esac
