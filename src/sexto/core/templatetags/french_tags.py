"""`{{ force.name|in_sentence:"à" }}`: an organisation's name as a French sentence needs it
(« au Service de police… », « à l’École secondaire… »); the name alone in English."""

from __future__ import annotations

from django import template

from sexto.core.french import name_in_sentence

register = template.Library()


@register.filter
def in_sentence(name: object, preposition: str = "") -> str:
    """The name with its French article contracted with `preposition` ("à", "de", "par", "pour"
    or "" for the article alone); `"^"` alone capitalises it for the start of a sentence."""
    if preposition == "^":
        return name_in_sentence(str(name), capital=True)
    return name_in_sentence(str(name), preposition=preposition)
