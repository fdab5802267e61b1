"""Tables of the customers domain."""
