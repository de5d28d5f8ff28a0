# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Pages of payment requests (Mittelabruf): the grantee's list and form, the detail with its
history, and the programme office's actions (check, release, request changes, pay).

Members of the funded organisation read, its editors and administrators write, the programme
office acts; for everyone else the grant does not exist (404)."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stadtnetz.core.forms import DecimalTextInput, KernForm
from stadtnetz.core.versioning import StaleVersion, form_labels, rebind_with_version

from . import selectors
from .models import GrantNotice, PaymentRequest, PaymentStatus, Phase
from .permissions import can_act_for_grantee, can_run_grants, can_view_grant
from .services import payments as services
from .services.common import GrantError

ZERO = Decimal("0.00")


class PaymentForm(KernForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    phase = forms.ChoiceField(label=gettext_lazy("Phase"), choices=Phase.choices)
    year = forms.TypedChoiceField(label=gettext_lazy("Budget year"), coerce=int)
    due_by = forms.DateField(
        label=gettext_lazy("Expenditure due by"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Funds may be requested for expenditure due within the next weeks."),
    )

    def __init__(self, *args, notice: GrantNotice, **kwargs):
        super().__init__(*args, **kwargs)
        self.amount_errors: list[str] = []
        years = range(notice.period_start.year, notice.period_end.year + 1)
        year_field = cast(forms.TypedChoiceField, self.fields["year"])
        year_field.choices = [(year, str(year)) for year in years]
        weeks = services.payment_window_weeks(notice)
        self.fields["due_by"].help_text = _(
            "Funds may be requested for expenditure due within %(weeks)d weeks, i.e. by %(date)s."
        ) % {"weeks": weeks, "date": services.latest_due_date(notice).strftime("%d.%m.%Y")}
        self.fields["due_by"].widget.attrs["aria-describedby"] = (
            f"{self['due_by'].id_for_label}-hint"
        )
        for code, label in services.categories():
            self.fields[f"amount_{code}"] = forms.CharField(
                label=label, required=False, max_length=30,
                widget=DecimalTextInput(attrs={"class": "kern-form-input__input",
                                               "aria-describedby": "amounts-hint"}),
            )  # fmt: skip

    def amount_fields(self):
        return [self[f"amount_{code}"] for code, _label in services.categories()]

    def amounts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"amount_{code}") or ""
            for code, _l in services.categories()
        }


def _notice_or_404(request: HttpRequest, slug: str) -> GrantNotice:
    notice = (
        GrantNotice.objects.select_related("project__organisation", "application")
        .filter(project__slug=slug)
        .first()
    )
    if notice is None or not can_view_grant(request.user, notice):
        raise Http404
    return notice


def _payment_or_404(request: HttpRequest, slug: str, number: int) -> PaymentRequest:
    notice = _notice_or_404(request, slug)
    payment = (
        PaymentRequest.objects.select_related("checked_by", "released_by", "created_by")
        .filter(notice=notice, number=number)
        .first()
    )
    if payment is None:
        raise Http404
    payment.notice = notice
    return payment


def _crumbs(notice: GrantNotice, *items):
    project = notice.project
    return [
        (_("Model projects"), reverse("projects:list")),
        (project.name, project.get_absolute_url()),
        (_("Payment requests"), reverse("grants:payment_list", args=[project.slug])),
        *items,
    ]


def _totals(payment: PaymentRequest) -> tuple[Decimal, Decimal]:
    lines = list(payment.lines.all())
    return (
        sum((line.expenditure for line in lines), ZERO),
        sum((line.grant for line in lines), ZERO),
    )


def _budget_rows(notice: GrantNotice) -> list[dict]:
    """Approved, requested and still available grant per phase and year of the plan in force."""
    from django.db.models import Sum

    from .models import PaymentLine, PlanLine

    approved = (
        PlanLine.objects.filter(version=selectors.current_plan(notice))
        .values("phase", "year").annotate(total=Sum("grant")).order_by("phase", "year")
    )  # fmt: skip
    requested = {
        (row["request__phase"], row["request__year"]): row["total"]
        for row in PaymentLine.objects.filter(
            request__notice=notice, request__status__in=selectors.REQUESTED_STATES
        ).values("request__phase", "request__year").annotate(total=Sum("grant")).order_by()
    }  # fmt: skip
    rows = []
    for row in approved:
        done = requested.get((row["phase"], row["year"]), ZERO)
        rows.append({"phase": row["phase"], "year": row["year"], "approved": row["total"],
                     "requested": done, "available": row["total"] - done})  # fmt: skip
    return rows


