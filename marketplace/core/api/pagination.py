from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """The one pagination of every list endpoint: ?page=N&page_size=M, page size capped at 100."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
