"""A guidance version as a DOCX file in the official layout (Decree 30/2020/NĐ-CP, Appendix I;
DOMAIN §8).

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, black;
paragraphs at least 6 pt apart, line spacing 1.15; page numbers from page 2, centred in the
top margin. The heading is a borderless two-column table: the superior body and the issuing
body (bold capitals, a short rule below) with "Số: …" on the left; the national title (bold
capitals, 12 pt) and the motto (bold, 13 pt, a rule below) with place and date (italics) on the
right. Then the document type (bold capitals, centred) and its summary (bold), the body by
section (14 pt, justified), and a second table with "Nơi nhận:" (bold italic, 12 pt; list 11 pt)
on the left and the signature block (power and title in bold capitals, the signer's name) on
the right. The layout is marked [M] in DOMAIN: check it against the appendix before treating it
as exact.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from dieuhanh.knowledge.models import GuidanceSection, GuidanceVersion

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def official_date(place: str, day: dt.date | None) -> str:
    """ "Sông Hồng, ngày 05 tháng 3 năm 2026": days below 10 and months 1–2 take a leading
    zero; an undated draft leaves blanks to fill by hand."""
    if day is None:
        return f"{place}, ngày      tháng      năm"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _font(run_or_style: object, size: float | None = None, **flags: bool) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        font.size = Pt(size)
    for name, value in flags.items():
        setattr(font, name, value)
    element = run_or_style.element  # type: ignore[attr-defined]
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    # Theme fonts would override the names above in Word.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _paragraph(
    container: object,
    text: str = "",
    *,
    size: float = 14,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    space_after: float = 0,
    first_line: float | None = None,
    **flags: bool,
) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(space_after)
    if first_line is not None:
        paragraph.paragraph_format.first_line_indent = Cm(first_line)
    if text:
        _font(paragraph.add_run(text), size, **flags)
    return paragraph


def _rule(paragraph: Paragraph, width_cm: float, cell_width_cm: float) -> None:
    """A short horizontal rule under the paragraph's text: a bottom border on a narrow paragraph."""
    indent = max(0.0, (cell_width_cm - width_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(indent)
    paragraph.paragraph_format.right_indent = Cm(indent)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _cell(cell: _Cell) -> _Cell:
    """A table cell emptied of its default paragraph."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def _page_number(paragraph: Paragraph) -> None:
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _setup(document: object) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    # Page numbers from page 2: the first page has its own (empty) header.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(header)
    # Every style in Times New Roman: no theme font may stand in for it.
    for fonts in document.styles.element.iter(qn("w:rFonts")):  # type: ignore[attr-defined]
        for attribute in list(fonts.attrib):
            fonts.attrib.pop(attribute)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    normal = document.styles["Normal"]  # type: ignore[attr-defined]
    _font(normal, 14)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.space_after = Pt(6)


def _heading(document: object, version: GuidanceVersion) -> None:
    doc = version.document
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left_width, right_width = 6.5, 10.0
    left, right = (_cell(c) for c in table.rows[0].cells)
    left.width, right.width = Cm(left_width), Cm(right_width)
    if doc.issuer_superior:
        _paragraph(left, doc.issuer_superior.upper(), size=13)
    issuer = _paragraph(left, doc.issuer.name.upper(), size=13, bold=True)
    _rule(issuer, 2.5, left_width)
    number = version.document_number or "      /" + doc.kind_label
    _paragraph(left, f"Số: {number}", size=13, space_after=0).paragraph_format.space_before = Pt(6)
    _paragraph(right, NATIONAL_TITLE, size=12, bold=True)
    motto = _paragraph(right, MOTTO, size=13, bold=True)
    _rule(motto, 5.5, right_width)
    signed_on = timezone.localtime(version.approved_at).date() if version.approved_at else None
    place = _paragraph(right, official_date(doc.place, signed_on), size=14, italic=True)
    place.paragraph_format.space_before = Pt(6)


def _title(document: object, version: GuidanceVersion) -> None:
    doc = version.document
    if version.status in (GuidanceVersion.Status.DRAFT, GuidanceVersion.Status.REVIEW):
        _paragraph(document, "DỰ THẢO", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    kind = _paragraph(document, doc.kind_label.upper(), size=14, bold=True)
    kind.paragraph_format.space_before = Pt(18)
    _paragraph(document, doc.title, size=14, bold=True)
    _paragraph(document, f"(Phiên bản {version.number})", size=14, italic=True, space_after=12)


def _body(document: object, version: GuidanceVersion, sections: list[GuidanceSection]) -> None:
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    applies = _paragraph(document, "", align=justify, space_after=6, first_line=1)
    _font(applies.add_run("Đối tượng áp dụng: "), 14, bold=True)
    _font(applies.add_run(version.applies_to), 14)
    if version.effective_from is not None:
        _paragraph(
            document,
            f"Chuyên đề có hiệu lực từ ngày {version.effective_from:%d/%m/%Y}.",
            align=justify,
            space_after=6,
            first_line=1,
        )
    for number, section in enumerate(sections, start=1):
        heading = _paragraph(document, "", align=justify, space_after=6, first_line=1)
        _font(heading.add_run(f"{number}. {section.topic}"), 14, bold=True)
        if section.work_area is not None:
            _paragraph(
                document,
                f"Khâu công tác: {section.work_area.name}",
                align=justify,
                space_after=6,
                first_line=1,
                italic=True,
            )
        for text in (p.strip() for p in section.body.split("\n")):
            if text:
                _paragraph(document, text, align=justify, space_after=6, first_line=1)


def _signature(document: object, version: GuidanceVersion) -> None:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.autofit = False
    left, right = (_cell(c) for c in table.rows[0].cells)
    left.width, right.width = Cm(8.0), Cm(8.5)
    _paragraph(
        left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT
    ).paragraph_format.space_before = Pt(12)
    recipients = [line.strip() for line in version.recipients.splitlines() if line.strip()]
    for line in recipients or ["- Như trên;", "- Lưu: VT."]:
        _paragraph(
            left,
            line if line.startswith("-") else f"- {line}",
            size=11,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )
    first = _paragraph(right, "", size=14)
    first.paragraph_format.space_before = Pt(12)
    lines = [text for text in (version.signer_power, version.signer_title) if text]
    if not lines:
        lines = ["NGƯỜI KÝ"]
    _font(first.add_run(lines[0].upper()), 14, bold=True)
    for text in lines[1:]:
        _paragraph(right, text.upper(), size=14, bold=True)
    for _ in range(4):
        _paragraph(right, "", size=14)
    signer = version.approved_by.full_name if version.approved_by else ""
    _paragraph(right, signer, size=14, bold=True)


def guidance_docx(version: GuidanceVersion) -> bytes:
    """The version as a DOCX file (3 queries)."""
    version = (
        GuidanceVersion.objects.select_related("document__issuer", "approved_by")
        .filter(pk=version.pk)
        .get()
    )
    sections = list(version.sections.select_related("work_area").order_by("order", "id"))
    document = Document()
    _setup(document)
    _heading(document, version)
    _title(document, version)
    _body(document, version, sections)
    _signature(document, version)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def file_name(version: GuidanceVersion) -> str:
    return f"chuyen-de-{version.document_id}-phien-ban-{version.number}.docx"
