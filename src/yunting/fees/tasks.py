"""Background work of the fees app."""

from __future__ import annotations

from django_tasks import task


@task()
def receipt_issue_task(*, payment_id: str) -> str:
    """Retry a receipt whose issue failed inside the payment's transaction."""
    from .models import Payment
    from .services import receipt_issue

    payment = Payment.objects.get(pk=payment_id)
    return str(receipt_issue(payment=payment).id)
