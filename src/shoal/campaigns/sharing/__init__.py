"""Share links (``/s/{token}``), their PNG posters, visits and last-touch attribution of orders to sharers."""
