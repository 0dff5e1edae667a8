"""Search benchmark: our enterprise index against rapidfuzz's plain `process.extract` over the same names.

Generates a registry of realistic Vietnamese enterprise names in a temporary SQLite database, builds the index from
it as the bot does, then times a mix of queries (folded and accented names, partial words, prefixes, typos, tax
codes, zone names) on both; then, apart, names as typed on a phone (regional initials, words run together, a final
letter missing, Telex or VNI keys), beside the same words typed right.
Run: `python -m bench.search [--n 10000] [--queries 1000] [--seed 1] [--json]`.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process
from sqlalchemy import insert

import models
from models.db import Database
from models.registry import Enterprise, IndustrialZone, Ownership
from models.search import EnterpriseIndex, registry_version
from models.text import fold

ZONES = ("Hòa Xá", "Bảo Minh", "Mỹ Trung", "Dệt may Rạng Đông", "Mỹ Thuận", "Trung Thành", "Hồng Tiến")
FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV")
SECTORS = (
    "May mặc", "Dệt may", "Dệt nhuộm", "Sợi", "Cơ khí", "Cơ khí chính xác", "Điện tử", "Nhựa", "Bao bì", "Thực phẩm",
    "Dược phẩm", "Chế biến gỗ", "Da giày", "Thép", "Vật liệu xây dựng", "Thương mại và Dịch vụ", "Xuất nhập khẩu",
    "Linh kiện ô tô", "Hóa chất", "In ấn",
)
BRANDS = (
    "Hòa Phát", "Thành Công", "Thiên Long", "Phú Thái", "Hưng Thịnh", "Minh Anh", "An Phát", "Việt Tiến", "Sông Hồng",
    "Nam Thành", "Đại Dương", "Hoàng Long", "Bảo Long", "Trường An", "Kim Ngân", "Phúc Hưng", "Tân Thành",
    "Đức Giang", "Vạn Xuân", "Hải Hà", "Quang Minh", "Thịnh Vượng", "Hồng Hà", "Sao Mai", "Bình Minh", "Thái Sơn",
    "Đông Á", "Toàn Cầu", "Việt Hàn", "Lộc Phát", "Gia Bảo", "Tiến Đạt", "Hùng Cường", "Ngọc Lan", "Xuân Trường",
    "Trực Ninh", "Nghĩa Hưng", "Giao Thủy", "Đại An", "Phương Nam",
)
PLACES = ("Nam Định", "Việt Nam", "Thành Nam", "Vụ Bản", "Ý Yên", "Hải Hậu", "")
FOREIGN_BRANDS = (
    "Dong Yang", "Shinwon", "Youngone", "Hanshin", "Yakjin", "Hyosung", "Shinsung", "Asahi", "Fujikura", "Yazaki",
    "Sumida", "Foxlink", "Kwong Lung", "Pou Chen", "Texhong", "Regina Miracle", "Jiangsu Sunshine", "Hansae", "Sewon",
    "Daewon", "Nitto", "Meiko", "Chori", "Kyungbang", "Hanwha", "Sungwoo", "Taekwang", "Mitsuba", "Brother", "Nidec",
)
FOREIGN_SECTORS = ("Electronics", "Textile", "Garment", "Precision", "Industrial", "Apparel", "Packaging",
                   "Auto Parts", "Technology", "Vina")
FOREIGN_SUFFIXES = ("Việt Nam", "Nam Định", "")
FOREIGN_SHARE = 0.15
BRANCH_SHARE = 0.05
LIMIT = 8


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    target: str | None  # the name the query is after; None for zone queries


def _company_name(rng: random.Random) -> tuple[str, Ownership]:
    if rng.random() < FOREIGN_SHARE:
        parts = ("Công ty TNHH", rng.choice(FOREIGN_BRANDS), rng.choice(FOREIGN_SECTORS), rng.choice(FOREIGN_SUFFIXES))
        return " ".join(p for p in parts if p), Ownership.foreign
    parts = (rng.choice(FORMS), rng.choice(SECTORS), rng.choice(BRANDS), rng.choice(PLACES))
    return " ".join(p for p in parts if p), Ownership.domestic


def generate_registry(n: int, rng: random.Random) -> list[dict]:
    """n enterprises with distinct names and tax codes; about one in twenty is a branch (code -001) of another."""
    names: set[str] = set()
    codes: set[str] = set()
    rows: list[dict] = []
    while len(rows) < n:
        zone = rng.choice(ZONES)
        if rows and rng.random() < BRANCH_SHARE:
            parent = rng.choice(rows)
            base = parent["tax_code"][:10]
            name = f"Chi nhánh {parent['name']} tại KCN {zone}"
            code = next(f"{base}-{k:03d}" for k in range(1, 1000) if f"{base}-{k:03d}" not in codes)
            ownership = parent["ownership"]
        else:
            name, ownership = _company_name(rng)
            code = f"06{rng.randrange(10**8):08d}"
        if name in names:
            name = f"{name} {len(rows)}"  # the combinations ran out: keep names distinct as registries do
        if code in codes:
            continue
        names.add(name)
        codes.add(code)
        rows.append({"name": name, "tax_code": code, "zone": zone, "ownership": ownership})
    return rows


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word) - 1)
    edit = rng.choice(("delete", "substitute", "transpose"))
    if edit == "delete":
        return word[:i] + word[i + 1:]
    if edit == "substitute":
        return word[:i] + rng.choice("aeiouynhtgc") + word[i + 1:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _distinctive_words(name: str) -> list[str]:
    """The words after the legal form ("Công ty TNHH ..."), which are what people remember."""
    words = name.split()
    for form in sorted(FORMS + ("Chi nhánh Công ty TNHH", "Chi nhánh Công ty Cổ phần"), key=len, reverse=True):
        if name.startswith(form + " "):
            return words[len(form.split()):]
    return words


def generate_queries(registry: list[dict], count: int, rng: random.Random) -> list[Query]:
    queries = []
    for _ in range(count):
        row = rng.choice(registry)
        name, words = row["name"], _distinctive_words(row["name"])
        roll = rng.random()
        if roll < 0.20:
            queries.append(Query(fold(name), "exact_folded", name))
        elif roll < 0.30:
            queries.append(Query(name, "exact_accented", name))
        elif roll < 0.50:
            start = rng.randrange(max(1, len(words) - 2))
            queries.append(Query(fold(" ".join(words[start:start + 3])), "partial_words", name))
        elif roll < 0.60:
            taken = fold(" ".join(words[:3])).split()
            taken[-1] = taken[-1][:3]
            queries.append(Query(" ".join(taken), "prefix", name))
        elif roll < 0.80:
            taken = fold(" ".join(words[:4])).split()
            # People mistype the longer words; a name of short words gets its longest one wrong.
            long_words = [i for i, w in enumerate(taken) if len(w) >= 4]
            i = rng.choice(long_words) if long_words else max(range(len(taken)), key=lambda j: len(taken[j]))
            if len(taken[i]) >= 2:
                taken[i] = _typo(taken[i], rng)
            queries.append(Query(" ".join(taken), "typo", name))
        elif roll < 0.90:
            code = row["tax_code"]
            text = rng.choice((code, code[:8], code.replace("-", "")))
            queries.append(Query(text, "tax_code", None))
        else:
            zone = rng.choice(ZONES)
            queries.append(Query(rng.choice((zone, fold(zone), f"KCN {zone}")), "zone", None))
    return queries


# How a phone keyboard without Vietnamese input writes each mark: Telex keys, VNI digits.
_TONES = {"\u0301": ("s", "1"), "\u0300": ("f", "2"), "\u0309": ("r", "3"), "\u0303": ("x", "4"), "\u0323": ("j", "5")}
_LETTER_MARKS = {"\u0302": ("{0}", "6"), "\u031b": ("w", "7"), "\u0306": ("w", "8")}  # â ê ô; ơ ư; ă
# Initials that regional accents merge, as people then write them.
_SOUND_ALIKES = (("tr", "ch"), ("ch", "tr"), ("gi", "d"), ("x", "s"), ("s", "x"), ("r", "d"), ("d", "gi"),
                 ("d", "r"), ("l", "n"), ("n", "l"))


def _keyed(word: str, telex: bool) -> str:
    """The word typed with Telex ("Hoàng" → "hoangf") or VNI ("hoang2") keys, tone key last."""
    letters: list[str] = []
    tone = ""
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            tone = _TONES[ch][0 if telex else 1]
        elif ch in _LETTER_MARKS:
            key = _LETTER_MARKS[ch][0 if telex else 1]
            letters.append(key.format(letters[-1]) if telex else key)
        elif ch == "đ":
            letters.append("dd" if telex else "d9")
        else:
            letters.append(ch)
    return "".join(letters) + tone


def _sounding_alike(word: str) -> str | None:
    for initial, written in _SOUND_ALIKES:
        rest = word[len(initial):]
        if not word.startswith(initial) or initial == "n" and rest[:1] in ("g", "h"):
            continue
        if "gi" in (initial, written) and rest[:1] not in ("a", "o", "u"):
            continue  # "gia" sounds as "da", but "giet" is not "det"
        return written + rest
    return None


def generate_phone_queries(registry: list[dict], count: int, rng: random.Random) -> list[Query]:
    """Names as people type them on a phone: a regional initial, words run together, the last word's final letter
    missing, Telex or VNI keys left in. Only Vietnamese names (foreign brands have no marks or regional initials)."""
    names = [row["name"] for row in registry if row["ownership"] is Ownership.domestic]
    queries: list[Query] = []
    while len(queries) < count:
        name = rng.choice(names)
        words = _distinctive_words(name)[:3]
        folded = fold(" ".join(words)).split()
        kind = rng.choice(("sound_alike", "run_together", "final_letter", "telex", "vni"))
        if kind == "sound_alike":
            swappable = [i for i, w in enumerate(folded) if _sounding_alike(w)]
            if not swappable:
                continue
            i = rng.choice(swappable)
            folded[i] = _sounding_alike(folded[i]) or folded[i]  # swappable: never None here
            text = " ".join(folded)
        elif kind == "run_together":
            text = "".join(folded)
        elif kind == "final_letter":
            if len(folded[-1]) < 3:
                continue
            text = " ".join(folded)[:-1]
        else:
            text = " ".join(_keyed(w, telex=kind == "telex") for w in words)
        queries.append(Query(text, kind, name))
    return queries


def _fill_database(database: Database, registry: list[dict]) -> None:
    models.metadata.create_all(database.engine)
    with database.session() as session:
        zone_ids = {}
        for zone in ZONES:
            record = IndustrialZone(name=zone, name_folded=fold(zone))
            session.add(record)
            session.flush()
            zone_ids[zone] = record.id
        session.execute(insert(Enterprise), [
            {"name": row["name"], "name_folded": fold(row["name"]), "tax_code": row["tax_code"],
             "zone_id": zone_ids[row["zone"]], "ownership": row["ownership"],
             "country": "Hàn Quốc" if row["ownership"] is Ownership.foreign else None}
            for row in registry
        ])


def _percentiles(samples_ns: list[int]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples_ns, n=100, method="inclusive")
    return cuts[49] / 1e6, cuts[98] / 1e6


@dataclass
class Timings:
    wall_ns: list[int]   # what a user waits, the machine's other work included
    cpu_ns: list[int]    # this thread's CPU time only: the same on a busy shared machine as on an idle one
    found: int           # name queries whose target came in the first LIMIT results


def _time_each(run: Callable[[str], list[str]], queries: list[Query], warmup: list[Query]) -> Timings:
    samples, cpu_samples, found = [], [], 0
    for query in warmup:
        run(query.text)  # first calls pay for imports and lazy set-up, on both sides alike
    # As timeit does: a collection of the objects the setup left behind would land on some query or other.
    gc.collect()
    gc.disable()
    try:
        for query in queries:
            start, cpu_start = time.perf_counter_ns(), time.thread_time_ns()
            names = run(query.text)
            cpu_samples.append(time.thread_time_ns() - cpu_start)
            samples.append(time.perf_counter_ns() - start)
            if query.target is not None and query.target in names:
                found += 1
    finally:
        gc.enable()
    return Timings(samples, cpu_samples, found)


def _found_share(index: EnterpriseIndex, queries: list[Query]) -> float:
    found = sum(1 for q in queries if q.target in [hit.name for hit in index.search(q.text, LIMIT)])
    return round(found / len(queries), 4) if queries else 0.0


def run_search_bench(n: int = 10_000, queries: int = 1000, as_json: bool = False, seed: int = 1) -> dict:
    rng = random.Random(seed)
    registry = generate_registry(n, rng)
    warmup = generate_queries(registry, 20, rng)
    mix = generate_queries(registry, queries, rng)
    phone = generate_phone_queries(registry, max(1, queries // 5), rng)
    names = [row["name"] for row in registry]
    with tempfile.TemporaryDirectory() as directory:
        database = Database(f"sqlite:///{Path(directory) / 'bench.sqlite3'}")
        try:
            _fill_database(database, registry)
            with database.session() as session:
                start = time.perf_counter_ns()
                index = EnterpriseIndex.build(session)
                build_ms = (time.perf_counter_ns() - start) / 1e6
                checks = []
                for _ in range(200):
                    start = time.perf_counter_ns()
                    registry_version(session)
                    checks.append(time.perf_counter_ns() - start)
        finally:
            database.dispose()
    ours = _time_each(lambda text: [hit.name for hit in index.search(text, LIMIT)], mix, warmup)
    yardstick = _time_each(lambda text: [name for name, _, _ in process.extract(text, names, limit=LIMIT)], mix, warmup)
    phone_ours = _time_each(lambda text: [hit.name for hit in index.search(text, LIMIT)], phone, [])
    phone_yardstick = _time_each(
        lambda text: [name for name, _, _ in process.extract(text, names, limit=LIMIT)], phone, [])
    # The same targets' words typed right: how many of them three words can single out at all among look-alike names
    # (every "Dệt may Thành Công …" has the same first words), the ceiling for the phone's spellings.
    typed_right = [Query(fold(" ".join(_distinctive_words(q.target)[:3])), q.kind, q.target)
                   for q in phone if q.target is not None]
    phone_kinds = sorted({q.kind for q in phone})
    phone_found_by_kind = {kind: _found_share(index, [q for q in phone if q.kind == kind]) for kind in phone_kinds}
    p50, p99 = _percentiles(ours.wall_ns)
    y50, y99 = _percentiles(yardstick.wall_ns)
    cpu50, cpu99 = _percentiles(ours.cpu_ns)
    ycpu50, ycpu99 = _percentiles(yardstick.cpu_ns)
    check50, check99 = _percentiles(checks)
    targeted = sum(1 for q in mix if q.target is not None)
    result = {
        "n": n,
        "p50_ms": round(p50, 4),
        "p99_ms": round(p99, 4),
        "yardstick_p50_ms": round(y50, 4),
        "yardstick_p99_ms": round(y99, 4),
        "speedup_p50": round(y50 / p50, 1),
        "speedup_p99": round(y99 / p99, 1),
        "cpu_p50_ms": round(cpu50, 4),
        "cpu_p99_ms": round(cpu99, 4),
        "yardstick_cpu_p50_ms": round(ycpu50, 4),
        "yardstick_cpu_p99_ms": round(ycpu99, 4),
        "build_ms": round(build_ms, 1),
        "version_check_p50_ms": round(check50, 4),
        "version_check_p99_ms": round(check99, 4),
        "queries": queries,
        "found_rate": round(ours.found / targeted, 4) if targeted else None,
        "yardstick_found_rate": round(yardstick.found / targeted, 4) if targeted else None,
        "phone_queries": len(phone),
        "phone_p50_ms": round(_percentiles(phone_ours.wall_ns)[0], 4),
        "phone_p99_ms": round(_percentiles(phone_ours.wall_ns)[1], 4),
        "phone_cpu_p99_ms": round(_percentiles(phone_ours.cpu_ns)[1], 4),
        "phone_found_rate": round(phone_ours.found / len(phone), 4),
        "phone_yardstick_found_rate": round(phone_yardstick.found / len(phone), 4),
        "phone_found_by_kind": phone_found_by_kind,
        "phone_typed_right_found_rate": _found_share(index, typed_right),
        "seed": seed,
    }
    print(f"Search benchmark: {n} enterprises, {queries} queries (seed {seed}), first {LIMIT} results")
    print(f"  index build {build_ms:.1f} ms; registry version check p50 {check50:.3f} ms, p99 {check99:.3f} ms")
    print(f"  ours       p50 {p50:8.3f} ms   p99 {p99:8.3f} ms   found target {result['found_rate']:.1%}")
    print(f"  yardstick  p50 {y50:8.3f} ms   p99 {y99:8.3f} ms   found target {result['yardstick_found_rate']:.1%}"
          "   (rapidfuzz process.extract over the names)")
    print(f"  speed-up (yardstick ÷ ours): p50 {result['speedup_p50']}×, p99 {result['speedup_p99']}×")
    print(f"  CPU time per query (what a busy machine does not inflate): ours p50 {cpu50:.3f} ms, p99 {cpu99:.3f} ms;"
          f" yardstick p50 {ycpu50:.3f} ms, p99 {ycpu99:.3f} ms")
    print(f"  typed on a phone ({len(phone)} more queries, not in the figures above): ours p50 "
          f"{result['phone_p50_ms']:.3f} ms, p99 {result['phone_p99_ms']:.3f} ms "
          f"(CPU {result['phone_cpu_p99_ms']:.3f} ms), found target "
          f"{result['phone_found_rate']:.1%} (the same words typed right {result['phone_typed_right_found_rate']:.1%}, "
          f"yardstick {result['phone_yardstick_found_rate']:.1%}); by kind: "
          + ", ".join(f"{kind} {share:.0%}" for kind, share in phone_found_by_kind.items()))
    if as_json:
        print(json.dumps(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="enterprises to generate")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    args = parser.parse_args()
    run_search_bench(args.n, args.queries, as_json=args.json, seed=args.seed)


if __name__ == "__main__":
    main()
