"""Simulation attempts of the Architecte level (scored practice cases on the real case engine)."""
