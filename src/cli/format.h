/* format.h — how the CLI shows times, amounts and numbers, once for every command (text and
** the JSON contract of docs/cli.md).
*/
#ifndef BELONG_CLI_FORMAT_H
#define BELONG_CLI_FORMAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* tzid, or BELONG_DEFAULT_TZ when it is NULL or empty. */
const char *cli_zone_of(const char *tzid);
/* "Tue 8 Dec 18:00" (with_year: "Tue 8 Dec 2026 18:00"), local to tzid. */
void cli_human_time(time_t t, const char *tzid, bool with_year, char *out, size_t len);
/* "cost unknown" (cents < 0), "free" (0), else format_usd's "$12" or "$12.50". */
void cli_cost_text(int cost_cents, char *out, size_t len);

/* A number rounded to decimals places, so the JSON stays short (2.1, not 2.1000000000000001). */
json_t *cli_json_rounded(double v, int decimals);
json_t *cli_json_string_or_null(const char *s);
/* t as local ISO-8601 with its offset in tzid's zone (cli_zone_of). */
json_t *cli_json_iso(time_t t, const char *tzid);

/* Dollars as docs/cli.md writes them: whole dollars as an integer (0, 15), else with cents
** (7.5); null when the directory does not say (cost_cents < 0). */
json_t *cli_json_cost(int cost_cents);
/* The names of the access features in access (enum access_flag bits), as an array. */
json_t *cli_json_access(unsigned access);
/* One search result as `belong search --json` writes it (docs/cli.md); text_category: the
** category TEXT was taken as, or NULL (cli/search.c). */
struct search_result;
struct category;
json_t *cli_search_result_json(const struct search_result *r, const struct category *text_category);
/* The weekdays of mask (bit 0 = Monday) as ["MO", "TU"...]. */
json_t *cli_json_weekdays(unsigned mask);

#endif