@login_required
@require_safe
def payment_list(request: HttpRequest, slug: str) -> HttpResponse:
    notice = _notice_or_404(request, slug)
    payments = list(notice.payment_requests.prefetch_related("lines").order_by("-number"))
    for payment in payments:
        expenditure, grant = _totals(payment)
        setattr(payment, "total_expenditure", expenditure)  # noqa: B010 (shown in the table)
        setattr(payment, "total_grant", grant)  # noqa: B010
    return render(request, "grants/payment_list.html", {
        "notice": notice, "project": notice.project, "payments": payments,
        "budget": _budget_rows(notice), "can_write": bool(can_act_for_grantee(request.user, notice)),
        "nav": "projects", "breadcrumbs": _crumbs(notice)[:-1] + [(_("Payment requests"), None)],
    })  # fmt: skip


def _apply_errors(form: PaymentForm, error: GrantError) -> list[str]:
    """Service errors onto the form's fields; returns the errors of the amounts as a whole."""
    amounts: list[str] = []
    for field, messages_ in error.message_dict.items():
        if field == "amounts":
            amounts.extend(messages_)
        elif field.startswith("amounts."):
            name = f"amount_{field.split('.', 1)[1]}"
            for message in messages_:
                form.add_error(name if name in form.fields else None, message)
        elif field in form.fields:
            for message in messages_:
                form.add_error(field, message)
        else:
            for message in messages_:
                form.add_error(None, message)
    if amounts:
        form.amount_errors = amounts
    return amounts


