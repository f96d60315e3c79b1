from django.urls import path

from openecf.web import feeds, icons, pacer_paths, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    # Before the court's address, which would take "favicon.ico" (with a slash appended) for a court id.
    path("favicon.ico", icons.favicon, name="favicon"),
    # PACER's own addresses (cgi-bin), which tools that know PACER look for: the RSS feed, the Docket Report.
    *feeds.urlpatterns,
    *pacer_paths.urlpatterns,
    path("<str:court_id>/", views.court, name="court"),
    path("<str:court_id>/cases/<str:case_number>/docket/", views.docket_report, name="docket_report"),
    # Any text reaches the view, so an old row-id address answers exactly like a missing document.
    path("<str:court_id>/doc1/<str:public_id>", views.document, name="document"),
    # A court of appeals' form of the same address (its notices' links), as juriscraper knows it.
    path("<str:court_id>/docs1/<str:public_id>", views.document, name="document_appellate"),
]
