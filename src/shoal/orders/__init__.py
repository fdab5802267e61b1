"""Orders: the order, its lines and totals, its state machine and history, fulfilment."""
