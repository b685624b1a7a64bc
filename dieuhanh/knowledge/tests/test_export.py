"""The DOCX export of a guidance version, opened with python-docx: every layout element of the
official format (Decree 30/2020, DOMAIN §8)."""

import datetime as dt
import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from dieuhanh.knowledge import services
from dieuhanh.knowledge.export import guidance_docx, official_date
from dieuhanh.knowledge.tests.conftest import area


@pytest.fixture
def approved(kn):
    keeper = kn.auth(kn.tccb_head)
    version = services.compile_version(
        kn.document, authority=keeper, applies_to="Viện trưởng các Viện kiểm sát khu vực"
    )
    services.add_section(
        version,
        authority=keeper,
        topic="Những vấn đề chung",
        body="Thủ trưởng chịu trách nhiệm.\nPhân công rõ người, rõ việc.",
    )
    services.add_section(
        version,
        authority=keeper,
        topic="Quản lý án điều tra",
        body="Nắm chắc tiến độ từng vụ án.",
        work_area=area("DTRA"),
    )
    services.submit_for_review(version, authority=keeper, expected_version=1)
    services.approve_version(
        version,
        authority=kn.auth(kn.chief),
        expected_version=2,
        effective_from=kn.today,
        document_number="01/CĐ-VKS",
        recipients="- Viện trưởng các VKS khu vực;\nLưu: VT, TCCB.",
    )
    version.refresh_from_db()
    return version


def paragraphs(cell_or_doc):
    return [p for p in cell_or_doc.paragraphs if p.text.strip()]


def run_font(paragraph):
    run = paragraph.runs[0]
    return run.font


def test_official_date_leading_zeros():
    assert official_date("Sông Hồng", dt.date(2026, 3, 5)) == "Sông Hồng, ngày 05 tháng 3 năm 2026"
    assert (
        official_date("Sông Hồng", dt.date(2026, 2, 15)) == "Sông Hồng, ngày 15 tháng 02 năm 2026"
    )
    assert (
        official_date("Sông Hồng", dt.date(2025, 12, 1)) == "Sông Hồng, ngày 01 tháng 12 năm 2025"
    )
    assert official_date("Sông Hồng", None) == "Sông Hồng, ngày      tháng      năm"


def test_docx_has_every_layout_element(kn, approved):
    document = Document(io.BytesIO(guidance_docx(approved)))
    section = document.sections[0]
    # A4 portrait with the official margins
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [20, 20, 30, 15]
    # Page numbers from page 2, centred in the top margin
    assert section.different_first_page_header_footer is True
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" in header._p.xml
    assert "fldChar" in header._p.xml
    assert section.first_page_header.paragraphs[0].text == ""
    # Heading table: issuing body on the left, national title and motto on the right
    heading = document.tables[0]
    left, right = heading.rows[0].cells
    assert [p.text for p in paragraphs(left)] == [
        "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
        "VKSND TỈNH THỬ",
        "Số: 01/CĐ-VKS",
    ]
    issuer = paragraphs(left)[1]
    assert run_font(issuer).bold is True
    assert "w:bottom" in issuer._p.xml  # the short rule under the issuing body
    title, motto, place = paragraphs(right)
    assert title.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert (run_font(title).bold, run_font(title).size) == (True, Pt(12))
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert (run_font(motto).bold, run_font(motto).size) == (True, Pt(13))
    assert "w:bottom" in motto._p.xml
    assert place.text == f"Thử, {official_date('x', kn.today).split(', ', 1)[1]}"
    assert run_font(place).italic is True
    # Document type and title, bold and centred
    body = paragraphs(document)
    kind, summary = body[0], body[1]
    assert (kind.text, run_font(kind).bold, kind.alignment) == (
        "CHUYÊN ĐỀ",
        True,
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    assert (summary.text, run_font(summary).bold) == ("Chuyên đề quản lý, chỉ đạo, điều hành", True)
    # Body by section, justified, 14 pt
    texts = [p.text for p in body]
    assert texts[2:] == [
        "(Phiên bản 1)",
        "Đối tượng áp dụng: Viện trưởng các Viện kiểm sát khu vực",
        f"Chuyên đề có hiệu lực từ ngày {kn.today:%d/%m/%Y}.",
        "1. Những vấn đề chung",
        "Thủ trưởng chịu trách nhiệm.",
        "Phân công rõ người, rõ việc.",
        "2. Quản lý án điều tra",
        "Khâu công tác: Thực hành quyền công tố, kiểm sát điều tra, truy tố",
        "Nắm chắc tiến độ từng vụ án.",
    ]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY for p in body[3:])
    assert all(run_font(p).size == Pt(14) for p in body[3:])
    assert run_font(body[5]).bold is True
    # Recipients and signature block
    recipients_cell, signature_cell = document.tables[1].rows[0].cells
    recipients = paragraphs(recipients_cell)
    assert [p.text for p in recipients] == [
        "Nơi nhận:",
        "- Viện trưởng các VKS khu vực;",
        "- Lưu: VT, TCCB.",
    ]
    label = run_font(recipients[0])
    assert (label.bold, label.italic, label.size) == (True, True, Pt(12))
    assert all(run_font(p).size == Pt(11) for p in recipients[1:])
    signature = paragraphs(signature_cell)
    assert [p.text for p in signature] == ["VIỆN TRƯỞNG", "Trần Văn Trưởng"]
    assert all(run_font(p).bold for p in signature)
    # Times New Roman everywhere, black, no theme font overriding it
    all_runs = [r for p in document.paragraphs for r in p.runs]
    all_runs += [r for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs]
    assert all_runs
    assert {r.font.name for r in all_runs} == {"Times New Roman"}
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert "asciiTheme" not in document.styles.element.xml
    # Paragraphs at least 6 pt apart in the body; line spacing within 1–1.5
    assert document.styles["Normal"].paragraph_format.space_after == Pt(6)
    assert 1 <= document.styles["Normal"].paragraph_format.line_spacing <= 1.5
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"


def test_deputy_signs_on_behalf_and_a_draft_is_marked(kn):
    keeper = kn.auth(kn.tccb_head)
    version = services.compile_version(kn.document, authority=keeper, applies_to="Trưởng phòng")
    services.add_section(version, authority=keeper, topic="Chung", body="Nội dung")
    draft = Document(io.BytesIO(guidance_docx(version)))
    assert paragraphs(draft)[0].text == "DỰ THẢO"
    left, right = draft.tables[0].rows[0].cells
    assert paragraphs(left)[-1].text == "Số:       /CHUYÊN ĐỀ"
    assert paragraphs(right)[-1].text == "Thử, ngày      tháng      năm"
