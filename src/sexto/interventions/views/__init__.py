"""The kit's pages, one module per area. `case_page` assembles the case page from each section's
context (`sections`); the section views import it, never the reverse."""
