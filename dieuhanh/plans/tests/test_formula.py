"""The indicator formula language: parsing, evaluation and error messages."""

from decimal import Decimal

import pytest

from dieuhanh.plans.formula import At, FormulaError, Ref, parse, validate


def test_sums_differences_and_parentheses():
    node = parse("TB_GQ + (TB_TON@start + TB_MOI - TB_CHUYEN) - 2")
    values = {
        Ref("TB_GQ", None): Decimal(10),
        Ref("TB_TON", At.START): Decimal(5),
        Ref("TB_MOI", None): Decimal(20),
        Ref("TB_CHUYEN", None): Decimal(3),
    }
    assert node.evaluate(values) == Decimal(10 + 5 + 20 - 3 - 2)
    assert node.codes() == {"TB_GQ", "TB_TON", "TB_MOI", "TB_CHUYEN"}


def test_minus_before_parentheses_distributes():
    node = parse("A - (B - C)")
    assert (
        node.evaluate(
            {Ref("A", None): Decimal(10), Ref("B", None): Decimal(4), Ref("C", None): Decimal(1)}
        )
        == 7
    )


def test_selectors_in_vietnamese_and_lower_case_codes():
    node = parse("ton@dau + ton@cuoi")
    assert node.refs() == {Ref("TON", At.START), Ref("TON", At.END)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A + * B", "Ký hiệu không được phép ở vị trí 5 (tại “*”)"),
        ("A + + B", "Chờ một mã chỉ tiêu, một số hoặc “(” ở vị trí 5 (tại “+”)"),
        ("A + B)", "Thừa ký hiệu ở vị trí 6 (tại “)”)"),
        ("(A + B", "Thiếu dấu đóng ngoặc “)” ở vị trí 7"),
        ("A +", "Công thức kết thúc đột ngột ở vị trí 4"),
        ("A / B", "Ký hiệu không được phép ở vị trí 3 (tại “/”)"),
        (
            "A@giua",
            "Sau “@” phải là start/dau (đầu kỳ) hoặc end/cuoi (cuối kỳ) ở vị trí 3 (tại “giua”)",
        ),
        ("   ", "Công thức trống ở vị trí 1"),
        ("__import__('os')", "Ký hiệu không được phép ở vị trí 1 (tại “_”)"),
    ],
)
def test_invalid_formula_points_at_the_offending_token(text, message):
    with pytest.raises(FormulaError) as error:
        parse(text)
    assert str(error.value) == message + "."


def test_unknown_item_is_named():
    with pytest.raises(FormulaError) as error:
        validate("TB_GQ + TB_KHAC", {"TB_GQ"})
    assert str(error.value) == "Không có chỉ tiêu thống kê mã “TB_KHAC” ở vị trí 9 (tại “TB_KHAC”)."
