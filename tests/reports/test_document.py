"""The Word report as the party writes it (Hướng dẫn 36-HD/VPTW): the header block with the issuers of the
document's date, the title and opening citing the Quy chế and the Kế hoạch with their dates, sections I.1 to IV in
order, the scenario's figures in its sentences, tables and charts, the signatures with their authority lines
and signers, «Nơi nhận:» upright and underlined; one, two or three issuers; a report made early in its period;
it opens in LibreOffice (converted to PDF where LibreOffice is installed, as in CI)."""

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import unicodedata

import pytest
from docx import Document
from openpyxl import load_workbook

from models.db import Database
from models.plan import import_plan, load_plan_file
from models.registry import create_enterprise, parse_enterprise
from reports.build import build_report, write_report
from reports.heading import IssuerInfo
from reports.periods import parse_period
from tests.reports.conftest import HEADING, PLAN_FILE, TODAY, TZ
from tests.reports.test_figures import figures_for
from texts import reports as t

SUBJECT = ("công tác phát triển đảng viên và tổ chức cơ sở đảng trong doanh nghiệp thuộc các khu công nghiệp trên "
           "địa bàn tỉnh")


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def texts_of(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def section(document, first: str, after: str | None) -> str:
    paragraphs = texts_of(document)
    start = paragraphs.index(first)
    end = paragraphs.index(after) if after else len(paragraphs)
    return "\n".join(paragraphs[start:end])


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


@pytest.fixture(scope="module")
def files(rendered):
    return rendered.files


@pytest.fixture(scope="module")
def scenario(rendered):
    return rendered.scenario


@pytest.fixture
def document(files):
    return Document(str(files.docx))


@pytest.fixture
def review(rendered):
    return Document(str(rendered.review.docx))


def test_header_block_like_a_party_report(document):
    left, right = document.tables[0].rows[0].cells
    assert left.paragraphs[0].text == ("ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH - "
                                       "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH")
    assert left.paragraphs[0].runs[0].bold
    assert [p.text for p in left.paragraphs[1:]] == ["*", "Số …-BC/ĐUK-BQLCKCN"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and right.paragraphs[0].runs[0].bold
    dated = right.paragraphs[-1]
    assert dated.text == "Nam Định, ngày 01 tháng 7 năm 2022" and dated.runs[0].italic
    texts = texts_of(document)
    assert t.DRAFT_MARK in texts and "BÁO CÁO" in texts
    title = texts[texts.index("BÁO CÁO") + 1]
    assert title == f"Kết quả thực hiện Quy chế phối hợp về {SUBJECT} 6 tháng đầu năm 2022"
    assert document.paragraphs[texts.index("BÁO CÁO") + 1].runs[0].bold
    section_ = document.sections[0]
    assert round(section_.page_width.cm, 1) == 21.0 and round(section_.left_margin.cm, 1) == 3.0


def test_the_sections_in_the_order_a_review_has(review):
    assert headings(review, 1) == [t.SECTION_RESULTS, t.SECTION_SHORTCOMINGS,
                                   "III. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2022",
                                   t.SECTION_PROPOSALS]
    level_2 = headings(review, 2)
    results = [t.RESULT_LEADERSHIP, t.RESULT_VISITS, t.RESULT_DIFFICULTIES, t.RESULT_ADMISSIONS,
               t.RESULT_ORGANISATIONS, t.RESULT_PLAN, t.RESULT_TARGETS]
    assert level_2[:len(results)] == results
    assert level_2[len(results):] == ["1. Đối với Ủy ban nhân dân tỉnh"]   # the scenario's recommendations: UBND


def test_the_first_review_is_an_assessment_from_the_plans_start_citing_the_quy_che(review, rendered):
    texts = texts_of(review)
    title = texts[texts.index("BÁO CÁO") + 1]
    assert title == (f"Đánh giá tình hình triển khai thực hiện Quy chế phối hợp về {SUBJECT} 6 tháng đầu năm 2022 "
                     "(tính từ ngày 24/09/2021); nhiệm vụ, giải pháp 6 tháng cuối năm 2022")
    assert "Sơ kết" not in title and "sơ kết" not in title
    intro = texts[texts.index(title) + 2]
    assert intro == ("Thực hiện Quy chế phối hợp số 01-QC/ĐUK-BQLCKCN và Kế hoạch số 01-KH/ĐUK-BQLCKCN ngày 24/9/2021 "
                     "giữa Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh và Ban Quản lý các khu công nghiệp tỉnh về "
                     f"“{SUBJECT}”, Đảng ủy Khối và Ban Quản lý các khu công nghiệp tỉnh báo cáo đánh giá tình hình "
                     "triển khai thực hiện Quy chế phối hợp 6 tháng đầu năm 2022 (tính từ ngày 24/09/2021) như sau:")
    assert rendered.review.period.start == dt.date(2021, 9, 24)
    leadership = section(review, t.RESULT_LEADERSHIP, t.RESULT_VISITS)
    assert ("Ngày 24/9/2021, Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh và Ban Quản lý các khu công nghiệp tỉnh "
            "ban hành Kế hoạch số 01-KH/ĐUK-BQLCKCN thực hiện Quy chế phối hợp số 01-QC/ĐUK-BQLCKCN ngày 24/9/2021, "
            "từ năm 2021 đến năm 2025.") in leadership
    # Wave 1 (10–12/2021) and its visit are in: the first review covers 2021.
    assert "Đợt 1 (từ 01/10/2021 đến 31/12/2021); Đợt 2 (từ 01/01/2022 đến 31/03/2022)" in leadership
    assert "Các nội dung của Kế hoạch đã hoàn thành" not in leadership   # 2.5 is marked done on 28/06, after
    assert "Đề nghị bổ sung: văn bản chỉ đạo" in leadership
    visits = section(review, t.RESULT_VISITS, t.RESULT_DIFFICULTIES)
    assert "Đoàn công tác đã có 5 buổi làm việc với 3 doanh nghiệp" in visits
    plan = next(table for table in review.tables if table.rows[0].cells[0].text == "Mục")
    assert [row.cells[0].text for row in plan.rows[1:4]] == ["1.1", "1.2", "1.3"]   # 2021's items are in


def test_section_iv_lists_the_recommendations_waiting_on_the_provincial_government(review, scenario):
    proposals = section(review, t.SECTION_PROPOSALS, None)
    assert "1. Đối với Ủy ban nhân dân tỉnh" in proposals
    assert f"Về thuế, phí: {scenario.overdue_difficulty} (Công ty Cổ phần Cơ khí Bảo Minh, tiếp nhận ngày " \
           "01/02/2022)." in proposals
    assert "Thủ tục phòng cháy kéo dài" in proposals            # received in 2021, still waiting on 23/06/2022
    assert "Thiếu mặt bằng" not in proposals                     # resolved in March


def test_signatures_and_recipients_as_hd_36_sets_them(review):
    signatures = review.tables[-1]
    left, right = signatures.rows[0].cells
    # The plan's own order: the zones board on the left, the party body (the first issuer) on the right.
    assert cell_lines(left) == ["BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH", "TRƯỞNG BAN", "Nguyễn Hoàng Anh"]
    assert cell_lines(right) == ["ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH", "BÍ THƯ", "Vũ Hữu Thi"]
    assert all(run.bold for cell in (left, right) for p in cell.paragraphs for run in p.runs)
    paragraphs = review.paragraphs
    title = next(p for p in paragraphs if p.text == "Nơi nhận:")
    (run,) = title.runs
    assert run.underline and not run.bold and not run.italic   # upright and underlined, not the state's bold italic
    lines = [p.text for p in paragraphs[paragraphs.index(title) + 1:]]
    assert lines == ["- Ban Thường vụ Tỉnh ủy (để báo cáo),", "- Ban Tổ chức Tỉnh ủy,",
                     "- Thường trực Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh,",
                     "- Tập thể lãnh đạo Ban Quản lý các khu công nghiệp tỉnh,", "- Đoàn công tác,", "- Lưu."]


def test_results_state_the_scenarios_figures(document):
    text = all_text(document)
    assert ("Trong kỳ, Đoàn công tác đã có 4 buổi làm việc với 3 doanh nghiệp, trong đó có 2 doanh nghiệp chưa có tổ "
            "chức đảng, đạt 67% so với tổng số 3 doanh nghiệp chưa có tổ chức đảng.") in text
    assert ("Đợt 2 (01/01/2022 – 31/03/2022): đã làm việc với 2 trong tổng số 3 doanh nghiệp cần làm việc (67%), "
            "3 buổi làm việc.") in text
    assert ("Trong kỳ, tiếp nhận 4 khó khăn, đề xuất, kiến nghị của doanh nghiệp; đã giải quyết 1, 1 kiến nghị đã "
            "được trả lời không có cơ sở giải quyết. Đến cuối kỳ còn 3 khó khăn, kiến nghị đang theo dõi, trong đó 2 "
            "việc quá 30 ngày chưa được giải quyết.") in text
    assert "kết nạp 1 đảng viên mới" in text and "giới thiệu 2 quần chúng ưu tú" in text
    assert "Tổ chức chuyển sinh hoạt đảng 2 lượt với 3 đảng viên; đã hoàn thành 1 lượt." in text
    assert "Thành lập mới: 01 tổ chức cơ sở đảng; 01 công đoàn cơ sở." in text   # small counts as the seed writes
    assert "Kết nạp đảng viên mới đạt 1 trên chỉ tiêu 2 (50%)" in text
    assert "Các nội dung của Kế hoạch đã hoàn thành trong kỳ: mục 2.5 (" in text and "xong ngày 28/06/2022)" in text
    assert "/3 doanh nghiệp" not in text and "lần làm việc" not in text


def test_shortcomings_and_next_steps_are_drafted_from_the_data(document, scenario):
    shortcomings = section(document, t.SECTION_SHORTCOMINGS, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI "
                                                             "NĂM 2022")
    next_steps = section(document, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2022", t.SECTION_PROPOSALS)
    assert "Còn 2 khó khăn, kiến nghị của doanh nghiệp chưa được giải quyết sau hơn 30 ngày" in shortcomings
    assert f"Có 1 doanh nghiệp đã đủ số đảng viên chính thức để thành lập tổ chức cơ sở đảng nhưng chưa thành lập " \
           f"({scenario.eligible})" in shortcomings
    assert (f"Đợt 2: trong số 3 doanh nghiệp cần làm việc, còn 1 doanh nghiệp Đoàn công tác chưa đến làm việc "
            f"({scenario.unvisited})") in shortcomings
    assert "mục 2.2" in shortcomings and "Có 1 trường hợp chuyển sinh hoạt đảng quá thời hạn" in shortcomings
    assert "(mục 2.2)" in next_steps and "Mục 2.6:" in next_steps and "Mục 2.7:" in next_steps
    # The deciding and receiving bodies are those of the document's date, from the bodies file.
    assert (f"Đề nghị Ban Thường vụ Đảng ủy Khối xem xét, quyết định thành lập tổ chức cơ sở đảng tại 1 doanh "
            f"nghiệp đủ điều kiện ({scenario.eligible})") in next_steps
    assert ("chuyển sinh hoạt đảng về Đảng bộ Ban Quản lý các khu công nghiệp tỉnh "
            f"({scenario.transferring})") in next_steps
    assert "Xem xét kết nạp 1 quần chúng ưu tú" in next_steps
    assert "tại 0 doanh nghiệp" not in next_steps and "Đoàn Thanh niên tại" not in next_steps


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
    assert "uỷ" not in text and "Uỷ" not in text


def test_no_secret_mark_on_any_sheet(rendered, tmp_path):
    from reports.build import named_lists

    database = Database(rendered.database_url)
    with database.read_session() as session:
        figures = figures_for(session, load_rules_())
    with database.session() as session:
        named = named_lists(session, figures, rendered.scenario.coordinator.id)
    database.dispose()
    files = write_report(figures, HEADING, load_rules_(), tmp_path, named=named, dated=TODAY)
    names = load_workbook(files.xlsx).sheetnames
    assert "QCƯT – hạn chế phổ biến" in names and not [name for name in names if "mật" in name.lower()]


def load_rules_():
    from models.rules import load_rules

    return load_rules()


def test_a_document_dated_after_the_reorganisation_uses_the_new_names(rendered, rules, tmp_path):
    """The same figures, dated 2022 and 2025: the header, the place and the deciding body follow the date; the
    citation of the plan keeps the bodies that signed it."""
    database = Database(rendered.database_url)
    with database.read_session() as session:
        figures = figures_for(session, rules)
    database.dispose()
    then = Document(str(write_report(figures, HEADING, rules, tmp_path / "2022", dated=TODAY).docx))
    later = Document(str(write_report(figures, HEADING, rules, tmp_path / "2025", dated=dt.date(2025, 8, 1)).docx))
    assert then.tables[0].rows[0].cells[0].paragraphs[0].text.startswith("ĐẢNG ỦY KHỐI CÁC CƠ QUAN")
    left, right = later.tables[0].rows[0].cells
    assert left.paragraphs[0].text == "ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH - BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH"
    assert right.paragraphs[-1].text == "Ninh Bình, ngày 01 tháng 8 năm 2025"
    text = all_text(later)
    assert "Nam Định" not in text and "Ban Thường vụ Đảng ủy Ủy ban nhân dân tỉnh xem xét" in text
    assert "giữa Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh và Ban Quản lý" in text   # the plan as it was signed
    assert "Đảng ủy UBND tỉnh và Ban Quản lý các khu công nghiệp tỉnh báo cáo" in text
    signatures = later.tables[-1]
    assert cell_lines(signatures.rows[0].cells[1]) == ["ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", "BÍ THƯ"]   # no signer known
    assert "Thường trực Đảng ủy Ủy ban nhân dân tỉnh" in text


@pytest.mark.parametrize("count", [1, 2, 3])
def test_one_two_or_three_issuers(rendered, rules, tmp_path, count):
    database = Database(rendered.database_url)
    with database.read_session() as session:
        figures = figures_for(session, rules)
    database.dispose()
    issuers = (
        IssuerInfo("Đảng ủy Ủy ban nhân dân tỉnh", "Đảng ủy UBND tỉnh", superior="Đảng bộ tỉnh Ninh Bình",
                   signer_title="Bí thư", authority="T/M Ban Thường vụ", signer="Trần Văn A"),
        IssuerInfo("Ban Quản lý các khu công nghiệp tỉnh", signer_title="Trưởng ban", signer="Lê Thị B"),
        IssuerInfo("Công đoàn các khu công nghiệp tỉnh", signer_title="Chủ tịch", authority="T/M Ban Thường vụ",
                   signer="Phạm Văn C"),
    )[:count]
    plan = dataclasses.replace(figures.plan, issuers=issuers)
    files = write_report(dataclasses.replace(figures, plan=plan), HEADING, rules, tmp_path, dated=TODAY)
    document = Document(str(files.docx))
    left = document.tables[0].rows[0].cells[0]
    lines = [(p.text, bool(p.runs and p.runs[0].bold)) for p in left.paragraphs]
    expected = [("ĐẢNG BỘ TỈNH NINH BÌNH", False), ("ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", True)]
    expected += [(issuer.name.upper(), True) for issuer in issuers[1:]]
    assert lines[:-2] == expected and [text for text, _ in lines[-2:]] == ["*", "Số …-BC/ĐUK-BQLCKCN"]
    signatures = document.tables[-1]
    blocks = [cell_lines(cell) for row in signatures.rows for cell in row.cells]
    if count == 1:
        # HD 36: «Nơi nhận:» on the left, the one signature (authority line, title, name) on the right.
        assert blocks[0][0] == "Nơi nhận:" and blocks[1] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Trần Văn A"]
        assert "Đảng ủy UBND tỉnh báo cáo" in all_text(document)
    else:
        assert len(signatures.rows) == (count + 1) // 2
        assert blocks[1] == ["ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Trần Văn A"]
        assert blocks[0] == ["BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH", "TRƯỞNG BAN", "Lê Thị B"]
        if count == 3:
            assert blocks[2] == ["CÔNG ĐOÀN CÁC KHU CÔNG NGHIỆP TỈNH", "T/M BAN THƯỜNG VỤ", "CHỦ TỊCH", "Phạm Văn C"]
            assert ("giữa Đảng ủy Ủy ban nhân dân tỉnh, Ban Quản lý các khu công nghiệp tỉnh và Công đoàn các khu "
                    "công nghiệp tỉnh") in all_text(document)


def test_a_report_made_early_in_its_period_is_consistent(database, rules, tmp_path):
    """15/09/2021, before the plan starts, for the second half of 2021 (the newcomer's defect 10)."""
    with database.session() as session:
        spec, _ = load_plan_file(PLAN_FILE)
        import_plan(session, spec, actor="test")
        garments = create_enterprise(session, parse_enterprise({"name": "Công ty TNHH May Hòa Xá",
                                                                "tax_code": "0600000011", "zone": "KCN Hòa Xá",
                                                                "employees": 120}), actor="test")
        garments.youth_union_members = 6
        veterans = create_enterprise(session, parse_enterprise({"name": "Công ty CP Cơ khí Mỹ Thuận",
                                                                "tax_code": "0600000012", "zone": "KCN Mỹ Thuận",
                                                                "has_trade_union": True}), actor="test")
        veterans.veterans_members = 4
    today = dt.date(2021, 9, 15)
    with database.read_session() as session:
        period = parse_period(session, "2021-H2", today=today)
    now = dt.datetime(2021, 9, 15, 9, tzinfo=TZ)
    files = build_report(database, period, HEADING, tmp_path, rules=rules, tz=TZ, now=now)
    text = all_text(Document(str(files.docx)))
    assert "0 nội dung" not in text
    assert "Trong kỳ có 4 nội dung của Kế hoạch cần thực hiện: 4 chưa đến thời gian thực hiện." in text
    assert "Mục 1.1:" in text
    assert not re.search(r"\b0 doanh nghiệp", text) and "tại 0" not in text
    # The seed's mass-organisation bodies of the day (III.2), from the bodies file.
    assert ("Phối hợp với Công đoàn các khu công nghiệp tỉnh vận động thành lập công đoàn cơ sở tại 1 doanh nghiệp "
            "chưa có công đoàn cơ sở (cần ít nhất 5 người lao động tự nguyện gia nhập).") in text
    assert ("Đề nghị Ban Thường vụ Đoàn Khối các cơ quan và doanh nghiệp tỉnh hướng dẫn, phối hợp với Đoàn Thanh niên "
            "Ban Quản lý các khu công nghiệp tỉnh vận động thành lập chi đoàn thanh niên tại 1 doanh nghiệp có từ 3 "
            "đoàn viên trở lên chưa có tổ chức Đoàn.") in text
    assert ("vận động thành lập chi hội Cựu chiến binh tại 1 doanh nghiệp có từ 3 cựu chiến binh trở lên."
            in text)                                              # the proper noun keeps its capitals
    assert "chưa kết nạp được đảng viên mới" not in text      # two weeks into the half-year: not a shortcoming
    workbook = load_workbook(files.xlsx)
    for sheet in workbook:
        values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value not in (None, "")]
        assert len(values) > len(next(sheet.iter_rows(values_only=True))), sheet.title   # more than headers
    waves = [cell.value for row in workbook[t.SHEET["waves"]].iter_rows() for cell in row]
    assert "Chưa có đợt công tác nào bắt đầu trong kỳ (số liệu đến 15/09/2021)." in waves


@pytest.mark.slow
@pytest.mark.timeout(240)   # LibreOffice's first start on a new machine sets up its profile; the run has 180 s
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (CI installs it)")
def test_libreoffice_opens_and_converts_it(rendered, tmp_path):
    for docx in (rendered.files.docx, rendered.review.docx):
        out = tmp_path / "pdf"
        result = subprocess.run(["soffice", "--headless", "--norestore",
                                 f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir",
                                 str(out), str(docx)], capture_output=True, text=True, timeout=180)
        pdf = out / docx.with_suffix(".pdf").name
        assert result.returncode == 0 and pdf.exists(), result.stderr
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3


def test_the_directive_and_its_answers_are_in_the_leadership_part_and_the_summary_sheet(rendered, rules, tmp_path):
    """I.1 says what the data knows of the directive: cited when issued before the period, or issued in it, to how many
    enterprises, how many answered in writing; the office is then asked to add only the rest."""
    from models.directives import DirectiveFigures
    from tests.reports.test_workbook import sheet_rows

    database = Database(rendered.database_url)
    with database.read_session() as session:
        figures = figures_for(session, rules)
    database.dispose()
    directive = DirectiveFigures(
        id=1, number="125/QLDN", issued_on=dt.date(2021, 10, 5), issuer="Ban Quản lý các khu công nghiệp tỉnh",
        summary="Về việc báo cáo tình hình và rà soát đảng viên.", sent=12, reports_received=9,
        member_reviews_received=7, both_received=7, without_party_org=14, not_sent_without_party_org=2,
        awaiting=[])
    files = write_report(dataclasses.replace(figures, directives=[directive]), HEADING, rules, tmp_path, dated=TODAY)
    leadership = section(Document(str(files.docx)), t.RESULT_LEADERSHIP, t.RESULT_VISITS)
    assert ("Văn bản số 125/QLDN ngày 5/10/2021 của Ban Quản lý các khu công nghiệp tỉnh về việc báo cáo tình hình và "
            "rà soát đảng viên đã được gửi tới 12 doanh nghiệp. Đến 30/6/2022, 9 doanh nghiệp đã gửi báo cáo tình "
            "hình, khó khăn, kiến nghị (đạt 75% số doanh nghiệp đã nhận văn bản), 7 doanh nghiệp đã gửi báo cáo rà "
            "soát đảng viên. Trong số 14 doanh nghiệp chưa có tổ chức đảng, còn 2 doanh nghiệp chưa nhận được văn bản."
            ) in leadership
    assert ("(Đề nghị bổ sung: các hội nghị quán triệt, triển khai; quyết định thành lập, kiện toàn Đoàn công tác.)"
            in leadership)
    summary = {row["Nội dung"].value: row["Số liệu"].value
               for row in sheet_rows(load_workbook(files.xlsx)[t.SHEET["summary"]])}
    assert [summary[t.SUMMARY_ROWS[key]] for key in ("directive_sent", "directive_reports", "directive_reviews")] == [
        12, 9, 7]

    # The first review, from the plan's start, says the directive was issued in its period.
    first = dataclasses.replace(figures, directives=[directive],
                                period=dataclasses.replace(figures.period, start=dt.date(2021, 9, 24)))
    files = write_report(first, HEADING, rules, tmp_path / "first", dated=TODAY)
    leadership = section(Document(str(files.docx)), t.RESULT_LEADERSHIP, t.RESULT_VISITS)
    assert ("Ngày 5/10/2021, Ban Quản lý các khu công nghiệp tỉnh ban hành văn bản số 125/QLDN về việc báo cáo tình "
            "hình và rà soát đảng viên, gửi 12 doanh nghiệp. Đến 30/6/2022,") in leadership


def test_the_decision_setting_up_the_delegation_is_cited_when_the_plan_file_gives_it(rendered, rules, tmp_path):
    database = Database(rendered.database_url)
    with database.read_session() as session:
        figures = figures_for(session, rules)
    database.dispose()
    plan = dataclasses.replace(figures.plan, delegation_decision_number="05-QĐ/ĐUK-BQLCKCN",
                               delegation_decision_on=dt.date(2021, 9, 28))
    files = write_report(dataclasses.replace(figures, plan=plan), HEADING, rules, tmp_path, dated=TODAY)
    leadership = section(Document(str(files.docx)), t.RESULT_LEADERSHIP, t.RESULT_VISITS)
    assert ("Đoàn công tác được thành lập theo Quyết định số 05-QĐ/ĐUK-BQLCKCN ngày 28/9/2021 của Đảng ủy Khối Các cơ "
            "quan và Doanh nghiệp tỉnh và Ban Quản lý các khu công nghiệp tỉnh.") in leadership
    assert ("(Đề nghị bổ sung: văn bản chỉ đạo gửi các doanh nghiệp chưa có tổ chức đảng; các hội nghị quán triệt, "
            "triển khai; việc kiện toàn Đoàn công tác.)") in leadership


def test_the_head_of_the_delegation_is_named_with_the_body_of_the_reports_day(rendered, rules, tmp_path):
    database = Database(rendered.database_url)
    with database.read_session() as session:
        figures = figures_for(session, rules)
    database.dispose()
    leadership = section(Document(str(write_report(figures, HEADING, rules, tmp_path / "none", dated=TODAY).docx)),
                         t.RESULT_LEADERSHIP, t.RESULT_VISITS)
    assert "Trưởng đoàn" not in leadership
    headed = dataclasses.replace(figures, delegation_head=("Nguyễn Văn An", "zones_board"))
    files = write_report(headed, HEADING, rules, tmp_path, dated=TODAY)
    leadership = section(Document(str(files.docx)), t.RESULT_LEADERSHIP, t.RESULT_VISITS)
    board = HEADING.bodies.name("zones_board", TODAY)
    assert f"Đồng chí Nguyễn Văn An, {board}, làm Trưởng đoàn công tác." in leadership
