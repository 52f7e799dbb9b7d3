"""The generators behind scripts/generate.py: each module turns schemas/*.json into files."""
