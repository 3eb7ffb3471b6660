"""Demo vendors and solutions (invented names) across every category, in every review state.

--scale 1 goes through the real services (audit records, revisions, screenshots); larger scales add
published copies with bulk_create for benchmarks and queue them for search in one call.
"""

from __future__ import annotations

import io

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from marketplace.accounts.models import OfficerMembership, User
from marketplace.core.demo import DEMO_PASSWORD, DemoContext
from marketplace.taxonomy.models import SolutionCategory
from search import outbox

from . import services
from .content import SCALAR_FIELDS
from .models import Solution, Vendor, VendorMembership

VENDORS = [
    ("Công ty Cổ phần Phần mềm Biên Hòa Số", "Trần Quốc Bảo"),
    ("Công ty TNHH Công nghệ Mây Đồng Xanh", "Nguyễn Thị Mai Anh"),
    ("Công ty Cổ phần Giải pháp Hóa đơn Tín Việt", "Lê Hoàng Phúc"),
    ("Công ty TNHH Trí Tuệ Nhân Tạo Sông Nai", "Phạm Minh Khoa"),
    ("Công ty Cổ phần An ninh mạng Khiên Bạc", "Võ Thanh Sơn"),
    ("Công ty TNHH Thương mại điện tử Chợ Phố", "Đặng Ngọc Hân"),
    ("Công ty Cổ phần IoT Cánh Đồng Thông Minh", "Huỳnh Văn Lực"),
    ("Công ty TNHH Dữ liệu Hải Đăng", "Bùi Thu Trang"),
    ("Công ty Cổ phần Kế toán số Sổ Vàng", "Đỗ Thị Hương"),
    ("Công ty TNHH Nhân sự số Người Việt", "Hoàng Đức Tài"),
    ("Công ty Cổ phần Kết Nối Khách Hàng", "Ngô Bảo Ngọc"),
    ("Công ty TNHH Chữ ký số Ấn Tín", "Trịnh Văn Hùng"),
    ("Công ty Cổ phần Tiếp thị số Lan Tỏa", "Lý Mỹ Duyên"),
    ("Công ty TNHH Học viện Kỹ năng số Bước Tiến", "Mai Xuân Trường"),
    ("Công ty Cổ phần Năng lượng Xanh Phương Nam", "Châu Gia Huy"),
    ("Công ty TNHH Quản trị Doanh nghiệp Việt Phát", "Tạ Thị Kim Liên"),
]


def _p(name, short, sectors, readiness, pricing, price, unit, deployment="saas"):
    """One demo product: sector codes (VSIC 2025 divisions, or section letters for a whole section, or
    groups where a division holds different trades, e.g. 014 livestock within 01; none = it really
    serves every sector), readiness range, pricing model, price (VND) and unit."""
    return {
        "name": name,
        "short": short,
        "sectors": sectors,
        "readiness": readiness,
        "pricing": pricing,
        "price": price,
        "unit": unit,
        "deployment": deployment,
    }


