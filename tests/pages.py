"""Helpers to submit a module page the way a browser would."""

from django.urls import reverse


def module_url(enrollment, module):
    return reverse("worksheets:module", args=[enrollment.cohort_id, module.slug])


def autosave_url(enrollment, module):
    return reverse("worksheets:autosave", args=[enrollment.cohort_id, module.slug])


def page_data(response) -> dict:
    """Every field of a rendered module page with the value it shows, as a browser posts it."""
    data = {}
    for form in response.context["workbook"].forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if bound.field.disabled:
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is None:
                data[bound.html_name] = ""
            else:
                data[bound.html_name] = str(value)
    return data


def form_of(response, form_class, section_slug=None):
    for part in response.context["workbook"].parts:
        if section_slug and part.section.slug != section_slug:
            continue
        for form in part.forms:
            if isinstance(form, form_class):
                return form
    raise LookupError(form_class)


def name_of(form, field):
    return form[field].html_name
