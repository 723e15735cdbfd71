from django.urls import path

from . import views, views_pay, views_staff

app_name = "fees"
urlpatterns = [
    path("calculator/", views.fee_calculator, name="calculator"),
    # portal: the payer
    path("orders/", views_pay.my_orders, name="my_orders"),
    path("orders/<uuid:order_id>/", views_pay.order_detail, name="order"),
    path("orders/<uuid:order_id>/pay/", views_pay.pay_online, name="pay_online"),
    path("payments/<uuid:payment_id>/receipt/", views_pay.receipt_download, name="receipt"),
    path("relief/<uuid:application_id>/proof/", views_pay.relief_proof, name="relief_proof"),
    # providers
    path("callback/<slug:provider>/", views_pay.callback, name="callback"),
    path("test-provider/<str:out_trade_no>/", views_pay.test_provider, name="test_provider"),
    # public
    path("receipts/check/", views_pay.receipt_check, name="receipt_check"),
    # workbench
    path("case/<uuid:case_id>/", views_staff.case_fees, name="case"),
    path("workbench/overdue/", views_staff.overdue_queue, name="overdue_queue"),
    path("workbench/relief/", views_staff.relief_queue, name="relief_queue"),
    path("finance/", views_staff.finance_home, name="finance_home"),
    path("finance/report/", views_staff.finance_report, name="finance_report"),
    path(
        "finance/payments/<uuid:payment_id>/receipt/",
        views_staff.issue_receipt,
        name="issue_receipt",
    ),
]
