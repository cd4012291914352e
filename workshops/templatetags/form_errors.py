"""The NHS "There is a problem" pattern: one summary of every error, each linking to its field."""

from django import forms, template

register = template.Library()


def _field_anchor(bound_field) -> str:
    # Radios and checkboxes have no element with the field's own id; link to the first option.
    if isinstance(bound_field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def _form_links(form) -> list[tuple[str, str]]:
    if not form.is_bound:
        return []
    visible = form.visible_fields()
    first_anchor = _field_anchor(visible[0]) if visible else ""
    links = [(first_anchor, message) for message in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields:
            links.extend((_field_anchor(form[name]), message) for message in errors)
    return links


def error_links(*forms_and_formsets) -> list[tuple[str, str]]:
    """(anchor, message) for every error in these forms and formsets, in page order.

    A formset's own errors (about the set as a whole) link to an element with the
    formset's prefix as its id, which the template provides."""
    links = []
    for thing in forms_and_formsets:
        if isinstance(thing, forms.BaseFormSet):
            if thing.is_bound:
                links.extend((thing.prefix, message) for message in thing.non_form_errors())
                for form in thing.forms:
                    links.extend(_form_links(form))
        elif thing is not None:
            links.extend(_form_links(thing))
    return links


@register.inclusion_tag("includes/_error_summary.html")
def error_summary(*forms_and_formsets):
    return {"links": error_links(*forms_and_formsets)}


@register.simple_tag
def error_prefix(*forms_and_formsets) -> str:
    """ "Error: " for the page title when any of these forms has an error."""
    return "Error: " if error_links(*forms_and_formsets) else ""
