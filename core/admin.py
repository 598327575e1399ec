from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from core.models import User


@admin.register(User)
class HdndUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("full_name",)}))
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
