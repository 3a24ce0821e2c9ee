"""Commands of the store stage (registered on import)."""
from . import main  # noqa: F401
