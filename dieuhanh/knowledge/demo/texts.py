"""What the demo seminar says: the twenty contributions with their assessments, and the
sections of the guidance document's first version. Fictional, like the whole demo province.

Authors are named by unit and role ("head", "deputy", "member": the first prosecutor posted in
the unit itself) or by demo login ("login:vtkv1"), so the texts do not depend on the drawn names.
"""

from __future__ import annotations

from dataclasses import dataclass

ADOPT, UNSUITABLE, ANSWERED, MERGED = "adopt", "unsuitable", "answered", "merged"
PRACTICE, EXPERIENCE, DIFFICULTY = "practice", "experience", "difficulty"


@dataclass(frozen=True)
class ContributionSpec:
    """One contribution to the seminar and the decision taken on it."""

    key: str
    unit: str
    author: str
    kind: str
    areas: tuple[str, ...]
    title: str
    text: str
    decision: str
    reason: str
    advice: str = ""
    answer: str = ""
    # Adoption: the good practice it becomes, or the key of an adopted contribution whose
    # practice it joins.
    practice_title: str = ""
    practice_statement: str = ""
    joins: str = ""
    merged_into: str = ""
    days_before: int = 3  # submitted this many days before the seminar


# fmt: off
CONTRIBUTIONS: tuple[ContributionSpec, ...] = (
    ContributionSpec(
        "kv1-giao-ban", "demo-kv1", "login:vtkv1", PRACTICE, ("TGTB", "DTRA"),
        "Giao ban hằng tuần theo bảng theo dõi thời hạn",
        "Sáng thứ Hai, Viện trưởng chủ trì giao ban trực tuyến với các tổ. Mỗi kiểm sát viên "
        "cập nhật trước bảng theo dõi tin báo và vụ án: thời hạn còn lại, vướng mắc, đề xuất. "
        "Việc còn dưới 5 ngày được tô đỏ và lãnh đạo cho ý kiến chỉ đạo ngay trong buổi; "
        "kết luận giao ban ghi thành nhiệm vụ có người, việc, thời hạn rõ ràng.",
        ADOPT, "Cách làm cụ thể, đã giảm tin báo quá hạn ở đơn vị nhiều việc, dễ nhân rộng.",
        practice_title="Giao ban hằng tuần theo bảng theo dõi thời hạn",
        practice_statement="Viện trưởng giao ban hằng tuần trên bảng theo dõi thời hạn do kiểm "
        "sát viên tự cập nhật; việc còn dưới 5 ngày được chỉ đạo ngay trong buổi giao ban và "
        "kết luận thành nhiệm vụ rõ người, rõ việc, rõ thời hạn.",
        days_before=9,
    ),
    ContributionSpec(
        "kv1-kem-cap", "demo-kv1", "login:ksv1", EXPERIENCE, ("DTRA", "TCCB"),
        "Kinh nghiệm được kèm cặp khi mới làm kiểm sát viên",
        "Khi mới được bổ nhiệm, tôi được phân công theo nhóm án cùng một kiểm sát viên trung "
        "cấp. Sáu tháng đầu, mọi dự thảo cáo trạng đều được người kèm cặp đọc trước và góp ý "
        "bằng văn bản; mỗi tháng có một buổi trao đổi về lỗi thường gặp. Nhờ vậy tôi tránh được "
        "những sai sót về thời hạn và tội danh mà nhiều đồng nghiệp mới gặp phải.",
        ADOPT, "Gắn trách nhiệm đào tạo cán bộ với người đứng đầu, phù hợp yêu cầu của ngành.",
        practice_title="Phân công theo nhóm án, kiểm sát viên mới có người kèm cặp",
        practice_statement="Kiểm sát viên mới được phân công theo nhóm án cùng một kiểm sát "
        "viên có kinh nghiệm; trong sáu tháng đầu, dự thảo văn bản tố tụng được người kèm cặp "
        "góp ý bằng văn bản và hằng tháng có buổi rút kinh nghiệm.",
        days_before=8,
    ),
    ContributionSpec(
        "kv2-so-dien-tu", "demo-kv2", "login:vtkv2", PRACTICE, ("TGTB",),
        "Sổ điện tử theo dõi tin báo, cảnh báo trước hạn",
        "Đơn vị lập sổ điện tử dùng chung theo dõi từng tố giác, tin báo từ khi tiếp nhận: cơ "
        "quan thụ lý, kiểm sát viên được phân công, thời hạn giải quyết, thời hạn gia hạn. Sổ "
        "tự cảnh báo trước hạn 10 ngày và 5 ngày; lãnh đạo đơn vị xem hằng ngày để đôn đốc. Năm "
        "qua đơn vị không có tin báo quá hạn do chậm kiểm sát.",
        ADOPT, "Kết quả được chứng minh bằng số liệu; nên áp dụng ở mọi đơn vị nhiều tin báo.",
        practice_title="Sổ điện tử theo dõi tin báo, cảnh báo trước hạn 10 ngày và 5 ngày",
        practice_statement="Mỗi tố giác, tin báo được theo dõi trên sổ điện tử dùng chung từ khi "
        "tiếp nhận; sổ cảnh báo trước hạn 10 ngày và 5 ngày, lãnh đạo đơn vị xem hằng ngày để "
        "đôn đốc cơ quan điều tra và kiểm sát viên.",
        days_before=10,
    ),
    ContributionSpec(
        "kv2-tiep-dan", "demo-kv2", "deputy", PRACTICE, ("KNTC",),
        "Lãnh đạo đơn vị tiếp công dân tất cả các ngày trong tuần",
        "Để giải quyết dứt điểm đơn khiếu nại, đơn vị bố trí lãnh đạo trực tiếp tiếp công dân "
        "cả năm ngày làm việc, mỗi buổi một lãnh đạo.",
        UNSUITABLE, "Vượt quá khả năng bố trí của phần lớn đơn vị và trái với lịch tiếp công "
        "dân định kỳ đã ban hành.",
        advice="Giữ lịch tiếp công dân định kỳ của Viện trưởng; những ngày còn lại giao kiểm sát "
        "viên tiếp và ghi sổ, vụ việc phức tạp báo cáo lãnh đạo trong ngày. Đơn vị có thể tham "
        "khảo quy chế tiếp công dân của Viện kiểm sát tỉnh.",
        days_before=6,
    ),
    ContributionSpec(
        "kv3-kiem-tra-cheo", "demo-kv3", "head", PRACTICE, ("DTRA", "XXHS"),
        "Kiểm tra chéo hồ sơ giữa các kiểm sát viên trước khi trình ký",
        "Trước khi trình lãnh đạo ký cáo trạng, hồ sơ được một kiểm sát viên khác trong đơn vị "
        "kiểm tra theo danh mục các điểm hay sai: thời hạn, tội danh, tình tiết định khung, "
        "biện pháp ngăn chặn, vật chứng.",
        MERGED, "Cùng nội dung với bảng kiểm trước khi ký cáo trạng của Phòng 1; gộp để xây "
        "dựng một cách làm chung.",
        merged_into="p1-bang-kiem",
        days_before=7,
    ),
    ContributionSpec(
        "kv3-thieu-ksv", "demo-kv3", "deputy", DIFFICULTY, ("TGTB",),
        "Vướng mắc: thiếu kiểm sát viên khi tin báo tăng đột biến",
        "Có tháng số tin báo tăng gấp đôi (mùa vụ, địa bàn giáp ranh), trong khi đơn vị không "
        "đủ kiểm sát viên để kiểm sát trực tiếp từng tin báo. Đề nghị hướng dẫn cách ưu tiên và "
        "khả năng tăng cường cán bộ.",
        ANSWERED, "Vướng mắc có thật, nhiều đơn vị khu vực gặp phải.",
        answer="Phân loại tin báo ngay khi tiếp nhận: tin báo về tội phạm nghiêm trọng trở lên, "
        "có người bị tạm giữ hoặc sắp hết hạn được kiểm sát trực tiếp trước. Khi số tin báo "
        "vượt quá 150% bình quân 12 tháng, Viện trưởng khu vực báo cáo Viện trưởng tỉnh để xem "
        "xét biệt phái kiểm sát viên từ Phòng 1 trong thời hạn tối đa 3 tháng.",
        days_before=5,
    ),
    ContributionSpec(
        "kv4-it-nguoi", "demo-kv4", "head", EXPERIENCE, ("DTRA", "TCCB"),
        "Đơn vị ít người: kiêm nhiệm nhiều khâu, lãnh đạo trực tiếp kèm cặp",
        "Đơn vị chỉ có 12 người nên mỗi kiểm sát viên phải theo cả án hình sự và dân sự. Chúng "
        "tôi lập lịch luân phiên theo quý để ai cũng nắm được hai khâu, lãnh đạo đơn vị trực "
        "tiếp kèm cặp người mới và duyệt mọi văn bản quan trọng, nên không khâu nào bị gián "
        "đoạn khi có người nghỉ hoặc đi học.",
        ADOPT, "Phù hợp với đơn vị ít việc, ít cán bộ; bảo đảm tính liên tục của công việc.",
        practice_title="Luân phiên theo quý giữa các khâu ở đơn vị ít cán bộ",
        practice_statement="Ở đơn vị ít cán bộ, kiểm sát viên luân phiên theo quý giữa các khâu "
        "công tác để ai cũng đảm nhận được ít nhất hai khâu; lãnh đạo đơn vị trực tiếp kèm cặp "
        "người mới và duyệt các văn bản quan trọng.",
        days_before=8,
    ),
    ContributionSpec(
        "kv4-dan-su", "demo-kv4", "deputy", DIFFICULTY, ("DSHN",),
        "Khó khăn khi kiểm sát án dân sự không có kiểm sát viên chuyên sâu",
        "Đơn vị không có kiểm sát viên chuyên sâu về dân sự; các vụ tranh chấp đất đai phức "
        "tạp thường phải xin ý kiến nhiều lần, kéo dài thời gian nghiên cứu hồ sơ.",
        ANSWERED, "Vướng mắc chung của các đơn vị ít cán bộ.",
        answer="Phòng 9 lập nhóm hỗ trợ nghiệp vụ dân sự cho các Viện kiểm sát khu vực; đơn vị "
        "gửi câu hỏi qua hệ thống, được trả lời trong 5 ngày làm việc. Vụ tranh chấp đất đai "
        "phức tạp được trao đổi trước phiên tòa với kiểm sát viên Phòng 9.",
        days_before=4,
    ),
    ContributionSpec(
        "kv5-lien-nganh", "demo-kv5", "head", PRACTICE, ("TGTB",),
        "Họp liên ngành hằng tháng với Công an, Tòa án khu vực",
        "Cuối mỗi tháng, Viện kiểm sát khu vực chủ trì họp liên ngành với Công an và Tòa án "
        "khu vực, rà soát từng tin báo, vụ án sắp hết hạn và thống nhất hướng xử lý. Biên bản "
        "họp được gửi các cơ quan và là căn cứ để đôn đốc.",
        ADOPT, "Giải quyết vướng mắc liên ngành sớm, phù hợp địa bàn nhỏ.",
        practice_title="Họp liên ngành hằng tháng rà soát tin báo, vụ án sắp hết hạn",
        practice_statement="Viện kiểm sát khu vực chủ trì họp liên ngành hằng tháng với Công an "
        "và Tòa án cùng cấp, rà soát tin báo, vụ án sắp hết hạn, thống nhất hướng xử lý và gửi "
        "biên bản làm căn cứ đôn đốc.",
        days_before=9,
    ),
    ContributionSpec(
        "kv5-bao-cao-ngay", "demo-kv5", "deputy", PRACTICE, ("VP",),
        "Báo cáo bằng văn bản hằng ngày cho lãnh đạo đơn vị",
        "Mỗi kiểm sát viên nộp báo cáo giấy cuối ngày về công việc đã làm để lãnh đạo nắm "
        "tình hình.",
        UNSUITABLE, "Tạo thêm giấy tờ, tốn thời gian mà không giúp chỉ đạo kịp thời hơn.",
        advice="Thay bằng cập nhật tiến độ nhiệm vụ trên hệ thống điều hành; chỉ báo cáo ngay "
        "những việc trọng điểm hoặc phát sinh vướng mắc. Giao ban tuần dùng số liệu trên hệ "
        "thống, không yêu cầu báo cáo giấy.",
        days_before=6,
    ),
    ContributionSpec(
        "kv5-quahan", "demo-kv5", "member", DIFFICULTY, ("TKTP", "TGTB"),
        "Chưa rõ cách tính tỷ lệ giải quyết tin báo khi chuyển cơ quan khác",
        "Khi tin báo được chuyển cho cơ quan khác giải quyết, đơn vị chưa thống nhất có tính "
        "vào số phải giải quyết hay không, nên số liệu báo cáo giữa các tháng không khớp.",
        ANSWERED, "Câu hỏi về cách tính chỉ tiêu, cần trả lời thống nhất cho mọi đơn vị.",
        answer="Số tin báo phải giải quyết gồm số cũ chưa giải quyết chuyển sang và số mới tiếp "
        "nhận, không tính số đã chuyển cơ quan khác giải quyết; tỷ lệ giải quyết bằng số đã "
        "giải quyết chia cho số phải giải quyết. Hệ thống tính theo định nghĩa này cho từng kỳ.",
        days_before=2,
    ),
    ContributionSpec(
        "kv6-lien-nganh", "demo-kv6", "head", EXPERIENCE, ("TGTB",),
        "Kinh nghiệm phối hợp liên ngành sau hợp nhất đơn vị",
        "Sau khi hợp nhất hai đơn vị cũ, địa bàn rộng hơn, chúng tôi duy trì họp liên ngành "
        "mỗi tháng, luân phiên địa điểm giữa hai trụ sở cũ, nên số tin báo quá hạn giảm rõ.",
        ADOPT, "Bổ sung kinh nghiệm cho cách làm họp liên ngành hằng tháng ở địa bàn rộng.",
        joins="kv5-lien-nganh",
        days_before=7,
    ),
    ContributionSpec(
        "kv6-hop-nhat", "demo-kv6", "deputy", DIFFICULTY, ("TCCB",),
        "Cán bộ hai đơn vị cũ chưa quen quy trình chung",
        "Cán bộ từ hai đơn vị cũ làm việc theo hai cách khác nhau: mẫu biểu, sổ sách, cách báo "
        "cáo. Đề nghị hướng dẫn thống nhất quy trình sau hợp nhất.",
        ANSWERED, "Vướng mắc của đơn vị mới hợp nhất.",
        answer="Áp dụng thống nhất quy chế làm việc và mẫu biểu của Viện kiểm sát tỉnh từ ngày "
        "hợp nhất; Phòng Tổ chức cán bộ phối hợp Văn phòng tổ chức một buổi tập huấn tại đơn vị "
        "trong quý này. Sổ sách của đơn vị cũ được khóa và lưu trữ, không ghi tiếp.",
        days_before=5,
    ),
    ContributionSpec(
        "p1-bang-kiem", "demo-p1", "login:truongphong1", PRACTICE, ("DTRA", "XXHS"),
        "Bảng kiểm trước khi ký cáo trạng",
        "Phòng xây dựng bảng kiểm 20 điểm (thời hạn, tội danh, tình tiết định khung, biện pháp "
        "ngăn chặn, vật chứng, quyền của bị can…) mà kiểm sát viên tự đánh dấu và lãnh đạo phòng "
        "kiểm tra trước khi trình ký. Từ khi áp dụng không còn cáo trạng bị trả lại vì thiếu sót "
        "hình thức.",
        ADOPT, "Cách làm đơn giản, có kết quả rõ; phù hợp mọi đơn vị thực hành quyền công tố.",
        practice_title="Bảng kiểm trước khi ký cáo trạng",
        practice_statement="Trước khi trình ký cáo trạng, kiểm sát viên tự đánh dấu bảng kiểm "
        "các điểm hay sai (thời hạn, tội danh, tình tiết định khung, biện pháp ngăn chặn, vật "
        "chứng, quyền của bị can); lãnh đạo phòng, đơn vị kiểm tra lại theo bảng kiểm.",
        days_before=10,
    ),
    ContributionSpec(
        "p1-phoi-hop", "demo-p1", "deputy", DIFFICULTY, ("XXHS",),
        "Vướng mắc khi chuyển hồ sơ kháng nghị phúc thẩm sang Phòng 7",
        "Hồ sơ đề nghị kháng nghị phúc thẩm chuyển sang Phòng 7 nhiều khi thiếu bản án, biên "
        "bản phiên tòa, làm chậm việc nghiên cứu kháng nghị.",
        ANSWERED, "Cần thống nhất trách nhiệm giữa hai phòng.",
        answer="Kiểm sát viên thực hành quyền công tố tại phiên tòa sơ thẩm chuyển đủ bản án, "
        "biên bản phiên tòa và ý kiến đề xuất trong 2 ngày làm việc kể từ khi nhận bản án; "
        "Phòng 7 xác nhận đã nhận đủ trên hệ thống.",
        days_before=4,
    ),
    ContributionSpec(
        "p2-chi-tieu-vu", "demo-p2", "head", PRACTICE, ("DTRA",),
        "Giao số vụ cho từng kiểm sát viên và xếp loại theo số vụ",
        "Mỗi tháng giao cho từng kiểm sát viên số vụ phải giải quyết; cuối năm xếp loại theo "
        "số vụ đã giải quyết để tạo động lực.",
        UNSUITABLE, "Chỉ tính số lượng sẽ khuyến khích làm nhanh, bỏ qua chất lượng và thời hạn.",
        advice="Đánh giá kiểm sát viên theo cả chất lượng, thời hạn và khối lượng công việc, so "
        "sánh giữa những người cùng loại việc; số vụ chỉ là một tiêu chí. Phòng nên dùng kết quả "
        "đánh giá hằng tháng trên hệ thống thay cho xếp loại theo số vụ.",
        days_before=6,
    ),
    ContributionSpec(
        "p7-rut-kinh-nghiem", "demo-p7", "head", EXPERIENCE, ("XXHS",),
        "Rút kinh nghiệm sau mỗi bản án bị hủy, sửa",
        "Mỗi bản án sơ thẩm bị cấp phúc thẩm hủy hoặc sửa có liên quan trách nhiệm của Viện "
        "kiểm sát đều được Phòng 7 tổng hợp thành thông báo rút kinh nghiệm gửi các đơn vị trong "
        "tháng, kèm nguyên nhân và cách phòng tránh.",
        ADOPT, "Lan tỏa bài học nghiệp vụ nhanh, có địa chỉ trách nhiệm.",
        practice_title="Thông báo rút kinh nghiệm trong tháng sau mỗi bản án bị hủy, sửa",
        practice_statement="Bản án bị hủy, sửa có liên quan trách nhiệm của Viện kiểm sát được "
        "tổng hợp thành thông báo rút kinh nghiệm gửi các đơn vị ngay trong tháng, nêu nguyên "
        "nhân và cách phòng tránh.",
        days_before=8,
    ),
    ContributionSpec(
        "p9-moc-thoi-han", "demo-p9", "head", PRACTICE, ("DSHN",),
        "Lịch kiểm sát theo mốc thời hạn tố tụng dân sự",
        "Mỗi vụ việc dân sự được lập lịch các mốc: thụ lý, chuẩn bị xét xử, mở phiên họp, "
        "phiên tòa, nhận bản án. Kiểm sát viên đối chiếu lịch để kiến nghị kịp thời khi Tòa án "
        "vi phạm thời hạn.",
        ADOPT, "Giúp phát hiện sớm vi phạm thời hạn, nâng tỷ lệ kiến nghị được chấp nhận.",
        practice_title="Lịch kiểm sát theo mốc thời hạn tố tụng dân sự",
        practice_statement="Mỗi vụ việc dân sự có lịch kiểm sát theo các mốc thời hạn tố tụng; "
        "kiểm sát viên đối chiếu lịch để phát hiện và kiến nghị kịp thời vi phạm thời hạn.",
        days_before=7,
    ),
    ContributionSpec(
        "p12-khieu-nai", "demo-p12", "head", DIFFICULTY, ("KNTC",),
        "Phòng 4 người, đơn khiếu nại tư pháp tăng",
        "Số đơn khiếu nại, tố cáo trong hoạt động tư pháp tăng khoảng 30% so với năm trước "
        "trong khi phòng chỉ có 4 người; nhiều đơn trùng lặp, gửi nhiều nơi.",
        ANSWERED, "Cần hướng dẫn phân loại để tập trung vào đơn thuộc thẩm quyền.",
        answer="Phân loại đơn trong 3 ngày làm việc; đơn trùng lặp, đã được giải quyết đúng "
        "pháp luật thì lưu, không thụ lý lại. Văn phòng hỗ trợ vào sổ và tra cứu đơn trùng; "
        "Viện trưởng tỉnh xem xét bổ sung một kiểm tra viên trong kế hoạch biên chế năm tới.",
        days_before=3,
    ),
    ContributionSpec(
        "kv2-nhan-tin", "demo-kv2", "member", EXPERIENCE, ("VP",),
        "Giao việc và nhận báo cáo qua nhóm nhắn tin",
        "Tổ lập nhóm trên ứng dụng nhắn tin để lãnh đạo giao việc, gửi tài liệu và nhận báo cáo "
        "nhanh, kể cả ngoài giờ.",
        UNSUITABLE, "Không bảo đảm bí mật công tác và không lưu được vết giao việc.",
        advice="Không giao việc, gửi tài liệu nghiệp vụ qua ứng dụng nhắn tin công cộng; dùng "
        "hệ thống điều hành và văn bản điện tử của ngành để mọi nhiệm vụ có người, việc, thời "
        "hạn và được theo dõi đến khi hoàn thành.",
        days_before=2,
    ),
)
# fmt: on

