"""Fields that read official notation through the domain parsers."""

from wtforms import StringField

from app.domain.money import MoneyError, check_cents, format_money, parse_money


class MoneyField(StringField):
    """An amount in 万元; keeps what was typed when it is not a number."""

    def __init__(self, label=None, validators=None, blank_is_zero: bool = False, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.blank_is_zero = blank_is_zero

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = check_cents(parse_money(valuelist[0], blank_is_zero=self.blank_is_zero), valuelist[0])
        except MoneyError as err:
            self.data = None
            raise ValueError(f"{self.label.text}{err}") from None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return format_money(self.data) if self.data is not None else ""
