"""Folding Vietnamese text and highlighting matches in the original."""

import unicodedata

import pytest

from dieuhanh.knowledge.text import fold, highlight, match_spans, query_terms

TEXT = "Kinh nghiệm quản lý, chỉ đạo, điều hành của Viện trưởng; chính sách Đắk Lắk"


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Quản lý, CHỈ ĐẠO", "quan ly, chi dao"),
        ("đ Đ đạo ĐẠO", "d d dao dao"),
        ("Thủ trưởng Viện kiểm sát", "thu truong vien kiem sat"),
        (unicodedata.normalize("NFD", "Nghị quyết chuyên đề"), "nghi quyet chuyen de"),
        ("Ưu tiên ơ ư ă â ê ô", "uu tien o u a a e o"),
    ],
)
def test_fold_removes_diacritics_case_and_maps_d(raw, folded):
    assert fold(raw) == folded


def test_query_terms_are_folded_words_without_repeats():
    assert query_terms("  QUẢN lý, quản LÝ — chỉ-đạo! ") == ["quan", "ly", "chi", "dao"]
    assert query_terms("…, ;") == []


def test_highlight_marks_the_original_words_for_a_query_without_diacritics():
    result = highlight(TEXT, query_terms("quan ly chi dao"))
    assert result.matches == ["quản", "lý", "chỉ", "đạo"]
    assert str(result.html).startswith("Kinh nghiệm <mark>quản</mark> <mark>lý</mark>, ")
    assert result.text == TEXT


def test_whole_words_except_the_last_which_may_be_a_prefix():
    # "chi" alone is a prefix: it matches "chỉ" and "chính"
    assert highlight(TEXT, ["chi"]).matches == ["chỉ", "chính"]
    # not the last word: only the whole word "chỉ"
    assert highlight(TEXT, ["chi", "dao"]).matches == ["chỉ", "đạo"]


def test_d_with_stroke_matches_d_in_both_directions():
    assert highlight(TEXT, query_terms("DAK LAK")).matches == ["Đắk", "Lắk"]
    assert highlight("Dak Lak", query_terms("Đắk Lắk")).matches == ["Dak", "Lak"]


def test_decomposed_text_keeps_its_combining_marks_inside_the_mark():
    decomposed = unicodedata.normalize("NFD", "quản lý")
    spans = match_spans(decomposed, ["quan", "ly"])
    assert [decomposed[a:b] for a, b in spans] == [
        unicodedata.normalize("NFD", "quản"),
        unicodedata.normalize("NFD", "lý"),
    ]


def test_highlight_escapes_html():
    result = highlight("<b>quản lý</b>", ["quan"])
    assert str(result.html) == "&lt;b&gt;<mark>quản</mark> lý&lt;/b&gt;"


def test_snippet_window_centres_on_the_first_match_with_ellipses():
    text = ("Mở đầu dài dòng " * 30) + "kiểm tra chéo hồ sơ " + ("phần sau " * 30)
    result = highlight(text, ["kiem", "tra"], window=80)
    assert result.segments[0].text == "…"
    assert result.segments[-1].text == "…"
    assert result.matches == ["kiểm", "tra"]
    assert len(result.text) <= 84
