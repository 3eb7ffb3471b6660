from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """The one pagination of every list endpoint: ?page=N&page_size=M, page size capped at 100.

    A `page_size` that is not a whole number of at least 1 is a 400 field error rather than being
    silently replaced by the default: a client that sends `page_size=abc` has a bug it should see,
    and the schema (minimum 1) then says exactly what is accepted. Sizes above the cap are served
    at the cap, as documented.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise ValidationError({self.page_size_query_param: [_("Enter a whole number of at least 1.")]})
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["default"] = self.page_size
                parameter["description"] = _(
                    "Results per page, %(default)s by default; larger values are served at %(max)s."
                ) % {"default": self.page_size, "max": self.max_page_size}
        return parameters
