"""The printable consent form a worker signs (Decree 13/2023/NĐ-CP, Art. 11: consent in a form that can be
printed and verified), made from the nominee's record: who they are, what is recorded, that it is sensitive,
why, who sees it, how long it is kept and their rights; then the date and the two signatures.

The same points are read out in the chat before anything is recorded (`texts.nominees.CONSENT_POINTS`), so the
form says exactly what the worker was told. A4, Times New Roman 13, a citizen's paper's national heading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from models.text import xml_safe
from texts import nominees as t

FONT = "Times New Roman"
BODY_PT = 13


@dataclass(frozen=True)
class ConsentForm:
    record_id: int
    full_name: str
    date_of_birth: dt.date | None
    position: str | None
    enterprise: str
    processor: str            # "Đảng ủy Khối … và Ban Quản lý …": whose delegation records it
    retention_months: int     # from the rules in force
    version: str              # the consent wording's version
    member: str               # the member who took the consent


def consent_points(processor: str, retention_months: int) -> tuple[str, list[str]]:
    """The agreement line and the numbered points, as the chat reads them and the form prints them."""
    points = [t.CONSENT_POINT_LINE.format(number=number, text=text.format(months=retention_months))
              for number, text in enumerate(t.CONSENT_POINTS, 1)]
    return t.CONSENT_AGREEMENT.format(processor=processor), points


def write_consent_form(form: ConsentForm, path: Path) -> Path:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY_PT)
    style.paragraph_format.space_after = Pt(4)
    document.core_properties.title = t.CONSENT_FORM_TITLE
    document.core_properties.language = "vi-VN"

    def paragraph(text: str, *, bold: bool = False, italic: bool = False, center: bool = False,
                  size: int | None = None) -> None:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        run = line.add_run(xml_safe(text))
        run.bold, run.italic = bold, italic
        run.font.name = FONT
        if size is not None:
            run.font.size = Pt(size)

    paragraph(t.CONSENT_FORM_NATION, bold=True, center=True)
    paragraph(t.CONSENT_FORM_MOTTO, bold=True, center=True)
    paragraph("")
    paragraph(t.CONSENT_FORM_TITLE, bold=True, center=True, size=15)
    paragraph(t.CONSENT_FORM_SUBTITLE.format(id=form.record_id, version=form.version), italic=True, center=True)
    paragraph(t.CONSENT_FORM_WHO.format(
        name=form.full_name,
        birth=form.date_of_birth.strftime("%d/%m/%Y") if form.date_of_birth else t.CONSENT_FORM_BLANK))
    paragraph(t.CONSENT_FORM_WORK.format(position=form.position or t.CONSENT_FORM_BLANK, enterprise=form.enterprise))
    paragraph(t.CONSENT_FORM_INFORMED)
    agreement, points = consent_points(form.processor, form.retention_months)
    paragraph(agreement)
    for point in points:
        paragraph(point)
    paragraph(t.CONSENT_FORM_RECORDER.format(member=form.member))
    paragraph(t.CONSENT_FORM_DATED, italic=True)

    signatures = document.add_table(rows=3, cols=2)
    signatures.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, title in enumerate(t.CONSENT_FORM_SIGNERS):
        for row, (text, bold, italic) in enumerate(((title, True, False), (t.CONSENT_FORM_SIGN_HINT, False, True),
                                                    ("\n\n\n", False, False))):
            cell = signatures.cell(row, column)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = cell.paragraphs[0].add_run(text)
            run.bold, run.italic = bold, italic
            run.font.name = FONT
    document.save(str(path))
    return path
