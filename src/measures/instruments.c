/* instruments.c — the measures as data: each instrument's exact wording, answers, scales and
** bands, as docs/practice.md gives them. Adding an instrument is adding a table here; the
** engine (measures.c) scores them all the same way.
*/
#include "measures.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- UCLA 3-item Loneliness Scale ---------------------------------------------------------- */

static const struct measure_option ucla_option_list[] = {
    {1, "1", "hardly ever", 1},
    {2, "2", "some of the time", 2},
    {3, "3", "often", 3},
};
static const struct measure_options ucla_options = {ucla_option_list, COUNT(ucla_option_list)};

static const struct measure_item ucla_items[] = {
    {"lack companionship", NULL, "How often do you feel that you lack companionship?",
     &ucla_options},
    {"left out", NULL, "How often do you feel left out?", &ucla_options},
    {"isolated", NULL, "How often do you feel isolated from others?", &ucla_options},
};

static const struct measure_band ucla_bands[] = {
    {3, UCLA3_LONELY_MIN - 1, "not-lonely", "not lonely (below the commonly used cut-off of 6)"},
    {UCLA3_LONELY_MIN, 9, "lonely", "lonely (6 or more, the commonly used cut-off)"},
};

static const struct measure_scale ucla_scales[] = {
    {"total", "Loneliness (sum of the three items)", 0x7u, 0, ucla_bands, COUNT(ucla_bands)},
};

static const struct measure_instrument ucla3 = {
    .id = "ucla3",
    .title = "UCLA 3-item Loneliness Scale",
    .source = "Hughes, Waite, Hawkley & Cacioppo (2004), Research on Aging 26(6)",
    .intro = "The next questions are about how you feel about different aspects of your life. "
             "For each one, tell me how often you feel that way.",
    .items = ucla_items,
    .n_items = COUNT(ucla_items),
    .scales = ucla_scales,
    .n_scales = COUNT(ucla_scales),
    .total_scale = 0,
    .missing_allowed = false,
};

/* ---- Lubben Social Network Scale, 6 items -------------------------------------------------- */

static const struct measure_option lsns_option_list[] = {
    {0, "0", "none", 0},
    {1, "1", "one", 1},
    {2, "2", "two", 2},
    {3, "3", "three or four", 3},
    {4, "4", "five through eight", 4},
    {5, "5", "nine or more", 5},
};
static const struct measure_options lsns_options = {lsns_option_list, COUNT(lsns_option_list)};

static const struct measure_item lsns_items[] = {
    {"relatives seen",
     "Family: considering the people to whom you are related by birth, marriage, adoption, "
     "etc.",
     "How many relatives do you see or hear from at least once a month?", &lsns_options},
    {"relatives to talk to", NULL,
     "How many relatives do you feel at ease with that you can talk about private matters?",
     &lsns_options},
    {"relatives to call on", NULL,
     "How many relatives do you feel close to such that you could call on them for help?",
     &lsns_options},
    {"friends seen",
     "Friendships: considering all of your friends, including those who live in your "
     "neighborhood.",
     "How many of your friends do you see or hear from at least once a month?", &lsns_options},
    {"friends to talk to", NULL,
     "How many friends do you feel at ease with that you can talk about private matters?",
     &lsns_options},
    {"friends to call on", NULL,
     "How many friends do you feel close to such that you could call on them for help?",
     &lsns_options},
};

static const struct measure_band lsns_total_bands[] = {
    {0, LSNS6_AT_RISK_BELOW - 1, "at-risk", "at risk of social isolation (below 12)"},
    {LSNS6_AT_RISK_BELOW, 30, "not-at-risk", "not at risk of social isolation (12 or more)"},
};
static const struct measure_band lsns_family_bands[] = {
    {0, LSNS6_SUBSCALE_FLAG_BELOW - 1, "few-ties",
     "few family ties (below 6: a commonly quoted but less established flag)"},
    {LSNS6_SUBSCALE_FLAG_BELOW, 15, "ties", "family ties at 6 or more"},
};
static const struct measure_band lsns_friends_bands[] = {
    {0, LSNS6_SUBSCALE_FLAG_BELOW - 1, "few-ties",
     "few friendship ties (below 6: a commonly quoted but less established flag)"},
    {LSNS6_SUBSCALE_FLAG_BELOW, 15, "ties", "friendship ties at 6 or more"},
};

