"""The sample indicator catalogue (DOMAIN.md §4), loaded as editable configuration.

Everything here is marked `sample=True` with its basis and confidence: the product ships it
so a province can start, and the statistics office edits it in the administration pages.
Definitions changed twice in 2025; the sample keeps two versions of the resolved-reports ratio
to show how a past period is computed with the definition in force then.
"""

import datetime as dt

QD_139 = "QĐ 139/QĐ-VKSTC (2020) — mẫu"
QD_358 = "QĐ 358/QĐ-VKSTC ngày 23/9/2025, áp dụng từ kỳ báo cáo tháng 10/2025 — mẫu"

ITEMS = [
    # code, name, work area, measure, kind, caseload, rank
    (
        "TB_TON",
        "Tố giác, tin báo, kiến nghị khởi tố chưa giải quyết (tồn)",
        "TGTB",
        "tin",
        "stock",
        False,
        10,
    ),
    (
        "TB_MOI",
        "Tố giác, tin báo, kiến nghị khởi tố tiếp nhận mới",
        "TGTB",
        "tin",
        "flow",
        True,
        11,
    ),
    (
        "TB_CHUYEN",
        "Tố giác, tin báo chuyển cơ quan khác giải quyết",
        "TGTB",
        "tin",
        "flow",
        False,
        12,
    ),
    (
        "TB_GQ",
        "Tố giác, tin báo, kiến nghị khởi tố đã giải quyết",
        "TGTB",
        "tin",
        "flow",
        False,
        13,
    ),
    (
        "TB_QUAHAN",
        "Tố giác, tin báo quá hạn chưa giải quyết (cuối kỳ)",
        "TGTB",
        "tin",
        "stock",
        False,
        14,
    ),
    ("TT_VU", "Số vụ truy tố", "DTRA", "vụ", "flow", True, 20),
    ("TT_DUNGHAN", "Số vụ truy tố đúng thời hạn", "DTRA", "vụ", "flow", False, 21),
    ("TT_DUNGTOI", "Số vụ truy tố đúng tội danh", "DTRA", "vụ", "flow", False, 22),
    ("XX_VU", "Số vụ án hình sự đưa ra xét xử", "XXHS", "vụ", "flow", True, 30),
    ("KN_PT", "Số kháng nghị phúc thẩm hình sự", "XXHS", "kháng nghị", "flow", False, 31),
    (
        "KN_PT_CN",
        "Số kháng nghị phúc thẩm được Tòa án chấp nhận",
        "XXHS",
        "kháng nghị",
        "flow",
        False,
        32,
    ),
    ("KNG", "Số kiến nghị đã ban hành", None, "kiến nghị", "flow", False, 40),
    ("KNG_CN", "Số kiến nghị được chấp nhận", None, "kiến nghị", "flow", False, 41),
    (
        "DS_VU",
        "Số vụ việc dân sự, hôn nhân gia đình thụ lý kiểm sát",
        "DSHN",
        "vụ việc",
        "flow",
        True,
        50,
    ),
    ("OAN", "Số người bị oan do cơ quan tư pháp gây ra", "DTRA", "người", "flow", False, 60),
    (
        "KPT",
        "Số bị cáo Tòa án tuyên không phạm tội sau khi truy tố",
        "XXHS",
        "người",
        "flow",
        False,
        61,
    ),
]

INDICATORS = [
    # code, name, work area, kind, direction, zero tolerance, confidence, basis, target, versions
    (
        "TL_GQ_TGTB",
        "Tỷ lệ giải quyết tố giác, tin báo về tội phạm và kiến nghị khởi tố",
        "TGTB",
        "ratio",
        "higher",
        False,
        "M",
        "NQ 96/2019/QH14; ngưỡng suy từ kết quả công bố “trên 90%”",
        "90",
        [
            (dt.date(2020, 12, 1), "TB_GQ", "TB_TON@start + TB_MOI", QD_139),
            (dt.date(2025, 10, 1), "TB_GQ", "TB_TON@start + TB_MOI - TB_CHUYEN", QD_358),
        ],
    ),
    (
        "TL_QH_TGTB",
        "Tỷ lệ tố giác, tin báo quá hạn trên số chưa giải quyết",
        "TGTB",
        "ratio",
        "lower",
        False,
        "L",
        "Định nghĩa [H]; mức 5% là giá trị mẫu chưa xác nhận",
        "5",
        [(dt.date(2020, 12, 1), "TB_QUAHAN@end", "TB_TON@end", QD_139)],
    ),
    (
        "TL_TT_DUNGHAN",
        "Tỷ lệ truy tố đúng thời hạn",
        "DTRA",
        "ratio",
        "higher",
        False,
        "M",
        "Suy từ kết quả công bố [M-H]",
        "90",
        [(dt.date(2020, 12, 1), "TT_DUNGHAN", "TT_VU", QD_139)],
    ),
    (
        "TL_TT_DUNGTOI",
        "Tỷ lệ truy tố đúng tội danh",
        "DTRA",
        "ratio",
        "higher",
        False,
        "M",
        "Suy từ kết quả công bố [M-H]",
        "95",
        [(dt.date(2020, 12, 1), "TT_DUNGTOI", "TT_VU", QD_139)],
    ),
    (
        "TL_KN_PT",
        "Tỷ lệ kháng nghị phúc thẩm hình sự được chấp nhận",
        "XXHS",
        "ratio",
        "higher",
        False,
        "M",
        "Suy từ kết quả công bố [M-H]",
        "70",
        [(dt.date(2020, 12, 1), "KN_PT_CN", "KN_PT", QD_139)],
    ),
    (
        "TL_KNG",
        "Tỷ lệ kiến nghị được chấp nhận",
        None,
        "ratio",
        "higher",
        False,
        "M",
        "Suy từ kết quả công bố",
        "80",
        [(dt.date(2020, 12, 1), "KNG_CN", "KNG", QD_139)],
    ),
    (
        "SO_OAN",
        "Số người bị oan do cơ quan tư pháp gây ra",
        "DTRA",
        "count",
        "lower",
        True,
        "H",
        "NQ 96/2019/QH14: tuyệt đối không để xảy ra",
        "0",
        [(dt.date(2020, 12, 1), "OAN", "", QD_139)],
    ),
    (
        "SO_KPT",
        "Số bị cáo bị tuyên không phạm tội sau khi truy tố",
        "XXHS",
        "count",
        "lower",
        True,
        "H",
        "NQ 96/2019/QH14: tuyệt đối không để xảy ra",
        "0",
        [(dt.date(2020, 12, 1), "KPT", "", QD_139)],
    ),
]

# Sector default targets are loaded for these working years.
TARGET_YEARS = (2025, 2026, 2027)

PEER_BANDS = [
    # dimension, label, lower, upper
    ("staff", "Dưới 12 cán bộ", 0, 12),
    ("staff", "12–20 cán bộ", 12, 21),
    ("staff", "Trên 20 cán bộ", 21, None),
    ("caseload", "Ít việc (dưới 600/năm)", 0, 600),
    ("caseload", "Trung bình (600–1.500/năm)", 600, 1500),
    ("caseload", "Nhiều việc (từ 1.500/năm)", 1500, None),
]
