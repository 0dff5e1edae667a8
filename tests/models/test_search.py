"""Enterprise search: what people type finds the enterprise, the best match comes first, and no input breaks it."""

from __future__ import annotations

import random
import unicodedata

import pytest

from models.registry import create_enterprise, parse_enterprise, update_enterprise
from models.search import MAX_LIMIT, EnterpriseIndex, EnterpriseSearch, IndexRow, MatchKind, search_enterprises
from models.text import fold

REGISTRY = [
    ("Công ty Cổ phần Dệt may Nam Định", "0600100001", "KCN Hòa Xá"),
    ("Công ty TNHH May mặc Hòa Phát Nam Định", "0600100002", "KCN Hòa Xá"),
    ("Công ty TNHH Cơ khí Thành Nam", "0600100003", "KCN Hòa Xá"),
    ("Công ty Cổ phần Dệt may Thành Công", "0600100004", "KCN Dệt may Rạng Đông"),
    ("Công ty TNHH Dong Yang Electronics Việt Nam", "0600123456", "KCN Bảo Minh"),
    ("Chi nhánh Công ty TNHH Dong Yang Electronics Việt Nam", "0600123456-001", "KCN Mỹ Trung"),
    ("Công ty TNHH Nhựa Hòa Bình", "0600100005", "KCN Mỹ Trung"),
    ("Công ty TNHH Hồng Hà", "0600100006", "KCN Mỹ Thuận"),
    ("Công ty TNHH Hồng Hải", "0600100007", "KCN Mỹ Thuận"),
    ("Công ty TNHH Sao Mai", "0600100008", "KCN Trung Thành"),
    ("Công ty TNHH Sao May", "0600100009", "KCN Trung Thành"),
    ("Công ty TNHH Sợi Việt Tiến", "0600100010", "KCN Dệt may Rạng Đông"),
    ("Công ty TNHH Bao bì 0600100001 Hồng Tiến", "0600200001", None),  # a name with digits like someone's tax code
]
HOA_XA = {"0600100001", "0600100002", "0600100003"}


@pytest.fixture
def registry(session):
    for name, tax_code, zone in REGISTRY:
        create_enterprise(session, parse_enterprise({"name": name, "tax_code": tax_code, "zone": zone}), actor="test")
    session.flush()
    return session


@pytest.fixture(scope="module")
def index():
    """The ranking does not depend on the engine: one index from the rows; `test_index_from_each_engine_*` checks."""
    return EnterpriseIndex(IndexRow(number, name, fold(name), tax_code, zone, fold(zone) if zone else None)
                           for number, (name, tax_code, zone) in enumerate(REGISTRY, start=1))


def codes(hits):
    return [hit.tax_code for hit in hits]


def test_index_from_each_engine_ranks_as_the_index_from_rows(registry, index):
    from_database = EnterpriseIndex.build(registry)
    assert len(from_database) == len(REGISTRY)
    for query in ("hoa xa", "Dệt may Nam Định", "det may nam dnh", "hong ha", "0600123456", "may mac hoa ph"):
        expected = [(hit.tax_code, hit.name, hit.zone, hit.score, hit.matched) for hit in index.search(query)]
        assert [(hit.tax_code, hit.name, hit.zone, hit.score, hit.matched)
                for hit in from_database.search(query)] == expected, query


@pytest.mark.parametrize("query", ["hoa xa", "HOA XA", "Hòa Xá", "hoà xá", unicodedata.normalize("NFD", "Hòa Xá"),
                                   "KCN Hòa Xá", "khu công nghiệp hòa xá"])
def test_zone_names_find_the_zones_enterprises(index, query):
    assert set(codes(index.search(query))) == HOA_XA


@pytest.mark.parametrize("query", ["Det may Nam Dinh", "Dệt may Nam Định", "DỆT MAY NAM ĐỊNH", "det may nam dnh",
                                   "det may nam dinh", "dêt may nam đinh", "det may nma dinh"])
