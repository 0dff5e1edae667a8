"""The plan as a document: its file names its issuers (one, two or three), its date and place, the Quy chế it
implements and its reports' recipients; all stored with the plan, changed by a re-import, shown by `plan show`;
roles it names are checked against the bodies file."""

import datetime as dt
import textwrap

import pytest
from typer.testing import CliRunner

from cli.plan import app
from models.bodies import load_bodies
from models.plan import (
    Milestone,
    Plan,
    PlanFileError,
    ReviewKind,
    check_against_bodies,
    get_plan,
    import_plan,
    load_plan_file,
    parse_plan,
)
from tests.scheduler.conftest import PLAN_FILE

ISSUERS = [
    {"name": "Đảng ủy Ủy ban nhân dân tỉnh", "short": "Đảng ủy UBND tỉnh", "superior": "Đảng bộ tỉnh Ninh Bình",
     "signer_title": "Bí thư", "authority": "T/M Ban Thường vụ", "signer": "Trần Văn A", "body": "party_body"},
    {"name": "Ban Quản lý các khu công nghiệp tỉnh", "signer_title": "Trưởng ban", "authority": "K/T Trưởng ban",
     "signer": "Lê Thị B"},
    {"name": "Công đoàn các khu công nghiệp tỉnh", "signer_title": "Chủ tịch"},
]


def next_plan(issuers: list[dict]) -> str:
    lines = "\n".join(f"  - {issuer}" for issuer in issuers)
    return textwrap.dedent("""
        code: "01-KH/ĐU-BQL"
        title: "Kế hoạch phát triển đảng viên trong doanh nghiệp các khu công nghiệp, giai đoạn 2026–2030"
        starts_on: 2026-01-01
        ends_on: 2030-12-31
        issued_on: 15/01/2026
        place: "Ninh Bình"
        implements: {kind: "Quy chế phối hợp", number: "05-QC/ĐU-BQL", issued_on: 2026-01-10}
        delegation_decision: {number: "12-QĐ/ĐU-BQL", issued_on: 2026-01-20}
        report_recipients: ["Thường trực {party_body}", "Lưu"]
        bodies:
          founding_decider: [{from: 2026-01-01, name: "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh"}]
        milestones:
          - {code: "1.1", title: "Hội nghị triển khai", kind: deadline, due_on: 2026-01-31}
          - {code: "1.2", title: "Đánh giá 6 tháng", kind: deadline, due_on: 2026-06-30, review_kind: danh_gia}
        issuers:
        """) + lines + "\n"


def test_the_plan_file_names_its_issuers_as_the_seed_does():
    spec, _ = load_plan_file(PLAN_FILE)
    assert (spec.issued_on, spec.place) == (dt.date(2021, 9, 24), "Nam Định")
    assert (spec.implements.kind, spec.implements.number, spec.implements.issued_on) == (
        "Quy chế phối hợp", "01-QC/ĐUK-BQLCKCN", dt.date(2021, 9, 24))
    assert [(i.name, i.signer_title, i.signer, i.body) for i in spec.issuers] == [
        ("Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh", "Bí thư", "Vũ Hữu Thi", "party_body"),
        ("Ban Quản lý các khu công nghiệp tỉnh", "Trưởng ban", "Nguyễn Hoàng Anh", "zones_board")]
    by_code = {m.code: m for m in spec.milestones}
    assert by_code["2.5"].review_kind is ReviewKind.assessment and by_code["2.7"].review_kind is None
    check_against_bodies(spec, load_bodies())     # every role it names is in the bodies file


@pytest.mark.parametrize("count", [1, 2, 3])
def test_one_two_or_three_issuers_are_stored_with_the_plan(session, count):
    spec = parse_plan(next_plan(ISSUERS[:count]))
    import_plan(session, spec, actor="test")
    session.expire_all()
    plan = get_plan(session, "01-KH/ĐU-BQL")
    assert [(i.position, i.name, i.signer) for i in plan.issuers] == [
        (n, issuer["name"], issuer.get("signer")) for n, issuer in enumerate(ISSUERS[:count])]
    first = plan.issuers[0]
    assert (first.superior, first.authority, first.body) == ("Đảng bộ tỉnh Ninh Bình", "T/M Ban Thường vụ",
                                                             "party_body")
    assert (plan.issued_on, plan.place, plan.implements_number, plan.implements_issued_on) == (
        dt.date(2026, 1, 15), "Ninh Bình", "05-QC/ĐU-BQL", dt.date(2026, 1, 10))
    assert plan.report_recipients == ["Thường trực {party_body}", "Lưu"]
    assert (plan.delegation_decision_number, plan.delegation_decision_on) == ("12-QĐ/ĐU-BQL", dt.date(2026, 1, 20))
    assert plan.body_overrides()["founding_decider"][0].name == "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh"
    review = next(m for m in plan.milestones if m.code == "1.2")
    assert review.is_review and review.review_kind is ReviewKind.assessment


