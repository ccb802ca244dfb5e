/* goals.c — reading a peer's goals for what they say about the kind of activity (see
** goals.h). A goal is read word by word (concepts_words, light-stemmed keys), so "talking",
** "talk" and "talked" meet, and a rule looks at the few words around a cue. */
#include "goals.h"

#include <stdbool.h>
#include <string.h>

#include "concepts.h"

#define GOAL_WORDS_MAX 64
#define GOAL_WINDOW    4 /* words between a cue and what it governs, at most */

struct goal_words {
    char keys[GOAL_WORDS_MAX][CONCEPT_WORD_MAX];
    size_t n;
};

static bool collect(void *vctx, const char *word, size_t n)
{
    struct goal_words *g = vctx;
    concepts_word_key(word, n, g->keys[g->n]);
    return ++g->n < GOAL_WORDS_MAX;
}

/* True when key is the match key of one of the words of list (NULL-terminated). */
static bool key_in(const char *key, const char *const *list)
{
    for (size_t i = 0; list[i]; i++) {
        char k[CONCEPT_WORD_MAX];
        concepts_word_key(list[i], strlen(list[i]), k);
        if (strcmp(key, k) == 0)
            return true;
    }
    return false;
}

/* Words that turn a wish around ("I can't leave the house"). */
static const char *const negations[] = {"can't", "cannot", "cant",  "not", "unable",
                                        "won't", "don't",  "never", NULL};

/* True when word i follows a negation within GOAL_WINDOW words. */
static bool negated(const struct goal_words *g, size_t i)
{
    for (size_t k = i >= GOAL_WINDOW ? i - GOAL_WINDOW : 0; k < i; k++)
        if (key_in(g->keys[k], negations))
            return true;
    return false;
}

/* True when a word of `first` is followed within GOAL_WINDOW words by a word of `then`.
** With not_negated, a `first` word that follows a negation does not count. */
static bool near_wish(const struct goal_words *g, const char *const *first, const char *const *then,
                      bool not_negated)
{
    for (size_t i = 0; i < g->n; i++) {
        if (!key_in(g->keys[i], first) || (not_negated && negated(g, i)))
            continue;
        for (size_t k = i + 1; k < g->n && k <= i + GOAL_WINDOW; k++)
            if (key_in(g->keys[k], then))
                return true;
    }
    return false;
}

static bool near(const struct goal_words *g, const char *const *first, const char *const *then)
{
    return near_wish(g, first, then, true);
}

static bool any(const struct goal_words *g, const char *const *list)
{
    for (size_t i = 0; i < g->n; i++)
        if (key_in(g->keys[i], list))
            return true;
    return false;
}

/* Cue words, compared by match key ("talking" meets "talk"). */
static const char *const without_cues[] = {"without", "no", "not", "don't", "never", "less", NULL};
static const char *const talk_words[] = {"talk",  "conversation", "chat",      "speak", "speaking",
                                         "share", "small",        "spotlight", NULL};
static const char *const quiet_words[] = {"quiet",        "quietly", "calm",
                                          "side-by-side", "listen",  NULL};
static const char *const befriend_cues[] = {"make", "find", "have", "meet", "new", "real", NULL};
static const char *const friend_words[] = {"friend", "friendship", "buddy", NULL};
static const char *const out_cues[] = {"get", "go", "leave", "out", NULL};
static const char *const out_words[] = {"house", "apartment", "room", "home",
                                        "out",   "outside",   NULL};

static unsigned read_one(const char *goal)
{
    struct goal_words g;
    g.n = 0;
    concepts_words(goal, collect, &g);
    unsigned flags = 0;
    if (near_wish(&g, without_cues, talk_words, false) || any(&g, quiet_words))
        flags |= GOAL_QUIETER;
    if (near(&g, befriend_cues, friend_words) || any(&g, (const char *const[]){"friendship", NULL}))
        flags |= GOAL_FRIEND;
    if (near(&g, out_cues, out_words) || near(&g, (const char *const[]){"in", "face", NULL},
                                              (const char *const[]){"person", "face", NULL}))
        flags |= GOAL_GET_OUT;
    return flags;
}

unsigned goals_read(const char *const *goals, size_t n)
{
    unsigned flags = 0;
    for (size_t i = 0; i < n; i++)
        if (goals[i])
            flags |= read_one(goals[i]);
    return flags;
}
