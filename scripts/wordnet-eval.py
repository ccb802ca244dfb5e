#!/usr/bin/env python3
# Measures what WordNet would add to belong's concept map (docs/matching.md, "WordNet"): for
# typical peer words, the synonyms and hypernyms WordNet gives (nouns and verbs, all senses) and
# how many of them occur in the demo listings' names, tags and descriptions.
# Needs the `wn` command (Debian package `wordnet`); not part of the build or the tests.
# usage: scripts/wordnet-eval.py [WORD...]
import os
import re
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
WORDS = ("plants bikes goats tomatoes sing church anime fix knitting drums cooking computer "
         "hiking poker prayer dog painting basketball bread reading").split()


def listing_vocabulary():
    vocab = set()
    with open(os.path.join(ROOT, "data", "demo", "activities.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 13:
                continue
            text = " ".join((cols[3], cols[4], cols[12])).lower()
            vocab.update(re.findall(r"[a-z][a-z\-]+", text))
            vocab.update(t.strip().lower() for t in cols[4].split(","))
    return vocab


def wordnet_terms(word):
    terms = set()
    for option in ("-synsn", "-synsv", "-hypen", "-hypev"):
        out = subprocess.run(["wn", word, option], capture_output=True, text=True).stdout
        for line in out.splitlines():
            line = line.strip()
            if not line or line.startswith(("Synonyms", "Sense", "Hypernyms")) or "sense" in line:
                continue
            line = re.sub(r"^(=>|INSTANCE OF=>)\s*", "", line)
            terms.update(t.strip().lower() for t in line.split(",") if t.strip())
    terms.discard(word)
    return terms


def main():
    vocab = listing_vocabulary()
    hits_total = noise_total = 0
    for word in sys.argv[1:] or WORDS:
        base = word[:-1] if word.endswith("s") and not word.endswith("ss") else word
        terms = wordnet_terms(base)
        hits = sorted(t for t in terms if t in vocab)
        hits_total += len(hits)
        noise_total += len(terms) - len(hits)
        print(f"{word:12} wordnet terms {len(terms):3}, in listings {len(hits):2}: {', '.join(hits[:8])}")
    print(f"in listings {hits_total}, not in any listing {noise_total}")


if __name__ == "__main__":
    main()
