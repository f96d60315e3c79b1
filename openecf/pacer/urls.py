"""National PACER pages: registration, activation, upgrade, account type, PACER Service Center admin."""

from django.urls import URLPattern, URLResolver, path

from openecf.pacer import views

app_name = "pacer"

urlpatterns: list[URLPattern | URLResolver] = [
    path("pacer/register/", views.register, name="register"),
    path("pacer/register/credentials/", views.register_credentials, name="register_credentials"),
    path("pacer/register/payment/", views.register_payment, name="register_payment"),
    path("pacer/register/policies/", views.register_policies, name="register_policies"),
    path("pacer/register/policies/print/", views.register_policies_print, name="register_policies_print"),
    path("pacer/register/thanks/", views.register_done, name="register_done"),
    path("pacer/activate/", views.activate, name="activate"),
    path("pacer/upgrade/", views.upgrade, name="upgrade"),
    path("pacer/account-type/", views.account_type, name="account_type"),
    path("pacer/psc/letters/", views.psc_letters, name="psc_letters"),
    path("pacer/psc/letters/<int:letter_id>/pdf/", views.psc_letter_pdf, name="psc_letter_pdf"),
    path("pacer/psc/letters/<int:letter_id>/mailed/", views.psc_letter_mailed, name="psc_letter_mailed"),
    path("pacer/psc/letters/<int:letter_id>/reissue/", views.psc_letter_reissue, name="psc_letter_reissue"),
    path("pacer/psc/suspensions/", views.psc_suspensions, name="psc_suspensions"),
    path(
        "pacer/psc/suspensions/<int:suspension_id>/lift/",
        views.psc_suspension_lift,
        name="psc_suspension_lift",
    ),
]
