"""Organisations, schools, territories, police forces, agreements, people and their roles."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from sexto.core.errors import DomainError


class UserManager(BaseUserManager["User"]):
    """Users sign in by email; the handle is their public name."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        extra.setdefault("handle", email.split("@")[0].replace(".", "-")[:40])
        user = self.model(email=email, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


handle_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,39}$",
    _("Use 2 to 40 lowercase letters, digits or hyphens, starting with a letter or digit."),
)


class User(AbstractUser):
    """A person who signs in by email. Superuser or staff status never opens case content."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    handle = models.CharField(
        _("public handle"),
        max_length=40,
        unique=True,
        validators=[handle_validator],
        help_text=_("Shown on public profiles and attestations, e.g. asantos."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
    )
    # Quiet hours (local, may span midnight): reminders' emails wait for their end; none if empty.
    quiet_from = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet hours until"), null=True, blank=True)
    # Raised to end every session of the person at once (password or second factor changed, a
    # role ended): it is part of the session hash Django checks on each request.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["handle"]
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def in_quiet_hours(self, moment: datetime.datetime) -> bool:
        """Whether `moment` (aware) falls in the person's quiet hours, in local time."""
        if self.quiet_from is None or self.quiet_until is None:
            return False
        now = timezone.localtime(moment).time()
        if self.quiet_from <= self.quiet_until:
            return self.quiet_from <= now < self.quiet_until
        return now >= self.quiet_from or now < self.quiet_until

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} <{self.email}>" if full else self.email

    def clean(self) -> None:
        super().clean()
        # Model forms (the account page, the Django admin) show it beside the field.
        if self.handle and handle_used_by_another(handle=self.handle, user=self):
            raise ValidationError({"handle": HANDLE_TAKEN_MESSAGE})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A handle is never reused: refused when another account ever had it (HandleTaken); the
        handle left behind is retired, kept for this account only."""
        fields = kwargs.get("update_fields")
        if fields is not None and "handle" not in fields:
            super().save(*args, **kwargs)
            return
        previous = (
            type(self).objects.filter(pk=self.pk).values_list("handle", flat=True).first()
            if self.pk is not None
            else None
        )
        if previous != self.handle and handle_used_by_another(handle=self.handle, user=self):
            raise HandleTaken(HANDLE_TAKEN_MESSAGE, field="handle")
        super().save(*args, **kwargs)
        if previous and previous != self.handle:
            RetiredHandle.objects.get_or_create(handle=previous, defaults={"user": self})
            # Taking back one's own former handle makes it current again.
            RetiredHandle.objects.filter(handle=self.handle, user=self).delete()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.handle

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash covers the password only; ours adds the generation so that ending the
        # sessions needs no scan of the session table. Generation 0 keeps Django's own value, so
        # sessions opened before this field existed stay valid. (Both get_session_auth_hash and
        # its SECRET_KEY_FALLBACKS variant call this method; Django is pinned.)
        if not self.session_generation:
            # A private Django method, absent from django-stubs (hence the ignore).
            django_hash: str = super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
            return django_hash
        return salted_hmac(
            "sexto.directory.User.get_session_auth_hash",
            f"{self.password}\x00{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def audit_chain(self) -> str:
        """The chain of the first file holder the person works for; police, trainers: platform."""
        for membership in self.memberships.select_related("school__organisation", "organisation"):
            chain = membership.audit_chain
            if chain != "platform":
                return chain
        return "platform"


HANDLE_TAKEN_MESSAGE = _(
    "This handle belongs or belonged to another member: choose another one. A handle is never "
    "given to someone else, so that links to a member's profile and attestations always lead to "
    "that member."
)


class HandleTaken(DomainError):
    """A handle another account has, or once had (handles are never reused)."""

    code = "handle_taken"
    status = 409


class RetiredHandle(models.Model):
    """A handle a member used before changing it: it stays theirs, never given to another account
    (old profile links lead to them; past attestations keep showing it)."""

    handle = models.CharField(_("handle"), max_length=40, unique=True)
    user = models.ForeignKey(
        User, verbose_name=_("member"), on_delete=models.CASCADE, related_name="retired_handles"
    )
    retired_at = models.DateTimeField(_("retired at"), auto_now_add=True)

    class Meta:
        verbose_name = _("retired handle")
        verbose_name_plural = _("retired handles")

    def __str__(self) -> str:
        return self.handle


def handle_used_by_another(*, handle: str, user: User | None) -> bool:
    """Whether another account has this handle now or had it before."""
    others = User.objects.filter(handle=handle)
    retired = RetiredHandle.objects.filter(handle=handle)
    if user is not None and user.pk is not None:
        others = others.exclude(pk=user.pk)
        retired = retired.exclude(user_id=user.pk)
    return others.exists() or retired.exists()


class Organisation(models.Model):
    """A body that employs people or holds files: service centre, private school, police force…"""

    class Kind(models.TextChoices):
        SERVICE_CENTRE = "service_centre", _("School service centre or school board")
        PRIVATE_SCHOOL = "private_school", _("Private school")
        FEDERATION = "federation", _("Private-school federation")
        POLICE_FORCE = "police_force", _("Police force")
        DPCP_OFFICE = "dpcp_office", _("DPCP office")
        TRAINING_PROVIDER = "training_provider", _("Training provider")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )
    email = models.EmailField(_("contact email"), blank=True)
    # For police forces: the number a school calls when nobody is in immediate danger (911 is
    # for emergencies); shown with the resources on the case page.
    phone_non_emergency = models.CharField(
        _("non-emergency phone number"),
        max_length=40,
        blank=True,
        help_text=_("For a police force: its non-emergency number, e.g. 450 555-0100."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def holds_files(self) -> bool:
        """Service centres (for their public schools) and private schools hold case files."""
        return self.kind in {self.Kind.SERVICE_CENTRE, self.Kind.PRIVATE_SCHOOL}

    @property
    def audit_chain(self) -> str:
        """Events about a file holder go on its own chain; the others on the platform chain."""
        return f"org:{self.pk}" if self.holds_files else "platform"


class Territory(models.Model):
    """A municipality or area, served by one police force."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    police_force = models.ForeignKey(
        Organisation,
        verbose_name=_("police force serving it"),
        on_delete=models.PROTECT,
        related_name="territories_served",
        limit_choices_to={"kind": Organisation.Kind.POLICE_FORCE},
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Region(models.TextChoices):
    """Quebec's 17 administrative regions (official codes); each has its own DPJ."""

    BAS_SAINT_LAURENT = "01", _("Bas-Saint-Laurent")
    SAGUENAY_LAC_SAINT_JEAN = "02", _("Saguenay–Lac-Saint-Jean")
    CAPITALE_NATIONALE = "03", _("Capitale-Nationale")
    MAURICIE = "04", _("Mauricie")
    ESTRIE = "05", _("Estrie")
    MONTREAL = "06", _("Montréal")
    OUTAOUAIS = "07", _("Outaouais")
    ABITIBI_TEMISCAMINGUE = "08", _("Abitibi-Témiscamingue")
    COTE_NORD = "09", _("Côte-Nord")
    NORD_DU_QUEBEC = "10", _("Nord-du-Québec")
    GASPESIE_ILES = "11", _("Gaspésie–Îles-de-la-Madeleine")
    CHAUDIERE_APPALACHES = "12", _("Chaudière-Appalaches")
    LAVAL = "13", _("Laval")
    LANAUDIERE = "14", _("Lanaudière")
    LAURENTIDES = "15", _("Laurentides")
    MONTEREGIE = "16", _("Montérégie")
    CENTRE_DU_QUEBEC = "17", _("Centre-du-Québec")


