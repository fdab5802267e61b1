"""Infrastructure every domain shares. Depends on no business domain (enforced by import-linter)."""
