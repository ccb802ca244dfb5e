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
/* The one way text output writes a cost: "cost not listed" (cents < 0), "free" (0), else
** format_usd's "$12" or "$12.50". */
void cli_cost_text(int cost_cents, char *out, size_t len);
/* The one way text output writes a distance: "1.2 mi", "under 0.1 mi"; approximate (a place at
** its ZIP code's or town's centre): "about 1.2 mi", "within about 0.1 mi". */
void cli_distance_text(double miles, bool approximate, char *out, size_t len);

/* --color=WHEN (docs/cli.md): colour in text output to a terminal, never in JSON. */
enum cli_color_when { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };
/* Reads "auto", "always" or "never". Returns false for anything else. */
bool cli_color_parse(const char *text, enum cli_color_when *out);
/* Whether text written to a stream whose descriptor is fd gets colour: always; never; auto: fd
** is a terminal (isatty) and NO_COLOR is unset or empty (https://no-color.org). */
bool cli_color_decide(enum cli_color_when when, int fd);
/* The styles text output uses, as escape sequences (SGR), or "" when colour is off. */
enum cli_style {
    CLI_STYLE_RESET,
    CLI_STYLE_BOLD,
    CLI_STYLE_DIM,
    CLI_STYLE_GREEN,
    CLI_STYLE_YELLOW
};
const char *cli_style(bool color, enum cli_style style);

/* A number rounded to decimals places, so the JSON stays short (2.1, not 2.1000000000000001). */
double cli_rounded(double v, int decimals);
json_t *cli_json_rounded(double v, int decimals);
/* s as a JSON string; null when s is NULL or not UTF-8 (as json_out_string writes it). */
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
