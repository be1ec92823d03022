#!/usr/bin/env python3
"""Django's command-line utility for Sexto."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sexto.settings.dev")
    from django.core.management import execute_from_command_line

    from sexto.settings.env import ConfigError

    try:
        execute_from_command_line(sys.argv)
    except ConfigError as error:
        sys.stderr.write(f"sexto: {error}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
