"""Storage: typed models, engine and session factories, migrations."""
