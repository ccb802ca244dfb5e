/* measures.h — the validated measures of docs/practice.md (UCLA-3, LSNS-6, De Jong Gierveld 6,
** ONS4, the weekly check-in) as data, and the one engine that reads and scores their answers.
**
** An instrument is a table (instruments.c): its items with their exact wording, the answers
** each item takes (a stored code, the words a CPS types, a label, the points it scores), the
** scales computed from them (which items, how many may be missing, the bands with their
** meaning in words). The engine (measures.c) knows no instrument by name. Everything here is
** static data or plain values: nothing to free.
*/
#ifndef BELONG_MEASURES_H
#define BELONG_MEASURES_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

#define MEASURE_ITEMS_MAX       6    /* items in the longest instrument */
#define MEASURE_SCALES_MAX      4    /* scales of one instrument (ONS4: one per item) */
#define MEASURE_ANSWER_MISSING  (-1) /* the code of an item left unanswered */
#define MEASURE_ANSWER_TEXT_MAX 64   /* bytes of one typed answer ("more or less") */

/* The cut-offs of docs/practice.md, each a named constant used by the tables and by reports. */
#define UCLA3_LONELY_MIN             6  /* UCLA-3 sum 6 or more: lonely */
#define LSNS6_AT_RISK_BELOW          12 /* LSNS-6 total below 12: at risk of social isolation */
#define LSNS6_SUBSCALE_FLAG_BELOW    6  /* a subscale below 6: the less established flag */
#define DJG6_MODERATE_MIN            2  /* De Jong Gierveld 6 total 2-4: moderately lonely */
#define DJG6_SEVERE_MIN              5  /* 5-6: severely lonely */
#define DJG6_TOTAL_MISSING_ALLOWED   1  /* the total is missing if more than one item is */
#define ONS4_WELLBEING_MEDIUM_MIN    5  /* satisfaction, worthwhile, happy: 0-4 low, 5-6 medium */
#define ONS4_WELLBEING_HIGH_MIN      7  /* 7-8 high */
#define ONS4_WELLBEING_VERY_HIGH_MIN 9  /* 9-10 very high */
#define ONS4_ANXIETY_LOW_MIN         2  /* anxious: 0-1 very low, 2-3 low */
#define ONS4_ANXIETY_MEDIUM_MIN      4  /* 4-5 medium */
#define ONS4_ANXIETY_HIGH_MIN        6  /* 6-10 high */

/* One answer an item takes. */
struct measure_option {
    int code;          /* what is stored (e.g. 1 for "hardly ever", 1 for DJG "yes") */
    const char *key;   /* what a CPS types, lower case: "1", "yes", "more or less" */
    const char *label; /* words read to the peer: "hardly ever"; NULL when the key says it */
    int score;         /* points the answer adds to its scales */
};

/* The answers an item takes, in the order they are read out. */
struct measure_options {
    const struct measure_option *options;
    size_t n;
};

struct measure_item {
    const char *name; /* a short name for messages and charts: "left out" */
    const char *lead; /* words read before this item and those after it, or NULL */
    const char *text; /* the exact question or statement */
    const struct measure_options *answers;
};

/* A band of a scale's score, min..max inclusive. */
struct measure_band {
    int min, max;
    const char *slug;  /* stable name for JSON and the store: "at-risk" */
    const char *words; /* its meaning in words: "at risk of social isolation" */
};

/* A score computed from some items: the sum of their answers' points. */
struct measure_scale {
    const char *name;    /* slug: "total", "family", "emotional", "life-satisfaction" */
    const char *title;   /* "Family subscale" */
    unsigned items;      /* bit i set: item i (0-based) belongs to the scale */
    int missing_allowed; /* items that may be missing with the score still computed */
    const struct measure_band *bands; /* in score order, covering the range; NULL: none */
    size_t n_bands;
};

struct measure_instrument {
    const char *id;     /* "ucla3", "lsns6", "djg6", "ons4", "checkin" */
    const char *title;  /* "UCLA 3-item Loneliness Scale" */
    const char *source; /* the publication it is scored by, or a note for belong's own */
    const char *intro;  /* words read before the first item */
    const struct measure_item *items;
    size_t n_items;
    const struct measure_scale *scales;
    size_t n_scales;
    int total_scale;      /* index of the headline score in scales, or -1 (ONS4: never summed) */
    bool missing_allowed; /* items may be left unanswered (the scales' rules then apply) */
};

/* A scale's result. */
struct measure_scale_result {
    const struct measure_scale *scale;
    int n_missing;                   /* its items left unanswered */
    bool missing;                    /* more of them than the scale allows: no score */
    int score;                       /* 0 when missing */
    const struct measure_band *band; /* NULL when missing or the scale has no bands */
};

struct measure_result {
    const struct measure_instrument *instrument;
    int codes[MEASURE_ITEMS_MAX]; /* the answers scored, MEASURE_ANSWER_MISSING when not given */
    struct measure_scale_result scales[MEASURE_SCALES_MAX]; /* as instrument->scales */
    size_t n_scales;
};

/* The instruments, in the order they are listed. */
extern const struct measure_instrument *const measure_instruments[];
extern const size_t measure_instrument_count;

/* The instrument named id, ignoring case, '-', '_' and spaces ("UCLA-3", "ucla3", "DJG 6"),
** or NULL. */
const struct measure_instrument *measure_find(const char *id);

/* The lowest and highest score of a scale (sum of its items' lowest and highest points).
** OUT: *min, *max. Cannot fail. */
void measure_scale_range(const struct measure_instrument *in, const struct measure_scale *scale,
                         int *min, int *max);

/* The option of item (0-based) whose code is code, or NULL. */
const struct measure_option *measure_option_of(const struct measure_item *item, int code);

/* Appends the answers item accepts to out, as read in a message: `1 (hardly ever), 2 (some of
** the time), 3 (often)`; with ", or - or nothing when not answered" when the instrument allows
** missing items. Cannot fail. */
void measure_describe_answers(const struct measure_instrument *in, const struct measure_item *item,
                              struct buf *out);

/* Reads answers typed as one text, one answer per item in order, separated by commas:
** "2,3,1", "yes, more or less, no, no, yes, -". An answer is the option's key or its label
** (any case, spaces folded); an empty field or "-" is an unanswered item. OUT: codes[0..n_items)
** (MEASURE_ANSWER_MISSING for unanswered items; the array must hold MEASURE_ITEMS_MAX).
** Problems go to diag as `SOURCE: item N (name): what is wrong and what is allowed`, or
** `SOURCE: answers: ...` for a wrong count. Unanswered items are not judged here: see
** measure_score. Returns 0 or BELONG_EDATA. */
int measure_parse_answers(const struct measure_instrument *in, const char *text, int *codes,
                          struct diag *diag, const char *source);

/* Scores codes[0..n_codes) (from measure_parse_answers, or the store) as published. Refuses
** (BELONG_EDATA, problems to diag under source) a wrong count of answers, a code an item does
** not take, an unanswered item where the instrument needs every item, and answers from which
** no scale can be computed. OUT: *result, filled only on success. */
int measure_score(const struct measure_instrument *in, const int *codes, size_t n_codes,
                  struct measure_result *result, struct diag *diag, const char *source);

/* The headline result (the total), or NULL when the instrument has none (ONS4). */
const struct measure_scale_result *measure_total(const struct measure_result *r);

#endif
