"""The one error type authors see."""
try:  # Under MkDocs a PluginError is printed as a clean message, never a traceback.
    from mkdocs.exceptions import PluginError as _Base
except ImportError:  # pragma: no cover - plain Python-Markdown use
    _Base = Exception


class AuthoringError(_Base):
    """A mistake in the sources, reported as 'file:line: problem Fix: how.'"""

    def __init__(self, where: str, problem: str, fix: str):
        self.where, self.problem, self.fix = where, problem, fix
        super().__init__(f"{where}: {problem} Fix: {fix}")

    @classmethod
    def several(cls, errors: list["AuthoringError"]) -> "AuthoringError":
        """One error listing every problem found in a pass (for example every broken link)."""
        first = errors[0]
        combined = cls(first.where, first.problem, first.fix)
        combined.args = ("\n".join(str(e) for e in errors),)
        return combined
