"""The report as a Word document laid out like a party report (Hướng dẫn 36-HD/VPTW on the form of party texts):
A4, the header block (on the left each issuing body, under the line of its superior body where it has one, then
«*» and the number; «ĐẢNG CỘNG SẢN VIỆT NAM» and the dated line in italics on the right), the title, the
sections with their tables and charts, the signatures (authority line, title, name) and «Nơi nhận:» upright
and underlined. Times New Roman 14 (Word and LibreOffice both render its Vietnamese, or a metric twin).

`Layout` is shared with the other documents the bot writes (`reports.recommendations`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table

from models.nominees import Stage
from models.rules import Rules
from models.text import xml_safe
from reports.charts import Chart
from reports.drafting import ReportText
from reports.figures import FUNNEL, STATUS_GROUPS, ReportFigures
from reports.heading import Issuer, Letterhead
from texts import reports as t

FONT = "Times New Roman"
BODY_PT, TABLE_PT = 14, 12
CHART_WIDTH_CM = 16           # inside the 16.5 cm between A4's 3 cm left and 1.5 cm right margins
BLACK = RGBColor(0, 0, 0)


def write_document(figures: ReportFigures, text: ReportText, charts: Sequence[Chart], letterhead: Letterhead,
                   rules: Rules, path: Path) -> Path:
    document = new_document(t.DOC_TITLE.format(what=t.REPORT_WHAT[text.kind].format(
        kind=figures.plan.implements_kind if figures.plan and figures.plan.implements_kind else t.PLAN_KIND),
        phrase=figures.period.phrase), letterhead)
    layout = Layout(document, {chart.key: chart for chart in charts})

    layout.draft_mark()
    layout.header_block(letterhead)
    layout.title(text.title)
    layout.body(text.intro)
    layout.note(t.AS_OF_NOTE.format(as_of=t.day(figures.as_of)))

    layout.heading(t.SECTION_RESULTS, level=1)
    layout.heading(t.RESULT_LEADERSHIP, level=2)
    layout.paragraphs(text.leadership)
    layout.heading(t.RESULT_VISITS, level=2)
    layout.paragraphs(text.visits)
    layout.chart("visits")
    if figures.waves:
        layout.table(t.TABLE_WAVES, t.DOC_WAVE_HEADERS, _wave_rows(figures), widths=(3.3, 4.4, 2.4, 2.4, 1.8, 2.2))
        layout.chart("coverage")
    layout.heading(t.RESULT_DIFFICULTIES, level=2)
    layout.paragraphs(text.difficulties)
    if figures.received:
        layout.table(t.TABLE_DIFFICULTIES, t.DOC_DIFFICULTY_HEADERS, _difficulty_rows(figures, rules),
                     widths=(4.5, 2.4, 2.4, 2.4, 2.4, 2.4))
        layout.chart("difficulties")
    layout.heading(t.RESULT_ADMISSIONS, level=2)
    layout.paragraphs(text.admissions)
    if any(figures.funnel.values()) or any(figures.pipeline_now.values()):
        layout.table(t.TABLE_ADMISSIONS, t.DOC_ADMISSION_HEADERS, _admission_rows(figures), widths=(8.5, 4, 4))
        layout.chart("funnel")
    layout.heading(t.RESULT_ORGANISATIONS, level=2)
    layout.paragraphs(text.organisations)
    if figures.foundings:
        layout.table(t.TABLE_FOUNDINGS, t.DOC_FOUNDING_HEADERS, _founding_rows(figures), widths=(10.5, 6))
    layout.heading(t.RESULT_PLAN, level=2)
    layout.paragraphs(text.plan)
    if figures.milestones:
        layout.table(t.TABLE_PLAN, t.DOC_PLAN_HEADERS, _milestone_rows(figures), widths=(1.4, 8.6, 3.3, 3.2),
                     align_left=(1,))
    layout.heading(t.RESULT_TARGETS, level=2)
    layout.paragraphs(text.targets)
    if any(row.target for row in figures.targets):
        layout.table(t.TABLE_TARGETS, t.DOC_TARGET_HEADERS, _target_rows(figures), widths=(1.8, 7.7, 2.3, 2.3, 2.4),
                     align_left=(1,))

    layout.heading(t.SECTION_SHORTCOMINGS, level=1)
    layout.paragraphs(text.shortcomings, bullet=True)
    layout.heading(text.next_heading, level=1)
    layout.paragraphs(text.next_steps, bullet=True)
    layout.heading(t.SECTION_PROPOSALS, level=1)
    proposals = text.proposals
    layout.body(proposals.intro)
    if proposals.none:
        layout.body(proposals.none)
    for recipient, lines in proposals.by_recipient:
        layout.heading(recipient, level=2)
        layout.paragraphs(lines, bullet=True)
    layout.note(t.DRAFT_NOTE.format(generated=f"{figures.generated_at:%H:%M %d/%m/%Y}"))
    layout.signatures(letterhead, letterhead.recipients or t.RECIPIENTS_DEFAULT)

    return save(document, path)


def new_document(title: str, letterhead: Letterhead) -> DocumentObject:
    """An empty A4 document with the party text's margins, fonts and page numbers."""
    document = Document()
    _page_setup(document)
    _styles(document)
    properties = document.core_properties
    properties.title = title
    properties.author = letterhead.issuers[0].name if letterhead.issuers else ""
    properties.language = "vi-VN"
    return document


