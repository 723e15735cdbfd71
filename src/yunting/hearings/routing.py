from django.urls import path

from .consumers import HearingRoomConsumer

websocket_urlpatterns = [path("ws/hearings/<uuid:hearing_id>/", HearingRoomConsumer.as_asgi())]
