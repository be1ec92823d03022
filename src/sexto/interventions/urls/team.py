"""URLs of the case team: invite a professional, name the lead."""

from django.urls import path

from sexto.interventions.views import team

urlpatterns = [
    path(
        "cases/<uuid:case_id>/team/",
        team.case_professional_invite,
        name="case_professional_invite",
    ),
    path("cases/<uuid:case_id>/lead/", team.case_lead_assign, name="case_lead_assign"),
    path("cases/<uuid:case_id>/transfer/", team.case_transfer_view, name="case_transfer"),
]
