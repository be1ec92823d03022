"""Back-office for the directory. Changes that matter to access are audited through services."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialApp, SocialToken
from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from sexto.audit.services import audit_record
from sexto.core.forms import FreeTextMixin, ModelForm
from sexto.directory import services
from sexto.directory.models import (
    Agreement,
    Membership,
    Organisation,
    School,
    SupportResource,
    Territory,
    User,
)
from sexto.directory.selectors import signed_in_user
from sexto.directory.sign_in import services as sign_in_services
from sexto.directory.sign_in.models import IdentityProvider

PRIVILEGE_FIELDS = frozenset(
    {"is_active", "is_staff", "is_superuser", "groups", "user_permissions"}
)


class UserAdminForm(FreeTextMixin, UserChangeForm):  # type: ignore[type-arg]
    """The admin's change form for a person: nobody changes their own privileges."""

    acting_user_id: int | None = None  # the admin's own pk, set per request (get_form)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if (
            self.acting_user_id is not None
            and self.instance.pk == self.acting_user_id
            and PRIVILEGE_FIELDS & set(self.changed_data)
        ):
            raise forms.ValidationError(
                _(
                    "You cannot change your own privileges (active, staff, superuser). Ask "
                    "another platform administrator."
                ),
                code="self_privileges",
            )
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
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
            services.two_factor_reset(actor=signed_in_user(request), user=user, request=request)
        self.message_user(
            request,
            _("Second factor reset for %(count)d people.") % {"count": queryset.count()},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unlock sign-in after failed attempts"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            axes_reset(username=user.email)
            audit_record(
                actor=signed_in_user(request), action="auth.unlock", target=user, request=request
            )
        self.message_user(
            request,
            _("Sign-in unlocked for %(count)d people.") % {"count": queryset.count()},
            messages.SUCCESS,
        )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if not change:
            return form
        # The form checks who is acting: bound to this request's user.
        return type("UserAdminFormFor", (form,), {"acting_user_id": request.user.pk})

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Only a superuser hands out staff or superuser status (a staff account allowed to edit
        # people must not be able to raise anyone, itself or an accomplice, to superuser).
        fields = list(super().get_readonly_fields(request, obj))
        if not getattr(request.user, "is_superuser", False):
            fields += ["is_staff", "is_superuser"]
        return fields

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
                    user=user,
                    reason="password_change",
                    actor=signed_in_user(request),
                    request=request,
                )
        return response

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and {"is_staff", "is_superuser", "is_active"} & set(form.changed_data):
            audit_record(
                actor=signed_in_user(request),
                action="user.privileges",
                target=obj,
                request=request,
                changes={k: form.cleaned_data.get(k) for k in form.changed_data},
            )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "slug", "language", "phone_non_emergency"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "police_force"]
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "ministry_code", "organisation", "territory", "region", "language"]
    list_filter = ["organisation", "region", "language"]
    search_fields = ["name", "ministry_code", "municipality"]


@admin.register(SupportResource)
class SupportResourceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Public help lines and services (not case content): platform administrators keep them up to
    date here or in directory/data/quebec_resources.json (docs/resources.md)."""

    list_display = ["key", "name_fr", "kind", "region", "position", "checked_on", "active"]
    list_filter = ["kind", "region", "active"]
    search_fields = ["key", "name_fr", "name_en"]
    ordering = ["region", "position", "key"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["police_force", "status", "signed_on", "effective_on", "expires_on"]
    list_filter = ["status"]

    def save_model(self, request: HttpRequest, obj: Agreement, form: Any, change: bool) -> None:
        services.agreement_save(
            actor=signed_in_user(request),
            agreement=obj,
            changed=list(form.changed_data) or None,
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: Agreement) -> None:
        audit_record(
            actor=signed_in_user(request), action="agreement.delete", target=obj, request=request
        )
        super().delete_model(request, obj)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: roles are given, confirmed, refused and ended in the pages (People and roles,
    Appointments), through the services that refuse self-appointment, hold case-reading roles
    until confirmed, alert and audit. A save here would go around all of that."""

    list_display = [
        "user",
        "role",
        "school",
        "organisation",
        "is_backup",
        "status",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["role", "status", "is_backup"]
    search_fields = ["user__email", "user__last_name", "school__name", "organisation__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Membership | None = None) -> bool:
        return False


class IdentityProviderAdminForm(ModelForm):
    """The secret is write-only here too: never rendered back, empty keeps the stored one."""

    issuer = forms.URLField(label=_("issuer URL"), max_length=300, assume_scheme="https")
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted, never shown again. Leave empty to keep the current one."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "organisation",
            "kind",
            "display_name",
            "issuer",
            "client_id",
            "client_secret",
            "enabled",
            "idp_enforces_mfa",
        ]


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Superusers configure any organisation's sign-in; the same audited service as the page."""

    form = IdentityProviderAdminForm
    list_display = ["display_name", "organisation", "kind", "enabled", "idp_enforces_mfa"]
    list_filter = ["kind", "enabled", "idp_enforces_mfa"]
    readonly_fields = ["mfa_declared_by", "mfa_declared_at", "updated_at"]

    def save_model(
        self, request: HttpRequest, obj: IdentityProvider, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        saved = sign_in_services.identity_provider_save(
            actor=signed_in_user(request),
            organisation=data["organisation"],
            kind=data["kind"],
            display_name=data["display_name"],
            issuer=data["issuer"],
            client_id=data["client_id"],
            client_secret=data.get("client_secret") or "",
            enabled=data["enabled"],
            idp_enforces_mfa=data["idp_enforces_mfa"],
            request=request,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: IdentityProvider) -> None:
        audit_record(
            actor=signed_in_user(request),
            action="identity_provider.delete",
            target=obj,
            request=request,
        )
        super().delete_model(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # One provider per organisation: moving it to another organisation is not a change.
        return [*self.readonly_fields, *(["organisation"] if obj is not None else [])]


# Apps come from IdentityProvider (directory/sign_in/social.py), never from allauth's tables: their
# admin pages would only invite storing a plain-text secret there.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)
