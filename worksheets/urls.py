from django.urls import path

from . import views

app_name = "worksheets"

urlpatterns = [
    path("cohorts/<int:cohort_id>/workbook.pdf", views.workbook_download, name="workbook_pdf"),
    path("workbook/blank.pdf", views.blank_workbook_download, name="blank_workbook_pdf"),
    path(
        "cohorts/<int:cohort_id>/modules/<slug:slug>/autosave/",
        views.autosave,
        name="autosave",
    ),
    path(
        "cohorts/<int:cohort_id>/goals/<int:goal_id>/remove/",
        views.smart_goal_remove_view,
        name="smart_goal_remove",
    ),
]
