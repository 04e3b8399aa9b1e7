from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("oidc/login/", views.OIDCLoginView.as_view(), name="oidc_login"),
    path("oidc/callback/", views.OIDCCallbackView.as_view(), name="oidc_callback"),
    path("finish/<str:pending>/", views.finish, name="finish"),
    # The paths the identity provider knows (accounts/sso/config.py builds the same ones).
    path("saml/login/", views.SAMLLoginView.as_view(), name="saml_login"),
    path("saml/acs/", views.SAMLAssertionConsumerView.as_view(), name="saml_acs"),
    path("saml/metadata/", views.SAMLMetadataView.as_view(), name="saml_metadata"),
    path("saml/logout/", views.SAMLLogoutView.as_view(), name="saml_logout"),
    path("saml/ls/", views.SAMLLogoutReturnView.as_view(), name="saml_ls"),
    path("saml/ls/post/", views.SAMLLogoutReturnView.as_view(), name="saml_ls_post"),
]
