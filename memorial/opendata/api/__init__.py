"""The open-data API: published records as JSON, read-only, described by OpenAPI."""
