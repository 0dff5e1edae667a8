import pytest

from models.errors import Conflict, InvalidInput
from models.registry import (
    Ownership,
    PartyOrgStatus,
    create_enterprise,
    eligibility,
    normalise_tax_code,
    parse_enterprise,
    update_enterprise,
    upsert_enterprise,
)


def enterprise_data(**overrides):
    data = {"name": "Công ty TNHH May Hòa Phát", "tax_code": "0600123456", "zone": "KCN Hòa Xá", "employees": 350}
    data.update(overrides)
    return parse_enterprise(data)


@pytest.mark.parametrize("raw, expected", [
    ("0600123456", "0600123456"),
    (600123456, "0600123456"),
    (600123456.0, "0600123456"),
    ("0600123456-001", "0600123456-001"),
    ("0600123456001", "0600123456-001"),
    (" 0600 123 456 ", "0600123456"),
])
def test_tax_codes_stay_text(raw, expected):
    assert normalise_tax_code(raw) == expected


@pytest.mark.parametrize("raw", ["123", "abcdefghij", "0600123456-01", 12.5, None, True, ""])
def test_bad_tax_codes_are_refused_in_vietnamese(raw):
    with pytest.raises(ValueError) as info:
        normalise_tax_code(raw)
    assert "Mã số thuế" in str(info.value)


def test_create_then_conflict_on_same_tax_code(session):
    created = create_enterprise(session, enterprise_data(), actor="test")
    assert created.zone.name == "KCN Hòa Xá"
    with pytest.raises(Conflict) as info:
        create_enterprise(session, enterprise_data(name="Khác"), actor="test")
    assert "0600123456" in info.value.message


def test_zone_names_with_and_without_prefix_are_one_zone(session):
    a = create_enterprise(session, enterprise_data(), actor="test")
    b = create_enterprise(session, enterprise_data(tax_code="0600123457", zone="Hoà Xá"), actor="test")
    assert a.zone_id == b.zone_id


def test_upsert_updates_by_tax_code_and_keeps_unset_fields(session):
    first, created = upsert_enterprise(session, enterprise_data(official_members=2), actor="test")
    assert created
    again, created = upsert_enterprise(session, parse_enterprise({"name": "Công ty TNHH May Hòa Phát Nam Định",
                                                                  "tax_code": "0600123456"}), actor="test")
    assert not created and again.id == first.id
    assert again.name.endswith("Nam Định")
    assert again.employees == 350 and again.official_members == 2


def test_update_cannot_steal_another_tax_code(session):
    a = create_enterprise(session, enterprise_data(), actor="test")
    create_enterprise(session, enterprise_data(tax_code="0600999999", name="Công ty B"), actor="test")
    with pytest.raises(Conflict):
        update_enterprise(session, a.id, enterprise_data(tax_code="0600999999"), actor="test")


def test_input_errors_are_vietnamese_and_name_the_field():
    with pytest.raises(InvalidInput) as info:
        parse_enterprise({"name": "X", "tax_code": "0600123456", "employees": -3})
    assert "Tên" in info.value.message and "Số lao động" in info.value.message
    with pytest.raises(InvalidInput) as info:
        parse_enterprise({"name": "Công ty Nhật", "tax_code": "0600123456", "ownership": "foreign"})
    assert "quốc gia" in info.value.message


def test_foreign_enterprise_keeps_its_country(session):
    enterprise = create_enterprise(session, enterprise_data(ownership="foreign", country="Hàn Quốc"), actor="test")
    assert enterprise.ownership is Ownership.foreign and enterprise.country == "Hàn Quốc"


@pytest.mark.parametrize("official, may_found, kind, chi_uy", [
    (0, False, None, False), (2, False, None, False), (3, True, "chi_bo", False),
    (9, True, "chi_bo", True), (30, True, "dang_bo", True),
])
def test_eligibility_follows_the_thresholds(session, rules, official, may_found, kind, chi_uy):
    enterprise = create_enterprise(session, enterprise_data(official_members=official), actor="test")
    result = eligibility(enterprise, rules)
    assert (result.may_found_party_org, result.party_org_kind, result.elects_chi_uy) == (may_found, kind, chi_uy)
    assert result.official_needed == max(0, 3 - official)


def test_probationary_members_do_not_count_towards_founding(session, rules):
    enterprise = create_enterprise(session, enterprise_data(official_members=2, probationary_members=5), actor="test")
    result = eligibility(enterprise, rules)
    assert not result.may_found_party_org and result.members_should_transfer


def test_an_enterprise_with_its_own_organisation_is_not_eligible_again(session, rules):
    enterprise = create_enterprise(session, enterprise_data(official_members=5), actor="test")
    enterprise.party_org_status = PartyOrgStatus.chi_bo
    assert not eligibility(enterprise, rules).may_found_party_org


def test_union_thresholds(session, rules):
    enterprise = create_enterprise(session, enterprise_data(employees=4), actor="test")
    assert not eligibility(enterprise, rules).may_found_trade_union
    enterprise.employees, enterprise.youth_union_members = 5, 3
    result = eligibility(enterprise, rules)
    assert result.may_found_trade_union and result.may_found_youth_union
