from web.conftest import World, world  # noqa: F401  (the personas, used as a fixture)
