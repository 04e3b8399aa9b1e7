from django.urls import include, path

from . import views

app_name = "worksheets"

cohort_pages = [  # under cohorts/<cohort_id>/
    path("modules/<slug:slug>/", views.module_page, name="module"),
    path("modules/<slug:slug>/autosave/", views.autosave, name="autosave"),
    path("goals/<int:goal_id>/remove/", views.smart_goal_remove_view, name="smart_goal_remove"),
    path("workbook.pdf", views.workbook_download, name="workbook_pdf"),
]

urlpatterns = [
    path("cohorts/<int:cohort_id>/", include(cohort_pages)),
    path("workbook/blank.pdf", views.blank_workbook_download, name="blank_workbook_pdf"),
]