def test_names_are_found_without_diacritics_and_with_typos(index, query):
    assert index.search(query)[0].tax_code == "0600100001"


def test_nfc_and_nfd_forms_of_a_query_give_the_same_results(index):
    text = "Công ty TNHH May mặc Hòa Phát"
    assert index.search(unicodedata.normalize("NFD", text)) == index.search(unicodedata.normalize("NFC", text))


def test_how_a_hit_matched_is_reported(index):
    assert index.search("det may nam dinh")[0].matched is MatchKind.words
    assert index.search("may mac hoa ph")[0].matched is MatchKind.prefix
    assert index.search("det may nam dnh")[0].matched is MatchKind.typo
    assert index.search("0600100001")[0].matched is MatchKind.tax_code


def test_whole_words_rank_above_prefixes_and_typos_only_fill_in_when_nothing_matches(index):
    hits = index.search("hong ha")
    assert codes(hits)[:2] == ["0600100006", "0600100007"]  # "Hồng Hà" whole, then "Hồng Hải" by prefix
    assert [hit.matched for hit in hits[:2]] == [MatchKind.words, MatchKind.prefix]
    assert codes(index.search("sao mai")) == ["0600100008"]   # the typo neighbour "Sao May" stays out
    typo_hits = index.search("sao maj")
    assert set(codes(typo_hits)) == {"0600100008", "0600100009"}
    assert all(hit.matched is MatchKind.typo for hit in typo_hits)


def test_words_in_the_name_rank_above_words_found_only_in_the_zone(index):
    # Two names hold "dệt may"; "Sợi Việt Tiến" is found only because its zone is "Dệt may Rạng Đông".
    hits = index.search("det may")
    assert set(codes(hits[:2])) == {"0600100001", "0600100004"} and codes(hits)[2:] == ["0600100010"]


@pytest.mark.parametrize("query, first", [
    ("0600123456", "0600123456"),           # head office first, its branch after
    ("0600123456-001", "0600123456-001"),
    ("0600123456001", "0600123456-001"),
    ("0600 123 456", "0600123456"),
    ("MST 0600123456", "0600123456"),
    ("060012", "0600123456"),               # a prefix of six digits or more
    ("0600100001", "0600100001"),           # the code, not the enterprise whose name holds these digits
])
def test_tax_codes_rank_first(index, query, first):
    hits = index.search(query)
    assert hits[0].tax_code == first and hits[0].matched is MatchKind.tax_code


def test_an_exact_tax_code_scores_above_its_branches(index):
    hits = index.search("0600123456")
    assert codes(hits) == ["0600123456", "0600123456-001"]
    assert hits[0].score == 100 and hits[1].score < 100


def test_results_are_capped(registry):
    for number in range(60):
        create_enterprise(registry, parse_enterprise({"name": f"Công ty TNHH May {number}", "zone": "Hòa Xá",
                                                      "tax_code": f"06009{number:05d}"}), actor="test")
    index = EnterpriseIndex.build(registry)
    assert len(index.search("may")) == 8
    assert len(index.search("may", limit=3)) == 3
    assert len(index.search("may", limit=1000)) == MAX_LIMIT


def test_a_stray_word_does_not_hide_what_the_other_words_find(index):
    hits = index.search("dệt may nam định qzxwv")
    assert hits[0].tax_code == "0600100001" and hits[0].matched is MatchKind.some_words


@pytest.mark.parametrize("query", [
    "", " ", "a", "đ", "😀", "😀🏭😀", "x" * 500, "công ty " * 100, "'; DROP TABLE enterprises; --",
    "%", "_", "\\", "\x00", "𝔥𝔬𝔞 𝔵𝔞", "0", "06", "-001", "0600123456-0011234", "9" * 40, "ﷺ", "\u202e", "\ud800",
    None, 12345678, ["hoa", "xa"],
])
def test_hostile_input_returns_a_list_and_never_raises(index, query):
    hits = index.search(query)
    assert isinstance(hits, list) and len(hits) <= 8