# Sectors, readiness and prices follow what each product does (cross-sector only when it really is,
# like accounting, e-invoices or digital signatures); the sector-specific products cover the trades
# that dominate Đồng Nai's SMEs. Prices are list prices in VND for the unit shown.
MANUFACTURING = ["10", "13", "14", "15", "16", "22", "25", "31"]
# retail, and the food and furniture makers who sell to consumers (wholesalers sell to businesses;
# garment and footwear firms here mostly make to order for export)
CONSUMER_GOODS = ["47", "10", "31"]
# businesses with a till and walk-in customers: shops, hotels, restaurants and cafés
COUNTER_TRADES = ["47", "55", "56"]
CATALOGUE = {
    "digital-management": (
        15,
        [
            _p(
                "Việt Phát ERP Lite",
                "Quản trị mua hàng, kho, bán hàng và công nợ trên một nền tảng cho doanh nghiệp nhỏ.",
                ["G", "C"],
                (2, 4),
                "subscription_monthly",
                1_490_000,
                "tháng / 10 người dùng",
            ),
            _p(
                "Xưởng Số MES",
                "Theo dõi lệnh sản xuất, định mức nguyên vật liệu và năng suất từng ca.",
                MANUFACTURING,
                (2, 5),
                "subscription_monthly",
                4_500_000,
                "tháng / nhà xưởng",
                "hybrid",
            ),
            _p(
                "Văn Phòng Không Giấy",
                "Trình ký, văn bản đến – đi và quy trình phê duyệt trực tuyến.",
                [],
                (2, 4),
                "subscription_monthly",
                890_000,
                "tháng / 20 người dùng",
            ),
            _p(
                "Kho Vận Thông Minh WMS",
                "Quản lý vị trí kho, mã vạch, kiểm kê bằng điện thoại.",
                ["46", "52"],
                (2, 4),
                "subscription_monthly",
                2_200_000,
                "tháng / kho",
            ),
            _p(
                "Công Trường Số",
                "Nhật ký công trường, tiến độ, vật tư và chi phí từng công trình trên điện thoại.",
                ["F"],
                (1, 4),
                "subscription_monthly",
                1_200_000,
                "tháng / 5 công trình",
            ),
            _p(
                "Khách Sạn Số PMS",
                "Quản lý đặt phòng, lễ tân, buồng phòng và kết nối kênh đặt phòng trực tuyến.",
                ["55"],
                (1, 4),
                "subscription_monthly",
                800_000,
                "tháng / 30 phòng",
            ),
            _p(
                "Truy Xuất Gỗ Hợp Pháp",
                "Hồ sơ nguồn gốc gỗ theo lô, đáp ứng yêu cầu xuất khẩu sang EU và Mỹ.",
                ["16", "31"],
                (2, 4),
                "subscription_monthly",
                1_500_000,
                "tháng",
            ),
            _p(
                "Truy Xuất Nguồn Gốc Thực Phẩm",
                "Mã QR truy xuất từ vùng nuôi trồng đến sản phẩm chế biến.",
                ["01", "03", "10"],
                (1, 4),
                "subscription_monthly",
                700_000,
                "tháng / 5 sản phẩm",
            ),
        ],
    ),
    "e-invoice": (
        2,
        [
            _p(
                "Tín Việt eInvoice",
                "Hóa đơn điện tử có mã của cơ quan thuế, gửi khách qua e-mail và Zalo.",
                [],
                (0, 5),
                "subscription_yearly",
                990_000,
                "năm / 500 hóa đơn",
            ),
            _p(
                "Hóa Đơn Nhanh 123",
                "Lập hóa đơn từ máy tính tiền, đồng bộ dữ liệu với cơ quan thuế theo thời gian thực.",
                COUNTER_TRADES,
                (0, 4),
                "subscription_yearly",
                1_490_000,
                "năm / máy tính tiền",
            ),
            _p(
                "Chứng Từ Số Tín Việt",
                "Chứng từ khấu trừ thuế TNCN và biên lai điện tử cho doanh nghiệp.",
                [],
                (1, 5),
                "subscription_yearly",
                790_000,
                "năm",
            ),
            _p(
                "Hóa Đơn Xanh Biên Hòa",
                "Hóa đơn điện tử trọn gói cho hộ kinh doanh và doanh nghiệp siêu nhỏ.",
                [],
                (0, 2),
                "subscription_yearly",
                450_000,
                "năm / 300 hóa đơn",
            ),
        ],
    ),
    "e-commerce": (
        5,
        [
            _p(
                "Chợ Phố Online",
                "Tạo cửa hàng trực tuyến, đồng bộ tồn kho với các sàn thương mại điện tử.",
                CONSUMER_GOODS,
                (1, 4),
                "subscription_monthly",
                390_000,
                "tháng",
            ),
            _p(
                "Đơn Hàng Đa Kênh",
                "Gom đơn từ sàn, mạng xã hội và website về một màn hình xử lý.",
                CONSUMER_GOODS,
                (2, 4),
                "subscription_monthly",
                690_000,
                "tháng",
            ),
            _p(
                "Giao Hàng Liền Tay",
                "Kết nối nhiều đơn vị vận chuyển, so sánh phí và in vận đơn hàng loạt.",
                [*CONSUMER_GOODS, "56"],
                (1, 4),
                "subscription_monthly",
                200_000,
                "tháng, chưa gồm cước",
            ),
            _p(
                "Nông Sản Đồng Nai Online",
                "Gian hàng số cho hợp tác xã và nông sản có truy xuất nguồn gốc.",
                ["01", "03", "10"],
                (0, 3),
                "revenue_sharing",
                0,
                "3% doanh thu qua nền tảng",
            ),
        ],
    ),
    "cybersecurity": (
        4,
        [
            _p(
                "Khiên Bạc Endpoint",
                "Phòng chống mã độc và mã hóa tống tiền cho máy trạm doanh nghiệp.",
                [],
                (0, 5),
                "subscription_yearly",
                2_400_000,
                "năm / 5 thiết bị",
            ),
            _p(
                "Tường Lửa Mây Khiên Bạc",
                "Tường lửa dịch vụ, lọc truy cập web và cảnh báo xâm nhập.",
                [],
                (2, 5),
                "subscription_yearly",
                9_600_000,
                "năm / văn phòng",
            ),
            _p(
                "Sao Lưu An Toàn 3-2-1",
                "Sao lưu tự động dữ liệu kế toán và tài liệu ra đám mây trong nước.",
                [],
                (0, 5),
                "subscription_yearly",
                2_400_000,
                "năm / 200 GB",
            ),
            _p(
                "Đánh Giá An Ninh Mạng Nhanh",
                "Rà quét lỗ hổng và báo cáo mức an toàn thông tin theo cấp độ.",
                [],
                (2, 5),
                "one_time_licence",
                6_000_000,
                "lần đánh giá",
            ),
        ],
    ),
    "ai": (
        3,
        [
            _p(
                "Sông Nai AI Chatbot",
                "Trợ lý ảo trả lời khách hàng tiếng Việt 24/7 trên website và Zalo.",
                COUNTER_TRADES,
                (3, 5),
                "subscription_monthly",
                1_500_000,
                "tháng / 2.000 hội thoại",
            ),
            _p(
                "Dự Báo Bán Hàng AI",
                "Dự báo nhu cầu theo mùa vụ để tối ưu tồn kho.",
                ["G", "10"],
                (3, 5),
                "subscription_monthly",
                2_500_000,
                "tháng",
            ),
            _p(
                "Kiểm Tra Lỗi Sản Phẩm Bằng Camera",
                "Nhận diện lỗi bề mặt sản phẩm trên dây chuyền bằng thị giác máy.",
                ["13", "14", "15", "16", "22", "25", "31"],
                (4, 5),
                "one_time_licence",
                180_000_000,
                "dây chuyền, gồm camera",
                "on_premises",
            ),
            _p(
                "Chấm Điểm Tín Dụng Khách Hàng",
                "Gợi ý hạn mức công nợ cho khách hàng đại lý từ lịch sử giao dịch.",
                ["46"],
                (4, 5),
                "subscription_monthly",
                3_000_000,
                "tháng",
            ),
        ],
    ),
    "cloud": (
        1,
        [
            _p(
                "Mây Đồng Xanh Cloud Server",
                "Máy chủ ảo đặt tại Việt Nam, mở rộng theo nhu cầu.",
                [],
                (3, 5),
                "subscription_monthly",
                350_000,
                "tháng / máy chủ",
            ),
            _p(
                "Ổ Đĩa Chung Doanh Nghiệp",
                "Lưu trữ và chia sẻ tài liệu nội bộ, phân quyền theo phòng ban.",
                [],
                (1, 4),
                "subscription_monthly",
                250_000,
                "tháng / 1 TB",
            ),
            _p(
                "E-mail Tên Miền Riêng",
                "Hộp thư doanh nghiệp theo tên miền, chống thư rác.",
                [],
                (0, 3),
                "subscription_yearly",
                1_200_000,
                "năm / 10 hộp thư",
            ),
            _p(
                "Máy Trạm Ảo",
                "Làm việc từ xa an toàn trên máy tính ảo quản lý tập trung.",
                [],
                (3, 5),
                "subscription_monthly",
                600_000,
                "tháng / người dùng",
            ),
        ],
    ),
    "iot": (
        6,
        [
            _p(
                "Cánh Đồng Thông Minh",
                "Cảm biến độ ẩm đất, tưới tự động và cảnh báo qua điện thoại.",
                ["011", "012", "013"],
                (1, 4),
                "one_time_licence",
                25_000_000,
                "bộ cho 2 ha",
                "hybrid",
            ),
            _p(
                "Giám Sát Máy Móc OEE",
                "Thu thập tín hiệu máy, đo hiệu suất thiết bị tổng thể theo thời gian thực.",
                MANUFACTURING,
                (3, 5),
                "one_time_licence",
                60_000_000,
                "bộ cho 10 máy",
                "hybrid",
            ),
            _p(
                "Chuồng Trại Số",
                "Giám sát nhiệt độ, độ ẩm chuồng nuôi và lịch tiêm phòng.",
                ["014"],
                (1, 4),
                "one_time_licence",
                35_000_000,
                "bộ cho một trại",
                "hybrid",
            ),
            _p(
                "Kho Lạnh Giám Sát 24/7",
                "Cảnh báo nhiệt độ kho lạnh, lưu nhật ký phục vụ kiểm tra an toàn thực phẩm.",
                ["03", "10", "46", "52", "56"],
                (1, 4),
                "one_time_licence",
                18_000_000,
                "bộ cho 2 kho",
                "hybrid",
            ),
            _p(
                "Quản Lý Đội Xe GPS",
                "Định vị xe, nhật ký hành trình, nhiên liệu và chứng từ chuyến hàng.",
                ["49", "52", "53"],
                (1, 4),
                "subscription_monthly",
                1_500_000,
                "tháng / 10 xe",
            ),
            _p(
                "Ao Nuôi Thông Minh",
                "Cảm biến oxy, pH và nhiệt độ ao nuôi, cảnh báo và sục khí tự động.",
                ["032"],
                (1, 4),
                "one_time_licence",
                30_000_000,
                "bộ cho 4 ao",
                "hybrid",
            ),
        ],
    ),
    "data-analytics": (
        7,
        [
            _p(
                "Hải Đăng BI",
                "Báo cáo quản trị trực quan từ dữ liệu bán hàng và kế toán.",
                [],
                (3, 5),
                "subscription_monthly",
                790_000,
                "tháng",
            ),
            _p(
                "Bảng Điều Khiển Chủ Doanh Nghiệp",
                "Chỉ số dòng tiền, doanh thu, tồn kho trên một màn hình điện thoại.",
                [],
                (2, 4),
                "subscription_monthly",
                390_000,
                "tháng",
            ),
            _p(
                "Kho Dữ Liệu Nhỏ Gọn",
                "Hợp nhất dữ liệu từ nhiều phần mềm về một kho dữ liệu chung.",
                [],
                (4, 5),
                "subscription_monthly",
                2_900_000,
                "tháng",
            ),
            _p(
                "Phân Tích Khách Hàng RFM",
                "Phân nhóm khách hàng theo tần suất và giá trị mua hàng.",
                COUNTER_TRADES,
                (3, 5),
                "subscription_monthly",
                990_000,
                "tháng",
            ),
        ],
    ),
    "accounting": (
        8,
        [
            _p(
                "Sổ Vàng Kế Toán",
                "Phần mềm kế toán theo Thông tư 133 cho doanh nghiệp nhỏ và vừa.",
                [],
                (1, 4),
                "use_first_pay_later",
                3_600_000,
                "năm",
            ),
            _p(
                "Sổ Vàng Thuế Online",
                "Lập và nộp tờ khai thuế, đối chiếu hóa đơn đầu vào tự động.",
                [],
                (0, 4),
                "subscription_yearly",
                1_200_000,
                "năm",
            ),
            _p(
                "Kế Toán Hộ Kinh Doanh",
                "Sổ sách đơn giản cho hộ kinh doanh chuyển lên doanh nghiệp.",
                [],
                (0, 2),
                "subscription_yearly",
                900_000,
                "năm",
            ),
            _p(
                "Quản Lý Công Nợ Thông Minh",
                "Nhắc nợ tự động, đối chiếu công nợ với ngân hàng.",
                [],
                (2, 5),
                "subscription_yearly",
                2_400_000,
                "năm",
            ),
        ],
    ),
    "hr": (
        9,
        [
            _p(
                "Người Việt HRM",
                "Hồ sơ nhân sự, hợp đồng lao động và bảo hiểm xã hội.",
                [],
                (1, 4),
                "subscription_monthly",
                1_250_000,
                "tháng / đến 50 người",
            ),
            _p(
                "Chấm Công Khuôn Mặt",
                "Chấm công bằng nhận diện khuôn mặt, tính công theo ca.",
                [],
                (1, 4),
                "subscription_monthly",
                600_000,
                "tháng / máy chấm công",
            ),
            _p(
                "Tính Lương Tự Động",
                "Bảng lương, thuế TNCN và phiếu lương điện tử.",
                [],
                (1, 4),
                "subscription_monthly",
                900_000,
                "tháng / đến 50 người",
            ),
            _p(
                "Tuyển Dụng Nhanh",
                "Đăng tin tuyển dụng đa kênh và sàng lọc hồ sơ.",
                [],
                (2, 5),
                "subscription_monthly",
                1_000_000,
                "tháng",
            ),
        ],
    ),
    "crm-sales": (
        10,
        [
            _p(
                "Kết Nối Khách CRM",
                "Quản lý khách hàng, cơ hội bán hàng và chăm sóc sau bán.",
                [],
                (2, 4),
                "free_tier",
                0,
                "miễn phí đến 3 người dùng",
            ),
            _p(
                "Bán Hàng Di Động DMS",
                "Quản lý nhân viên thị trường, đơn hàng đại lý và tuyến bán hàng.",
                ["46", "10", "11"],
                (2, 4),
                "subscription_monthly",
                1_900_000,
                "tháng / 10 nhân viên",
            ),
            _p(
                "Tổng Đài Mây",
                "Tổng đài ảo, ghi âm cuộc gọi và gắn với hồ sơ khách hàng.",
                [],
                (2, 5),
                "subscription_monthly",
                450_000,
                "tháng / 5 máy nhánh",
            ),
            _p(
                "Thẻ Thành Viên Số",
                "Tích điểm, ưu đãi và chăm sóc khách hàng thân thiết qua Zalo.",
                ["47", "55", "56"],
                (1, 4),
                "subscription_monthly",
                300_000,
                "tháng",
            ),
            _p(
                "Bán Hàng Tại Quầy POS",
                "Bán hàng, tồn kho và xuất hóa đơn điện tử ngay tại quầy cho cửa hàng, quán ăn.",
                COUNTER_TRADES,
                (0, 3),
                "subscription_monthly",
                250_000,
                "tháng / cửa hàng",
            ),
        ],
    ),
    "digital-signature": (
        11,
        [
            _p(
                "Ấn Tín USB Token",
                "Chữ ký số cho doanh nghiệp dùng kê khai thuế, hải quan, bảo hiểm.",
                [],
                (0, 5),
                "subscription_yearly",
                1_650_000,
                "năm / chứng thư",
                "on_premises",
            ),
            _p(
                "Ấn Tín Ký Số Từ Xa",
                "Ký số trên điện thoại, không cần thiết bị USB.",
                [],
                (0, 5),
                "subscription_yearly",
                1_900_000,
                "năm / chứng thư",
            ),
            _p(
                "Hợp Đồng Điện Tử Ấn Tín",
                "Soạn, ký và lưu trữ hợp đồng điện tử có giá trị pháp lý.",
                [],
                (2, 5),
                "subscription_yearly",
                3_000_000,
                "năm / 300 hợp đồng",
            ),
            _p(
                "Ký Số Hàng Loạt",
                "Ký hàng loạt chứng từ và hóa đơn từ phần mềm kế toán.",
                [],
                (3, 5),
                "subscription_yearly",
                4_500_000,
                "năm",
            ),
        ],
    ),
    "digital-marketing": (
        12,
        [
            _p(
                "Lan Tỏa Social",
                "Lên lịch đăng bài, trả lời bình luận trên nhiều mạng xã hội.",
                [*CONSUMER_GOODS, "55", "56"],
                (1, 4),
                "subscription_monthly",
                490_000,
                "tháng",
            ),
            _p(
                "Website Bán Hàng Trọn Gói",
                "Website chuẩn SEO, tên miền và hosting trong một gói.",
                [],
                (1, 3),
                "co_investment",
                15_000_000,
                "gói triển khai, đồng đầu tư 50%",
            ),
            _p(
                "Quảng Cáo Địa Phương",
                "Quảng cáo theo bán kính quanh cửa hàng, đo lượt khách ghé.",
                ["47", "55", "56"],
                (1, 4),
                "subscription_monthly",
                1_000_000,
                "tháng, chưa gồm ngân sách quảng cáo",
            ),
            _p(
                "E-mail Marketing Tự Động",
                "Chuỗi e-mail chăm sóc khách hàng theo hành vi.",
                COUNTER_TRADES,
                (3, 5),
                "subscription_monthly",
                600_000,
                "tháng",
            ),
        ],
    ),
    "training": (
        13,
        [
            _p(
                "Bước Tiến: Kỹ Năng Số Cho Chủ Doanh Nghiệp",
                "Khóa học trực tuyến về chuyển đổi số cho lãnh đạo doanh nghiệp nhỏ.",
                [],
                (0, 3),
                "one_time_licence",
                1_200_000,
                "học viên",
            ),
            _p(
                "An Toàn Thông Tin Cho Nhân Viên",
                "Bài giảng và bài kiểm tra nhận diện lừa đảo qua mạng.",
                [],
                (0, 4),
                "one_time_licence",
                800_000,
                "học viên",
            ),
            _p(
                "Bán Hàng Trên Sàn Từ A Đến Z",
                "Lớp thực hành mở gian hàng và vận hành trên sàn thương mại điện tử.",
                [*CONSUMER_GOODS, "01"],
                (0, 3),
                "one_time_licence",
                1_500_000,
                "học viên",
            ),
            _p(
                "Excel Và Dữ Liệu Cho Kế Toán",
                "Kỹ năng xử lý dữ liệu và lập báo cáo cho nhân viên văn phòng.",
                [],
                (0, 3),
                "one_time_licence",
                900_000,
                "học viên",
            ),
        ],
    ),
    "green-energy": (
        14,
        [
            _p(
                "Điện Mặt Trời Áp Mái Giám Sát",
                "Giám sát sản lượng điện mặt trời áp mái và tiết kiệm chi phí.",
                ["C", "52"],
                (2, 5),
                "subscription_yearly",
                9_000_000,
                "năm / hệ thống",
            ),
            _p(
                "Đo Đếm Năng Lượng Nhà Xưởng",
                "Đồng hồ thông minh theo dõi điện năng từng dây chuyền.",
                ["C"],
                (2, 5),
                "subscription_yearly",
                12_000_000,
                "năm / nhà xưởng",
                "hybrid",
            ),
            _p(
                "Kiểm Kê Khí Nhà Kính",
                "Tính phát thải khí nhà kính và lập báo cáo chuyển đổi xanh.",
                ["C", "H"],
                (3, 5),
                "subscription_yearly",
                15_000_000,
                "năm",
            ),
            _p(
                "Quản Lý Chất Thải Số",
                "Theo dõi chất thải, hợp đồng thu gom và chứng từ môi trường.",
                ["C", "F", "I"],
                (2, 4),
                "subscription_yearly",
                6_000_000,
                "năm",
            ),
        ],
    ),
}

