"""Who is acting: the one alias for a person passed to a function, used from `directory` up.

- `Actor`: a signed-in person (Saleor's `UserType`); `Actor | None` where the platform itself may
  act (seed, migrations, commands).
- `Viewer`: whoever makes a request, possibly a visitor: what `request.user` is before a view
  checks sign-in. Functions that answer "no" for visitors (roles, permissions, lists) take it.

`core` and `audit` sit below the directory and cannot name `User`: they use
`sexto.core.types.BaseActor`/`BaseViewer` (Django's `AbstractBaseUser`), which `Actor` fits.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sexto.directory.models import User

Actor: TypeAlias = User
Viewer: TypeAlias = User | AnonymousUser


def request_actor(request: HttpRequest) -> Actor:
    """The signed-in person making this request, for views behind `login_required` or the admin
    (which send visitors away before the view runs, so the refusal below is never reached)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user
