"""The Word report: a party report's header block, title and sections, the scenario's figures in its sentences,
tables and charts, drafts of shortcomings and next steps; names and the place from the settings; it opens in
LibreOffice (converted to PDF where LibreOffice is installed, as in CI)."""

import re
import shutil
import subprocess
import unicodedata

import pytest
from docx import Document

from reports.build import write_report
from models.db import Database
from reports.heading import ReportHeading
from tests.reports.conftest import TODAY
from tests.reports.test_figures import figures_for
from texts import reports as t


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def files(rendered):
    return rendered.files


@pytest.fixture(scope="module")
def scenario(rendered):
    return rendered.scenario


@pytest.fixture
def document(files):
    return Document(str(files.docx))


def test_header_block_like_a_party_report(document):
    left, right = document.tables[0].rows[0].cells
    assert left.paragraphs[0].text == ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH - "
                                       "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH")
    assert left.paragraphs[0].runs[0].bold
    assert [p.text for p in left.paragraphs[1:]] == ["*", "Số …-BC/ĐUK-BQLCKCN"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and right.paragraphs[0].runs[0].bold
    dated = right.paragraphs[-1]
    assert dated.text == "Nam Định, ngày 01 tháng 7 năm 2022" and dated.runs[0].italic
    texts = [p.text for p in document.paragraphs]
    assert t.DRAFT_MARK in texts and "BÁO CÁO" in texts
    title = next(p for p in texts if p.startswith("Sơ kết"))
    assert title.startswith("Sơ kết 6 tháng đầu năm 2022 thực hiện Kế hoạch số 01-KH/ĐUK-BQLCKCN")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [t.SECTION_RESULTS, t.SECTION_SHORTCOMINGS, t.SECTION_NEXT]
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.left_margin.cm, 1) == 3.0


def test_results_state_the_scenarios_figures(document):
    text = all_text(document)
    assert ("Trong kỳ, Đoàn công tác đã làm việc 4 lượt với 3 doanh nghiệp; trong đó 2/3 doanh nghiệp chưa có "
            "tổ chức đảng (67%).") in text
    assert "Đợt 2 (01/01/2022 – 31/03/2022): đã làm việc 2/3 doanh nghiệp (67%)" in text
    assert ("tiếp nhận 4 khó khăn, đề xuất, kiến nghị của doanh nghiệp; đã giải quyết 1, không tiếp nhận 1. "
            "Đến cuối kỳ còn 3 khó khăn, kiến nghị đang theo dõi, trong đó 2 việc quá 30 ngày") in text
    assert "kết nạp 1 đảng viên mới" in text and "giới thiệu 2 quần chúng ưu tú" in text
    assert "Tổ chức chuyển sinh hoạt đảng 2 lượt với 3 đảng viên; đã hoàn thành 1 lượt." in text
    assert "kết nạp đảng viên mới 1/2 (50%)" in text


def test_shortcomings_and_next_steps_are_drafted_from_the_data(document, scenario):
    paragraphs = [p.text for p in document.paragraphs]
    start = paragraphs.index(t.SECTION_SHORTCOMINGS)
    middle = paragraphs.index(t.SECTION_NEXT)
    shortcomings, next_steps = "\n".join(paragraphs[start:middle]), "\n".join(paragraphs[middle:])
    assert "Còn 2 khó khăn, kiến nghị của doanh nghiệp chưa được giải quyết sau hơn 30 ngày" in shortcomings
    assert f"Có 1 doanh nghiệp đã đủ số đảng viên chính thức để thành lập tổ chức cơ sở đảng nhưng chưa thành lập " \
           f"({scenario.eligible})" in shortcomings
    assert f"Đợt 2: còn 1/3 doanh nghiệp chưa được làm việc ({scenario.unvisited})" in shortcomings
    assert "mục 2.2" in shortcomings and "Có 1 trường hợp chuyển sinh hoạt đảng quá thời hạn" in shortcomings
    assert "(mục 2.2)" in next_steps and "Mục 2.6:" in next_steps and "Mục 2.7:" in next_steps
    assert f"tổ chức cơ sở đảng tại 1 doanh nghiệp đủ điều kiện ({scenario.eligible})" in next_steps
    assert "Xem xét kết nạp 1 quần chúng ưu tú" in next_steps


def test_tables_and_charts(document):
    assert len(document.inline_shapes) == 4       # visits per month, coverage, difficulties, the funnel
    captions = [p.text for p in document.paragraphs if p.text.startswith("Biểu đồ")]
    assert captions == [f"Biểu đồ {n}. {title}" for n, title in enumerate(
        (t.CHART_VISITS_TITLE, t.CHART_COVERAGE_TITLE, t.CHART_DIFFICULTIES_TITLE, t.CHART_FUNNEL_TITLE), 1)]
    plan = next(table for table in document.tables if table.rows[0].cells[0].text == "Mục")
    statuses = {row.cells[0].text: row.cells[3].text for row in plan.rows[1:]}
    assert statuses["2.2"] == "Quá hạn" and statuses["2.5"] == "Đã hoàn thành"
    difficulties = next(table for table in document.tables if table.rows[0].cells[0].text == "Lĩnh vực")
    # received, still being handled, answered, resolved, declined
    assert [cell.text for cell in difficulties.rows[-1].cells] == [t.TOTAL, "4", "2", "0", "1", "1"]


def test_no_personal_names_and_full_diacritics(document, scenario):
    text = all_text(document)
    for name in (*scenario.nominee_names, scenario.transferred_name):
        assert name not in text
    assert unicodedata.is_normalized("NFC", text)
    assert "Sơ kết" in text and "Phương hướng".upper() in text.upper()


def test_names_and_place_come_from_the_settings(rendered, rules, tmp_path):
    database = Database(rendered.database_url)
    with database.read_session() as session:
        figures = figures_for(session, rules)
    database.dispose()
    heading = ReportHeading(party_body="Đảng ủy các cơ quan Đảng tỉnh", zones_body="Ban Quản lý các KCN tỉnh",
                            place="Ninh Bình", issuer_code="ĐU-BQL")
    files = write_report(figures, heading, rules, tmp_path, dated=TODAY)
    document = Document(str(files.docx))
    left, right = document.tables[0].rows[0].cells
    assert left.paragraphs[0].text == "ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH - BAN QUẢN LÝ CÁC KCN TỈNH"
    assert left.paragraphs[2].text == "Số …-BC/ĐU-BQL"
    assert right.paragraphs[-1].text.startswith("Ninh Bình, ngày 01 tháng 7 năm 2022")
    assert "Nam Định" not in all_text(document)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (CI installs it)")
def test_libreoffice_opens_and_converts_it(files, tmp_path):
    out = tmp_path / "pdf"
    result = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                             "--convert-to", "pdf", "--outdir", str(out), str(files.docx)],
                            capture_output=True, text=True, timeout=180)
    pdf = out / files.docx.with_suffix(".pdf").name
    assert result.returncode == 0 and pdf.exists(), result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3
