"""What has been paid, what may be paid now, and what remains: the payment schedule as of a date."""

from outsourcing._base.public import publish
from outsourcing._operations.payments import (
    PaymentLine,
    PaymentSchedule,
    PaymentState,
    payment_schedule,
)

__all__ = [
    "PaymentLine",
    "PaymentSchedule",
    "PaymentState",
    "payment_schedule",
]

publish(__name__, globals(), __all__)
