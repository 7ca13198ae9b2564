"""The customers app's pages (namespace ``customers``): revenue per customer (list, enter,
change, delete, import), customers marked lost, and the figures with their exports."""

from django.urls import path

from customers.views import figures, revenue

app_name = "customers"

urlpatterns = [
    path("customers/figures/", figures.figures_page, name="figures"),
    path("customers/figures/export.<str:fmt>", figures.figures_export, name="figures_export"),
    path("customers/revenue/", revenue.revenue_list, name="revenue_list"),
    path("customers/revenue/export.<str:fmt>", revenue.revenue_export, name="revenue_export"),
    path("customers/revenue/new/", revenue.revenue_create, name="revenue_create"),
    path("customers/revenue/<int:pk>/edit/", revenue.revenue_edit, name="revenue_edit"),
    path("customers/revenue/<int:pk>/delete/", revenue.revenue_delete, name="revenue_delete"),
    path("customers/revenue/import/", revenue.revenue_import_upload, name="revenue_import_upload"),
    path(
        "customers/revenue/import/preview/",
        revenue.revenue_import_preview,
        name="revenue_import_preview",
    ),
    path(
        "customers/revenue/import/template.csv",
        revenue.revenue_import_template,
        name="revenue_import_template",
    ),
    path("customers/lost/new/", revenue.loss_create, name="loss_create"),
]
