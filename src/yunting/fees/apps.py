from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeesConfig(AppConfig):
    name = "yunting.fees"
    label = "fees"
    verbose_name = _("Court fees")

    def ready(self) -> None:
        from yunting.documents.requests import request_fulfilled

        from . import events, queues  # noqa: F401  (register event types and workbench queues)

        request_fulfilled.connect(_link_payment_notice, dispatch_uid="yunting-fees-notice")


def _link_payment_notice(*, request, document, **kwargs) -> None:
    """A payment notice made after acceptance (phase two) is tied to the order it states."""
    order_id = (request.links or {}).get("fee_order")
    if not order_id:
        return
    from .models import FeeOrder
    from .services import fee_order_link_notice

    order = FeeOrder.objects.get(pk=order_id)
    fee_order_link_notice(order=order, document=document, actor=request.requested_by)
