from django.urls import path

from sexto.directory import views

app_name = "directory"

urlpatterns = [
    path("organisation/", views.organisation_list, name="organisation_list"),
    path("organisation/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisation/<slug:slug>/people/", views.people, name="people"),
    path(
        "organisation/<slug:slug>/people/<uuid:membership_id>/end/",
        views.membership_end,
        name="membership_end",
    ),
    path("account/", views.account, name="account"),
]
