"""API tokens in the UI: everyone staff manages their own, admins every member's."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relmgmt import policy
from relmgmt.api import services
from relmgmt.api.models import ApiToken
from relmgmt.core.access import org_view
from relmgmt.core.forms import apply_service_errors
from relmgmt.tenancy import selectors


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. ERP delivery import.")
    membership = forms.ModelChoiceField(queryset=None, label="Acts as", required=False)

    def __init__(self, *args, organization, may_choose_member, **kwargs):
        super().__init__(*args, **kwargs)
        if may_choose_member:
            self.fields["membership"].queryset = selectors.members(organization=organization)
            self.fields["membership"].label_from_instance = lambda m: f"{m.user.email} ({m.role})"
        else:
            del self.fields["membership"]


def _visible_tokens(request):
    tokens = ApiToken.objects.select_related("membership__user", "created_by")
    if policy.can(request.membership, "tokens.manage_all"):
        return tokens
    return tokens.filter(membership=request.membership)


@org_view(read="tokens.manage_own", write="tokens.manage_own")
def token_list(request):
    organization = request.organization
    may_choose_member = policy.can(request.membership, "tokens.manage_all")
    form = TokenForm(
        request.POST or None, organization=organization, may_choose_member=may_choose_member
    )
    new_key = None
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data.get("membership") or request.membership
        try:
            token, new_key = services.token_create(
                organization=organization,
                actor=request.user,
                membership=membership,
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, f"Token “{token.name}” created. Copy it now: it is shown once."
            )
            form = TokenForm(organization=organization, may_choose_member=may_choose_member)
    return render(
        request,
        "api/token_list.html",
        {"tokens": _visible_tokens(request), "form": form, "new_key": new_key},
    )


@require_POST
@org_view(read="tokens.manage_own", write="tokens.manage_own")
def token_revoke(request, pk):
    token = get_object_or_404(_visible_tokens(request), pk=pk)
    services.token_revoke(organization=request.organization, actor=request.user, token=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("token_list", org_slug=request.organization.slug)
