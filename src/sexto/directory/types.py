"""Who is acting: the one alias for a person passed to a function, used from `directory` up.

- `Actor`: a signed-in person (Saleor's `UserType`); `Actor | None` where the platform itself may
  act (seed, migrations, commands). A view behind `login_required` gets it from the request with
  `sexto.directory.selectors.signed_in_user(request)`.
- `Viewer`: whoever makes a request, possibly a visitor: what `request.user` is before a view
  checks sign-in. Functions that answer "no" for visitors (roles, permissions, lists) take it.

`core` and `audit` sit below the directory and cannot name `User`: they use
`sexto.core.types.BaseActor`/`BaseViewer` (Django's `AbstractBaseUser`), which `Actor` fits.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from sexto.directory.models import User

Actor: TypeAlias = User
Viewer: TypeAlias = User | AnonymousUser
