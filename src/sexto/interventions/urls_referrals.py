"""URLs of the kit's referrals pages, under cases/<uuid:case_id>/."""

from django.urls import path

from sexto.interventions import referral_views

urlpatterns = [
    path("referral/", referral_views.referral_create, name="referral_create"),
    path(
        "referral/<uuid:referral_id>/acknowledge/",
        referral_views.referral_acknowledge,
        name="referral_acknowledge",
    ),
    path(
        "referral/<uuid:referral_id>/determination/",
        referral_views.determination_record,
        name="determination_record",
    ),
    path(
        "referral/<uuid:referral_id>/meetings/",
        referral_views.meeting_schedule,
        name="meeting_schedule",
    ),
    path(
        "referral/meetings/<int:meeting_id>/held/",
        referral_views.meeting_held,
        name="meeting_held",
    ),
    path("referral/packet.pdf", referral_views.referral_packet, name="referral_packet"),
]
