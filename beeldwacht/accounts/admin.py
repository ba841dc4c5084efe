from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from beeldwacht.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "language"]}),
        ("Naam", {"fields": ["first_name", "last_name"]}),
        ("Rechten", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


# School accounts are set in SCHOOL_ACCOUNTS_FILE only (common.school_accounts_file), and no token
# is kept: the login library's pages for adding apps and reading tokens would mislead.
# Linked accounts stay visible (and can be removed) under "Sociale accounts".
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)