AI_RISK = [
    ("low", ""),
    ("medium", ""),
    ("medium", ""),
    (
        "high",
        "Kết quả ảnh hưởng đến quyết định cấp công nợ cho khách hàng. Mô hình chỉ gợi ý; nhân viên tín dụng "
        "duyệt từng trường hợp, khách hàng được biết và có quyền khiếu nại; dữ liệu được kiểm tra thiên lệch mỗi quý.",
    ),
]
# index within a category's four products → final state; most are published, every other state appears
STATES = {
    0: "published",
    1: "published",
    2: "published",
    3: [
        "submitted",
        "draft",
        "changes_requested",
        "rejected",
        "suspended",
        "withdrawn",
        "published",
        "submitted",
    ],
}
COLOURS = [(11, 92, 171), (22, 101, 52), (194, 65, 12), (109, 40, 217), (15, 118, 110), (185, 28, 28)]


def screenshot_png(title: str, colour: tuple[int, int, int], variant: int) -> SimpleUploadedFile:
    """A small fake application screen: title bar, sidebar and a few content blocks."""
    image = Image.new("RGB", (320, 200), (246, 247, 249))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 320, 24), fill=colour)
    draw.text((8, 6), title[:40].encode("ascii", "ignore").decode() or "Demo", fill=(255, 255, 255))
    draw.rectangle((0, 24, 60, 200), fill=(229, 231, 235))
    for row in range(5):
        draw.rectangle((8, 34 + row * 20, 52, 44 + row * 20), fill=(209, 213, 219))
    for block in range(3):
        x = 70 + block * 82
        height = 40 + ((variant + block) % 3) * 20
        draw.rectangle((x, 36, x + 74, 110), fill=(255, 255, 255), outline=(209, 213, 219))
        draw.rectangle((x + 10, 104 - height // 2, x + 28, 104), fill=colour)
    draw.rectangle((70, 122, 310, 192), fill=(255, 255, 255), outline=(209, 213, 219))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"demo-{variant}.png", buffer.getvalue(), content_type="image/png")


def _officer() -> User:
    membership = (
        OfficerMembership.objects.filter(is_active=True).select_related("user").order_by("pk").first()
    )
    if membership:
        return membership.user
    user, _ = User.objects.get_or_create(
        email="canbo.catalogue@demo.gov.vn", defaults={"full_name": "Cán bộ duyệt"}
    )
    OfficerMembership.objects.get_or_create(user=user, department="Sở KH&CN")
    return user


def _vendors(ctx: DemoContext) -> list[Vendor]:
    vendors = []
    password = make_password(DEMO_PASSWORD)
    for index, (name, contact) in enumerate(VENDORS, start=1):
        email = f"ncc{index}@demo.nhacungcap.vn"
        user, _ = User.objects.get_or_create(
            email=email, defaults={"full_name": contact, "password": password}
        )
        tax_code = f"37{index:08d}"
        vendor = Vendor.objects.filter(tax_code=tax_code).first()
        if vendor is None:
            vendor = services.vendor_create(
                created_by=user,
                data={
                    "name": name,
                    "tax_code": tax_code,
                    "website": f"https://ncc{index}.example.vn",
                    # the organisation's public contact; the contact person's own stays private
                    "public_email": f"lienhe@ncc{index}.example.vn",
                    "public_phone": f"0251 38{index:02d} {index * 7 % 100:02d}9",
                    "contact_name": contact,
                    "contact_email": email,
                    "contact_phone": f"09{index:02d} 456 {index * 13 % 1000:03d}",
                    "description": f"{name} cung cấp giải pháp số cho doanh nghiệp nhỏ và vừa tại Đồng Nai "
                    "và các tỉnh Đông Nam Bộ.",
                },
            )
        VendorMembership.objects.get_or_create(
            vendor=vendor, user=user, defaults={"role": VendorMembership.OWNER}
        )
        vendors.append(vendor)
        if index <= 3:
            ctx.add_login("vendor", email)
    return vendors


def _drive(solution: Solution, state: str, *, owner, officer) -> None:
    if state == "draft":
        return
    if state == "withdrawn":
        services.solution_withdraw(solution=solution, actor=owner)
        return
    services.solution_submit(solution=solution, actor=owner)
    if state == "submitted":
        return
    if state == "rejected":
        services.solution_reject(
            solution=solution, officer=officer, reason="Sản phẩm chưa có hồ sơ pháp lý đầy đủ."
        )
        return
    if state == "changes_requested":
        services.solution_request_changes(
            solution=solution, officer=officer, reason="Bổ sung đơn vị tính giá và ảnh chụp màn hình thực tế."
        )
        return
    services.solution_publish(solution=solution, officer=officer)
    if state == "suspended":
        services.solution_suspend(
            solution=solution, officer=officer, reason="Đang xác minh phản ánh của khách hàng."
        )


def _thousands(amount: int) -> int:
    return amount // 1000 * 1000


def demo_plans(product: dict, position: int) -> list[dict]:
    """Plans after the listed pricing model, so every model the city plan names appears in the demo:
    co-investment by the vendor (and by a sponsor on every fourth listing), pay after use with a
    trial, revenue sharing, one-off licences, monthly and yearly subscriptions."""
    price, model = product["price"], product["pricing"]
    base = {"trial_days": 0, "pricing": "standard"}
    if model == "one_time_licence":
        plans = [{**base, "name": "Bản quyền vĩnh viễn", "price": price, "billing": "one_off"}]
    elif model == "subscription_yearly":
        plans = [{**base, "name": "Gói năm", "price": price, "billing": "yearly"}]
    elif model == "use_first_pay_later":
        plans = [
            {
                "name": "Dùng trước – trả sau",
                "price": price,
                "billing": "monthly",
                "trial_days": 30,
                "pricing": "pay_after_use",
            }
        ]
    elif model == "revenue_sharing":
        plans = [
            {
                **base,
                "name": "Chia sẻ doanh thu 2%",
                "price": 0,
                "billing": "monthly",
                "pricing": "revenue_sharing",
                "revenue_share_basis_points": 200,
            }
        ]
    elif model == "co_investment":
        plans = [
            {
                **base,
                "name": "Đồng đầu tư cùng nhà cung cấp",
                "price": price,
                "billing": "monthly",
                "pricing": "co_investment",
                "co_investment": _thousands(price * 3 // 10),
                "co_investor": "vendor",
            }
        ]
    else:
        monthly = max(price, 50_000)
        plans = [
            {**base, "name": "Gói tháng", "price": monthly, "billing": "monthly"},
            {
                **base,
                "name": "Gói năm (tiết kiệm 2 tháng)",
                "price": monthly * 10,
                "billing": "yearly",
                "trial_days": 14,
            },
        ]
    if position % 4 == 2 and plans[0]["price"] >= 10_000:
        plans.append(
            {
                **plans[0],
                "name": f"{plans[0]['name']} – tài trợ Quỹ Đổi mới Đồng Nai",
                "pricing": "co_investment",
                "co_investment": _thousands(plans[0]["price"] // 2),
                "co_investor": "sponsor",
                "sponsor_name": "Quỹ Phát triển khoa học và công nghệ Đồng Nai",
                "revenue_share_basis_points": 0,
            }
        )
    if position % 5 == 4:
        plans.append(
            {
                **base,
                "name": "Chia sẻ doanh thu 1,5%",
                "price": 0,
                "billing": "monthly",
                "pricing": "revenue_sharing",
                "revenue_share_basis_points": 150,
            }
        )
    return plans


def seed(ctx: DemoContext) -> None:
    # one transaction: one commit instead of hundreds, and nothing half-seeded if a step fails
    with transaction.atomic():
        _seed(ctx)


def _seed(ctx: DemoContext) -> None:
    rng = ctx.rng("catalogue")
    vendors = _vendors(ctx)
    officer = _officer()
    categories = {c.code: c for c in SolutionCategory.objects.all()}
    existing = set(Solution.objects.values_list("vendor_id", "name"))
    made = 0
    for code, (vendor_index, products) in CATALOGUE.items():
        if code not in categories:
            continue
        vendor = vendors[vendor_index]
        owner = vendor.memberships.get(role=VendorMembership.OWNER).user
        for position, product in enumerate(products):
            name, short = product["name"], product["short"]
            if (vendor.pk, name) in existing:
                continue
            is_ai = code == "ai" or name in ("Chấm Công Khuôn Mặt", "Phân Tích Khách Hàng RFM")
            risk, explanation = AI_RISK[position] if code == "ai" else (("low", "") if is_ai else ("", ""))
            data = {
                "name": name,
                "short_description": short,
                "description": f"{short}\n\nTriển khai trong 1–2 tuần, có hướng dẫn sử dụng tiếng Việt và đội ngũ "
                "hỗ trợ tại Đồng Nai.",
                "category": code,
                "sectors": sorted(product["sectors"]),
                "readiness_min": product["readiness"][0],
                "readiness_max": product["readiness"][1],
                "pricing_model": product["pricing"],
                "price": product["price"],
                "billing_unit": product["unit"],
                "deployment": product["deployment"],
                "languages": ["vi", "en"] if position % 2 == 0 else ["vi"],
                "integrations": rng.sample(
                    ["e_invoice", "tax_authority", "banks", "e_commerce", "payment_gateways"], 2
                ),
                "standards": ["ISO/IEC 27001:2022"]
                if position % 2
                else ["Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân"],
                "is_ai": is_ai,
                "ai_risk_class": risk,
                "ai_risk_explanation": explanation,
                "demo_offer": "Dùng thử miễn phí 30 ngày"
                if position % 2 == 0
                else "Trình diễn trực tiếp tại doanh nghiệp",
                "demo_url": f"https://demo.ncc{vendor_index + 1}.example.vn",
                "support_contact": f"1900 6{vendor_index:02d}{position % 10}8 · hotro@ncc{vendor_index + 1}.example.vn",
                "website": f"https://ncc{vendor_index + 1}.example.vn/san-pham-{position + 1}",
            }
            data["plans"] = demo_plans(product, position)
            solution = services.solution_create(vendor=vendor, actor=owner, data=data)
            colour = COLOURS[(vendor_index + position) % len(COLOURS)]
            for variant in range(1 if position else 2):
                services.screenshot_add(
                    solution=solution,
                    actor=owner,
                    uploaded_file=screenshot_png(name, colour, variant),
                    caption=f"Màn hình {variant + 1}",
                )
            state = (
                STATES.get(position, "published")
                if position != 3
                else STATES[3][list(CATALOGUE).index(code) % 8]
            )
            _drive(solution, state, owner=owner, officer=officer)
            if state == "published" and position == 1 and list(CATALOGUE).index(code) % 5 == 0:
                # a pending price change waiting for review while the published price stays visible
                services.solution_update(
                    solution=solution, actor=owner, data={"price": data["price"] + 100_000}
                )
            made += 1
    if ctx.scale > 1:
        made += _bulk_copies(ctx, vendors)
    ctx.log(f"  catalogue: {Vendor.objects.count()} vendors, {Solution.objects.count()} solutions (+{made})")


def _bulk_copies(ctx: DemoContext, vendors: list[Vendor]) -> int:
    """Published copies for benchmarks: bulk inserts, one outbox call."""
    templates = list(
        Solution.objects.filter(status=Solution.PUBLISHED)
        .exclude(name__contains=COPY_MARK)
        .prefetch_related("sectors")
        .order_by("pk")
    )
    if not templates:
        return 0
    wanted = len(templates) * (ctx.scale - 1)
    existing = set(Solution.objects.filter(name__contains=COPY_MARK).values_list("name", flat=True))
    now = timezone.now()
    rows, sectors = [], []
    for index in range(wanted):
        source = templates[index % len(templates)]
        name = f"{source.name}{COPY_MARK}{index + 2}"
        if name in existing:
            continue
        copy = Solution(
            vendor_id=vendors[index % len(vendors)].pk,
            status=Solution.PUBLISHED,
            published_at=now,
            first_published_at=now,
            submitted_at=now,
            name=name,
            category_id=source.category_id,
            **{field: getattr(source, field) for field in _COPY_FIELDS},
        )
        rows.append(copy)
        sectors.append([sector.pk for sector in source.sectors.all()])
    created = Solution.objects.bulk_create(rows, batch_size=1000)
    if created and created[0].pk is None:  # databases that do not return keys
        created = list(Solution.objects.filter(name__in=[r.name for r in rows]).order_by("pk"))
    through = Solution.sectors.through
    through.objects.bulk_create(
        [
            through(solution_id=s.pk, sector_id=pk)
            for s, pks in zip(created, sectors, strict=False)
            for pk in pks
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    outbox.enqueue("catalogue.solution", [s.pk for s in created])
    return len(created)


COPY_MARK = " · bản "
# a bulk copy repeats every content field but the name (which gets the copy mark)
_COPY_FIELDS = tuple(field for field in SCALAR_FIELDS if field != "name")
