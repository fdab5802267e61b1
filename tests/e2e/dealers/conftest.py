"""The dealer network of the integration tests, for the HTTP and page tests too."""

from tests.integration.dealers.conftest import as_north, as_south, network  # noqa: F401  (fixtures)