SEMINAR_AGENDA = (
    "08:00 Khai mạc, giới thiệu đại biểu\n"
    "08:15 Báo cáo đề dẫn của Phòng Tổ chức cán bộ\n"
    "09:00 Tham luận của các Viện kiểm sát khu vực và các phòng nghiệp vụ\n"
    "10:30 Trao đổi, giải đáp vướng mắc\n"
    "11:15 Kết luận của Viện trưởng"
)
SEMINAR_KEYNOTE = (
    "Sau một năm tổ chức lại theo mô hình hai cấp, các Viện kiểm sát khu vực có quy mô rất "
    "khác nhau: đơn vị nhiều việc, nhiều cán bộ và đơn vị ít việc, ít cán bộ. Tọa đàm tập hợp "
    "kinh nghiệm quản lý, chỉ đạo, điều hành của người đứng đầu để bổ sung chuyên đề, mở rộng "
    "đối tượng áp dụng đến Trưởng phòng nghiệp vụ."
)
SEMINAR_MINUTES = (
    "Tọa đàm nhận 20 ý kiến, tham luận của 11 đơn vị. Viện trưởng kết luận: công nhận các "
    "cách làm hay để đưa vào phiên bản 2 của chuyên đề; giải đáp ngay các vướng mắc; các cách "
    "làm chưa phù hợp được hướng dẫn lại cho đơn vị. Giao Phòng Tổ chức cán bộ biên soạn phiên "
    "bản 2, áp dụng cả với Trưởng phòng nghiệp vụ, trình Viện trưởng trong tháng."
)

