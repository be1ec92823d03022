"""A wallet offer: one award offered once to a wallet (VC-API exchange or OID4VCI
pre-authorised code), with the holder-bound credential it issued."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WalletOffer(models.Model):
    """An offer of an award's credential to a wallet: expires, used once, audited."""

    class Protocol(models.TextChoices):
        VCAPI = "vcapi", _("VC-API exchange")
        OID4VCI = "oid4vci", _("OpenID for Verifiable Credential Issuance")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    award = models.ForeignKey(
        "credentials.Award",
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        related_name="wallet_offers",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    protocol = models.CharField(_("protocol"), max_length=10, choices=Protocol.choices)
    # The secret the wallet presents: the exchange's challenge (VC-API) or the pre-authorised
    # code (OID4VCI). Kept as a SHA-256 so a database read cannot redeem an offer.
    secret_hash = models.CharField(max_length=64, unique=True)
    challenge = models.CharField(max_length=64)
    access_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    c_nonce = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    holder_did = models.CharField(_("holder's DID"), max_length=500, blank=True)
    # The credential re-signed for the holder (credentialSubject.id = holder_did), same status
    # entry as the award's credential: revoking the award revokes this one too.
    signed = models.TextField(_("signed credential"), blank=True)

    # Declared because django-stubs only sees managers of models in an app's models module.
    objects: ClassVar[models.Manager[WalletOffer]] = models.Manager()

    class Meta:
        verbose_name = _("wallet offer")
        verbose_name_plural = _("wallet offers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.protocol} {self.award.pk}"
