"""Pages of the privacy app: the privacy notice, one's own data, erasure (one's own, or a coordinator's)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import coordinator_required

from .actions import account_anonymise
from .policy import retention
from .selectors import personal_data_export


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """What is kept about whom, why, for how long and who sees it: written from the retention settings."""
    context = {"keep": retention(), "invitation_days": settings.ACCOUNTS_INVITATION_DAYS}
    return render(request, "privacy/privacy.html", context)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own data as a JSON download."""
    data = personal_data_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"geo_accmr-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def erase_me(request: HttpRequest) -> HttpResponse:
    """The right to erasure: with the password as confirmation, the account is deactivated and anonymised at once."""
    error = ""
    if request.method == "POST":
        if request.user.is_superuser:
            error = _("Superusers are removed in the administration.")
        elif not request.user.check_password(request.POST.get("password", "")):
            error = _("The password is not right.")
        else:
            user = request.user
            logout(request)
            account_anonymise(user=user)
            messages.success(request, _("Your account has been deleted. Your name is no longer on anything you did."))
            return redirect("services:home")
    return render(request, "privacy/erase_me.html", {"error": error}, status=400 if error else 200)


@require_POST
@coordinator_required
def person_erase(request: HttpRequest, user_id: int) -> HttpResponse:
    """Coordinators: anonymise someone's account now; published records and their history stay."""
    person = get_object_or_404(get_user_model(), pk=user_id, is_superuser=False)
    if person.pk == request.user.pk:
        messages.error(request, _("You cannot erase your own account here; use “Delete my account”."))
        return redirect("accounts:person_edit", user_id=person.pk)
    account_anonymise(user=person)
    messages.success(request, _("The account was anonymised; its history now names a former editor."))
    return redirect("accounts:people")
