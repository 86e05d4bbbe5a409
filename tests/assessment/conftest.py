from personas import World, world  # noqa: F401  (the personas, used as a fixture)
