"""Term lists for :func:`mixscope.metrics.groups.group_mentions`, written for MixScope.

``GROUP_TERMS`` maps an *axis* (gender, age, religion, ...) to its *groups* and each group to the
lowercase words and phrases that count as a mention of it. The lists were written for this project,
inspired by the descriptor lists of HolisticBias (Smith et al., 2022) and by the definitional
gender word pairs of Bolukbasi et al. (2016); they are not copied from either. They aim at clear
mentions of people, not at completeness.

Matching rules
--------------
- Case-insensitive, whole words only (regex ``\\b`` word boundaries): ``"he"`` matches "He said"
  and "he's" but not "the" or "hello". For texts in ASCII a single-word term matches exactly
  when it is one of :func:`mixscope.metrics.lexical.tokenize`'s tokens.
- Plurals and irregular forms are listed explicitly (``"woman"``, ``"women"``); nothing is stemmed.
- In a term, a space matches any run of whitespace and a hyphen matches a hyphen, a space or
  nothing, so ``"non-binary"`` also finds "nonbinary" and "non binary".
- A term can also be a compiled regex (RE2 syntax, over lowercased text, inside the same word
  boundaries) for open classes: a modifier before a noun for a person (:func:`person_pattern`,
  "blind coworker", "Polish family"), a stated age (:func:`age_pattern`, "84-year-old
  neighbor", ages in :data:`YOUNG_AGES` / :data:`OLDER_AGES`) and an origin
  (:func:`origin_pattern`, "grew up in Nigeria").
- A document mentions a group if any of its terms occurs at least once; a document can mention
  several groups, of one axis or of several.

Documented choices
------------------
- Religion: a place of worship or an unambiguous religious leader counts as a mention of the
  community (church/pastor/vicar, mosque/imam, synagogue/rabbi, gurdwara). "temple" is filed
  under Hindu and "meditation center" under Buddhist, although a temple can be Buddhist, Jain or
  Jewish Reform (or a body part) and meditation can be secular; "priest", "monk" and "minister"
  serve several religions and are not listed.
- Nationality: the adjective ("Nigerian"), or the country after "grew up in", "born in", "raised
  in", "who is from", "immigrants from" (never the bare country name: "a trip to Mexico" is not
  a person).
- Age: "young"/"older" in front of a noun for a person, stated ages, "retired" after an article.
  Words for children (kids, son, daughter) are not counted as ``young``.

Measured recall
---------------
On the demo corpora (``data/*.csv``, whose ``group`` column labels the group each text
mentions; ``tests/test_demo_metrics.py``), every document labelled with a group is detected as
mentioning it (16 groups, 192 real documents each; recall 100 % in all three files), and no
document labelled ``none`` mentions a group of the age, religion, nationality, disability or
race/ethnicity axes; 0.8 % of them (real) mention gender, through "her" said of a pet.

Limits
------
- English only.
- Gender pronouns count as mentions ("she", "him", ...); singular "they" is not counted, because it
  cannot be told apart from plural "they" by matching words.
- A word is not always a person: "Chinese food", "the Isle of Man". Colour words are listed only
  in phrases ("white people", never "white" as in "white house"), and so is "disabled" ("disabled
  people", never "disabled the alarm"). Share and ratio metrics built on these mentions are
  screening signals, to be read next to the documents, not verdicts.
- Some dispreferred or dated terms (e.g. "handicapped") are listed because texts use them: they
  are mentions of the group, whatever one thinks of the word.

References
----------
Smith, E. M., Hall, M., Kambadur, M., Presani, E. & Williams, A. (2022). "I'm sorry to hear that":
Finding New Biases in Language Models with a Holistic Descriptor Dataset. EMNLP.
Bolukbasi, T., Chang, K.-W., Zou, J., Saligrama, V. & Kalai, A. (2016). Man is to Computer
Programmer as Woman is to Homemaker? Debiasing Word Embeddings. NeurIPS.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

__all__ = [
    "GROUP_TERMS",
    "OLDER_AGES",
    "PERSON_NOUNS",
    "YOUNG_AGES",
    "Term",
    "Terms",
    "age_pattern",
    "origin_pattern",
    "person_pattern",
]

Term = str | re.Pattern[str]
Terms = Mapping[str, Mapping[str, Sequence[Term]]]

#: Nouns for people that a modifier can describe ("blind coworker", "Polish family",
#: "young professionals", "84-year-old neighbor"). Words for children (child, kid, son,
#: daughter, boy, girl) are left out, so "young" + noun stays about teenagers and young adults.
PERSON_NOUNS: tuple[str, ...] = (
    "person", "people", "man", "men", "woman", "women", "adult", "adults", "guy", "guys",
    "neighbor", "neighbors", "neighbour", "neighbours", "coworker", "coworkers", "colleague",
    "colleagues", "classmate", "classmates", "roommate", "roommates", "flatmate", "flatmates",
    "housemate", "housemates", "teammate", "teammates", "friend", "friends", "cousin", "cousins",
    "relative", "relatives", "family", "families", "couple", "couples", "partner", "partners",
    "mother", "father", "mom", "dad", "sister", "sisters", "brother", "brothers", "aunt",
    "uncle", "wife", "husband", "student", "students", "worker", "workers", "employee",
    "employees", "professional", "professionals", "volunteer", "volunteers", "resident",
    "residents", "tenant", "tenants", "customer", "customers", "client", "clients", "patient",
    "patients", "guest", "guests", "member", "members", "athlete", "athletes", "veteran",
    "veterans", "voter", "voters", "driver", "drivers", "nurse", "nurses", "teacher",
    "teachers", "engineer", "engineers", "doctor", "doctors", "artist", "artists", "writer",
    "writers", "musician", "musicians", "user", "users", "mentor", "mentors", "community",
    "communities",
)  # fmt: skip

#: Ages read as "young" (teenagers and people in their twenties: Pew Research's "young adults"
#: are 18-29) and as "older" (65 and over, the threshold of "older persons" in OECD and Eurostat
#: statistics; the UN and WHO also use 60).
YOUNG_AGES, OLDER_AGES = range(13, 30), range(65, 120)


def _words(words: Sequence[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


def person_pattern(*modifiers: str, nouns: Sequence[str] = PERSON_NOUNS) -> re.Pattern[str]:
    """A modifier followed by a noun for a person: ``"blind coworker"``, not ``"blind spot"``.

    Examples
    --------
    >>> p = person_pattern("blind")
    >>> bool(p.fullmatch("blind  coworker")), bool(p.fullmatch("blind spot"))
    (True, False)
    """
    return re.compile(rf"(?:{_words(modifiers)})\s+(?:{_words(nouns)})")


def age_pattern(ages: range, *, nouns: Sequence[str] = PERSON_NOUNS) -> re.Pattern[str]:
    """A person's stated age within ``ages``: ``"my 84-year-old neighbor"``, ``"20-year-olds"``,
    ``"aged 19"``, ``"who is only 23"`` (not ``"a 20-year-old car"``).

    Examples
    --------
    >>> p = age_pattern(range(65, 120))
    >>> [bool(p.fullmatch(t)) for t in ("84-year-old neighbor", "84 year old car", "aged 70")]
    [True, False, True]
    """
    n = "|".join(str(a) for a in ages)
    return re.compile(
        rf"(?:(?:{n})[\s-]?years?[\s-]?old\s+(?:{_words(nouns)})|(?:{n})[\s-]?years?[\s-]?olds"
        rf"|aged\s+(?:{n})|who\s+is\s+(?:only\s+|just\s+)?(?:{n}))"
    )


def origin_pattern(*countries: str) -> re.Pattern[str]:
    """A person's origin: ``"grew up in Poland"``, ``"born in Nigeria"``, ``"who is from China"``
    (not ``"a trip to China"`` or ``"imported from China"``).

    Examples
    --------
    >>> p = origin_pattern("poland")
    >>> bool(p.fullmatch("grew up in poland")), bool(p.fullmatch("imported from poland"))
    (True, False)
    """
    lead = r"(?:grew\s+up|born|raised)\s+in|(?:who\s+is|who\s+came|immigrants?|moved\s+here)\s+from"
    return re.compile(rf"(?:{lead})\s+(?:{_words(countries)})")


GROUP_TERMS: dict[str, dict[str, tuple[Term, ...]]] = {
    "gender": {
        "women": (
            "woman", "women", "girl", "girls", "lady", "ladies", "female", "females",
            "she", "her", "hers", "herself", "mother", "mothers", "mom", "moms", "mum", "mums",
            "daughter", "daughters", "sister", "sisters", "wife", "wives", "aunt", "aunts",
            "niece", "nieces", "grandmother", "grandmothers", "girlfriend", "girlfriends",
            "bride", "brides", "businesswoman", "businesswomen", "actress", "actresses",
        ),
        "men": (
            "man", "men", "boy", "boys", "gentleman", "gentlemen", "male", "males",
            "he", "him", "his", "himself", "father", "fathers", "dad", "dads",
            "son", "sons", "brother", "brothers", "husband", "husbands", "uncle", "uncles",
            "nephew", "nephews", "grandfather", "grandfathers", "boyfriend", "boyfriends",
            "groom", "grooms", "businessman", "businessmen",
        ),
        "non-binary": (
            "non-binary", "enby", "genderqueer", "genderfluid", "agender",
            "gender non-conforming",
        ),
    },
    "age": {
        "young": (
            "young people", "young person", "young adult", "young adults", "young man",
            "young men", "young woman", "young women", "youth", "youths", "teen", "teens",
            "teenager", "teenagers", "adolescent", "adolescents", "millennial", "millennials",
            "gen z", "twenty-somethings", "twentysomethings",
            person_pattern("young", "teenage"), age_pattern(YOUNG_AGES),
        ),
        "older": (
            "older people", "older person", "older adult", "older adults", "old man", "old men",
            "old woman", "old women", "old people", "elderly", "senior citizen",
            "senior citizens", "seniors", "retiree", "retirees", "pensioner", "pensioners",
            "boomer", "boomers", "octogenarian", "octogenarians", "nonagenarian",
            "nonagenarians", "centenarian", "centenarians", "retired people",
            "who is retired", "who are retired",
            person_pattern("elderly", "retired"), age_pattern(OLDER_AGES),
            # "a retired nurse": the article rules out "I retired the old laptop"
            re.compile(r"(?:a|the|my|our|his|her|their)\s+retired"),
        ),
    },
    "religion": {
        "christian": (
            "christian", "christians", "christianity", "catholic", "catholics", "catholicism",
            "protestant", "protestants", "evangelical", "evangelicals",
            "church", "churches", "churchgoer", "churchgoers", "pastor", "pastors", "vicar",
            "vicars", "parishioner", "parishioners",
        ),
        "muslim": ("muslim", "muslims", "islam", "islamic", "mosque", "mosques", "imam", "imams"),
        "jewish": (
            "jewish", "jew", "jews", "judaism", "synagogue", "synagogues", "rabbi", "rabbis",
        ),
        "hindu": ("hindu", "hindus", "hinduism", "temple", "temples", "mandir", "mandirs"),
        "buddhist": (
            "buddhist", "buddhists", "buddhism", "meditation center", "meditation centers",
            "meditation centre", "meditation centres",
        ),
        "sikh": ("sikh", "sikhs", "sikhism", "gurdwara", "gurdwaras"),
        "atheist": (
            "atheist", "atheists", "atheism", "agnostic", "agnostics", "non-religious",
        ),
    },
    "race_ethnicity": {
        "black": (
            "black people", "black person", "black man", "black men", "black woman",
            "black women", "black americans", "african-american", "african-americans",
        ),
        "white": (
            "white people", "white person", "white man", "white men", "white woman",
            "white women", "white americans", "caucasian", "caucasians",
        ),
        "asian": ("asian", "asians", "asian-american", "asian-americans"),
        "latino": (
            "latino", "latinos", "latina", "latinas", "latinx", "hispanic", "hispanics",
        ),
        "arab": ("arab", "arabs", "middle eastern"),
        "indigenous": (
            "indigenous", "native american", "native americans", "first nations",
            "aboriginal", "aborigines", "alaska native", "alaska natives",
        ),
    },
    "nationality": {
        "american": (
            "american", "americans",
            origin_pattern("america", "the united states", "the us", "the usa"),
        ),
        "british": (
            "british", "briton", "britons", "scottish", "welsh",
            origin_pattern(
                "britain", "the uk", "the united kingdom", "england", "scotland", "wales"
            ),
        ),
        "chinese": ("chinese", origin_pattern("china")),
        "indian": ("indian", "indians", origin_pattern("india")),
        "mexican": ("mexican", "mexicans", origin_pattern("mexico")),
        "nigerian": ("nigerian", "nigerians", origin_pattern("nigeria")),
        "polish": (
            # "polish" alone is also the verb and the shoe polish: only before a person noun
            "polish-american", "polish-americans", person_pattern("polish"),
            origin_pattern("poland"),
        ),
        "russian": ("russian", "russians", origin_pattern("russia")),
        "german": ("german", "germans", origin_pattern("germany")),
    },
    "disability": {
        "disabled": (
            "disabled people", "disabled person", "disabled man", "disabled men",
            "disabled woman", "disabled women", "disabled adults", "disabled children",
            "disabled veterans", "disability", "disabilities", "handicapped",
        ),
        "mobility": (
            "wheelchair user", "wheelchair users", "uses a wheelchair", "in a wheelchair",
            "paraplegic", "paraplegics", "quadriplegic", "quadriplegics", "amputee",
            "amputees",
        ),
        "blind": (
            "blind person", "blind people", "blind man", "blind men", "blind woman",
            "blind women", "who is blind", "who are blind", "legally blind", "went blind",
            "visually impaired", "low vision", person_pattern("blind"),
        ),
        "deaf": (
            "deaf", "hard of hearing", "hearing impaired", "hearing-impaired",
        ),
        "neurodivergent": (
            "autistic", "autism", "on the spectrum", "adhd", "dyslexic", "dyslexia",
            "neurodivergent", "down syndrome",
        ),
    },
}  # fmt: skip
