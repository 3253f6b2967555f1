"""Response generation (referenced from endpoints.yml)."""
