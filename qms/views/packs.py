"""Packs built in the background: the evidence pack of a period (asked for on the evidence
page, auditors included), a management review's pack, the job's page the worker's progress
shows on (polled with htmx), and the download. Asking and downloading are logged."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from qms import evidence as clause_map
from qms.forms.packs import EvidencePackForm
from qms.selectors import packs as selectors
from qms.selectors import reviews as review_selectors
from qms.services import packs as services
from relmgmt.core.access import org_view
from relmgmt.core.dates import organization_today
from relmgmt.core.files import no_store_download
from relmgmt.core.forms import apply_service_errors


def _job(request, pk):
    return get_object_or_404(selectors.pack_jobs(organization=request.organization), pk=pk)


@org_view(read="evidence.export", write="evidence.export")
def evidence_pack_create(request):
    """A POST with the period queues the pack and shows its page; the form is on the
    evidence page, shown again here when the period is refused."""
    organization = request.organization
    today = organization_today(organization)
    form = EvidencePackForm(
        request.POST or None,
        initial={"start": today.replace(year=today.year - 1), "end": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = services.evidence_pack_request(
                organization=organization,
                actor=request.user,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect("qms:pack_job", org_slug=organization.slug, pk=job.pk)
    return render(
        request,
        "qms/evidence.html",
        {
            "clauses": clause_map.clauses(request),
            "pack_form": form,
            "packs": selectors.recent_evidence_packs(organization=organization),
        },
    )


@org_view(read="evidence.export", write="evidence.export")
def review_pack_create(request, pk):
    """Queue the PDF of a review's pack (a POST with ``build``), for an organisation whose
    pack takes longer to build than a page may wait."""
    organization = request.organization
    review = get_object_or_404(review_selectors.reviews(organization=organization), pk=pk)
    if request.method != "POST" or not request.POST.get("build"):
        return redirect("qms:review_detail", org_slug=organization.slug, pk=review.pk)
    job = services.review_pack_request(organization=organization, actor=request.user, review=review)
    return redirect("qms:pack_job", org_slug=organization.slug, pk=job.pk)


@org_view(read="evidence.export")
def pack_job(request, pk):
    """A pack as the worker builds it (polled with htmx until it ends)."""
    job = _job(request, pk)
    template = "qms/pack_job_status.html" if request.htmx else "qms/pack_job.html"
    return render(request, template, {"job": job})


@org_view(read="evidence.export")
def pack_download(request, pk):
    """The built pack (the download is logged); back to its page while it is not ready."""
    job = _job(request, pk)
    handle = services.pack_download(organization=request.organization, actor=request.user, job=job)
    if handle is None:
        if job.is_finished:
            messages.error(request, "This pack is no longer kept; build it again.")
        return redirect("qms:pack_job", org_slug=request.organization.slug, pk=job.pk)
    content_type = "application/pdf" if job.kind == job.Kind.REVIEW else "application/zip"
    return no_store_download(handle, filename=job.file_name, content_type=content_type)
