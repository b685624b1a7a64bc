"""Default reference data: unit levels, positions and grades, work areas (DOMAIN.md §1–3).

Everything here is editable in the administration pages afterwards; `basis` records where
each entry comes from and how sure it is ([H] official, [M] one source, [L] unconfirmed).
"""

UNIT_LEVELS = [
    # code, name, rank, basis
    ("tinh", "Viện kiểm sát nhân dân cấp tỉnh", 10, "[H] Luật 82/2025/QH15"),
    ("phong", "Phòng, Văn phòng, Thanh tra thuộc VKSND cấp tỉnh", 20, "[H] QĐ 189/QĐ-VKSTC"),
    ("khu-vuc", "Viện kiểm sát nhân dân khu vực", 20, "[H] NQ 84/2025/UBTVQH15"),
    ("huyen", "Viện kiểm sát nhân dân cấp huyện (trước 01/7/2025)", 20, "[H] Luật 63/2014/QH13"),
    ("to", "Tổ, bộ phận", 30, "[L] tổ chức nội bộ"),
]

POSITIONS = [
    # code, name, role, single_holder, rank, basis
    ("vien-truong", "Viện trưởng", "head", True, 10, "[H] Luật 63/2014 Đ.66"),
    ("pho-vien-truong", "Phó Viện trưởng", "deputy", False, 20, "[H] Luật 63/2014 Đ.66"),
    ("truong-phong", "Trưởng phòng", "head", True, 30, "[H]"),
    ("chanh-van-phong", "Chánh Văn phòng", "head", True, 30, "[H]"),
    ("chanh-thanh-tra", "Chánh Thanh tra", "head", True, 30, "[H]"),
    ("pho-truong-phong", "Phó Trưởng phòng", "deputy", False, 40, "[H]"),
    ("pho-chanh-van-phong", "Phó Chánh Văn phòng", "deputy", False, 40, "[H]"),
    ("pho-chanh-thanh-tra", "Phó Chánh Thanh tra", "deputy", False, 40, "[H]"),
    ("to-truong", "Tổ trưởng", "head", True, 45, "[L]"),
    ("ksv-cao-cap", "Kiểm sát viên cao cấp", "member", False, 50, "[H] Luật 63/2014 Đ.76"),
    ("ksv-trung-cap", "Kiểm sát viên trung cấp", "member", False, 51, "[H] Luật 63/2014 Đ.76"),
    ("ksv-so-cap", "Kiểm sát viên sơ cấp", "member", False, 52, "[H] Luật 63/2014 Đ.76"),
    ("ktv-cao-cap", "Kiểm tra viên cao cấp", "member", False, 60, "[H] Luật 63/2014 Đ.90"),
    ("ktv-chinh", "Kiểm tra viên chính", "member", False, 61, "[H] Luật 63/2014 Đ.90"),
    ("ktv", "Kiểm tra viên", "member", False, 62, "[H] Luật 63/2014 Đ.90"),
    ("chuyen-vien", "Chuyên viên", "member", False, 70, "[H]"),
    ("cong-chuc", "Công chức", "member", False, 80, "[H]"),
    ("vien-chuc", "Viên chức", "member", False, 81, "[H]"),
    ("nguoi-lao-dong", "Người lao động", "member", False, 90, "[H]"),
]

WORK_AREAS = [
    # code, name, function, rank, basis
    (
        "TGTB",
        "Giải quyết tố giác, tin báo về tội phạm và kiến nghị khởi tố",
        "prosecution",
        10,
        "[L] danh mục làm việc, đối chiếu Chương II Luật 63/2014",
    ),
    ("DTRA", "Thực hành quyền công tố, kiểm sát điều tra, truy tố", "prosecution", 20, "[L]"),
    ("XXHS", "Thực hành quyền công tố, kiểm sát xét xử hình sự", "prosecution", 30, "[L]"),
    ("GIAM", "Kiểm sát tạm giữ, tạm giam và thi hành án hình sự", "supervision", 40, "[L]"),
    (
        "DSHN",
        "Kiểm sát giải quyết các vụ việc dân sự, hôn nhân và gia đình",
        "supervision",
        50,
        "[L]",
    ),
    (
        "HCKT",
        "Kiểm sát giải quyết vụ án hành chính, kinh doanh thương mại, lao động",
        "supervision",
        60,
        "[L]",
    ),
    ("THADS", "Kiểm sát thi hành án dân sự, thi hành án hành chính", "supervision", 70, "[L]"),
    (
        "KNTC",
        "Kiểm sát giải quyết khiếu nại, tố cáo trong hoạt động tư pháp",
        "supervision",
        80,
        "[L]",
    ),
    ("TTTP", "Tương trợ tư pháp", "supervision", 90, "[L]"),
    ("TKTP", "Thống kê tội phạm", "supervision", 100, "[L]"),
    (
        "KKDS",
        "Khởi kiện vụ án dân sự để bảo vệ lợi ích công (thí điểm từ 01/01/2026)",
        "prosecution",
        110,
        "[H] NQ 205/2025/QH15",
    ),
    ("TCCB", "Công tác tổ chức cán bộ, đào tạo, bồi dưỡng", "support", 200, "[L]"),
    ("VP", "Công tác văn phòng, tổng hợp", "support", 210, "[L]"),
    ("TTRA", "Công tác thanh tra, kiểm tra", "support", 220, "[L]"),
    ("TDKT", "Công tác thi đua, khen thưởng", "support", 230, "[L]"),
]
