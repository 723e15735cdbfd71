from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["court"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["name"]
    list_display = ("name", "phone", "email", "is_active", "date_joined")
    search_fields = ("name", "phone", "email", "id_number")
    list_filter = ("is_active", "is_staff", "role_assignments__role")
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("phone", "email", "password")}),
        (_("Real name"), {"fields": ("name", "id_type", "id_number", "real_name_verified_at")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("phone", "name", "password1", "password2")}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "court", "department", "is_division_head")
    list_filter = ("role", "court")
    search_fields = ("user__name", "user__phone")
    autocomplete_fields = ["user", "court"]
