"""The one-process channel layer (``yunting.core.channel_layers``): it must still be a correct
Channels layer (delivery, groups, capacity, expiry) while cleaning expired messages at most
once a second, not on every receive."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from channels.exceptions import ChannelFull
from django.conf import settings

from yunting.core.channel_layers import CLEAN_EVERY, InMemoryChannelLayer


def run(coro):
    """Run on a thread of its own: a browser test earlier in the same worker may have left an
    event loop running on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coro, timeout=10)).result(timeout=20)


def test_settings_use_it_without_redis():
    if getattr(settings, "REDIS_URL", ""):
        pytest.skip("this run uses the Redis layer")
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == (
        "yunting.core.channel_layers.InMemoryChannelLayer"
    )


def test_a_message_reaches_its_channel_and_groups_reach_only_members():
    async def go():
        layer = InMemoryChannelLayer()
        a, b, c = [await layer.new_channel() for _ in range(3)]
        await layer.send(a, {"type": "signal", "n": 1})
        assert await layer.receive(a) == {"type": "signal", "n": 1}
        await layer.group_add("room-1", a)
        await layer.group_add("room-1", b)
        await layer.group_add("room-2", c)
        await layer.group_send("room-1", {"type": "peer.joined"})
        assert await layer.receive(a) == {"type": "peer.joined"}
        assert await layer.receive(b) == {"type": "peer.joined"}
        assert c not in layer.channels  # nothing was queued for the other room
        await layer.group_discard("room-1", b)
        await layer.group_send("room-1", {"type": "peer.left"})
        assert await layer.receive(a) == {"type": "peer.left"}
        assert b not in layer.channels

    run(go())


def test_a_full_channel_refuses_the_message():
    async def go():
        layer = InMemoryChannelLayer(capacity=2)
        ch = await layer.new_channel()
        await layer.send(ch, {"type": "x", "n": 1})
        await layer.send(ch, {"type": "x", "n": 2})
        with pytest.raises(ChannelFull):
            await layer.send(ch, {"type": "x", "n": 3})
        assert (await layer.receive(ch))["n"] == 1  # what was queued is kept, in order

    run(go())


def _expired_layer():
    """A layer holding one message already past its expiry, on a channel that is in a group."""
    layer = InMemoryChannelLayer(expiry=60)

    async def fill():
        ch = await layer.new_channel()
        await layer.send(ch, {"type": "old"})
        await layer.group_add("room", ch)
        queue = layer.channels[ch]
        _, message = queue._queue[0]
        queue._queue[0] = (time.time() - 1, message)  # as if sent over a minute ago
        return ch

    return layer, run(fill())


def test_expired_messages_are_cleaned_at_most_once_a_second():
    layer, ch = _expired_layer()
    layer._cleaned = time.monotonic()  # cleaned just now
    layer._clean_expired()
    assert ch in layer.channels and ch in layer.groups["room"]  # not walked again yet

    layer._cleaned = time.monotonic() - CLEAN_EVERY - 0.01  # over a second ago
    layer._clean_expired()
    assert ch not in layer.channels
    assert ch not in layer.groups.get("room", {})  # an expired channel leaves its groups


def test_the_first_clean_runs_at_once():
    layer, ch = _expired_layer()
    layer._clean_expired()  # a new layer has never cleaned
    assert ch not in layer.channels
