"""The JSON API (token auth, OpenAPI schema), scoped like every page."""
