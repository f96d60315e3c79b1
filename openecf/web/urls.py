from django.urls import path

from openecf.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:court_id>/", views.court, name="court"),
    path("<str:court_id>/cases/<str:case_number>/docket/", views.docket_report, name="docket_report"),
    path("<str:court_id>/doc1/<int:document_id>", views.document, name="document"),
]
