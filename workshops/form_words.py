"""Plain words for every refusal on a form: say what to do and name the field, never Django's defaults.

Each form states its own messages where it can say more ("Enter the cohort's name"); what it
leaves unsaid is filled in here from the field's label, so no "This field is required." can reach
a page. tests/test_form_words.py walks every staff form and fails on any of Django's defaults.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator


def _label(field: forms.Field, name: str) -> str:
    label = str(field.label or name.replace("_", " "))
    # "QI project link" keeps its capitals; "Expected number…" starts lower case mid-sentence.
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _plain(field: forms.Field, name: str) -> dict[str, str]:
    label = _label(field, name)
    sentence = label[:1].upper() + label[1:]
    choosing = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.BooleanField)
    messages = {
        "required": f"Choose {label}" if choosing else f"Enter {label}",
        "min_value": f"{sentence} must be %(limit_value)s or more",
        "max_value": f"{sentence} must be %(limit_value)s or less",
        "min_length": f"{sentence} must be at least %(limit_value)d characters",
        "max_length": f"{sentence} must be %(limit_value)d characters or fewer",
        "invalid_choice": f"Choose one of the options for {label}",
        "invalid_pk_value": f"Choose one of the options for {label}",
        "invalid_list": f"Choose one or more of the options for {label}",
        "unique": f"{sentence} is already used. Choose another",
    }
    if isinstance(field, forms.DateTimeField):
        messages["invalid"] = f"{sentence} must be a real date and time, like 27 3 2027 09:30"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"{sentence} must be a real date, like 27 3 2027"
    elif isinstance(field, forms.TimeField):
        messages["invalid"] = f"{sentence} must be a time of day, like 09:30"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{sentence} must be a whole number, like 12"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address like name@example.nhs.uk"
    elif isinstance(field, forms.FileField):
        messages.update(
            required="Choose a file",
            invalid="Choose a file from your computer",
            empty="The file is empty. Choose another",
            missing="Choose a file",
        )
    else:
        messages["invalid"] = f"Check {label}: it is not in a form we can read"
    return messages


def _defaults(field: forms.Field) -> dict[str, str]:
    """Django's own messages for this kind of field, as a field starts out with them."""
    defaults = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def use_plain_words(form: forms.BaseForm) -> None:
    """Replace every message of the form's fields that is still Django's default with a plain one."""
    for name, field in form.fields.items():
        defaults = _defaults(field)
        for code, message in _plain(field, name).items():
            current = field.error_messages.get(code)
            if current is None or current == defaults.get(code):
                field.error_messages[code] = message
        for validator in field.validators:
            if isinstance(validator, ProhibitNullCharactersValidator):  # a fresh one per field
                validator.message = f"Remove the unusual characters from {_label(field, name)}"


class PlainWordsMixin:
    """For a form: its fields refuse in plain words (see `use_plain_words`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_plain_words(self)
