from django.urls import path

from counterpart.meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list_view, name="list"),
    path("meetings/new/", views.meeting_create_view, name="create"),
    path("meetings/<int:pk>/", views.meeting_detail_view, name="detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit_view, name="edit"),
    path("meetings/<int:pk>/attendees/", views.meeting_attendee_add_view, name="attendee_add"),
    path("meetings/<int:pk>/decisions/", views.meeting_decision_add_view, name="decision_add"),
]
