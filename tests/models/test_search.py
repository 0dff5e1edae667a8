"""Enterprise search: what people type finds the enterprise, the best match comes first, and no input breaks it."""

from __future__ import annotations

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
