from django.contrib import admin

from .models import CourtroomMedia, Hearing


@admin.register(CourtroomMedia)
class CourtroomMediaAdmin(admin.ModelAdmin):
    """Where a courtroom's online hearings carry media: peer-to-peer or an SFU (LiveKit)."""

    list_display = ("courtroom", "mode", "sfu_url")
    list_filter = ("mode",)


@admin.register(Hearing)
class HearingAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "courtroom", "starts_at", "status")
    list_filter = ("status", "kind")
    readonly_fields = [f.name for f in Hearing._meta.fields]
