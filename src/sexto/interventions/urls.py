from django.urls import include, path

from sexto.interventions import alert_views, case_views, team_views, views

app_name = "interventions"

urlpatterns = [
    path("alerts/", alert_views.alerts, name="alerts"),
    path("alerts/read/", alert_views.alerts_read_all, name="alerts_read_all"),
    path("alerts/<int:alert_id>/", alert_views.alert_open, name="alert_open"),
    path("grid/", views.grid_try, name="grid"),
    path("grid/preview/", views.grid_preview, name="grid_preview"),
    path("intakes/new/", case_views.intake_new, name="intake_new"),
    path("intakes/mine/", case_views.intakes_mine, name="intakes_mine"),
    path("intakes/<uuid:intake_id>/", case_views.intake_detail, name="intake_detail"),
    path("cases/", case_views.worklist, name="worklist"),
    path("cases/<uuid:case_id>/", case_views.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/steps/<int:step_id>/", case_views.case_step, name="case_step"),
    path("cases/<uuid:case_id>/grid/", case_views.case_grid, name="case_grid"),
    path(
        "cases/<uuid:case_id>/grid/preview/",
        case_views.case_grid_preview,
        name="case_grid_preview",
    ),
    path("cases/<uuid:case_id>/around/", case_views.case_around, name="case_around"),
    path("cases/<uuid:case_id>/notes/", case_views.case_note_add, name="case_note_add"),
    path("cases/<uuid:case_id>/people/", case_views.case_person_add, name="case_person_add"),
    path("cases/<uuid:case_id>/close/", case_views.case_close, name="case_close"),
    path("cases/<uuid:case_id>/reopen/", case_views.case_reopen, name="case_reopen"),
    path(
        "cases/<uuid:case_id>/team/",
        case_views.case_professional_invite,
        name="case_professional_invite",
    ),
    path("cases/<uuid:case_id>/lead/", team_views.case_lead_assign, name="case_lead_assign"),
    path("cases/<uuid:case_id>/", include("sexto.interventions.urls_devices")),
    path("cases/<uuid:case_id>/", include("sexto.interventions.urls_referrals")),
    path("cases/<uuid:case_id>/", include("sexto.interventions.urls_around")),
    path("police/", include("sexto.interventions.urls_police")),
    path("", include("sexto.interventions.urls_access")),
]