def _form_page(request: HttpRequest, notice: GrantNotice, payment: PaymentRequest | None):
    can_act_for_grantee(request.user, notice).enforce()
    if payment is not None and payment.status not in services.EDITABLE:
        messages.error(request, _("Only a draft or a request sent back for changes can be edited."))
        return redirect("grants:payment_detail", notice.project.slug, payment.number)
    initial = {}
    if payment is not None:
        initial = {"phase": payment.phase, "year": payment.year, "due_by": payment.due_by,
                   "version": payment.version}  # fmt: skip
        initial |= {f"amount_{line.category}": line.expenditure for line in payment.lines.all()}
    else:
        initial = {
            "phase": notice.starts_in_phase if not selectors.strategy_approved(notice) else "B"
        }
    form = PaymentForm(request.POST or None, initial=initial, notice=notice)
    conflict = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.payment_save(
                    actor=request.user, notice=notice, request=payment,
                    phase=form.cleaned_data["phase"], year=form.cleaned_data["year"],
                    due_by=form.cleaned_data["due_by"], amounts=form.amounts(),
                    base_version=form.cleaned_data.get("version") if payment else None,
                )  # fmt: skip
            except StaleVersion as stale:
                conflict = stale
                form = rebind_with_version(PaymentForm, request.POST, stale.current_version,
                                           notice=notice)  # fmt: skip
                status = 409
            except GrantError as error:
                _apply_errors(form, error)
                status = 400
            else:
                messages.success(request, _("The payment request has been saved as a draft."))
                return redirect("grants:payment_detail", notice.project.slug, saved.number)
        else:
            status = 400
    title = (_("Edit payment request no. %(number)s") % {"number": payment.number}
             if payment else _("New payment request"))  # fmt: skip
    labels = form_labels(form) | {f"amounts.{c}": label for c, label in services.categories()}
    return render(request, "grants/payment_form.html", {
        "notice": notice, "project": notice.project, "payment": payment, "form": form,
        "title": title, "conflict": conflict,
        "conflict_rows": conflict.rows(labels) if conflict else [],
        "rate": notice.funding_rate, "budget": _budget_rows(notice),
        "nav": "projects", "breadcrumbs": _crumbs(notice, (title, None)),
    }, status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def payment_new(request: HttpRequest, slug: str) -> HttpResponse:
    return _form_page(request, _notice_or_404(request, slug), None)


@login_required
@require_http_methods(["GET", "POST"])
def payment_edit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    payment = _payment_or_404(request, slug, number)
    return _form_page(request, payment.notice, payment)


def _detail(request, payment: PaymentRequest, *, errors: dict | None = None, status: int = 200,
            posted: dict | None = None) -> HttpResponse:  # fmt: skip
    notice = payment.notice
    user = request.user
    office = bool(can_run_grants(user))
    writer = bool(can_act_for_grantee(user, notice))
    total_expenditure, total_grant = _totals(payment)
    events = list(payment.events.select_related("actor").order_by("at", "pk"))
    four_eyes = services.can_release(user, payment) if office else None
    state = payment.status
    actions = {
        "edit": writer and state in services.EDITABLE,
        "submit": writer and state in services.EDITABLE,
        "withdraw": writer and state in services.WITHDRAWABLE,
        "check": office and state == PaymentStatus.SUBMITTED,
        "release": office and state == PaymentStatus.CHECKED and not four_eyes,
        "request_changes": office and state in (PaymentStatus.SUBMITTED, PaymentStatus.CHECKED),
        "pay": office and state == PaymentStatus.RELEASED,
    }
    errors = errors or {}
    labels = dict(services.categories())
    lines = list(payment.lines.all())
    for line in lines:
        setattr(line, "label", labels.get(line.category, line.category))  # noqa: B010
    return render(request, "grants/payment_detail.html", {
        "notice": notice, "project": notice.project, "payment": payment, "lines": lines, "total_expenditure": total_expenditure,
        "total_grant": total_grant, "events": events, "actions": actions,
        "four_eyes": four_eyes, "office": office,
        "errors": errors.get("__all__", []), "reason_errors": errors.get("reason", []),
        "paid_on_errors": errors.get("paid_on", []), "posted": posted or {},
        "nav": "projects",
        "breadcrumbs": _crumbs(notice, (_("Payment request no. %(number)s") % {"number": payment.number}, None)),
    }, status=status)  # fmt: skip


@login_required
@require_safe
def payment_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _detail(request, _payment_or_404(request, slug, number))


DONE = {
    "submit": gettext_lazy("The payment request has been submitted to the programme office."),
    "check": gettext_lazy("Checked. The release needs a second person of the programme office."),
    "release": gettext_lazy("The payment request has been released."),
    "request-changes": gettext_lazy("The payment request has been sent back for changes."),
    "pay": gettext_lazy("The payment has been recorded."),
    "withdraw": gettext_lazy("The payment request has been withdrawn."),
}


def _act(request: HttpRequest, slug: str, number: int, action: str) -> HttpResponse:
    payment = _payment_or_404(request, slug, number)
    kwargs: dict = {"actor": request.user, "request": payment}
    posted = {}
    if action == "request-changes":
        kwargs["reason"] = posted["reason"] = request.POST.get("reason", "")[:6000]
    elif action == "pay":
        raw = posted["paid_on"] = request.POST.get("paid_on", "")[:20]
        field = forms.DateField()
        try:
            kwargs["paid_on"] = field.clean(raw)
        except forms.ValidationError:
            kwargs["paid_on"] = None
    else:
        kwargs["note"] = request.POST.get("note", "")[:5000]
    try:
        services.ACTIONS[action](**kwargs)
    except GrantError as error:
        payment.refresh_from_db()
        return _detail(request, payment, errors=error.message_dict, status=400, posted=posted)
    messages.success(request, str(DONE[action]))
    return redirect("grants:payment_detail", slug, number)


@login_required
@require_POST
def payment_submit(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _act(request, slug, number, "submit")


@login_required
@require_POST
def payment_check(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _act(request, slug, number, "check")


@login_required
@require_POST
def payment_release(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _act(request, slug, number, "release")


@login_required
@require_POST
def payment_request_changes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _act(request, slug, number, "request-changes")


@login_required
@require_POST
def payment_pay(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _act(request, slug, number, "pay")


@login_required
@require_POST
def payment_withdraw(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _act(request, slug, number, "withdraw")