@pytest.mark.parametrize("limit", [0, -1, None, "8"])
def test_odd_limits_return_nothing(index, limit):
    assert index.search("hoa xa", limit) == []


def test_empty_registry_finds_nothing(session):
    assert search_enterprises(session, "hoa xa") == []
    assert search_enterprises(session, "0600123456") == []


def test_the_held_index_follows_creates_edits_and_invalidate(registry):
    search = EnterpriseSearch()
    first = search.index(registry)
    assert search.index(registry) is first  # nothing changed: the same index, no rebuild
    created = create_enterprise(registry, parse_enterprise({"name": "Công ty TNHH Thiên Long", "tax_code": "0600300001",
                                                            "zone": "Bảo Minh"}), actor="test")
    assert codes(search.search(registry, "thien long")) == ["0600300001"]
    update_enterprise(registry, created.id, parse_enterprise({"name": "Công ty TNHH Phúc Hưng",
                                                              "tax_code": "0600300001"}), actor="test")
    assert "0600300001" not in codes(search.search(registry, "thien long"))
    assert codes(search.search(registry, "phuc hung")) == ["0600300001"]
    held = search.index(registry)
    search.invalidate()
    assert search.index(registry) is not held


def test_search_enterprises_is_the_one_off_form(registry):
    hits = search_enterprises(registry, "Dệt may Nam Định", limit=1)
    assert len(hits) == 1 and hits[0].name == "Công ty Cổ phần Dệt may Nam Định" and hits[0].zone == "KCN Hòa Xá"


# ---- as people type on a phone: regional initials, words run together, a final letter missing, Telex and VNI ----

PHONE_REGISTRY = [  # made-up names, chosen for their confusable initials
    ("Công ty TNHH Vị Hoàng", "0601000001", "KCN Hòa Xá"),
    ("Công ty Cổ phần Giày da Sơn Trà", "0601000002", "KCN Hòa Xá"),
    ("Công ty TNHH Nông sản Lộc Ninh", "0601000003", "KCN Bảo Minh"),
    ("Công ty TNHH Xuân Trường", "0601000004", "KCN Bảo Minh"),
    ("Công ty TNHH Trung Sơn", "0601000005", "KCN Mỹ Thuận"),
    ("Công ty TNHH Chung Sơn", "0601000006", "KCN Mỹ Thuận"),
    ("Công ty TNHH Rạng Đông", "0601000007", "KCN Mỹ Thuận"),
    ("Công ty TNHH Nhựa Hòa Bình", "0601000008", "KCN Mỹ Thuận"),  # "Hòa", but not in KCN Hòa Xá
    ("Công ty TNHH Đông Á", "0601000009", "KCN Bảo Minh"),
    ("Công ty TNHH Sao Khuê", "0601000010", None),
]
PHONE_HOA_XA = {"0601000001", "0601000002"}


@pytest.fixture(scope="module")
def phone_index():
    return EnterpriseIndex(IndexRow(number, name, fold(name), tax_code, zone, fold(zone) if zone else None)
                           for number, (name, tax_code, zone) in enumerate(PHONE_REGISTRY, start=1))


@pytest.mark.parametrize("query", [
    "hoa sa", "hoà sá", "hoa xa", "hoaxa", "hoasa", "HoaXa", "kcn hoaxa", "khu cong nghiep hoa sa",
    "hoaf xas", "hoaf sas", "ho2a xa1", "hoa2 xa1",
])
def test_kcn_hoa_xa_is_found_however_it_is_typed(phone_index, query):
    # Only the zone's two enterprises: "Nhựa Hòa Bình" has "Hòa" but neither "Xá" nor "Sa".
    assert set(codes(phone_index.search(query))) == PHONE_HOA_XA