def save(document: DocumentObject, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# --------------------------------------------------------------------------- page and styles

def _page_setup(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = Cm(1)
    # Page numbers from the second page, at the top centre, as party texts number them.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE")


def _styles(document: DocumentObject) -> None:
    normal = document.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", BODY_PT), ("Heading 2", BODY_PT)):
        style = document.styles[name]
        _font(style, size)
        style.font.bold, style.font.italic, style.font.color.rgb = True, False, BLACK
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(8), Pt(4)
        style.paragraph_format.first_line_indent = Cm(1)
        style.paragraph_format.keep_with_next = True


def _font(style, size: int) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)   # a theme font would win over the name in Word
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), "vi-VN")


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _widths(table: Table, widths_cm: Sequence[float]) -> None:
    table.autofit = False
    for index, width in enumerate(widths_cm):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)


def _repeat_header(table: Table) -> None:
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _shade(cell, colour: str = "D9E2F3") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


class Layout:
    """Appends a document's parts in order, numbering tables and charts as it goes."""

    def __init__(self, document: DocumentObject, charts: dict[str, Chart] | None = None) -> None:
        self.document = document
        self.charts = charts or {}
        self.tables = 0
        self.figures = 0

    def _paragraph(self, text: str = "", *, align=WD_ALIGN_PARAGRAPH.CENTER, bold: bool = False,
                   italic: bool = False, size: int | None = None, underline: bool = False, container=None,
                   space_after: float = 0):
        paragraph = (container or self.document).add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(space_after)
        paragraph.paragraph_format.first_line_indent = Cm(0)
        if text:
            run = paragraph.add_run(xml_safe(text))
            run.bold, run.italic, run.underline = bold, italic, underline
            if size:
                run.font.size = Pt(size)
        return paragraph

    def draft_mark(self) -> None:
        self._paragraph(t.DRAFT_MARK, align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True, size=12, space_after=2)

    def header_block(self, letterhead: Letterhead) -> None:
        """Left: each issuer (under its superior body's line, upright and not bold, where it has one), «*» and the
        number; right: the party's name and the dated line. Joint issuers without superior lines share one line,
        joined by " - ", as the plan's own header does."""
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        _widths(table, (7.6, 8.9))
        left, right = table.rows[0].cells
        issuers = letterhead.issuers
        size = BODY_PT if len(issuers) == 1 else 13
        lines: list[tuple[str, bool]] = []          # (text, bold)
        if any(issuer.superior for issuer in issuers):
            for issuer in issuers:
                if issuer.superior:
                    lines.append((issuer.superior.upper(), False))
                lines.append((issuer.name.upper(), True))
        else:
            lines.append((" - ".join(issuer.name.upper() for issuer in issuers), True))
        for index, (line, bold) in enumerate(lines):
            paragraph = left.paragraphs[0] if index == 0 else self._paragraph(container=left)
            self._fill(paragraph, line, bold=bold, size=size)
        self._paragraph(t.STAR, container=left, size=BODY_PT)
        self._paragraph(t.NUMBER_LINE.format(issuer=letterhead.number_suffix), container=left, size=BODY_PT)
        self._fill(right.paragraphs[0], t.PARTY_NAME, bold=True, size=15, underline=True)
        self._paragraph("", container=right, size=6)
        self._paragraph(t.PLACE_DATE.format(place=letterhead.place, date=t.full_date(letterhead.dated)),
                        container=right, italic=True, size=BODY_PT)

    @staticmethod
    def _fill(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int | None = None,
              underline: bool = False) -> None:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.first_line_indent = Cm(0)
        run = paragraph.add_run(xml_safe(text))
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)

    def title(self, subtitle: str, *, kind: str = t.TITLE) -> None:
        """«BÁO CÁO» and the trích yếu under it, bold, then the short rule."""
        self._paragraph("", space_after=6)
        self._paragraph(kind, bold=True, size=15, space_after=2)
        self._paragraph(subtitle, bold=True, size=BODY_PT, space_after=0)
        self._paragraph(t.RULE, space_after=8)

    def body(self, text: str, *, bullet: bool = False) -> None:
        paragraph = self.document.add_paragraph(xml_safe(f"- {text}" if bullet else text))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)

    def paragraphs(self, texts: Sequence[str], *, bullet: bool = False) -> None:
        for text in texts:
            # A line ending in ":" introduces the items after it: not a bullet of its own.
            self.body(text, bullet=bullet and not text.endswith(":"))

    def note(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
        run = paragraph.add_run(xml_safe(text))
        run.italic = True
        run.font.size = Pt(TABLE_PT)

    def heading(self, text: str, *, level: int) -> None:
        self.document.add_heading(xml_safe(text), level=level)

    def table(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], *,
              widths: Sequence[float], align_left: Sequence[int] = (0,)) -> None:
        self.tables += 1
        caption = self._paragraph(t.TABLE_CAPTION.format(number=self.tables, title=title), bold=True, italic=True,
                                  size=TABLE_PT, space_after=3)
        caption.paragraph_format.keep_with_next = True
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            self._cell(cell, header, bold=True)
            _shade(cell)
        _repeat_header(table)
        for row in rows:
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                self._cell(cell, value, left=index in align_left, bold=row[0] == t.TOTAL)
        _widths(table, widths)
        self._paragraph("", space_after=4)

    @staticmethod
    def _cell(cell, text: str, *, bold: bool = False, left: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        run = paragraph.add_run(xml_safe(text))
        run.bold = bold
        run.font.size = Pt(TABLE_PT)

    def chart(self, key: str) -> None:
        chart = self.charts.get(key)
        if chart is None:
            return
        self.figures += 1
        paragraph = self._paragraph(space_after=0)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run().add_picture(io.BytesIO(chart.png), width=Cm(CHART_WIDTH_CM))
        self._paragraph(t.CHART_CAPTION.format(number=self.figures, title=chart.title), italic=True, size=TABLE_PT,
                        space_after=8)

    def signatures(self, letterhead: Letterhead, recipients: Sequence[str]) -> None:
        """The signature blocks in a table whose rows never split across pages, and «Nơi nhận:».

        One issuer: «Nơi nhận:» on the left, the signature on the right (HD 36). Joint issuers: their blocks side by
        side, the first issuer's on the right of the first row as in the plan's own signatures, each under its
        body's name; «Nơi nhận:» below.
        """
        self._paragraph("", space_after=6).paragraph_format.keep_with_next = True
        issuers = list(letterhead.issuers)
        joint = len(issuers) > 1
        if not joint:
            table = self._signature_table(1)
            left, right = table.rows[0].cells
            self._recipients(left, recipients)
            self._signature(right, issuers[0] if issuers else None, joint=False)
            return
        rows = (len(issuers) + 1) // 2
        table = self._signature_table(rows)
        ordered = [issuers[1], issuers[0], *issuers[2:]]
        for index, issuer in enumerate(ordered):
            self._signature(table.rows[index // 2].cells[index % 2], issuer, joint=True)
        self._recipients(None, recipients)

    def _signature_table(self, rows: int) -> Table:
        table = self.document.add_table(rows=rows, cols=2)
        _no_borders(table)
        _widths(table, (8.0, 8.5))
        for row in table.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        return table

    def _signature(self, cell, issuer: Issuer | None, *, joint: bool) -> None:
        lines = []
        if issuer is not None:
            if joint:
                lines.append(issuer.name.upper())
            if issuer.authority:
                lines.append(issuer.authority.upper())
            if issuer.signer_title:
                lines.append(issuer.signer_title.upper())
        for index, line in enumerate(lines or [""]):
            paragraph = cell.paragraphs[0] if index == 0 else self._paragraph(container=cell)
            self._fill(paragraph, line, bold=True, size=13)
        self._paragraph("", container=cell, space_after=60)
        if issuer is not None and issuer.signer:
            self._paragraph(issuer.signer, container=cell, bold=True, size=BODY_PT)

    def _recipients(self, container, recipients: Sequence[str]) -> None:
        """«Nơi nhận:» upright and underlined (HD 36), the list in 12, each line but the last ending in a comma."""
        if container is not None and not container.paragraphs[0].runs:   # a table cell's own first paragraph
            title = container.paragraphs[0]
            title.alignment = WD_ALIGN_PARAGRAPH.LEFT
            title.paragraph_format.space_after = Pt(0)
            run = title.add_run(t.RECIPIENTS_TITLE)
            run.underline, run.font.size = True, Pt(BODY_PT)
        else:
            self._paragraph(t.RECIPIENTS_TITLE, align=WD_ALIGN_PARAGRAPH.LEFT, underline=True, size=BODY_PT,
                            container=container)
        for index, line in enumerate(recipients):
            text = (t.RECIPIENT_LAST if index == len(recipients) - 1 else t.RECIPIENT_LINE).format(line=line)
            self._paragraph(text, align=WD_ALIGN_PARAGRAPH.LEFT, size=TABLE_PT, container=container)


# --------------------------------------------------------------------------- the tables' rows

def _wave_rows(figures: ReportFigures) -> list[list[str]]:
    return [[w.name, f"{t.day(w.starts_on)} – {t.day(w.ends_on)}", t.number(w.aimed_at), t.number(w.covered),
             t.percent(w.covered, w.aimed_at), t.number(w.visits)] for w in figures.waves]


def _difficulty_rows(figures: ReportFigures, rules: Rules) -> list[list[str]]:
    table = figures.difficulties_by_category()
    rows = []
    totals = [0] * (1 + len(STATUS_GROUPS))
    for code in sorted(table, key=lambda c: -sum(table[c].values())):
        counts = [sum(table[code].values())] + [sum(table[code][s] for s in statuses)
                                                for statuses in STATUS_GROUPS.values()]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        rows.append([rules.category_label(code), *map(t.number, counts)])
    rows.append([t.TOTAL, *map(t.number, totals)])
    return rows


def _admission_rows(figures: ReportFigures) -> list[list[str]]:
    stages = (*FUNNEL[:3], Stage.introducers_named, *FUNNEL[3:])
    return [[t.STAGE[stage.value], t.number(figures.funnel[stage]) if stage in figures.funnel else "—",
             t.number(figures.pipeline_now[stage])] for stage in stages]


def _founding_rows(figures: ReportFigures) -> list[list[str]]:
    counts = figures.foundings_by_kind()
    rows = [[t.ORG_KIND[kind.value], t.number(count)] for kind, count in counts.items()]
    rows.append([t.TOTAL, t.number(sum(counts.values()))])
    return rows


def _milestone_rows(figures: ReportFigures) -> list[list[str]]:
    return [[m.code, m.title, m.when_text or t.day(m.due_on), t.MILESTONE_STATUS[m.status.value]]
            for m in figures.milestones]


def _target_rows(figures: ReportFigures) -> list[list[str]]:
    return [[str(r.year), t.TARGET_KIND[r.kind.value], t.number(r.target), t.number(r.achieved),
             t.percent(r.achieved, r.target)] for r in figures.targets if r.target]
