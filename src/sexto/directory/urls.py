from django.urls import path

from sexto.directory import views
from sexto.directory.sign_in import views as sign_in_views

app_name = "directory"

urlpatterns = [
    path("organisation/", views.organisation_list, name="organisation_list"),
    path("organisation/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisation/<slug:slug>/people/", views.people, name="people"),
    path(
        "organisation/<slug:slug>/sign-in/",
        sign_in_views.identity_provider,
        name="identity_provider",
    ),
    path(
        "organisation/<slug:slug>/people/<uuid:membership_id>/end/",
        views.membership_end,
        name="membership_end",
    ),
    path("memberships/pending/", views.memberships_pending, name="memberships_pending"),
    path(
        "memberships/<uuid:membership_id>/confirm/",
        views.membership_confirm,
        name="membership_confirm",
    ),
    path(
        "memberships/<uuid:membership_id>/refuse/",
        views.membership_refuse,
        name="membership_refuse",
    ),
    path("account/", views.account, name="account"),
]
