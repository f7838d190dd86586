"""Pages of the accounts app: my account, people and invitations (coordinators), saved searches."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions, selectors
from .forms import InvitationAcceptForm, InvitationForm, PersonForm, SavedSearchForm
from .models import Invitation, Profile, Role
from .permissions import coordinator_required, is_coordinator, user_role


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's page: role, organisations, saved searches, password."""
    assert request.user.is_authenticated  # login_required
    profile = Profile.objects.filter(user=request.user).prefetch_related("organizations").first()
    context = {
        "role": user_role(request.user),
        "organizations": list(profile.organizations.all()) if profile else [],
        "saved_count": selectors.saved_search_list(user=request.user).count(),
        "coordinator": is_coordinator(request.user),
    }
    return render(request, "accounts/home.html", context)


@coordinator_required
def people(request: HttpRequest) -> HttpResponse:
    """Coordinators: everyone with an account, pending invitations, and a form to invite someone."""
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = actions.invitation_create(
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            organizations=form.cleaned_data["organizations"],
            invited_by=request.user,
            base_url=_base_url(request),
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
        return redirect("accounts:people")
    context = {
        "form": form,
        "people": selectors.person_list(),
        "invitations": selectors.invitation_pending_list(),
        "days": settings.ACCOUNTS_INVITATION_DAYS,
    }
    return render(request, "accounts/people.html", context, status=400 if form.errors else 200)


@coordinator_required
def person_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    """Coordinators: change a person's role and organisations, or deactivate them. Superusers are not edited here."""
    person = get_object_or_404(get_user_model().objects.select_related("profile"), pk=user_id, is_superuser=False)
    profile = Profile.objects.filter(user=person).prefetch_related("organizations").first()
    initial = {
        "role": profile.role if profile else Role.CASEWORKER,
        "organizations": list(profile.organizations.all()) if profile else [],
        "is_active": person.is_active,
    }
    form = PersonForm(request.POST or None, initial=initial, person=person, acting=request.user)
    if request.method == "POST" and form.is_valid():
        actions.person_update(
            user=person,
            role=form.cleaned_data["role"],
            organizations=form.cleaned_data["organizations"],
            is_active=form.cleaned_data["is_active"],
        )
        messages.success(request, _("Saved the changes for %(name)s.") % {"name": person.get_username()})
        return redirect("accounts:people")
    return render(
        request, "accounts/person_edit.html", {"form": form, "person": person}, status=400 if form.errors else 200
    )


@require_POST
@coordinator_required
def invitation_resend(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Coordinators: send a pending invitation again with a new link (the old link stops working)."""
    invitation = get_object_or_404(Invitation, pk=invitation_id, accepted_at=None, revoked_at=None)
    actions.invitation_send(invitation=invitation, base_url=_base_url(request))
    messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    return redirect("accounts:people")


@require_POST
@coordinator_required
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Coordinators: withdraw a pending invitation."""
    invitation = get_object_or_404(Invitation, pk=invitation_id, accepted_at=None, revoked_at=None)
    actions.invitation_revoke(invitation=invitation)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("accounts:people")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: choose a username and a password; the account is then made and the link spent."""
    invitation = actions.invitation_from_token(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.invitation_accept(
                invitation=invitation, username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
            )
        except actions.InvitationSpent:  # used or withdrawn while the form was open
            return render(request, "accounts/invitation_invalid.html", status=404)
        # signed in at once: they have just chosen the password, asking for it again only loses people
        auth_login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
        messages.success(request, _("Your account is ready and you are signed in."))
        return redirect("accounts:account")
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/invitation_accept.html", context, status=400 if form.errors else 200)


@login_required
def saved_searches(request: HttpRequest) -> HttpResponse:
    """A person's saved searches; POST saves the search whose query string it carries."""
    form = SavedSearchForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            search = actions.saved_search_save(
                user=request.user, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
            )
            messages.success(request, _("Search saved as “%(name)s”.") % {"name": search.name})
            return redirect("accounts:saved")
        messages.error(request, _("Give the search a name."))
    context = {"searches": selectors.saved_search_list(user=request.user), "home_url": reverse("services:home")}
    return render(request, "accounts/saved.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def saved_search_delete(request: HttpRequest, search_id: int) -> HttpResponse:
    """Delete one of the person's saved searches (another person's is a 404)."""
    if not actions.saved_search_delete(user=request.user, search_id=search_id):
        raise Http404
    messages.success(request, _("Saved search deleted."))
    return redirect("accounts:saved")
