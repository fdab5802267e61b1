"""Shoal: an open-source commerce platform that carries a brand through every shape it takes."""

__version__ = "0.1.0"
