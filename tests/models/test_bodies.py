"""Names of bodies as dated data: the name of a role on a date, a role that ends, a zone's, an enterprise's or a
plan's own body, names filled into a text; a broken bodies file refused with its problems; the settings that
used to carry undated names refused with a line saying where they went; `delegation-bot bodies show`."""

import datetime as dt
import textwrap

import pytest
from typer.testing import CliRunner

from bot.settings import SettingsError, load_settings
from cli import build_app
from models.bodies import (
    DEFAULT_BODIES_FILE,
    FOUNDING_DECIDER,
    PARTY_BODY,
    PROVINCE,
    REQUIRED_ROLES,
    TRANSFER_RECEIVER,
    BodiesFileError,
    BodyEntry,
    load_bodies,
    parse_bodies,
)


def test_the_names_of_a_date_before_and_after_the_2025_reorganisation():
    bodies = load_bodies()
    assert bodies.name(PROVINCE, dt.date(2021, 9, 24)) == "Nam Định"
    assert bodies.name(PROVINCE, dt.date(2025, 6, 30)) == "Nam Định"
    assert bodies.name(PROVINCE, dt.date(2025, 7, 1)) == "Ninh Bình"
    assert bodies.name(PARTY_BODY, dt.date(2024, 12, 31)) == "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh"
    assert bodies.short(PARTY_BODY, dt.date(2024, 12, 31)) == "Đảng ủy Khối"
    assert bodies.name(PARTY_BODY, dt.date(2026, 1, 1)) != "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh"
    assert bodies.name(FOUNDING_DECIDER, dt.date(2022, 1, 1)) == "Ban Thường vụ Đảng ủy Khối"
    # Unverified dates and bodies are said so in the data, never decided in code.
    assert bodies.at(PARTY_BODY, dt.date(2026, 1, 1)).note.startswith("chưa đối chiếu")
    assert bodies.name("department_example", dt.date(2022, 1, 1)) == "Sở Tài nguyên và Môi trường"
    assert bodies.name("department_example", dt.date(2025, 3, 1)) == "Sở Nông nghiệp và Môi trường"


TEST_FILE = textwrap.dedent("""
    roles:
      province:
        - {from: 2000-01-01, name: "Nam Định"}
        - {from: 2025-07-01, name: "Ninh Bình"}
      party_body:
        - {from: 2000-01-01, name: "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh", short: "Đảng ủy Khối"}
        - {from: 2025-02-01, name: null}
      zones_board: [{from: 2000-01-01, name: "Ban Quản lý các khu công nghiệp tỉnh"}]
      zones_party_body: [{from: 2000-01-01, name: "Đảng bộ Ban Quản lý các khu công nghiệp tỉnh"}]
      founding_decider: [{from: 2000-01-01, name: "Ban Thường vụ Đảng ủy Khối"}]
      transfer_receiver: [{from: 2000-01-01, name: "Đảng bộ Ban Quản lý các khu công nghiệp tỉnh"}]
      class_organiser: [{from: 2000-01-01, name: "Đảng ủy Khối"}]
      provincial_committee: [{from: 2000-01-01, name: "Tỉnh ủy"}]
      provincial_government: [{from: 2000-01-01, name: "Ủy ban nhân dân tỉnh", short: "UBND tỉnh"}]
      department_example: [{from: 2000-01-01, name: "Sở Tài chính"}]
      department_example_other: [{from: 2000-01-01, name: "Sở Xây dựng"}]
    default_issuers: [zones_board]
    zones:
      "KCN Mỹ Trung":
        transfer_receiver: [{from: 2025-07-01, name: "Đảng ủy phường Mỹ Lộc"}]
    enterprises:
      "0600000003":
        founding_decider: [{from: 2025-07-01, name: "Ban Thường vụ Đảng ủy phường Mỹ Lộc"}]
""")


