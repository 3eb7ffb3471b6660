"""Demo accounts: the administrator and two department officers.

`ctx` is seed_demo's DemoContext; it is not imported here because accounts sits beside core on the
ground floor and core's pages already read accounts' roles (one direction only, no cycle)."""

from .models import User
from .officers import officer_grant

OFFICERS = [
    ("canbo1@sokhcn.dongnai.gov.vn", "Nguyễn Thị Thu Hà", "Chuyên viên Phòng Quản lý Công nghệ"),
    ("canbo2@sokhcn.dongnai.gov.vn", "Trần Văn Khánh", "Phó Trưởng phòng Kế hoạch – Tài chính"),
]


def seed(ctx) -> None:
    admin, created = User.objects.get_or_create(
        email="admin@sokhcn.dongnai.gov.vn",
        defaults={"full_name": "Quản trị hệ thống", "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(ctx.password)
        admin.save(update_fields=["password"])
    ctx.add_login("admin", admin.email)
    for email, name, title in OFFICERS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "is_staff": True}
        )
        if created:
            user.set_password(ctx.password)
            user.save(update_fields=["password"])
        officer_grant(user=user, title=title)
        ctx.add_login("officer", email)
