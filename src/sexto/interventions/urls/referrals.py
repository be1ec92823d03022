"""URLs of the kit's referrals pages, under cases/<uuid:case_id>/."""

from django.urls import path

from sexto.interventions.views import referrals

urlpatterns = [
    path("referral/", referrals.referral_create, name="referral_create"),
    path(
        "referral/<uuid:referral_id>/acknowledge/",
        referrals.referral_acknowledge,
        name="referral_acknowledge",
    ),
    path(
        "referral/<uuid:referral_id>/determination/",
        referrals.determination_record,
        name="determination_record",
    ),
    path(
        "referral/<uuid:referral_id>/determination/correct/",
        referrals.determination_correct,
        name="determination_correct",
    ),
    path(
        "referral/<uuid:referral_id>/meetings/",
        referrals.meeting_schedule,
        name="meeting_schedule",
    ),
    path(
        "referral/meetings/<int:meeting_id>/held/",
        referrals.meeting_held,
        name="meeting_held",
    ),
    path(
        "referral/meetings/<int:meeting_id>/not-held/",
        referrals.meeting_not_held,
        name="meeting_not_held",
    ),
    path("referral/packet.pdf", referrals.referral_packet, name="referral_packet"),
]
