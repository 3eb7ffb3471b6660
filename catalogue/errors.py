"""Domain errors of the catalogue, each with a stable code clients can match on."""

from marketplace.core.errors import Conflict, DomainError, InvalidTransition, NotFound, PermissionDenied


class CatalogueError(DomainError):
    code = "catalogue_error"


class InvalidSolution(CatalogueError):
    """The submitted content breaks a rule (readiness range, AI risk, price...); `fields` says where."""

    code = "invalid_solution"


class NotVendorMember(PermissionDenied):
    code = "not_vendor_member"


class SolutionNotFound(NotFound):
    code = "solution_not_found"


class SolutionTransitionRefused(InvalidTransition):
    code = "invalid_transition"


class SolutionChanged(Conflict):
    """Someone else moved the solution (or its revision) first: reload and decide again."""

    code = "solution_changed"


class TooManyScreenshots(CatalogueError):
    code = "too_many_screenshots"


class VendorTaxCodeTaken(Conflict):
    code = "vendor_tax_code_taken"


class CompareFull(CatalogueError):
    code = "compare_full"


class ReasonRequired(CatalogueError):
    code = "reason_required"
