"""Demo enterprises across sectors, sizes and wards, each with an owner account."""

from django.contrib.auth.hashers import make_password

from marketplace.accounts.models import User
from marketplace.core.demo import DEMO_PASSWORD, DemoContext
from marketplace.taxonomy.models import AdminUnit, Sector

from .models import Enterprise, EnterpriseMembership
from .services import enterprise_size_class

BASE_COUNT = 40
FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Doanh nghiệp tư nhân"]
TRADES = {
    "01": "Nông sản",
    "03": "Thủy sản",
    "10": "Thực phẩm",
    "13": "Dệt may",
    "14": "May mặc",
    "15": "Giày da",
    "16": "Gỗ",
    "22": "Nhựa",
    "25": "Cơ khí",
    "31": "Nội thất",
    "41": "Xây dựng",
    "43": "Xây lắp",
    "46": "Thương mại",
    "47": "Bán lẻ",
    "49": "Vận tải",
    "52": "Logistics",
    "55": "Du lịch",
    "56": "Ẩm thực",
    "62": "Công nghệ",
    "69": "Kế toán",
    "85": "Giáo dục",
    "86": "Y tế",
}
# Main activities (VSIC groups) where a division holds different trades, handed out in turn: Đồng Nai
# farms grow perennial crops (fruit, cashew, pepper, rubber) and raise pigs and poultry; its fish and
# shrimp come from ponds. The name then says which.
ACTIVITIES = {"01": ["012", "014"], "03": ["032"]}
ACTIVITY_TRADES = {"014": "Chăn nuôi", "032": "Nuôi trồng thủy sản"}
# The order main sectors are handed out in: weighted towards what dominates the city's SMEs
# (wholesale and retail first, then food processing, garments and footwear, wood furniture,
# logistics, construction, agriculture and aquaculture, restaurants and hotels), then the rest.
SECTOR_MIX = [
    "47", "46", "10", "14", "31", "52", "41", "01", "56", "47",
    "46", "13", "16", "49", "43", "03", "55", "15", "22", "25",
    "47", "46", "62", "69", "85", "86",
]  # fmt: skip
# Yearly DX budgets some SMEs state (VND); None = not given (most SMEs leave it empty)
BUDGETS = [None, None, 20_000_000, None, 60_000_000, 150_000_000]
NAMES = [
    "Minh Phát",
    "Hòa Bình",
    "Đồng Tâm",
    "Phú Thịnh",
    "An Khang",
    "Tân Tiến",
    "Thành Đạt",
    "Hưng Long",
    "Việt Tiến",
    "Sao Mai",
    "Đại Phong",
    "Bình Minh",
    "Kim Ngân",
    "Trường Sơn",
    "Nhật Quang",
    "Thiên Ân",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh"]
GIVEN = [
    "Văn An",
    "Thị Bích",
    "Minh Châu",
    "Quốc Dũng",
    "Thị Hạnh",
    "Hữu Lộc",
    "Thanh Tâm",
    "Ngọc Lan",
    "Đức Thắng",
]
# (employees, revenue, capital) profiles giving micro, small, medium and one not-SME
PROFILES = [
    (6, 2_500_000_000, 1_500_000_000),
    (35, 40_000_000_000, 15_000_000_000),
    (90, 150_000_000_000, 80_000_000_000),
    (8, 8_000_000_000, 2_000_000_000),
    (45, 90_000_000_000, 40_000_000_000),
    (180, 190_000_000_000, 95_000_000_000),
    (400, 900_000_000_000, 500_000_000_000),
]


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng("enterprises")
    by_code = {s.code: s for s in Sector.objects.filter(level=Sector.DIVISION, code__in=TRADES)}
    divisions = [by_code[code] for code in SECTOR_MIX if code in by_code]
    groups = {s.code: s for s in Sector.objects.filter(level=Sector.GROUP)}
    wards = list(AdminUnit.objects.filter(level=AdminUnit.COMMUNE).order_by("code"))
    total = BASE_COUNT * ctx.scale
    existing = set(Enterprise.objects.values_list("tax_code", flat=True))
    password = make_password(DEMO_PASSWORD)
    new_users, new_enterprises = [], []
    for index in range(total):
        tax_code = f"36{index + 1:08d}"
        sector = divisions[index % len(divisions)]
        ward = wards[rng.randrange(len(wards))]
        employees, revenue, capital = PROFILES[rng.randrange(len(PROFILES))]
        jitter = rng.uniform(0.8, 1.0)
        choices = ACTIVITIES.get(sector.code, [])
        activity = groups.get(choices[(index // len(divisions)) % len(choices)]) if choices else None
        trade = ACTIVITY_TRADES.get(activity.code, TRADES[sector.code]) if activity else TRADES[sector.code]
        name = f"{FORMS[index % len(FORMS)]} {trade} {NAMES[rng.randrange(len(NAMES))]}"
        owner = f"{SURNAMES[rng.randrange(len(SURNAMES))]} {GIVEN[rng.randrange(len(GIVEN))]}"
        if tax_code in existing:
            continue
        revenue, capital = int(revenue * jitter), int(capital * jitter)
        new_enterprises.append(
            Enterprise(
                name=f"{name} {index + 1}" if index >= len(NAMES) * len(FORMS) else name,
                tax_code=tax_code,
                primary_sector=sector,
                main_activity=activity,
                ward=ward,
                address=f"{rng.randint(1, 300)} đường số {rng.randint(1, 30)}, {ward}",
                contact_name=owner,
                contact_email=f"dn{index + 1}@demo.doanhnghiep.vn",
                contact_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                employees=int(employees * jitter),
                annual_revenue=revenue,
                total_capital=capital,
                dx_budget_yearly=BUDGETS[index % len(BUDGETS)],
                sites=1 if employees < 40 else 1 + index % 4,
                size_class=enterprise_size_class(
                    primary_sector=sector,
                    employees=int(employees * jitter),
                    annual_revenue=revenue,
                    total_capital=capital,
                ),
            )
        )
        new_users.append(User(email=f"dn{index + 1}@demo.doanhnghiep.vn", full_name=owner, password=password))
    existing_users = set(
        User.objects.filter(email__in=[u.email for u in new_users]).values_list("email", flat=True)
    )
    User.objects.bulk_create([u for u in new_users if u.email not in existing_users], batch_size=1000)
    Enterprise.objects.bulk_create(new_enterprises, batch_size=1000)
    users = dict(User.objects.filter(email__in=[u.email for u in new_users]).values_list("email", "pk"))
    enterprises = Enterprise.objects.filter(tax_code__in=[e.tax_code for e in new_enterprises]).values_list(
        "pk", "contact_email"
    )
    EnterpriseMembership.objects.bulk_create(
        [
            EnterpriseMembership(enterprise_id=pk, user_id=users[email], role="owner")
            for pk, email in enterprises
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    ctx.log(f"  enterprises: {Enterprise.objects.count()}")
    ctx.add_login("sme", "dn1@demo.doanhnghiep.vn")
    ctx.add_login("sme", "dn2@demo.doanhnghiep.vn")
