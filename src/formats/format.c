/* format.c — the table of directory formats belong reads (format.h): which one a path is in,
** by content first and name second, and the few bytes detection looks at.
*/
#include "format.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "hsds.h"
#include "ical.h"

const struct format format_table[] = {
    {"hsds", "an Open Referral HSDS source (a folder of CSV files, or a .json file)", hsds_detect,
     hsds_parse, true},
    {"ical", "an iCalendar (.ics) file", ical_detect, ical_parse, false},
    {NULL, NULL, NULL, NULL, false},
};

const struct format *format_find(const char *name)
{
    for (const struct format *f = format_table; name && f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

const struct format *format_detect(const char *path)
{
    const struct format *best = NULL;
    int best_how = 0;
    for (const struct format *f = format_table; f->name; f++) {
        int how = f->detect(path);
        if (how > best_how) {
            best = f;
            best_how = how;
        }
    }
    return best;
}

size_t format_peek(const char *path, char *out, size_t n)
{
    struct stat st;
    out[0] = '\0';
    if (n < 2 || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    /* Blank lines, spaces and a byte order mark may come first: skip up to a page of them. */
    int c;
    long skipped = 0;
    while ((c = getc(f)) != EOF && skipped++ < 4096 &&
           (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF))
        ;
    size_t len = 0;
    while (c != EOF && len < n - 1) {
        out[len++] = (char)c;
        c = getc(f);
    }
    out[len] = '\0';
    fclose(f);
    return len;
}

bool format_name_ends(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n >= k && strcasecmp(name + n - k, suffix) == 0;
}
