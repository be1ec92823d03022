"""Back-office for the directory. Changes that matter to access are audited through services."""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from sexto.audit.services import audit_record
from sexto.directory import services
from sexto.directory.models import Agreement, Membership, Organisation, School, Territory, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "handle", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "handle", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "handle", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "handle", "password1", "password2")}),
    )
    actions = ["reset_second_factor", "unlock_sign_in"]

    @admin.action(description=_("Reset the second factor (the person is emailed)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.two_factor_reset(actor=request.user, user=user, request=request)
        self.message_user(
            request,
            _("Second factor reset for %(count)d people.") % {"count": queryset.count()},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unlock sign-in after failed attempts"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            axes_reset(username=user.email)
            audit_record(actor=request.user, action="auth.unlock", target=user, request=request)
        self.message_user(
            request,
            _("Sign-in unlocked for %(count)d people.") % {"count": queryset.count()},
            messages.SUCCESS,
        )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            # The password was changed here rather than through allauth (which signals it): the
            # person's sessions and API tokens end all the same.
            user = self.get_object(request, unquote(id))
            if user is not None:
                services.user_access_revoke(
                    user=user, reason="password_change", actor=request.user, request=request
                )
        return response

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and {"is_staff", "is_superuser", "is_active"} & set(form.changed_data):
            audit_record(
                actor=request.user,
                action="user.privileges",
                target=obj,
                request=request,
                changes={k: form.cleaned_data.get(k) for k in form.changed_data},
            )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "slug", "language"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "police_force"]
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "ministry_code", "organisation", "territory", "language"]
    list_filter = ["organisation", "language"]
    search_fields = ["name", "ministry_code", "municipality"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["police_force", "status", "signed_on", "effective_on", "expires_on"]
    list_filter = ["status"]

    def save_model(self, request: HttpRequest, obj: Agreement, form: Any, change: bool) -> None:
        services.agreement_save(
            actor=request.user,
            agreement=obj,
            changed=list(form.changed_data) or None,
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: Agreement) -> None:
        audit_record(actor=request.user, action="agreement.delete", target=obj, request=request)
        super().delete_model(request, obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "user",
        "role",
        "school",
        "organisation",
        "is_backup",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["role", "is_backup"]
    search_fields = ["user__email", "user__last_name", "school__name", "organisation__name"]
    autocomplete_fields = ["user"]

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="membership.update" if change else "membership.create",
            target=obj,
            request=request,
            changes={k: form.cleaned_data.get(k) for k in form.changed_data},
        )

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        audit_record(actor=request.user, action="membership.delete", target=obj, request=request)
        super().delete_model(request, obj)
