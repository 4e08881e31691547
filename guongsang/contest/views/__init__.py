"""Contest pages, by who uses them: ``public`` (no login), ``organisers`` and ``judges``. Every
write goes through ``services``."""