@pytest.mark.parametrize("query, first", [
    # s/x, ch/tr, d/gi/r, l/n: the initials regional accents merge
    ("suan truong", "0601000004"), ("xuan chuong", "0601000004"), ("suân chường", "0601000004"),
    ("giay da son cha", "0601000002"), ("day da xon tra", "0601000002"), ("giầy da", "0601000002"),
    ("ray ra", "0601000002"),
    ("long san noc linh", "0601000003"), ("lông sản", "0601000003"), ("nong san loc ninh", "0601000003"),
    ("dang dong", "0601000007"), ("giang dong", "0601000007"), ("rạng rông", "0601000007"),
    ("xao khue", "0601000010"),
    # words run together, alone or with others, with a regional initial too
    ("vihoang", "0601000001"), ("sontra", "0601000002"), ("giayda", "0601000002"), ("nongsanlocninh", "0601000003"),
    ("rangdong", "0601000007"), ("donga", "0601000009"), ("cong ty xuantruong", "0601000004"),
    ("suantruong", "0601000004"), ("chungson", "0601000006"),
    # the last letter of a word missing
    ("vi hoan", "0601000001"), ("xuan truon", "0601000004"), ("nhua hoa bin", "0601000008"),
    # Telex or VNI keys left in by a keyboard without Vietnamese input
    ("vij hoangf", "0601000001"), ("Vij Hoangf", "0601000001"), ("vi5 hoang2", "0601000001"),
    ("nhuwaj hoaf binhf", "0601000008"), ("nhu7a5 ho2a bi2nh", "0601000008"), ("ddoong as", "0601000009"),
    ("d9o6ng a1", "0601000009"), ("xuaan truwowngf", "0601000004"), ("xua6n tru7o7ng2", "0601000004"),
    # and as before: diacritics, case, a typo
    ("Vị Hoàng", "0601000001"), ("VI HOANG", "0601000001"), ("vi hoagn", "0601000001"),
])
def test_phone_spellings_find_the_enterprise_first(phone_index, query, first):
    hits = phone_index.search(query)
    assert hits and hits[0].tax_code == first, (query, codes(hits))


def test_an_exact_name_ranks_above_its_sound_alike(phone_index):
    trung = phone_index.search("trung son")
    assert codes(trung) == ["0601000005", "0601000006"]
    assert [hit.matched for hit in trung] == [MatchKind.words, MatchKind.typo]
    assert codes(phone_index.search("chung son")) == ["0601000006", "0601000005"]
    assert codes(phone_index.search("sao khue")) == ["0601000010"]  # nothing else sounds like it


def test_a_tax_code_still_ranks_first(phone_index):
    hits = phone_index.search("0601000006")
    assert codes(hits) == ["0601000006"] and hits[0].matched is MatchKind.tax_code


def test_a_query_read_another_way_is_reported_as_approximate(phone_index):
    assert phone_index.search("vi hoang")[0].matched is MatchKind.words
    for query in ("vihoang", "vij hoangf", "vi5 hoang2", "hoa sa"):
        hits = phone_index.search(query)
        assert hits and all(hit.matched is MatchKind.typo for hit in hits), query


@pytest.mark.parametrize("query", [
    "sonhoang",        # words of two different enterprises run together: no enterprise has both
    "trungkhue",
    "hoaxaqq",         # a split must use up every letter as words of the registry
    "vihoangng",       # "ng" begins "nghiệp" (KCN), but a piece without a vowel is no word
    "qwertyuiop",
    "sao hoang",       # each word is some enterprise's, but no enterprise has both
    "xuan hoang",
    "loc hoang",
])
def test_what_no_enterprise_is_called_finds_nothing(phone_index, query):
    assert phone_index.search(query) == []


@pytest.mark.parametrize("query", ["hoa ca", "hoa ta", "hoa ha"])
def test_only_the_confused_initials_sound_alike(phone_index, query):
    # c, t and h are not confused with x or s: at most the stray word is left out, nothing is read as "xa".
    assert all(hit.matched is MatchKind.some_words for hit in phone_index.search(query))


