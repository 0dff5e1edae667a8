"""The consolidated recommendations to the provincial committee and government: what still waits on the date, by
recipient and, for the provincial government, by department, each with its enterprise, texts, date and the
letter it was forwarded with; from the command line too."""

import datetime as dt

from docx import Document
from typer.testing import CliRunner

from cli import build_app
from models.difficulties import DifficultyInput, change_difficulty_status, parse_status_change, report_difficulty
from models.rules import load_rules
from reports.recommendations import build_recommendations
from tests.reports.conftest import HEADING, NOW, TZ, build_scenario, local


def add_more(session, scenario, rules) -> None:
    """One for the provincial committee, two for departments (one forwarded with a letter), one for the board."""
    from models.registry import Enterprise

    enterprise = session.query(Enterprise).filter(Enterprise.name == scenario.eligible).one()

    def difficulty(recipient, text, proposal=None, detail=None):
        item = report_difficulty(session, DifficultyInput(enterprise_id=enterprise.id, category="land",
                                                          description=text, proposal=proposal, recipient=recipient,
                                                          recipient_detail=detail),
                                 reporter=scenario.member, rules=rules)
        item.created_at = item.events[0].at = local(2022, 5, 2)
        return item

    difficulty("tinh_uy", "Chưa có quy hoạch khu nhà ở công nhân", "Đề nghị chỉ đạo lập quy hoạch nhà ở công nhân")
    forwarded = difficulty("department", "Chậm cấp giấy phép xây dựng", detail="Sở Xây dựng")
    change_difficulty_status(session, forwarded.id, parse_status_change(
        {"status": "forwarded", "forwarded_to": "Sở Xây dựng", "document_number": "125/BQL-DN"}),
        by=scenario.coordinator, now=local(2022, 5, 10))
    difficulty("department", "Chậm thẩm định dự án", detail="Sở Tài chính")
    difficulty("bql", "Đường nội khu xuống cấp")


def section_texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_waiting_recommendations_by_recipient_and_department(database, rules, tmp_path):
    with database.session() as session:
        scenario = build_scenario(session, rules)
        add_more(session, scenario, rules)
    written = build_recommendations(database, HEADING, tmp_path, rules=rules, tz=TZ, now=NOW)
    assert written.as_of == dt.date(2022, 7, 1) and written.count == 6   # 3 of the scenario's + 3 added
    assert written.path.name == "kien-nghi-20220701.docx"
    document = Document(str(written.path))
    texts = section_texts(document)
    title = texts[texts.index("BÁO CÁO") + 1]
    assert title == "Tổng hợp khó khăn, đề xuất, kiến nghị của doanh nghiệp gửi Tỉnh ủy và Ủy ban nhân dân tỉnh"
    assert texts[texts.index(title) + 2].startswith(
        "Thực hiện Quy chế phối hợp số 01-QC/ĐUK-BQLCKCN và Kế hoạch số 01-KH/ĐUK-BQLCKCN ngày 24/9/2021")
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "I. KIẾN NGHỊ GỬI TỈNH ỦY"),
                        ("Heading 1", "II. KIẾN NGHỊ GỬI ỦY BAN NHÂN DÂN TỈNH"),
                        ("Heading 2", "1. Kiến nghị chung"), ("Heading 2", "2. Sở Tài chính"),
                        ("Heading 2", "3. Sở Xây dựng")]
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    rows = [[cell.text for cell in row.cells] for table in tables for row in table.rows[1:]]
    assert rows[0][1:5] == [f"{scenario.eligible} (KCN Hòa Xá)", "Đất đai, mặt bằng",
                            "Chưa có quy hoạch khu nhà ở công nhân", "Đề nghị chỉ đạo lập quy hoạch nhà ở công nhân"]
    general = [row[3] for row in rows[1:4]]
    assert general == ["Thủ tục phòng cháy kéo dài", scenario.overdue_difficulty, "Thiếu công nhân may"]  # oldest first
    assert rows[-1][3] == "Chậm cấp giấy phép xây dựng"
    assert rows[-1][6] == "Đã chuyển cơ quan có thẩm quyền (văn bản số 125/BQL-DN)"
    everything = "\n".join(texts + [cell for row in rows for cell in row])
    assert "Đường nội khu xuống cấp" not in everything          # for the zones board: not sent up
    assert "Thiếu mặt bằng" not in everything                   # resolved
    recipients = texts[texts.index("Nơi nhận:") + 1:]
    assert recipients == ["- Thường trực Tỉnh ủy (để báo cáo),", "- Ủy ban nhân dân tỉnh (để chỉ đạo),",
                          "- Đoàn công tác,", "- Lưu."]


def test_nothing_waiting_is_said(database, rules, tmp_path):
    written = build_recommendations(database, HEADING, tmp_path, rules=rules, tz=TZ, now=NOW)
    assert written.count == 0
    texts = section_texts(Document(str(written.path)))
    assert any(text.startswith("Đến ngày 01/07/2022, không có khó khăn, kiến nghị nào") for text in texts)


def test_from_the_command_line(tmp_path, monkeypatch, sqlite_database_at):
    monkeypatch.chdir(tmp_path)
    database = sqlite_database_at(tmp_path / "cli.sqlite3")
    with database.session() as session:
        build_scenario(session, load_rules())
    database.dispose()
    monkeypatch.setenv("DATABASE_URL", database.url)
    result = CliRunner().invoke(build_app(["report"]), ["report", "recommendations", "--out", str(tmp_path / "out"),
                                                        "--today", "2022-07-01"])
    assert result.exit_code == 0, result.output
    assert "Đã lập báo cáo tổng hợp 3 kiến nghị (đến 01/07/2022)" in result.output
    assert (tmp_path / "out" / "kien-nghi-20220701.docx").exists()
