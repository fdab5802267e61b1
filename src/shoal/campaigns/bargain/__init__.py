"""Bargains (砍价): a shopper starts a bargain on a SKU, friends each cut its price once, and the initiator buys
at the price reached."""
