"""Input channels (referenced from credentials.yml)."""
