# Kazakh dates put the year first, then the day and the month: "2016 жылғы 31 мамыр".
# The month alone follows the year in the same form: "2016 жылғы мамыр". (No Latin letter
# here but the format characters, so the Kazakh words need no escaping.)
DATE_FORMAT = "Y жылғы j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y жылғы j E, H:i"
YEAR_MONTH_FORMAT = "Y жылғы E"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
# Numbers as Kazakh writes them: a space between thousands, a comma before decimals.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a space that never breaks a number across lines
NUMBER_GROUPING = 3
