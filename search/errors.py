"""Search errors with stable codes (the API turns them into the standard error shape)."""

from django.utils.translation import gettext_lazy as _

from marketplace.core.errors import DomainError


class SearchRequestInvalid(DomainError):
    code = "invalid_search"
    default_message = _("The search request is not valid.")


class UnknownFacet(SearchRequestInvalid):
    code = "unknown_facet"
    default_message = _("This filter does not exist.")


class UnknownSort(SearchRequestInvalid):
    code = "unknown_sort"
    default_message = _("This sort order does not exist.")


class InvalidFacetValue(SearchRequestInvalid):
    code = "invalid_facet_value"
    default_message = _("This filter value is not valid.")


class InvalidPage(SearchRequestInvalid):
    code = "invalid_page"
    default_message = _("This page does not exist.")


class BackendUnavailable(Exception):
    """The engine could not be reached or did not answer in time (not a user error)."""