def test_an_enterprise_a_zone_and_a_plan_may_have_their_own_body_from_their_own_date():
    bodies = parse_bodies(TEST_FILE)
    later, before = dt.date(2025, 8, 1), dt.date(2025, 6, 1)
    assert bodies.name(TRANSFER_RECEIVER, later, zone="KCN Mỹ Trung") == "Đảng ủy phường Mỹ Lộc"
    assert bodies.name(TRANSFER_RECEIVER, later, zone="kcn my trung") == "Đảng ủy phường Mỹ Lộc"   # as people type
    assert bodies.name(TRANSFER_RECEIVER, before, zone="KCN Mỹ Trung") == "Đảng bộ Ban Quản lý các khu công nghiệp tỉnh"
    assert bodies.name(TRANSFER_RECEIVER, later, zone="KCN Hòa Xá") == "Đảng bộ Ban Quản lý các khu công nghiệp tỉnh"
    assert bodies.name(FOUNDING_DECIDER, later, tax_code="0600000003", zone="KCN Mỹ Trung") == \
        "Ban Thường vụ Đảng ủy phường Mỹ Lộc"
    plan = {FOUNDING_DECIDER: [BodyEntry.model_validate({"from": "2026-01-01", "name": "Ban Thường vụ Đảng ủy X"})]}
    assert bodies.name(FOUNDING_DECIDER, dt.date(2026, 2, 1), plan=plan) == "Ban Thường vụ Đảng ủy X"
    assert bodies.name(FOUNDING_DECIDER, dt.date(2026, 2, 1), tax_code="0600000003", plan=plan) == \
        "Ban Thường vụ Đảng ủy phường Mỹ Lộc"                       # the enterprise's own wins over the plan's
    assert bodies.name(FOUNDING_DECIDER, dt.date(2025, 12, 31), plan=plan) == "Ban Thường vụ Đảng ủy Khối"


def test_a_role_can_end_and_a_text_takes_the_names_of_its_date():
    bodies = parse_bodies(TEST_FILE)
    assert bodies.name(PARTY_BODY, dt.date(2025, 3, 1)) == ""
    assert bodies.at(PARTY_BODY, dt.date(2025, 3, 1)).name is None
    line = "Thường trực {party_body}; {provincial_government.short}; {unknown}"
    assert bodies.fill(line, dt.date(2022, 1, 1)) == ("Thường trực Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh; "
                                                      "UBND tỉnh; {unknown}")
    assert bodies.unknown_placeholders(line) == ["unknown"]
    assert bodies.default_issuers == ["zones_board"]
    with pytest.raises(KeyError):
        bodies.name("no_such_role", dt.date(2022, 1, 1))


def test_a_broken_bodies_file_lists_its_problems():
    broken = TEST_FILE.replace("  province:\n", "  provinces:\n").replace("default_issuers: [zones_board]",
                                                                          "default_issuers: [nobody]")
    with pytest.raises(BodiesFileError) as raised:
        parse_bodies(broken)
    assert "roles.province: thiếu" in raised.value.message and "default_issuers: 'nobody'" in raised.value.message
    with pytest.raises(BodiesFileError):
        parse_bodies("roles: [")
    assert set(REQUIRED_ROLES) <= set(load_bodies().roles)


def test_undated_names_in_the_settings_are_refused_with_where_they_went(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROVINCE_NAME", "Nam Định")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith("PROVINCE_NAME: no longer read") and "BODIES_FILE" in str(raised.value)
    monkeypatch.delenv("PROVINCE_NAME")
    broken = tmp_path / "bodies.yaml"
    broken.write_text("roles: {}\n", encoding="utf-8")
    monkeypatch.setenv("BODIES_FILE", str(broken))
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert str(raised.value).startswith("BODIES_FILE:") and "roles.province" in str(raised.value)
    own = tmp_path / "own.yaml"
    own.write_text(DEFAULT_BODIES_FILE.read_text(encoding="utf-8").replace("Nam Định", "Hà Nam"), encoding="utf-8")
    monkeypatch.setenv("BODIES_FILE", str(own))
    assert load_bodies(load_settings().bodies_file).name(PROVINCE, dt.date(2022, 1, 1)) == "Hà Nam"


def test_bodies_show_prints_each_role_on_a_date(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(build_app(["bodies"]), ["bodies", "show", "--on", "2025-08-01"])
    assert result.exit_code == 0, result.output
    assert "province" in result.output and "Ninh Bình (từ 01/07/2025)" in result.output
    assert "⚠ chưa đối chiếu" in result.output
