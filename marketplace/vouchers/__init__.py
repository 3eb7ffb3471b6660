"""Support vouchers (phiếu hỗ trợ): schemes as data, calls with a budget, applications, vouchers,
and the double-entry budget ledger every movement of support money is written to."""
