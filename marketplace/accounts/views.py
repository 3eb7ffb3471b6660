from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import EmailAuthenticationForm, SignUpForm

# Where a new user continues, by the role chosen at sign-up. Apps that are not installed fall back.
ONBOARDING_URLS = {
    "sme": "enterprises:create",
    "consultant": "consultants:profile_edit",
    "vendor": "catalogue:vendor_create",
}


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    initial_role = request.GET.get("role")
    form = SignUpForm(
        request.POST or None, initial={"role": initial_role} if initial_role in ONBOARDING_URLS else None
    )
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account has been created."))
        return redirect(reverse(ONBOARDING_URLS[form.cleaned_data["role"]]))
    return render(request, "registration/signup.html", {"form": form}, status=400 if form.errors else 200)


class LoginView(auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True