def test_typos_of_words_found_as_typed_are_one_per_query(phone_index):
    # "long" is one edit from "cong" (every "Công ty") and "khue" from "khu" (every zone): with both read as typos,
    # every enterprise would match. One word at most is read as a typo when the others are found as typed.
    assert set(codes(phone_index.search("long khue"))) == {"0601000003", "0601000010"}  # Nông (l/n) + khu; Khuê


def test_a_long_run_of_letters_costs_a_bounded_number_of_tries(phone_index):
    assert phone_index.search("hoa" * 60) == []
    assert phone_index.search("vihoang" * 5) == []
    assert phone_index.search(" ".join(["xuantruongq"] * 16)) == []
    assert phone_index.search("a" * 200) == []


def test_sound_alikes_and_typos_never_rank_above_words_as_typed():
    """Over a generated registry and the benchmark's queries (typed right, and as on a phone): tiers never interleave,
    and the name typed in full, as it is, comes first."""
    from bench.search import generate_phone_queries, generate_queries, generate_registry

    rng = random.Random(7)
    rows = generate_registry(2000, rng)
    index = EnterpriseIndex(IndexRow(number, row["name"], fold(row["name"]), row["tax_code"], f"KCN {row['zone']}",
                                     fold(row["zone"])) for number, row in enumerate(rows))
    order = {MatchKind.tax_code: 0, MatchKind.words: 1, MatchKind.prefix: 2, MatchKind.typo: 3,
             MatchKind.some_words: 4}
    for query in generate_queries(rows, 300, rng) + generate_phone_queries(rows, 300, rng):
        ranks = [order[hit.matched] for hit in index.search(query.text)]
        assert ranks == sorted(ranks), query
    for row in rng.sample(rows, 100):
        if len(set(row["name"].split())) == len(row["name"].split()):  # a query's repeated words count once
            assert index.search(row["name"])[0].name == row["name"]


def test_a_word_begun_in_the_name_ranks_above_one_begun_only_in_the_zone():
    """A final letter missing ("hon" for "Hồng") begins a word of many a zone too ("KCN Hồng Tiến"): the names that
    begin it come first, then the zone's enterprises. Made-up names."""
    rows = [("Công ty TNHH Điện tử Kim Ngân", "0602000001", "KCN Hồng Tiến"),
            ("Công ty TNHH Điện tử Lộc Phát", "0602000002", "KCN Hồng Tiến"),
            ("Công ty Cổ phần Điện tử Hồng Hà Nam Định", "0602000003", "KCN Bảo Minh"),
            ("Công ty TNHH Thực phẩm Kim Ngân", "0602000004", "KCN Mỹ Trung"),
            ("Công ty TNHH Thực phẩm Trực Ninh Việt Nam", "0602000005", "KCN Bảo Minh")]
    index = EnterpriseIndex(IndexRow(number, name, fold(name), tax_code, zone, fold(zone))
                            for number, (name, tax_code, zone) in enumerate(rows, start=1))
    hits = index.search("dien tu hon")
    assert codes(hits) == ["0602000003", "0602000001", "0602000002"]
    assert all(hit.matched is MatchKind.prefix for hit in hits)
    assert codes(index.search("thuc pham tru")) == ["0602000005", "0602000004"]   # "Trực" before KCN Mỹ Trung
    # Within the sound-alikes too: «Thành» in the name before «Trung Thành» as the zone.
    rows = [("Công ty TNHH Dệt nhuộm Hòa Phát", "0602000011", "KCN Trung Thành"),
            ("Công ty TNHH MTV Dệt nhuộm Thành Công", "0602000012", "KCN Bảo Minh")]
    index = EnterpriseIndex(IndexRow(number, name, fold(name), tax_code, zone, fold(zone))
                            for number, (name, tax_code, zone) in enumerate(rows, start=1))
    assert codes(index.search("ret nhuom thanh")) == ["0602000012", "0602000011"]
