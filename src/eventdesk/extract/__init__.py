"""Extract stage: triggers, targets, actors, casualties and the engine that assembles events.

``eventdesk.extract(text, ...)`` is the library's one-call API, and ``eventdesk.extract`` is also
this subpackage: importing any of its modules rebinds the package attribute to the module. So the
module itself is made callable and forwards to the function; both spellings then keep working.
"""
import sys
import types


class _CallableModule(types.ModuleType):
    def __call__(self, text, published=None, doc_id=None):
        from ..pipeline import extract

        return extract(text, published, doc_id)


sys.modules[__name__].__class__ = _CallableModule
