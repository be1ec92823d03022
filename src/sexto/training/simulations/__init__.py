"""The Architecte level's simulations: fictional cases played on the kit's real case screens in
simulation mode, then scored (scenarios, scoring, services, selectors, views)."""
