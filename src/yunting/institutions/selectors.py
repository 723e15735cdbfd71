"""Reads for the institution app that other apps' pages use."""

from __future__ import annotations

import uuid

from django.db.models import Count, QuerySet


def review_batches(queue: QuerySet) -> list[dict]:
    """The batches among the filings of a review queue: id, name, institution, count."""
    rows = (
        queue.filter(batch_link__isnull=False)
        .values("batch_link__batch_id", "batch_link__batch__name", "created_by__name")
        .annotate(n=Count("pk"))
        .order_by("batch_link__batch__name")
    )
    return [
        {
            "id": r["batch_link__batch_id"],
            "name": r["batch_link__batch__name"],
            "institution": r["created_by__name"],
            "count": r["n"],
        }
        for r in rows
    ]


def queue_of_batch(queue: QuerySet, batch_id: str) -> QuerySet:
    try:
        wanted = uuid.UUID(batch_id)
    except ValueError:
        return queue.none()
    return queue.filter(batch_link__batch_id=wanted)


# --- the institution's own page: every read scoped to the person logged in ------------------


def keys_for_user(*, user) -> QuerySet:
    from .models import ApiKey

    return ApiKey.objects.filter(owner=user).order_by("revoked_at", "-created_at")


def key_get_for_user(*, user, key_id) -> object:
    from django.http import Http404

    key = keys_for_user(user=user).filter(pk=key_id).first()
    if key is None:
        raise Http404
    return key


def key_requests(*, key, limit: int = 200) -> list:
    return list(key.requests.order_by("-time")[:limit])


def endpoints_for_user(*, user) -> QuerySet:
    from .models import WebhookEndpoint

    return WebhookEndpoint.objects.filter(owner=user).annotate(delivery_count=Count("deliveries"))


def endpoint_get_for_user(*, user, endpoint_id) -> object:
    from django.http import Http404

    endpoint = endpoints_for_user(user=user).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404
    return endpoint


def endpoint_deliveries(*, endpoint, limit: int = 100) -> list:
    return list(endpoint.deliveries.select_related("event").order_by("-created_at")[:limit])


def delivery_get_for_user(*, user, delivery_id) -> object:
    from django.http import Http404

    from .models import Delivery

    delivery = (
        Delivery.objects.select_related("endpoint", "event")
        .filter(pk=delivery_id, endpoint__owner=user)
        .first()
    )
    if delivery is None:
        raise Http404
    return delivery


# --- the institution's API: the same scoping, the model's own order -------------------------


def api_keys_of(*, user) -> QuerySet:
    """The person's keys, newest first (the order the API has always answered)."""
    from .models import ApiKey

    return ApiKey.objects.filter(owner=user)


def batch_get_for_user(*, user, batch_id) -> object:
    """One of the person's batches; another institution's is a 404 like a missing one."""
    from django.http import Http404

    from .models import Batch

    batch = Batch.objects.filter(owner=user, pk=batch_id).first()
    if batch is None:
        raise Http404
    return batch


def api_endpoints_of(*, user) -> QuerySet:
    """The person's webhook endpoints, oldest first."""
    from .models import WebhookEndpoint

    return WebhookEndpoint.objects.filter(owner=user)


def api_endpoint_get_for_user(*, user, endpoint_id) -> object:
    from django.http import Http404

    endpoint = api_endpoints_of(user=user).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise Http404
    return endpoint


def api_endpoint_deliveries(*, endpoint, limit: int = 500) -> QuerySet:
    """An endpoint's deliveries, newest first, each with its event."""
    return endpoint.deliveries.select_related("event")[:limit]


def events_after(*, user, after: int, limit: int) -> QuerySet:
    """The person's event feed after sequence number ``after``, oldest first."""
    from .models import OutEvent

    return OutEvent.objects.filter(owner=user, seq__gt=after).order_by("seq")[:limit]