static const struct measure_scale lsns_scales[] = {
    {"total", "Social network (sum of the six items)", 0x3Fu, 0, lsns_total_bands,
     COUNT(lsns_total_bands)},
    {"family", "Family subscale (items 1-3)", 0x07u, 0, lsns_family_bands,
     COUNT(lsns_family_bands)},
    {"friends", "Friends subscale (items 4-6)", 0x38u, 0, lsns_friends_bands,
     COUNT(lsns_friends_bands)},
};

static const struct measure_instrument lsns6 = {
    .id = "lsns6",
    .title = "Lubben Social Network Scale, 6 items (LSNS-6)",
    .source = "Lubben et al. (2006), The Gerontologist 46(4):503-513",
    .intro = "These questions are about the people in your life. For each, give a number: "
             "none, one, two, three or four, five through eight, or nine or more.",
    .items = lsns_items,
    .n_items = COUNT(lsns_items),
    .scales = lsns_scales,
    .n_scales = COUNT(lsns_scales),
    .total_scale = 0,
    .missing_allowed = false,
};

/* ---- De Jong Gierveld 6-item Loneliness Scale ---------------------------------------------- */
/* Asked in the published order (emptiness, rely, trust, close, miss, rejected). Emotional items
** score "yes" and "more or less"; social items, worded positively, score "no" and "more or
** less". Codes are the same for both: 1 yes, 2 more or less, 3 no. */

static const struct measure_option djg_emotional_option_list[] = {
    {1, "yes", NULL, 1},
    {2, "more or less", NULL, 1},
    {3, "no", NULL, 0},
};
static const struct measure_options djg_emotional_options = {djg_emotional_option_list,
                                                             COUNT(djg_emotional_option_list)};

static const struct measure_option djg_social_option_list[] = {
    {1, "yes", NULL, 0},
    {2, "more or less", NULL, 1},
    {3, "no", NULL, 1},
};
static const struct measure_options djg_social_options = {djg_social_option_list,
                                                          COUNT(djg_social_option_list)};

static const struct measure_item djg_items[] = {
    {"emptiness", NULL, "I experience a general sense of emptiness.", &djg_emotional_options},
    {"rely on", NULL, "There are plenty of people I can rely on when I have problems.",
     &djg_social_options},
    {"trust", NULL, "There are many people I can trust completely.", &djg_social_options},
    {"close", NULL, "There are enough people I feel close to.", &djg_social_options},
    {"miss people", NULL, "I miss having people around.", &djg_emotional_options},
    {"rejected", NULL, "I often feel rejected.", &djg_emotional_options},
};

static const struct measure_band djg_total_bands[] = {
    {0, DJG6_MODERATE_MIN - 1, "not-lonely", "not lonely"},
    {DJG6_MODERATE_MIN, DJG6_SEVERE_MIN - 1, "moderately-lonely", "moderately lonely"},
    {DJG6_SEVERE_MIN, 6, "severely-lonely", "severely lonely"},
};

static const struct measure_scale djg_scales[] = {
    {"total", "Loneliness (all six items)", 0x3Fu, DJG6_TOTAL_MISSING_ALLOWED, djg_total_bands,
     COUNT(djg_total_bands)},
    {"emotional", "Emotional loneliness (items 1, 5, 6)", 0x31u, 0, NULL, 0},
    {"social", "Social loneliness (items 2, 3, 4)", 0x0Eu, 0, NULL, 0},
};

static const struct measure_instrument djg6 = {
    .id = "djg6",
    .title = "De Jong Gierveld 6-item Loneliness Scale",
    .source = "De Jong Gierveld & Van Tilburg (2006), Research on Aging 28(5)",
    .intro = "For each of these statements, please say how far it applies to you, the way you "
             "feel now: yes, more or less, or no.",
    .items = djg_items,
    .n_items = COUNT(djg_items),
    .scales = djg_scales,
    .n_scales = COUNT(djg_scales),
    .total_scale = 0,
    .missing_allowed = true,
};

/* ---- ONS4 personal wellbeing ---------------------------------------------------------------- */

static const struct measure_option ons_option_list[] = {
    {0, "0", "not at all", 0},
    {1, "1", NULL, 1},
    {2, "2", NULL, 2},
    {3, "3", NULL, 3},
    {4, "4", NULL, 4},
    {5, "5", NULL, 5},
    {6, "6", NULL, 6},
    {7, "7", NULL, 7},
    {8, "8", NULL, 8},
    {9, "9", NULL, 9},
    {10, "10", "completely", 10},
};
static const struct measure_options ons_options = {ons_option_list, COUNT(ons_option_list)};

