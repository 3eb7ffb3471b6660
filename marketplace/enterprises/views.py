from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from marketplace.core.errors import DomainError
from marketplace.core.pages import form_errors

from . import selectors, services
from .forms import EnterpriseForm


def _form_data(form):
    data = dict(form.cleaned_data)
    sectors = data.pop("sectors", None)
    return data, sectors


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request):
    # what the person gave at sign-up is the usual contact: not asked for twice
    user = request.user
    initial = {"contact_name": user.full_name, "contact_email": user.email, "contact_phone": user.phone}
    form = EnterpriseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data, sectors = _form_data(form)
        try:
            enterprise = services.enterprise_create(created_by=request.user, sectors=sectors, **data)
        except DomainError as error:
            form_errors(form, error, request=request)
        else:
            messages.success(request, _("Your enterprise profile has been saved."))
            return redirect(enterprise.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "enterprises/form.html", {"form": form, "creating": True}, status=status)


@login_required
def enterprise_detail(request, pk: int):
    # 404 rather than 403 so outsiders cannot even learn that an enterprise exists
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), pk=pk)
    can_edit = selectors.enterprise_is_member(enterprise=enterprise, user=request.user)
    return render(request, "enterprises/detail.html", {"enterprise": enterprise, "can_edit": can_edit})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk: int):
    enterprise = get_object_or_404(selectors.enterprises_of(request.user), pk=pk)
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        data, sectors = _form_data(form)
        try:
            enterprise = services.enterprise_update(enterprise=enterprise, sectors=sectors, **data)
        except DomainError as error:
            form_errors(form, error, request=request)
        else:
            messages.success(request, _("Your enterprise profile has been saved."))
            return redirect(enterprise.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "enterprises/form.html", {"form": form, "enterprise": enterprise}, status=status)
