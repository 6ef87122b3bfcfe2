"""What has been paid, what may be paid now, and what remains: the payment and invoice schedules."""

from outsourcing._base.public import publish
from outsourcing._operations.payments import (
    InvoiceLine,
    InvoicePeriod,
    InvoiceSchedule,
    LineKind,
    PaymentLine,
    PaymentSchedule,
    PaymentState,
    invoice_schedule,
    payment_schedule,
    record_transaction,
)

__all__ = [
    "InvoiceLine",
    "InvoicePeriod",
    "InvoiceSchedule",
    "LineKind",
    "PaymentLine",
    "PaymentSchedule",
    "PaymentState",
    "invoice_schedule",
    "payment_schedule",
    "record_transaction",
]

publish(__name__, globals(), __all__)
