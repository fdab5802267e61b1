"""The merchant console: pages for staff, signed in with their staff accounts."""
