"""Finding enterprises by what people type: diacritics- and case-insensitive, typo-tolerant, and fast.

An in-memory index over the folded words of each enterprise's name and zone. Each word's postings are a bitset
(a Python int, bit i = the entry at position i), so intersecting "cong" with "ty" costs the same few microseconds
whether they match ten entries or ten thousand. A query word matches an entry's word whole, as its beginning, as
the beginning of a word that sounds the same where regional accents blur the initials (s/x, ch/tr, d/gi/r, l/n:
"hoa sa" → "Hòa Xá"), or within a small edit distance (found over the vocabulary, not the entries). Entries matching
every query word come in tiers: whole words in the name, whole words in name or zone, prefixes in the name, prefixes
in name or zone, sound-alikes, then typos (only when nothing else matched). Within a tier, the first candidates
(shortest names first) are graded and scored with rapidfuzz. A query that is a tax code, or its first ≥ 6 digits,
looks the code up instead.

A query word that matches nothing as typed is first read as people type on a phone: words run together ("hoaxa" →
"hoa xa", split into whole vocabulary words that occur together in some enterprise), then Telex or VNI keys left in
by a keyboard without Vietnamese input ("vij hoangf", "vi5 hoang2" → "vi hoang"). Hits found through such a reading
are reported as approximate (`MatchKind.typo`), never as exact words.

The index is immutable; `EnterpriseSearch` keeps one and rebuilds it when `registry_version` (one query) changes.
Memory: the bitsets take vocabulary × entries ÷ 8 bytes; all told about 25 MB for ten thousand enterprises.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import operator
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.registry import Enterprise, IndustrialZone
from models.text import fold

DEFAULT_LIMIT = 8
MAX_LIMIT = 50
# Bounds on user input: longer queries are cut, so hostile text costs no more than a long honest one.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 16
# How many candidates of one tier are graded and scored; they are taken shortest name first.
MAX_SCORED = 200
# Every entry with a zone also answers to "KCN …" and "Khu công nghiệp …", whatever the zone's stored name.
ZONE_WORDS = ("kcn", "khu", "cong", "nghiep")
# A word run together is split into at most this many pieces, trying at most this many, so no input costs more
# than a few hundred set lookups.
MAX_PIECES = 5
MAX_SPLIT_TRIES = 300
_TAX_QUERY = re.compile(r"(?:mst|ma so thue)?\s*([0-9][0-9 ]{5,})")
_CACHE_SIZE = 4096


class MatchKind(str, enum.Enum):
    tax_code = "tax_code"      # the query is the tax code, or its first digits
    words = "words"            # every query word is a whole word of the name or zone
    prefix = "prefix"          # some query words only begin a word ("hoa ph" → "hoa phat")
    typo = "typo"              # approximate: some query words sound alike, were run together, carry Telex or VNI
    #                            keys, or are one or two edits away from a word
    some_words = "some_words"  # query words that match nothing anywhere were left out


@dataclass(frozen=True)
class SearchHit:
    enterprise_id: int
    name: str
    tax_code: str
    zone: str | None
    score: float  # 0–100: rapidfuzz's similarity of query and name (and zone); for a tax code, the share typed
    matched: MatchKind


@dataclass(frozen=True)
class RegistryVersion:
    """Changes whenever an enterprise is added, removed or edited, or a zone is added."""

    enterprises: int
    last_change: dt.datetime | None
    zones: int


def registry_version(session: Session) -> RegistryVersion:
    # Three scalar subqueries, so each can take its own fast path (an index on updated_at makes max() a lookup).
    # Asked before every search: the statement is built once.
    count, last_change, zones = session.execute(_REGISTRY_VERSION).one()
    return RegistryVersion(count, last_change, zones)


_REGISTRY_VERSION = select(
    select(func.count()).select_from(Enterprise).scalar_subquery(),
    select(func.max(Enterprise.updated_at)).scalar_subquery(),
    select(func.count()).select_from(IndustrialZone).scalar_subquery(),
)


def _typo_budget(word: str) -> int:
    """Edits allowed: none for one or two letters, one up to five letters, two beyond."""
    if len(word) < 3:
        return 0
    return 1 if len(word) <= 5 else 2


def sound_key(word: str) -> str:
    """A folded word as it sounds wherever it is said: the initials regional accents merge share one spelling.

    s/x → s, ch/tr → ch, d/gi/r → d, l/n → l ("xa" and "sa", "trung" and "chung", "gia" and "da" and "ra").
    """
    if word.startswith("tr"):
        return "ch" + word[2:]
    if word.startswith("gi"):
        rest = word[2:]  # "gia" sounds "da", but "gin" and "giet" keep their i: "din", "diet"
        return "d" + rest if rest[:1] in ("a", "o", "u") else "di" + rest
    first = word[:1]
    if first == "x":
        return "s" + word[1:]
    if first == "r":
        return "d" + word[1:]
    if first == "n" and word[1:2] not in ("g", "h"):  # "ng", "nh" are initials of their own
        return "l" + word[1:]
    return word


_VNI_MARKS = re.compile(r"[0-9]")
_VOWEL = re.compile(r"[aeiouy]")
# A Telex tone key (s f r x j, z to clear) typed last ("hoangf", "vieetj") or before the final consonant ("vieejt").
_TELEX_TONE_LAST = re.compile(r"^(.*[aeiouyw](?:c|ch|m|n|ng|nh|p|t)?)[sfrxjz]$")
_TELEX_TONE_BEFORE_FINAL = re.compile(r"^(.*[aeiouyw])[sfrxjz](c|ch|m|n|ng|nh|p|t)$")
_TELEX_LETTERS = (("dd", "d"), ("aa", "a"), ("ee", "e"), ("oo", "o"), ("aw", "a"), ("ow", "o"), ("uw", "u"),
                  ("w", "u"))


def without_input_keys(word: str) -> str:
    """A folded word without the Telex or VNI keys a keyboard lacking Vietnamese input leaves in.

    "vij" → "vi", "hoangf" → "hoang", "vieetj" → "viet", "dduwowngf" → "duong"; "vi5" → "vi", "d9o6ng" → "dong".
    """
    if not word[:1].isalpha():
        return word  # a number, or part of a tax code
    if any(ch.isdigit() for ch in word):
        return _VNI_MARKS.sub("", word)
    toned = _TELEX_TONE_LAST.match(word) or _TELEX_TONE_BEFORE_FINAL.match(word)
    if toned:
        word = "".join(toned.groups())
    for keys, letter in _TELEX_LETTERS:
        word = word.replace(keys, letter)
    return word


def _bitset(positions: Iterable[int], size: int) -> int:
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def _lowest(bits: int, count: int) -> list[int]:
    """The positions of the `count` lowest set bits."""
    text = bin(bits)[:1:-1]  # least significant bit first
    found: list[int] = []
    at = text.find("1")
    while at != -1 and len(found) < count:
        found.append(at)
        at = text.find("1", at + 1)
    return found


def _all_of(bitsets: Iterable[int]) -> int:
    return functools.reduce(operator.and_, bitsets)


def _any_of(bitsets: Iterable[int]) -> int:
    return functools.reduce(operator.or_, bitsets, 0)


class IndexRow(NamedTuple):
    id: int
    name: str
    name_folded: str  # models.text.fold(name)
    tax_code: str
    zone: str | None
    zone_folded: str | None


@dataclass(frozen=True)
class _Expansion:
    """The vocabulary words one query word stands for, and the entries having any of them (in the name or the
    zone)."""

    words: frozenset[str]
    entries: int


class EnterpriseIndex:
    """An immutable search index over (id, name, tax code, zone name) rows."""

    def __init__(self, rows: Iterable[IndexRow], version: RegistryVersion | None = None):
        self.version = version
        entries = [(row.name_folded, row.zone_folded or "", row.id, row.name, row.tax_code, row.zone) for row in rows]
        # Position order is shortest folded name first, so the lowest positions of a tier are the most specific names.
        entries.sort(key=lambda e: (len(e[0]), e[0], e[2]))
        size = len(entries)
        self._ids = [e[2] for e in entries]
        self._names = [e[3] for e in entries]
        self._tax_codes = [e[4] for e in entries]
        self._zones = [e[5] for e in entries]
        self._folded_names = [e[0] for e in entries]
        self._folded_texts = [f"{e[0]} {e[1]}".strip() for e in entries]
        self._words_of: list[frozenset[str]] = []
        self._name_words_of: list[frozenset[str]] = []
        in_name: dict[str, list[int]] = defaultdict(list)
        zone_members: dict[str, list[int]] = defaultdict(list)
        zone_words: dict[str, frozenset[str]] = {"": frozenset()}  # a handful of zones behind thousands of rows
        for position, (folded_name, folded_zone, *_) in enumerate(entries):
            name_words = frozenset(folded_name.split())
            for word in name_words:
                in_name[word].append(position)
            if folded_zone not in zone_words:
                zone_words[folded_zone] = frozenset(folded_zone.split()) | frozenset(ZONE_WORDS)
            zone_members[folded_zone].append(position)
            self._words_of.append(name_words | zone_words[folded_zone])
            self._name_words_of.append(name_words)
        anywhere = defaultdict(list, {word: list(positions) for word, positions in in_name.items()})
        for folded_zone, members in zone_members.items():
            for word in zone_words[folded_zone]:
                anywhere[word].extend(members)
        self._name_postings = {word: _bitset(positions, size) for word, positions in in_name.items()}
        self._postings = {word: _bitset(positions, size) for word, positions in anywhere.items()}
        self._vocabulary = sorted(anywhere)
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in self._vocabulary:
            by_length[len(word)].append(word)
        self._vocabulary_by_length = dict(by_length)
        # The vocabulary by sound key, sorted for prefix lookup ("sa" begins the key of "xa", "sao", "xanh").
        keyed_words = sorted((sound_key(word), word) for word in self._vocabulary)
        self._sound_keys = [key for key, _ in keyed_words]
        self._sound_key_words = [word for _, word in keyed_words]
        self._whole_sound_keys = frozenset(self._sound_keys)
        self._longest_word = max(map(len, self._vocabulary), default=0)
        # Tax codes as digits only ("0600123456-001" → "0600123456001"), sorted for prefix lookup.
        keyed = sorted((tax.replace("-", ""), position) for position, tax in enumerate(self._tax_codes))
        self._tax_keys = [key for key, _ in keyed]
        self._tax_positions = [position for _, position in keyed]
        self._prefix_cache: dict[str, _Expansion] = {}
        self._name_prefix_cache: dict[str, int] = {}
        self._sound_cache: dict[str, _Expansion] = {}
        self._typo_cache: dict[str, _Expansion] = {}
        self._reading_cache: dict[str, tuple[str, ...]] = {}

    @classmethod
    def build(cls, session: Session) -> EnterpriseIndex:
        # The version is read first: a change committed while the rows are read then shows as a newer version
        # on the next check (one extra rebuild) instead of being missed.
        version = registry_version(session)
        # The registry stores every name folded as it writes it, so the index need not fold ten thousand again.
        rows = session.execute(
            select(Enterprise.id, Enterprise.name, Enterprise.name_folded, Enterprise.tax_code,
                   IndustrialZone.name, IndustrialZone.name_folded)
            .outerjoin(IndustrialZone, Enterprise.zone_id == IndustrialZone.id)
        )
        return cls((IndexRow(*row) for row in rows), version)

    def __len__(self) -> int:
        return len(self._ids)

    def search(self, text: object, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        """Best matches first, at most `limit` (capped at MAX_LIMIT); any input gives a list, never an error."""
        if not isinstance(text, str) or not isinstance(limit, int) or limit < 1 or not self._ids:
            return []
        text = text[:MAX_QUERY_CHARS]
        limit = min(limit, MAX_LIMIT)
        hits = self._search_tax_code(text, limit)
        if hits:
            return hits
        typed = list(dict.fromkeys(fold(text).split()))[:MAX_QUERY_WORDS]
        if not typed:
            return []
        words = list(dict.fromkeys(piece for word in typed for piece in self._reading(word)))[:MAX_QUERY_WORDS]
        hits = self._search_words(words, limit)
        if hits and words != typed:  # found only once read as meant: approximate, whatever the tier
            hits = [replace(hit, matched=MatchKind.typo) for hit in hits]
        if hits or len(words) == 1:
            return hits
        # Words matching nothing at all (a stray word, garbage) should not hide what the other words find.
        known = [word for word in words if self._sounding(word).entries or self._typos(word).entries]
        if not known or len(known) == len(words):
            return []
        return [replace(hit, matched=MatchKind.some_words) for hit in self._search_words(known, limit)]

    # ---- tax codes ----

    def _search_tax_code(self, text: str, limit: int) -> list[SearchHit]:
        match = _TAX_QUERY.fullmatch(fold(text))
        if match is None:
            return []
        digits = match.group(1).replace(" ", "")
        if not 6 <= len(digits) <= 13:
            return []
        start = bisect.bisect_left(self._tax_keys, digits)
        hits = []
        for index in range(start, min(start + limit, len(self._tax_keys))):
            key = self._tax_keys[index]
            if not key.startswith(digits):
                break
            # The code itself scores 100; its branches and longer codes less, by how much of them was typed.
            hits.append(self._hit(self._tax_positions[index], 100.0 * len(digits) / len(key), MatchKind.tax_code))
        return hits

    # ---- words ----

    def _cached(self, cache: dict[str, _Expansion], word: str, words: Iterable[str]) -> _Expansion:
        # Searches run in worker threads: another may clear the cache between our store and a re-read.
        words = frozenset(words)
        expansion = _Expansion(words, _any_of(self._postings[w] for w in words))
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[word] = expansion
        return expansion

    def _prefixed(self, word: str) -> _Expansion:
        """The word itself and the vocabulary words it begins."""
        cached = self._prefix_cache.get(word)
        if cached is not None:
            return cached
        if len(word) < 2:  # one letter would stand for a good part of the vocabulary
            return self._cached(self._prefix_cache, word, [word] if word in self._postings else [])
        start = bisect.bisect_left(self._vocabulary, word)
        end = bisect.bisect_left(self._vocabulary, word + "{")  # "{" sorts right after "z"
        return self._cached(self._prefix_cache, word, self._vocabulary[start:end])

    def _prefixed_in_name(self, word: str) -> int:
        """The entries whose name (not only their zone) has the word or a word it begins."""
        cached = self._name_prefix_cache.get(word)
        if cached is None:
            cached = _any_of(self._name_postings.get(w, 0) for w in self._prefixed(word).words)
            if len(self._name_prefix_cache) >= _CACHE_SIZE:
                self._name_prefix_cache.clear()
            self._name_prefix_cache[word] = cached
        return cached

    def _sounding(self, word: str) -> _Expansion:
        """The words it begins, and the words whose sound key it begins (regional initials merged)."""
        cached = self._sound_cache.get(word)
        if cached is not None:
            return cached
        key = sound_key(word)
        if len(key) < 2:
            start, end = bisect.bisect_left(self._sound_keys, key), bisect.bisect_right(self._sound_keys, key)
        else:
            start = bisect.bisect_left(self._sound_keys, key)
            end = bisect.bisect_left(self._sound_keys, key + "{")
        return self._cached(self._sound_cache, word, [*self._prefixed(word).words, *self._sound_key_words[start:end]])

    def _reading(self, word: str) -> tuple[str, ...]:
        """The query word as meant: itself if anything begins with it or sounds like it; else its pieces if it is
        words run together; else itself without Telex or VNI keys (read the same way); else itself (for typos)."""
        cached = self._reading_cache.get(word)
        if cached is not None:
            return cached
        reading: tuple[str, ...] = (word,)
        if not (self._prefixed(word).entries or self._sounding(word).entries):
            plain = without_input_keys(word)
            for candidate in (word, plain) if plain and plain != word else (word,):
                if candidate != word and self._sounding(candidate).entries:
                    reading = (candidate,)
                    break
                pieces = self._split(candidate)
                if pieces:
                    reading = pieces
                    break
        if len(self._reading_cache) >= _CACHE_SIZE:
            self._reading_cache.clear()
        self._reading_cache[word] = reading
        return reading

    def _split(self, word: str) -> tuple[str, ...] | None:
        """Words run together ("hoaxa", "namdinh", "soidonga"), split into the fewest pieces that sound as whole
        vocabulary words (the last, of two letters or more, may begin one), each with a vowel (as every Vietnamese
        syllable has: "ng" alone begins "nghiep" but is no word), and occur together in one entry."""
        tries = [MAX_SPLIT_TRIES]
        for count in range(2, min(MAX_PIECES, len(word)) + 1):
            for pieces in self._splits(word, 0, count, tries):
                if _all_of(self._sounding(piece).entries for piece in pieces):
                    return pieces
        return None

    def _splits(self, word: str, start: int, count: int, tries: list[int]) -> Iterable[tuple[str, ...]]:
        """Splits of word[start:] into `count` pieces, longer first pieces first, while `tries` lasts."""
        if count == 1:
            tries[0] -= 1
            last = word[start:]
            if tries[0] >= 0 and _VOWEL.search(last) and (sound_key(last) in self._whole_sound_keys
                                                           or len(last) >= 2 and self._sounding(last).entries):
                yield (last,)
            return
        longest = min(self._longest_word, len(word) - start - (count - 1))
        for end in range(start + longest, start, -1):
            tries[0] -= 1
            if tries[0] < 0:
                return
            piece = word[start:end]
            if _VOWEL.search(piece) and sound_key(piece) in self._whole_sound_keys:
                for rest in self._splits(word, end, count - 1, tries):
                    yield (piece, *rest)

    def _typos(self, word: str) -> _Expansion:
        """The vocabulary words within the word's edit budget (transpositions count as one edit)."""
        cached = self._typo_cache.get(word)
        if cached is not None:
            return cached
        budget = _typo_budget(word)
        found: list[str] = []
        # Only words whose length is within the budget can be within the budget.
        for length in range(len(word) - budget, len(word) + budget + 1) if budget else ():
            bucket = self._vocabulary_by_length.get(length)
            if bucket:
                found.extend(match for match, _, _ in
                             process.extract(word, bucket, scorer=OSA.distance, score_cutoff=budget, limit=None))
        return self._cached(self._typo_cache, word, found)

    def _search_words(self, words: Sequence[str], limit: int) -> list[SearchHit]:
        query = " ".join(words)
        hits: list[SearchHit] = []
        placed = 0
        prefixed = [self._prefixed(word) for word in words]
        tiers: tuple[tuple[Callable[[], int], MatchKind, list[str]], ...] = (
            (lambda: _all_of(self._name_postings.get(word, 0) for word in words), MatchKind.words, self._folded_names),
            (lambda: _all_of(self._postings.get(word, 0) for word in words), MatchKind.words, self._folded_texts),
            # Begun in the name before begun in the zone: "dien tu hon" is after "Điện tử Hồng Hà" more than every
            # "Điện tử …" of KCN Hồng Tiến.
            (lambda: _all_of(self._prefixed_in_name(word) for word in words), MatchKind.prefix, self._folded_texts),
            (lambda: _all_of(p.entries for p in prefixed), MatchKind.prefix, self._folded_texts),
            # Sound-alikes only fill places the words as typed left: "trung son" shows "Chung Sơn" after "Trung Sơn".
            (lambda: _all_of(self._sounding(word).entries for word in words), MatchKind.typo, self._folded_texts),
        )
        for entries_of_tier, kind, texts in tiers:
            entries = entries_of_tier() & ~placed
            if entries:
                hits.extend(self._ranked(query, words, prefixed, entries, texts, kind, limit - len(hits)))
                if len(hits) >= limit:
                    return hits
                placed |= entries
        if hits:
            return hits
        # Typos only when nothing matched otherwise: first for the words found nowhere ("dnh"), then for any one
        # word (a typo can make another real word: "thinh" for "thanh"). Typo neighbours of correctly typed words
        # are many ("long" is one edit from "cong" of every "Công ty") and would crowd the list.
        sounding = [self._sounding(word).entries for word in words]
        entries = _all_of(entries or self._typos(word).entries for word, entries in zip(words, sounding, strict=True))
        if not entries:
            entries = _any_of(_all_of(sounding[:i] + [sounding[i] | self._typos(word).entries] + sounding[i + 1:])
                              for i, word in enumerate(words))
        if not entries:
            return []
        return self._ranked(query, words, prefixed, entries, self._folded_texts, MatchKind.typo, limit)

    def _ranked(self, query: str, words: Sequence[str], prefixed: Sequence[_Expansion], entries: int,
                texts: list[str], kind: MatchKind, count: int) -> list[SearchHit]:
        """Order a tier: fewer words matched only approximately (not as typed or begun), then fewer found (as typed or
        begun) only in the zone, then more whole words, then rapidfuzz's score; `count` best."""
        positions = _lowest(entries, MAX_SCORED)
        scored = process.extract(query, [texts[p] for p in positions], scorer=fuzz.token_sort_ratio,
                                 processor=None, limit=None)
        if kind is MatchKind.words:  # every word is whole: the score alone orders them
            return [self._hit(positions[index], score, kind) for _, score, index in scored[:count]]
        query_words = frozenset(words)
        expansions = [p.words for p in prefixed]
        graded = []
        for _, score, index in scored:
            position = positions[index]
            own, in_name = self._words_of[position], self._name_words_of[position]
            # Query words matched only approximately, those found only in the zone, and query words present whole.
            not_in_name = [words for words in expansions if in_name.isdisjoint(words)]
            approximate = sum(map(own.isdisjoint, not_in_name))
            zone_only = len(not_in_name) - approximate
            graded.append((approximate, zone_only, -len(own & query_words), -score, position))
        graded.sort()
        return [self._hit(position, -negative, kind) for *_, negative, position in graded[:count]]

    def _hit(self, position: int, score: float, kind: MatchKind) -> SearchHit:
        return SearchHit(self._ids[position], self._names[position], self._tax_codes[position], self._zones[position],
                         round(score, 1), kind)


class EnterpriseSearch:
    """The index a long-running process keeps: checked with one query per search, rebuilt when the registry changed.

    The check sees rows added or removed and every edit through the ORM (it stamps updated_at). Call `invalidate()`
    after writing in this process anyway: an edit whose transaction began before the newest change carries an older
    stamp and can slip past the check, and renaming a zone stamps no enterprise.
    """

    def __init__(self) -> None:
        self._index: EnterpriseIndex | None = None
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        self._index = None

    def index(self, session: Session) -> EnterpriseIndex:
        version = registry_version(session)
        index = self._index
        if index is not None and index.version == version:
            return index
        with self._lock:  # one rebuild at a time; the others wait and reuse it
            index = self._index
            if index is None or index.version != version:
                index = EnterpriseIndex.build(session)
                self._index = index
            return index

    def search(self, session: Session, text: object, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
        return self.index(session).search(text, limit)


def search_enterprises(session: Session, text: object, limit: int = DEFAULT_LIMIT) -> list[SearchHit]:
    """One search with a fresh index (fine for a command); a long-running process keeps an `EnterpriseSearch`."""
    return EnterpriseIndex.build(session).search(text, limit)
