from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from counterpart.api import api
from counterpart.pairings import urls as pairings_urls
from counterpart.web import urls as web_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((pairings_urls.urlpatterns + web_urls.pairing_urlpatterns, pairings_urls.app_name))),
    path("", include("counterpart.geo.urls")),
    path("", include("counterpart.meetings.urls")),
    path("", include("counterpart.agreements.urls")),
    path("", include("counterpart.intake.urls")),
    path("", include("counterpart.plans.urls")),
    path("", include("counterpart.households.urls")),
    path("", include("counterpart.assistance.urls")),
    path("", include("counterpart.funds.urls")),
    path("", include("counterpart.web.urls")),
]
# No route serves MEDIA_ROOT, in any mode (not even `static()` under DEBUG): every stored file is handed out
# by a view that checks the user's scope first (`core.files.serve_stored_file`).
