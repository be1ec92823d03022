"""Who is acting, for the two apps below the directory (`core`, `audit`).

One idea across the code base (Saleor's `UserType`): a parameter that receives a person is typed
with an alias, never `Any`. The user model lives in `sexto.directory`, which `core` and `audit`
may not import (pyproject's import-linter layers), so here the aliases name Django's
`AbstractBaseUser` — the class AUTH_USER_MODEL always subclasses — and `AnonymousUser`:

- `BaseActor`: a signed-in person; `sexto.directory.types.Actor` (the concrete `User`) fits it.
- `BaseViewer`: whoever makes a request, possibly a visitor (`request.user` fits it).

Apps from `directory` up use `sexto.directory.types.Actor`/`Viewer` (the concrete model).
The aliases are strings resolved by the type checker only: importing the auth models at run time
here would need the app registry, and `core` is imported before it is ready (settings, apps).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

BaseActor: TypeAlias = "AbstractBaseUser"
BaseViewer: TypeAlias = "AbstractBaseUser | AnonymousUser"
