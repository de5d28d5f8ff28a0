# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""URLs of the grant app: payments (composed in urls.py)."""

from django.urls import path

from . import views_payments as views

BASE = "modellprojekte/<slug:slug>/zuwendung/mittelabrufe/"

urlpatterns: list = [
    path(BASE, views.payment_list, name="payment_list"),
    path(f"{BASE}neu/", views.payment_new, name="payment_new"),
    path(f"{BASE}<int:number>/", views.payment_detail, name="payment_detail"),
    path(f"{BASE}<int:number>/bearbeiten/", views.payment_edit, name="payment_edit"),
    path(f"{BASE}<int:number>/einreichen/", views.payment_submit, name="payment_submit"),
    path(f"{BASE}<int:number>/pruefen/", views.payment_check, name="payment_check"),
    path(f"{BASE}<int:number>/freigeben/", views.payment_release, name="payment_release"),
    path(
        f"{BASE}<int:number>/aenderungen/",
        views.payment_request_changes,
        name="payment_request_changes",
    ),  # fmt: skip
    path(f"{BASE}<int:number>/bezahlt/", views.payment_pay, name="payment_pay"),
    path(f"{BASE}<int:number>/zurueckziehen/", views.payment_withdraw, name="payment_withdraw"),
]
