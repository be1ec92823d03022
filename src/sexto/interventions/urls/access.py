"""Access beyond the case team: grants, break-glass, who looked, the audit-trail export."""

from django.urls import path

from sexto.interventions.views import access

urlpatterns = [
    # Principals and coordinators grant; the whole team sees who looked (others: 404).
    path("cases/<uuid:case_id>/access/", access.case_access, name="case_access"),
    path(
        "cases/<uuid:case_id>/access/<uuid:grant_id>/revoke/",
        access.case_access_revoke,
        name="case_access_revoke",
    ),
    # Privacy officers of the organisation holding the file (others: 404).
    path("cases/break-glass/", access.case_break_glass, name="case_break_glass"),
    # The privacy officer ends their own break-glass early (anyone else: 404).
    path(
        "cases/<uuid:case_id>/break-glass/end/",
        access.case_break_glass_end,
        name="case_break_glass_end",
    ),
    path(
        "cases/<uuid:case_id>/audit-trail.csv",
        access.case_audit_export,
        name="case_audit_export",
    ),
    # Anyone signed in: the grants they hold or held.
    path("cases/shared-with-me/", access.grants_mine, name="grants_mine"),
]
