from django.contrib import admin

from .models import Court, Courtroom, Department


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


class CourtroomInline(admin.TabularInline):
    model = Courtroom
    extra = 0


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "parent", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("name", "code")
    inlines = [DepartmentInline, CourtroomInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "court", "kind")
    list_filter = ("kind", "court")
    search_fields = ("name", "court__name")


@admin.register(Courtroom)
class CourtroomAdmin(admin.ModelAdmin):
    list_display = ("name", "court", "location", "capacity", "supports_online", "is_active")
    list_filter = ("court", "supports_online", "is_active")
    search_fields = ("name", "court__name")
