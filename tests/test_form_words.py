"""Every staff form, sent empty and sent wrong, refuses in our words and never in Django's defaults.

The walk finds the forms itself: each page of tests/test_access.py's table that a facilitator or a
lead (or, for signing in, anyone) can open is read, every form on it that asks for something is
sent empty and then with a wrong value in every field it has, and each answer (following any
redirect) must hold none of Django's own messages ("This field is required.", "Ensure this
value…", "Please correct the duplicate data…", "Enter a valid “slug”…").
"""

import html
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core import validators
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import fields as model_fields
from django.forms import formsets
from django.forms import models as model_forms
from django.urls import reverse
from django.utils.functional import Promise

from tests.test_access import ROLES, TABLE, World

ANONYMOUS_FORMS = {"login", "password_reset"}


def _patterns(texts) -> list[re.Pattern]:
    """Each message as a pattern: its placeholders (%(limit_value)s, %d) match anything."""
    patterns = []
    for text in {str(t) for t in texts} - {""}:
        escaped = re.escape(text)
        escaped = re.sub(r"%\\\(\w+\\\)[sd]|%[sd]", ".+?", escaped)
        patterns.append(re.compile(escaped))
    return patterns


def django_default_messages() -> list[re.Pattern]:
    texts = []
    for module in (forms.fields, model_forms, model_fields):
        for thing in vars(module).values():
            if isinstance(thing, type):
                texts.extend(getattr(thing, "default_error_messages", {}).values())
    for thing in vars(validators).values():
        message = getattr(thing, "message", None)  # validator classes, and instances like validate_slug
        if isinstance(message, str | Promise):
            texts.append(message)
    texts.extend(formsets.BaseFormSet.default_error_messages.values())
    texts += [
        "Please correct the duplicate data for %(field)s",
        "Please correct the duplicate values below.",
        "Constraint “%(name)s” is violated.",
        "%(model_name)s with this %(field_label)s already exists.",
        "This field is required",
    ]
    for form in (auth_forms.AuthenticationForm, auth_forms.PasswordChangeForm, auth_forms.SetPasswordForm):
        texts.extend(form.error_messages.values())
    for rule in ("MinimumLength", "UserAttributeSimilarity", "CommonPassword", "NumericPassword"):
        texts.append(getattr(password_validation, f"{rule}Validator")().get_error_message())
    return _patterns(texts)


DEFAULTS = django_default_messages()


class FormReader(HTMLParser):
    """The forms of a page: their method, action and fields (name, type, value, options)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action")}
            )
            self.forms[-1]["fields"] = []
        elif not self.forms:
            return
        elif tag in ("input", "textarea") and attrs.get("name"):
            kind = attrs.get("type", "text") if tag == "input" else "textarea"
            self.forms[-1]["fields"].append((attrs["name"], kind, attrs.get("value", "")))
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self.forms[-1]["fields"].append((attrs["name"], "select", ""))


def page_forms(body: str) -> list[dict]:
    reader = FormReader()
    reader.feed(body)
    asking = [
        f for f in reader.forms if any(k not in ("hidden", "submit", "button") for _, k, _ in f["fields"])
    ]
    return asking


WRONG = {
    "text": ["x" * 5000, "   "],
    "textarea": ["x" * 5000],
    "number": ["-1", "abc", "99999999"],
    "date": ["2027-02-31", "not a date"],
    "time": ["25:61", "noon"],
    "datetime-local": ["2027-02-31T25:00", "soon"],
    "email": ["not-an-email"],
    "url": ["not a link"],
    "password": ["1"],
    "select": ["no-such-choice"],
    "radio": ["no-such-choice"],
    "checkbox": ["999999"],
}


def sent_forms(form: dict):
    """The data to send: nothing at all, the hidden fields alone, then wrong values everywhere."""
    hidden = {name: value for name, kind, value in form["fields"] if kind == "hidden"}
    yield {}
    yield dict(hidden)
    for round_ in range(3):
        data = dict(hidden)
        for name, kind, _ in form["fields"]:
            wrong = WRONG.get(kind)
            if wrong:
                data[name] = wrong[round_ % len(wrong)]
            elif kind == "file":
                data[name] = SimpleUploadedFile("notes.txt", b"not a spreadsheet")
        yield data


def defaults_in(body: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return [pattern.pattern for pattern in DEFAULTS if pattern.search(text)]


def walked_pages(world):
    """(URL, role) of every page in the access table a staff member (or anyone, to sign in) can open."""
    for name, (args_for, expected, _) in sorted(TABLE.items()):
        answers = dict(zip(ROLES, expected, strict=True))
        role = next((r for r in ("facilitator", "lead") if answers[r] == 200), None)
        if name in ANONYMOUS_FORMS:
            role = "anonymous"
        if role is not None:
            yield reverse(name, args=args_for(world) if args_for else None), role


@pytest.fixture
def world(db, cohort, facilitator, other_facilitator, lead, outsider):
    return World(cohort, facilitator, other_facilitator, lead, outsider)


def test_the_walk_recognises_django_s_defaults():
    assert defaults_in("<p>This field is required.</p>")
    assert defaults_in("<li>Ensure this value is greater than or equal to 0.</li>")
    assert defaults_in("Please correct the duplicate data for part.")
    assert defaults_in("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.")
    assert not defaults_in("<p>Enter the cohort’s name</p>")


def test_every_staff_form_refuses_empty_and_wrong_input_in_plain_words(world):
    walked, found = 0, []
    for url, role in walked_pages(world):
        client = world.client_for(role)
        page = client.get(url)
        if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
            continue
        for form in page_forms(page.content.decode()):
            target = form["action"] or url
            for data in sent_forms(form):
                try:
                    if form["method"] == "post":
                        answer = client.post(target, data, follow=True)
                    else:
                        answer = client.get(target, {k: v for k, v in data.items() if isinstance(v, str)})
                except Exception as error:
                    found.append(f"{form['method'].upper()} {target} {sorted(data)}: raised {error!r}"[:300])
                    continue
                walked += 1
                body = answer.content.decode(errors="replace")
                found += [f"{form['method'].upper()} {target} {sorted(data)}: {d}" for d in defaults_in(body)]
                assert answer.status_code < 500, f"{target} answered {answer.status_code}"
    assert walked > 50, "The walk found too few forms to be walking them all"
    assert not found, "Django's default messages on staff forms:\n" + "\n".join(sorted(set(found)))
