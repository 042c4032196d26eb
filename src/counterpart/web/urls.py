from django.urls import path

from counterpart.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sources/<int:pk>/", views.source_view, name="source"),
]

#: Pages composed of several apps, served under the namespace of the app whose object they show
#: (`pairings:detail`); counterpart/urls.py adds them to that app's patterns.
pairing_urlpatterns = [
    path("pairings/<int:pk>/", views.pairing_detail_view, name="detail"),
]
