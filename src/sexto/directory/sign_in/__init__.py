"""Signing in with the organisation's own OpenID Connect provider (docs/sign-in.md): its
configuration (models, services, selectors, forms, views) and the glue to allauth (social.py)."""
