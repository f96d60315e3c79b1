"""Account pages: national PACER pages under /pacer/, each court's CM/ECF sign-on under /<court>/cmecf/."""

from openecf.accounts import urls_cmecf, urls_registration, urls_signin

app_name = "accounts"

urlpatterns = [*urls_registration.urlpatterns, *urls_signin.urlpatterns, *urls_cmecf.urlpatterns]
