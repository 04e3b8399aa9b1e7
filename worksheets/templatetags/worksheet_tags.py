from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from worksheets import charts, kinds
from worksheets import forms as wf

register = template.Library()


@register.filter
def worksheet_template(form):
    """The page template of the form's worksheet kind (worksheets/kinds.py)."""
    return kinds.of(form.section).page_template


@register.filter
def field_for(form, prompt):
    """The bound text field of a prompt in a PromptAnswersForm."""
    return form.field_for(prompt)


@register.filter
def bound(form, name):
    return form[name]


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def contains(values, value):
    return str(value) in {str(v) for v in (values or [])}


@register.filter
def grid_rows(form):
    """A grid's cell prompts as rows: [{label, cells: [bound field, …]}, …]."""
    rows = []
    for prompt in form.prompts:
        if not prompt.in_grid:
            continue
        if not rows or rows[-1]["label"] != prompt.row_label:
            rows.append({"label": prompt.row_label, "cells": []})
        rows[-1]["cells"].append(form.field_for(prompt))
    return rows


@register.filter
def loose_prompts(form):
    return [prompt for prompt in form.prompts if not prompt.in_grid]


# Conflicts: what the other tab saved, and what the page needs to let the person choose.


@register.filter
def saved_text(conflict):
    values = conflict.change.values
    return conflict.saved.text if list(values) == ["text"] else None


@register.filter
def saved_summary(conflict):
    values = conflict.change.values
    if list(values) == ["text"]:
        return conflict.saved.text
    parts = []
    for name in values:
        value = getattr(conflict.saved, name)
        if value not in (None, "", [], {}):
            parts.append(f"{name.replace('_', ' ').capitalize()}: {value}")
    return "\n".join(parts) or "(empty)"


@register.filter
def version_field_id(conflict):
    return f"id_{conflict.change.key}-version"


@register.filter
def shown_field_id(conflict):
    return f"id_{conflict.change.key}-shown"


@register.filter
def saved_fingerprint(conflict):
    return wf.saved_fingerprint(conflict)


@register.filter
def widget(field, css="form-control"):
    """Render a widget with Bootstrap classes, its error tied to it for screen readers."""
    attrs = {"class": css + (" is-invalid" if field.errors else "")}
    if field.errors:
        attrs["aria-describedby"] = f"error-{field.auto_id}"
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def slot_field(category_slug, slot):
    return f"{category_slug}-{slot}"


@register.filter
def underscored(slug):
    return slug.replace("-", "_")


@register.filter
def rating_range(low, high):
    return range(low, high + 1)


# Charts of what is saved (the form's initial values), drawn on the server.


@register.simple_tag
def questionnaire_profile(form):
    ratings = {item["slug"]: form[item["slug"]].initial for item in form.items}
    if not any(ratings.values()):
        return ""
    chart = charts.questionnaire_chart(
        form.section.spec, ratings, id_prefix=f"questionnaire-{form.section.pk}"
    )
    return charts.draw_for_screens(chart)


@register.simple_tag
def mentor_map(form):
    names = {}
    for category in form.categories:
        names[category["slug"]] = [
            form[f"{category['slug']}-{slot}-name"].initial
            for slot in form.slots
            if form[f"{category['slug']}-{slot}-name"].initial
        ]
    chart = charts.mentor_map_chart(
        form.section.spec,
        names,
        person=str(form.enrollment.user),
        id_prefix=f"mentor-map-{form.section.pk}",
    )
    return charts.draw_for_screens(chart)


@register.simple_tag
def four_way_chart(form):
    values = {name: form[name].initial for name in form.names()}
    if all(v is None for v in values.values()):
        return ""
    chart = charts.four_way_chart(
        form.section.spec, values, id_prefix=f"four-way-{form.section.pk}"
    )
    return charts.draw_for_screens(chart)


@register.filter
def attr(obj, name):
    return getattr(obj, name, "")


# A module page shows dozens of text boxes; crispy renders each through a large template.


@register.filter
def text_box(field):
    """A text box (textarea, text, date) in exactly the markup of crispy's bootstrap5 field,
    built directly (tests/test_text_box.py compares the two); any other field goes to crispy."""
    widget = field.field.widget
    plain = isinstance(widget, forms.Textarea | forms.TextInput) and not field.is_hidden
    if not plain or hasattr(field.form, "helper"):  # a helper changes crispy's layout
        return as_crispy_field(field)
    required = field.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        f" {field.css_classes()}" if field.css_classes() else "",
        label if field.label else "",
        text_widget(field, {"class": _text_box_classes(field)}),
        _crispy_errors(field),
        _crispy_help(field),
    )


# Django's own templates for these widgets, which text_widget writes directly.
TEXT_WIDGET_TEMPLATES = {
    "django/forms/widgets/textarea.html",
    "django/forms/widgets/text.html",
    "django/forms/widgets/date.html",
}


def text_widget(field, attrs):
    """`field.as_widget(attrs=attrs)` for a textarea or text input, character for character
    (tests/test_text_box.py compares), without a template render."""
    widget = field.field.widget
    if widget.template_name not in TEXT_WIDGET_TEMPLATES or field.field.localize:
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    attrs_html = format_html_join(
        "", "{}", ((_html_attr(*item),) for item in context["attrs"].items())
    )
    if isinstance(widget, forms.Textarea):
        # The newline after <textarea> is Django's: browsers drop it, never a leading one typed.
        text = context["value"] or ""
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', context["name"], attrs_html, text
        )
    value = context["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        format_html(' value="{}"', value) if value is not None else "",
        attrs_html,
    )


def _html_attr(name, value):
    if value is False:
        return ""
    if value is True:
        return format_html(" {}", name)
    return format_html(' {}="{}"', name, value)


def _text_box_classes(field) -> str:
    widget = field.field.widget
    kind = type(widget).__name__.lower()
    classes = widget.attrs.get("class", "")
    classes = (f"{classes} {kind}" if kind not in classes else classes) if classes else kind
    return f"{classes} form-control" + (" is-invalid" if field.errors else "")


def _crispy_errors(field):
    if not field.errors:
        return ""
    messages = format_html_join(
        "",
        '<p id="error_{}_{}"><strong>{}</strong></p>',
        ((n, field.auto_id, error) for n, error in enumerate(field.errors, start=1)),
    )
    field_id = getattr(field.errors, "field_id", "") or ""
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field_id, messages)


def _crispy_help(field):
    if not field.help_text:
        return ""
    return format_html(
        '<div id="{}_helptext" class="form-text">{}</div>',
        field.auto_id,
        mark_safe(field.help_text),
    )


@register.filter
def row_meta_inputs(form):
    """The form's hidden version and fingerprint inputs, in the markup of Django's HiddenInput
    (tests/test_text_box.py compares the two), without a template render for each of them."""
    return format_html_join("", "{}", ((_hidden_input(field),) for field in form.row_meta_fields()))


def _hidden_input(field):
    widget = field.field.widget
    if widget.attrs:  # anything beyond name, value and id: let Django render it
        return str(field)
    value = widget.format_value(field.value())
    return format_html(
        '<input type="hidden" name="{}"{} id="{}">',
        field.html_name,
        format_html(' value="{}"', value) if value is not None else "",
        field.auto_id,
    )
