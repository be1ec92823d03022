"""French date and time formats as ../shared/FRENCH.md asks: in text, « 4 décembre 2026 à 6 h 50 »
(Django's own French formats write « 4 décembre 2026 06:50 »). Formats not set here are
Django's."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = r"G \h i"
DATETIME_FORMAT = r"j F Y \à G \h i"
