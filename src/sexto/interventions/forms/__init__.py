"""The kit's forms, one module per area (cases, grid, around, devices, referrals, access)."""
