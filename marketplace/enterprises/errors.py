from marketplace.core.errors import DomainError


class EnterpriseError(DomainError):
    code = "enterprise_error"


class TaxCodeTaken(EnterpriseError):
    code = "tax_code_taken"
    status = 409
