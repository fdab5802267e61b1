"""Tables of the catalog domain."""
