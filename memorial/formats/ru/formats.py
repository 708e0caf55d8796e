# Django's Russian formats, but a day and its month read "31 мая", not "31 Май": the month
# on a day is in the genitive ("E", Django's "alt. month"), as in DATE_FORMAT.
MONTH_DAY_FORMAT = "j E"
