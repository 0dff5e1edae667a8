"""The printable consent form: a real DOCX made from the record, saying what the chat read out."""

import datetime as dt

from docx import Document

from reports.consent_form import ConsentForm, consent_points, write_consent_form
from texts import nominees as t


def test_the_form_says_what_the_worker_is_told_and_who_they_are(tmp_path):
    form = ConsentForm(record_id=12, full_name="Nguyễn Thị Mai", date_of_birth=dt.date(1998, 3, 5),
                       position="Tổ trưởng", enterprise="Công ty TNHH May Hòa Xá",
                       processor="Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh và Ban Quản lý các khu công nghiệp "
                                 "tỉnh",
                       retention_months=24, version=t.CONSENT_VERSION, member="Phạm Văn Bình")
    path = write_consent_form(form, tmp_path / "phieu.docx")
    document = Document(str(path))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    cells = " ".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "PHIẾU ĐỒNG Ý XỬ LÝ DỮ LIỆU CÁ NHÂN" in text and "số 12" in text and t.CONSENT_VERSION in text
    assert "Tôi là: Nguyễn Thị Mai. Ngày sinh: 05/03/1998." in text
    assert "Nơi làm việc: Công ty TNHH May Hòa Xá." in text
    assert "dữ liệu cá nhân nhạy cảm" in text and "Mục đích" in text and "điều phối" in text
    assert "được xóa sau 24 tháng kể từ bước gần nhất" in text and "rút lại sự đồng ý" in text
    assert "đồng chí Phạm Văn Bình" in text
    assert "NGƯỜI ĐỒNG Ý" in cells and "NGƯỜI GHI NHẬN" in cells and "(Ký và ghi rõ họ tên)" in cells
    agreement, points = consent_points(form.processor, 24)
    assert agreement in text and all(point in text for point in points) and len(points) == 6
    assert "12 tháng" not in "".join(t.CONSENT_POINTS) and "{months}" in "".join(t.CONSENT_POINTS)
