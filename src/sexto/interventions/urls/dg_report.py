"""URLs of the summary report to the director general, under cases/<uuid:case_id>/."""

from django.urls import path

from sexto.interventions.views import dg_report

urlpatterns = [
    path("dg-report.pdf", dg_report.dg_report_download, name="dg_report_download"),
    path("dg-report/sent/", dg_report.dg_report_sent, name="dg_report_sent"),
]
