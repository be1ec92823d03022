"""URLs of a case transfer to another file holder's school."""

from django.urls import path

from sexto.interventions.views import transfer

urlpatterns = [
    path(
        "cases/<uuid:case_id>/transfer/propose/",
        transfer.case_transfer_propose_view,
        name="case_transfer_propose",
    ),
    path("transfers/<int:transfer_id>/", transfer.transfer_detail, name="transfer_detail"),
    path("transfers/<int:transfer_id>/accept/", transfer.transfer_accept, name="transfer_accept"),
    path("transfers/<int:transfer_id>/refuse/", transfer.transfer_refuse, name="transfer_refuse"),
    path(
        "transfers/<int:transfer_id>/withdraw/",
        transfer.transfer_withdraw,
        name="transfer_withdraw",
    ),
]
