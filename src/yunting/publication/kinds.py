"""How the replacement kinds of ``rules.anonymization`` read on the pages."""

from django.utils.translation import gettext_lazy

KIND_LABELS = {  # the kinds of rules.anonymization.KINDS, for people
    "name": gettext_lazy("Name, surname kept (隐名)"),
    "id_number": gettext_lazy("ID number (身份证件号码)"),
    "address": gettext_lazy("Home address (家庭住址)"),
    "phone": gettext_lazy("Phone or other contact (通讯方式)"),
    "bank_account": gettext_lazy("Bank account (银行账号)"),
    "plate": gettext_lazy("Vehicle plate (车牌号码)"),
    "property_certificate": gettext_lazy("Property certificate number (权属证书编号)"),
    "health": gettext_lazy("Health information (健康状况)"),
}
