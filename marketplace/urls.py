from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from matching.views import account_dashboard

# Each app owns `<app>/urls.py` (web pages, with app_name) and `<app>/api/urls.py` (API, under /api/v1/).
WEB_APPS = [
    ("marketplace.enterprises.urls", "enterprises/"),
    ("consultants.urls", "consultants/"),
    ("consultants.bookings.urls", "bookings/"),
    ("marketplace.payments.urls", "payments/"),
    ("catalogue.urls", "solutions/"),
    ("matching.urls", "assessments/"),
    ("search.urls", "search/"),
    ("marketplace.programme.urls", "programme/"),
    ("marketplace.orders.urls", "orders/"),
    ("marketplace.engagements.urls", "engagements/"),
    ("marketplace.vouchers.urls", "vouchers/"),
    ("marketplace.reviews.urls", "reviews/"),
    ("marketplace.impact.urls", "impact/"),
    ("marketplace.facilities.urls", "facilities/"),
    ("marketplace.airisk.urls", "ai-risk/"),
    ("marketplace.training.urls", "training/"),
]
API_APPS = [
    "marketplace.core.api.urls",
    "marketplace.enterprises.api.urls",
    "consultants.api.urls",
    "consultants.bookings.api.urls",
    "marketplace.engagements.api.urls",
    "marketplace.payments.api.urls",
    "catalogue.api.urls",
    "matching.api.urls",
    "search.api.urls",
    "marketplace.programme.api.urls",
    "marketplace.orders.api.urls",
    "marketplace.vouchers.api.urls",
    "marketplace.reviews.api.urls",
    "marketplace.impact.api.urls",
    "marketplace.facilities.api.urls",
    "marketplace.airisk.api.urls",
    "marketplace.training.api.urls",
]


api_patterns = [path("", include(module)) for module in API_APPS]

urlpatterns = [
    path("", include("marketplace.core.urls")),
    path("accounts/", include("marketplace.accounts.urls")),
    # the account page composes every role's status, so it lives above the floors it asks (matching)
    path("dashboard/", account_dashboard, name="dashboard"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_patterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
urlpatterns += [path(prefix, include(module)) for module, prefix in WEB_APPS]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "marketplace.core.handlers.bad_request"
handler403 = "marketplace.core.handlers.permission_denied"
handler404 = "marketplace.core.handlers.page_not_found"
handler500 = "marketplace.core.handlers.server_error"