static const struct measure_item ons_items[] = {
    {"life satisfaction", NULL, "Overall, how satisfied are you with your life nowadays?",
     &ons_options},
    {"worthwhile", NULL,
     "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
     &ons_options},
    {"happy yesterday", NULL, "Overall, how happy did you feel yesterday?", &ons_options},
    {"anxious yesterday", NULL, "Overall, how anxious did you feel yesterday?", &ons_options},
};

static const struct measure_band ons_wellbeing_bands[] = {
    {0, ONS4_WELLBEING_MEDIUM_MIN - 1, "low", "low"},
    {ONS4_WELLBEING_MEDIUM_MIN, ONS4_WELLBEING_HIGH_MIN - 1, "medium", "medium"},
    {ONS4_WELLBEING_HIGH_MIN, ONS4_WELLBEING_VERY_HIGH_MIN - 1, "high", "high"},
    {ONS4_WELLBEING_VERY_HIGH_MIN, 10, "very-high", "very high"},
};
static const struct measure_band ons_anxiety_bands[] = {
    {0, ONS4_ANXIETY_LOW_MIN - 1, "very-low", "very low anxiety"},
    {ONS4_ANXIETY_LOW_MIN, ONS4_ANXIETY_MEDIUM_MIN - 1, "low", "low anxiety"},
    {ONS4_ANXIETY_MEDIUM_MIN, ONS4_ANXIETY_HIGH_MIN - 1, "medium", "medium anxiety"},
    {ONS4_ANXIETY_HIGH_MIN, 10, "high", "high anxiety"},
};

/* Never summed: one scale per item, each with its own bands. */
static const struct measure_scale ons_scales[] = {
    {"life-satisfaction", "Life satisfaction", 0x1u, 0, ons_wellbeing_bands,
     COUNT(ons_wellbeing_bands)},
    {"worthwhile", "Worthwhile", 0x2u, 0, ons_wellbeing_bands, COUNT(ons_wellbeing_bands)},
    {"happiness", "Happiness yesterday", 0x4u, 0, ons_wellbeing_bands, COUNT(ons_wellbeing_bands)},
    {"anxiety", "Anxiety yesterday", 0x8u, 0, ons_anxiety_bands, COUNT(ons_anxiety_bands)},
};

static const struct measure_instrument ons4 = {
    .id = "ons4",
    .title = "ONS4 personal wellbeing",
    .source = "Office for National Statistics (UK), personal wellbeing questions",
    .intro = "Next I would like to ask you four questions about your feelings on aspects of your "
             "life. There are no right or wrong answers. For each of these questions I'd like "
             "you to give an answer on a scale of 0 to 10, where 0 is \"not at all\" and 10 is "
             "\"completely\".",
    .items = ons_items,
    .n_items = COUNT(ons_items),
    .scales = ons_scales,
    .n_scales = COUNT(ons_scales),
    .total_scale = -1,
    .missing_allowed = false,
};

/* ---- Weekly check-in (belong's own, not a validated scale) ---------------------------------- */

static const struct measure_option checkin_option_list[] = {
    {1, "1", "not at all connected", 1}, {2, "2", "a little connected", 2},
    {3, "3", "somewhat connected", 3},   {4, "4", "quite connected", 4},
    {5, "5", "very connected", 5},
};
static const struct measure_options checkin_options = {checkin_option_list,
                                                       COUNT(checkin_option_list)};

static const struct measure_item checkin_items[] = {
    {"connected", NULL, "How connected did you feel this week?", &checkin_options},
};

static const struct measure_scale checkin_scales[] = {
    {"connected", "Connected this week", 0x1u, 0, NULL, 0},
};

static const struct measure_instrument checkin = {
    .id = "checkin",
    .title = "Weekly check-in",
    .source = "belong's own one-item check-in (not a validated scale: no bands)",
    .intro = "A quick check-in: answer from 1 (not at all connected) to 5 (very connected).",
    .items = checkin_items,
    .n_items = COUNT(checkin_items),
    .scales = checkin_scales,
    .n_scales = COUNT(checkin_scales),
    .total_scale = 0,
    .missing_allowed = false,
};

const struct measure_instrument *const measure_instruments[] = {&ucla3, &lsns6, &djg6, &ons4,
                                                                &checkin};
const size_t measure_instrument_count = COUNT(measure_instruments);