def test_a_reimport_changes_the_issuers_and_says_so(session):
    import_plan(session, parse_plan(next_plan(ISSUERS[:2])), actor="test")
    again = import_plan(session, parse_plan(next_plan(ISSUERS[:2])), actor="test")
    assert not again.changed_anything
    changed = import_plan(session, parse_plan(next_plan(ISSUERS[:3]).replace("Lê Thị B", "Lê Văn C")), actor="test")
    assert "issuers" in changed.plan_fields_changed
    session.expire_all()
    plan = session.query(Plan).one()
    assert [i.signer for i in plan.issuers] == ["Trần Văn A", "Lê Văn C", None]


def test_a_plan_file_naming_a_role_the_bodies_file_lacks_is_refused():
    spec = parse_plan(next_plan([{**ISSUERS[0], "body": "dang_uy_x"}]).replace("{party_body}", "{nobody}"))
    with pytest.raises(PlanFileError) as raised:
        check_against_bodies(spec, load_bodies())
    assert any("issuers[0].body: 'dang_uy_x'" in p for p in raised.value.problems)
    assert any("'{nobody}'" in p for p in raised.value.problems)
    with pytest.raises(PlanFileError):
        parse_plan(next_plan(ISSUERS * 2))        # at most three issuers


def test_plan_show_prints_the_plan_as_a_document(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    runner = CliRunner()
    assert runner.invoke(app, ["import", str(PLAN_FILE)]).exit_code == 0
    result = runner.invoke(app, ["show", "--on", "2022-01-05"])
    assert result.exit_code == 0, result.output
    assert "Ban hành: Nam Định, ngày 24/09/2021" in result.output
    assert "Thực hiện: Quy chế phối hợp số 01-QC/ĐUK-BQLCKCN ngày 24/09/2021" in result.output
    assert "Cơ quan ban hành: Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh (Bí thư Vũ Hữu Thi)" in result.output
    assert "Đoàn công tác:" not in result.output          # the seed does not give the decision's number
    decided = tmp_path / "decided.yaml"
    decided.write_text(PLAN_FILE.read_text(encoding="utf-8").replace(
        "\nissuers:\n", '\ndelegation_decision: {number: "05-QĐ/ĐUK-BQLCKCN", issued_on: 2021-09-28}\nissuers:\n'),
        encoding="utf-8")
    assert runner.invoke(app, ["import", str(decided)]).exit_code == 0
    shown = runner.invoke(app, ["show", "--on", "2022-01-05"]).output
    assert "Đoàn công tác: thành lập theo Quyết định số 05-QĐ/ĐUK-BQLCKCN ngày 28/09/2021" in shown
    bad = tmp_path / "plan.yaml"
    bad.write_text(PLAN_FILE.read_text(encoding="utf-8").replace("body: zones_board", "body: ban_x"), encoding="utf-8")
    refused = runner.invoke(app, ["import", str(bad)])
    assert refused.exit_code == 1 and "'ban_x'" in refused.output


def test_review_milestones_keep_their_kind(session):
    spec, _ = load_plan_file(PLAN_FILE)
    import_plan(session, spec, actor="test")
    kinds = {m.code: m.review_kind for m in session.query(Milestone).filter(Milestone.is_review.is_(True))}
    assert kinds == {"2.5": ReviewKind.assessment, "2.7": None, "3.2": None, "4.2": None, "4.3": None}


def test_the_reminder_of_the_june_conference_calls_it_an_assessment(session):
    from texts.scheduler import milestone_reminder

    spec, _ = load_plan_file(PLAN_FILE)
    import_plan(session, spec, actor="test")
    by_code = {m.code: m for m in session.query(Milestone)}
    assert "📝 Đây là hội nghị đánh giá: cần chuẩn bị báo cáo." in milestone_reminder(by_code["2.5"], 7)
    assert "📝 Đây là hội nghị sơ kết: cần chuẩn bị báo cáo." in milestone_reminder(by_code["2.7"], 7)
