"""Commands of the geo stage (registered on import)."""
from . import main  # noqa: F401
