"""PromiseWatch's domain core: documents, extraction, judging, storage and use cases.

Nothing here imports ``bot``; delivery depends on the core, never the reverse.
"""
