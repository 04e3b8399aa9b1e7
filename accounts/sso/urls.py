from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("oidc/login/", views.OIDCLoginView.as_view(), name="oidc_login"),
    path("oidc/callback/", views.OIDCCallbackView.as_view(), name="oidc_callback"),
    path("finish/<str:pending>/", views.finish, name="finish"),
]