# The first version's sections: (work area or "" for the general part, topic, body).
FIRST_VERSION_SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "",
        "Những vấn đề chung",
        "Người đứng đầu đơn vị chịu trách nhiệm toàn diện về kết quả công tác của đơn vị, trực "
        "tiếp chỉ đạo các khâu công tác trọng tâm và khâu đột phá của năm.\n\n"
        "Mọi nhiệm vụ giao cho cán bộ phải rõ người, rõ việc, rõ thời gian, rõ kết quả, rõ "
        "trách nhiệm; tiến độ được theo dõi đến khi hoàn thành.",
    ),
    (
        "TGTB",
        "Chỉ đạo giải quyết tố giác, tin báo về tội phạm",
        "Viện trưởng phân công kiểm sát viên kiểm sát từng tố giác, tin báo ngay khi tiếp nhận "
        "và theo dõi thời hạn giải quyết; tin báo sắp hết hạn được báo cáo lãnh đạo để chỉ đạo.",
    ),
    (
        "DTRA",
        "Chỉ đạo thực hành quyền công tố, kiểm sát điều tra",
        "Lãnh đạo đơn vị duyệt các văn bản tố tụng quan trọng, kiểm tra việc chấp hành thời hạn "
        "điều tra, truy tố và định kỳ rút kinh nghiệm những sai sót.",
    ),
    (
        "TCCB",
        "Đào tạo, bồi dưỡng, kèm cặp cán bộ",
        "Người đứng đầu chịu trách nhiệm đào tạo, bồi dưỡng cán bộ của đơn vị: lập kế hoạch "
        "hằng năm, phân công người có kinh nghiệm kèm cặp cán bộ mới, đánh giá kết quả khi xếp "
        "loại cán bộ.",
    ),
)
GENERAL_ADDITION = (
    "Chuyên đề áp dụng với Viện trưởng các Viện kiểm sát khu vực và Trưởng phòng nghiệp vụ, "
    "Chánh Văn phòng, Chánh Thanh tra Viện kiểm sát tỉnh; đơn vị ít cán bộ áp dụng phù hợp "
    "với quy mô của mình."
)
