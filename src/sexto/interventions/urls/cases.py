"""URLs of the case area: intakes, the work list, the case page and its steps, people, notes,
closure."""

from django.urls import path

from sexto.interventions.views import cases, history

urlpatterns = [
    path("intakes/new/", cases.intake_new, name="intake_new"),
    path("intakes/mine/", cases.intakes_mine, name="intakes_mine"),
    path("intakes/<uuid:intake_id>/", cases.intake_detail, name="intake_detail"),
    path(
        "intakes/<uuid:intake_id>/youth-protection/",
        cases.intake_youth_protection_record,
        name="intake_youth_protection_record",
    ),
    path("cases/", cases.worklist, name="worklist"),
    path("cases/<uuid:case_id>/", cases.case_detail, name="case_detail"),
    path("cases/<uuid:case_id>/steps/<int:step_id>/", cases.case_step, name="case_step"),
    path("cases/<uuid:case_id>/around/", cases.case_around, name="case_around"),
    path("cases/<uuid:case_id>/notes/", cases.case_note_add, name="case_note_add"),
    path("cases/<uuid:case_id>/people/", cases.case_person_add, name="case_person_add"),
    path(
        "cases/<uuid:case_id>/people/<int:person_id>/history/",
        history.student_history_page,
        name="student_history",
    ),
    path("cases/<uuid:case_id>/close/", cases.case_close, name="case_close"),
    path("cases/<uuid:case_id>/reopen/", cases.case_reopen, name="case_reopen"),
]
