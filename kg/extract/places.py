"""Place adjectives: which place «французский», «британский» or «кубинский» is of.

News name a country once and then by its adjective («французский лидер», «японский
премьер»). An adjective is of a place when its stem is the place name's, give or take
an ending («поль-ский», «Польша»), or when ``country_adjectives`` spells it out for
those not made like their place («турецкий»: «Турция»).
"""

from __future__ import annotations

import re
from functools import lru_cache
from os.path import commonprefix

from kg.extract.entities import ADJECTIVE_SUFFIX
from kg.extract.lexicon import normal, table
from kg.names import parses

PLACE_ENDING = re.compile(r"(?:ия|ии|[аеёиоуыэюя])$")
"""A place name's ending, also in the genitive inside a name («МИД Венгрии»)."""
MIN_STEM = 4
"""Letters an adjective's stem and a place name share at least («поль-ский», «Польша»)."""
MAX_STEM_TAIL = 2
"""Letters of the adjective's stem past what it shares with the place («франц-уз-ский»)."""


@lru_cache(maxsize=4096)
def _adjective_names(lemma: str) -> tuple[str, ...]:
    spelt = table("country_adjectives").get(lemma)
    return tuple(normal(name).strip() for name in spelt.split(",")) if spelt else ()


def _stems(name: str) -> str:
    return " ".join(PLACE_ENDING.sub("", word) for word in name.split())


def adjective_names(adjective: str, place: str) -> bool:
    """Whether a place adjective (its lemma) is of ``place``: «французский» of «Франция»,
    «британский» of «Великобритания»; not «австралийский» of «Австрия»."""
    place = normal(place)
    stems = f" {_stems(place)} "
    if any(f" {_stems(name)} " in stems for name in _adjective_names(adjective)):
        return True  # «кубинский»: «Куба», «Государственный совет Кубы»
    stem = ADJECTIVE_SUFFIX.sub("", adjective)
    if stem == adjective or len(stem) < MIN_STEM:
        return False
    for word in place.split():
        shared = len(commonprefix([stem, word]))
        if (shared >= MIN_STEM and shared >= len(PLACE_ENDING.sub("", word)) - 1
                and len(stem) - shared <= MAX_STEM_TAIL):
            return True
        if len(stem) > MIN_STEM and stem in word[1:]:  # «велико-британ-ия»
            return True
    return False


def place_of(adjectives, ents) -> str | None:
    """The place of the first place adjective among ``adjectives`` (tokens) that names one
    of ``ents``' places: «японский премьер» in an article that names «Япония»."""
    lemmas = [lemma for lemma in map(adjective_lemma, adjectives) if ADJECTIVE_SUFFIX.search(lemma)]
    if not lemmas:
        return None
    places = sorted({e[0]._.actor for e in ents if e.label_ == "LOC" and e[0]._.actor})
    return next((place for lemma in lemmas for place in places if adjective_names(lemma, place)), None)


def adjective_lemma(adjective) -> str:
    """The adjective's dictionary form, from pymorphy3 where the tagger left the word as
    it stands (it may, for an adjective without its noun: «…, румынскую — X»)."""
    lemma = normal(adjective.lemma_)
    if ADJECTIVE_SUFFIX.search(lemma):
        return lemma
    return next((normal(p.normal_form) for p in parses(adjective.lower_) if p.tag.POS == "ADJF"), lemma)
