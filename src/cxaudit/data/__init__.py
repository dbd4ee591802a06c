"""Packaged data files: lexicon, taxonomy, default config."""
