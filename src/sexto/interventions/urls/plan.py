"""URLs of the plan's actions on a case (included under /cases/<case_id>/)."""

from django.urls import path

from sexto.interventions.views import plan

urlpatterns = [
    path("police-now/", plan.police_called_now, name="case_police_now"),
    path("police-go-ahead/", plan.police_go_ahead, name="case_police_go_ahead"),
]
