"""The portal's own date formats, where Django's locales lack them or get them wrong.

Django looks here first (settings.FORMAT_MODULE_PATH) and falls back, setting by setting,
to its own locale modules. Kazakh has none in Django, so its dates came out in English order
("Мамыр 31, 2016"). The month names come from the catalogues: "E" is the month as it stands
on a day (Django's "alt. month" context: Russian genitive "мая", Kazakh "мамыр"), and our
Kazakh catalogue gives those in lower case, as they are written inside a date.
"""