class School(models.Model):
    """A school, with the organisation that holds its files and the territory it stands in."""

    class Language(models.TextChoices):
        FR = "fr", "Français"
        EN = "en", "English"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ministry_code = models.CharField(
        _("ministry code"),
        max_length=12,
        unique=True,
        validators=[RegexValidator(r"^\d{6,9}$", _("Enter the ministry's 6 to 9 digit code."))],
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="schools",
    )
    municipality = models.CharField(_("municipality"), max_length=120)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="schools"
    )
    # Which DPJ serves the school's students (and which regional resources the case page shows).
    region = models.CharField(
        _("administrative region"), max_length=2, choices=Region.choices, blank=True
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_chain(self) -> str:
        return f"org:{self.organisation_id}"


class SupportResource(models.Model):
    """A help line or service offered to the people around a case: national, or one region's
    (its DPJ). Public information, not case content: platform administrators edit it in
    Django admin; `manage.py resources_load` fills it from directory/data/quebec_resources.json."""

    class Kind(models.TextChoices):
        DPJ = "dpj", _("Youth protection (DPJ)")
        HELPLINE = "helpline", _("Help line for young people")
        REMOVAL = "removal", _("Help removing images")
        VICTIMS = "victims", _("Help for victims")

    key = models.SlugField(_("key"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    region = models.CharField(
        _("administrative region"),
        max_length=2,
        choices=Region.choices,
        blank=True,
        help_text=_("Empty for a resource offered everywhere in Quebec."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    url_fr = models.URLField(_("address (French)"), blank=True)
    url_en = models.URLField(_("address (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # [{"number": "1 800 263-2266", "sms": false, "label_fr": "...", "label_en": "..."}]
    phones = models.JSONField(_("phone numbers"), default=list, blank=True)
    source_url = models.URLField(_("source"), blank=True)
    checked_on = models.DateField(
        _("checked on"), null=True, blank=True, help_text=_("Empty: still to verify.")
    )
    active = models.BooleanField(_("shown"), default=True)

    objects: ClassVar[models.Manager[SupportResource]] = models.Manager()

    class Meta:
        verbose_name = _("support resource")
        verbose_name_plural = _("support resources")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.name_fr


class Agreement(models.Model):
    """A police force's agreement with the DPCP: it opens the Sexto kit in its territories."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    police_force = models.ForeignKey(
        Organisation,
        verbose_name=_("police force"),
        on_delete=models.PROTECT,
        related_name="agreements",
        limit_choices_to={"kind": Organisation.Kind.POLICE_FORCE},
    )
    dpcp_office = models.ForeignKey(
        Organisation,
        verbose_name=_("DPCP office"),
        on_delete=models.PROTECT,
        related_name="dpcp_agreements",
        null=True,
        blank=True,
        limit_choices_to={"kind": Organisation.Kind.DPCP_OFFICE},
    )
    signed_on = models.DateField(_("signed on"))
    effective_on = models.DateField(_("effective on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)

    class Meta:
        verbose_name = _("police–DPCP agreement")
        verbose_name_plural = _("police–DPCP agreements")
        ordering = ["police_force__name", "-effective_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("effective_on")),
                name="agreement_expires_after_effective",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.police_force} ({self.get_status_display()})"

    def is_in_force_on(self, day: datetime.date) -> bool:
        return (
            self.status == self.Status.ACTIVE
            and self.effective_on <= day
            and (self.expires_on is None or day <= self.expires_on)
        )

    @property
    def audit_chain(self) -> str:
        return "platform"


class Role(models.TextChoices):
    """The roles of DESIGN.md that a membership grants (learners are everyone; public is no one)."""

    COORDINATOR = "coordinator", _("Sexto coordinator")
    PRINCIPAL = "principal", _("School principal")
    PROFESSIONAL = "professional", _("Professional (psychologist, social worker…)")
    STAFF = "staff", _("Staff member")
    POLICE_LIAISON = "police_liaison", _("Police liaison")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ORG_ADMIN = "org_admin", _("Service-centre administrator")
    # The service centre's Sexto lead: follows the kit's use across its schools (the dashboard:
    # counts, never a case's content).
    SEXTO_LEAD = "sexto_lead", _("Service-centre Sexto lead")
    TRAINER = "trainer", _("Trainer / reviewer")
    ANALYST = "analyst", _("Analyst")


SCHOOL_ROLES = {Role.COORDINATOR, Role.PRINCIPAL, Role.PROFESSIONAL, Role.STAFF}

# Roles that read case content (DESIGN.md): given by anyone but the school's principal, they wait
# for a confirmation before they open anything (a principal's appointment: a second admin's).
CASE_READING_ROLES = frozenset({Role.COORDINATOR, Role.PRINCIPAL})

# Roles that only exist inside one kind of organisation: a trainer revokes anyone's badge and
# reads every learner's answers, so the role is only valid inside a training organisation.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.TRAINER: frozenset({Organisation.Kind.TRAINING_PROVIDER}),
    Role.POLICE_LIAISON: frozenset({Organisation.Kind.POLICE_FORCE}),
    Role.SEXTO_LEAD: frozenset({Organisation.Kind.SERVICE_CENTRE, Organisation.Kind.FEDERATION}),
}


class MembershipQuerySet(models.QuerySet["Membership"]):
    def in_period(self, on: datetime.date | None = None) -> MembershipQuerySet:
        """Memberships whose period covers `on` (today by default), confirmed or not."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=day)
        )

    def current(self, on: datetime.date | None = None) -> MembershipQuerySet:
        """Memberships in effect on `on` (today by default): in their period, confirmed, and in a
        place their role may exist. Every permission check reads roles through this, so a pending
        or refused appointment, or a trainer role outside a training organisation, opens nothing."""
        misplaced = Q()
        for role, kinds in ROLE_ORGANISATION_KINDS.items():
            misplaced |= Q(role=role) & ~Q(organisation__kind__in=kinds)
        return self.in_period(on).filter(status=Membership.Status.CONFIRMED).exclude(misplaced)

    def pending(self) -> MembershipQuerySet:
        """Appointments that wait for a confirmation and have not ended."""
        from django.utils import timezone

        today = timezone.localdate()
        return self.filter(status=Membership.Status.PENDING).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gt=today)
        )


class Membership(models.Model):
    """A person's role in a school or an organisation, for a period. Only a confirmed membership
    gives anything (see `MembershipQuerySet.current`)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_backup = models.BooleanField(
        _("backup coordinator"),
        default=False,
        help_text=_("The coordinator alerted when the main coordinator cannot act."),
    )
    valid_from = models.DateField(_("valid from"))
    # Exclusive: a role that ends on a day no longer applies on that day.
    valid_until = models.DateField(_("ends on"), null=True, blank=True)
    # Pending unless a service says otherwise: a row written around the services opens nothing.
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        related_name="memberships_granted",
        null=True,
        blank=True,
    )
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("confirmed or refused by"),
        on_delete=models.SET_NULL,
        related_name="memberships_decided",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("confirmed or refused at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__last_name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, school__isnull=True)
                    | Q(organisation__isnull=True, school__isnull=False)
                ),
                name="membership_in_school_xor_organisation",
            ),
            models.CheckConstraint(
                condition=Q(is_backup=False) | Q(role="coordinator"),
                name="membership_backup_only_for_coordinators",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.school or self.organisation}"

    @property
    def place(self) -> School | Organisation:
        place = self.school or self.organisation
        assert place is not None
        return place

    @property
    def file_holder_id(self) -> uuid.UUID | None:
        if self.school is not None:
            return self.school.organisation_id
        return self.organisation_id

    @property
    def audit_chain(self) -> str:
        if self.school is not None:
            return self.school.audit_chain
        assert self.organisation is not None
        return self.organisation.audit_chain
