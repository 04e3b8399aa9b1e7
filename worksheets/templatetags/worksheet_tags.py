from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def prompt_field(form, prompt):
    """The bound text field of a prompt in a ModuleAnswersForm."""
    return form[form.text_field(prompt)]


@register.filter
def version_fields(form, prompt):
    """The hidden fields that tell the server which saved text the page was showing."""
    names = (form.version_field(prompt), form.shown_field(prompt))
    return format_html_join("", "{}", ((form[name],) for name in names))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def grid_rows(prompts):
    """Group a grid section's cell prompts into rows: [{label, cells: [prompt, …]}, …]."""
    rows = []
    for prompt in prompts:
        if not prompt.in_grid:
            continue
        if not rows or rows[-1]["label"] != prompt.row_label:
            rows.append({"label": prompt.row_label, "cells": []})
        rows[-1]["cells"].append(prompt)
    return rows
