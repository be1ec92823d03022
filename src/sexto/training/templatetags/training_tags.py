from django import template
from django.utils.safestring import SafeString

from sexto.training.markdown import markdown_render

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Render trainers' Markdown, sanitised."""
    return markdown_render(text)


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key)
