"""The glossary: terms defined once in a YAML file, looked up by headword or alias."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .errors import AuthoringError

FIELDS = {"term", "short", "notes", "aliases", "related", "cite"}


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


@dataclass
class Term:
    name: str
    short: str
    line: int
    notes: str = ""
    aliases: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    cite: list[str] = field(default_factory=list)

    @cached_property   # asked for at every use of the term
    def slug(self) -> str:
        return slugify(self.name)


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when present: 10x faster
    """Records the line of each mapping, so errors can point at an entry."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


class Glossary:
    def __init__(self, terms: list[Term], path: str = "glossary.yml", digest: str = ""):
        self.path = path
        self.digest = digest   # of the file's text: names what was built from it
        self.terms = sorted(terms, key=lambda t: t.name.casefold())
        self._index: dict[str, Term] = {}
        self.by_slug: dict[str, Term] = {}
        slugs = self.by_slug
        for term in self.terms:
            where = f"{path}:{term.line}"
            if term.slug in slugs:
                raise AuthoringError(where, f"term '{term.name}' has the same anchor '#{term.slug}' as "
                                     f"'{slugs[term.slug].name}' (line {slugs[term.slug].line}).",
                                     "merge the two entries or rename one.")
            slugs[term.slug] = term
            for name in [term.name, *term.aliases]:
                other = self._index.get(name.casefold())
                if other and other is not term:
                    raise AuthoringError(where, f"'{name}' names both '{other.name}' (line {other.line}) "
                                         f"and '{term.name}'.", "remove the alias from one of them.")
                self._index[name.casefold()] = term
        for term in self.terms:
            for name in term.related:
                if self.lookup(name) is None:
                    raise AuthoringError(f"{path}:{term.line}", f"term '{term.name}' lists unknown related "
                                         f"term '{name}'.", "add that term, or correct the name.")

    @classmethod
    def load(cls, path: str | Path, shown_as: str | None = None) -> "Glossary":
        shown = shown_as or str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
            data = yaml.load(text, Loader=_LineLoader)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            raise AuthoringError(f"{shown}:{mark.line + 1}", f"the glossary is not valid YAML ({e.problem}).",
                                 "check the indentation and quoting of that entry.") from None
        if not isinstance(data, list):
            raise AuthoringError(f"{shown}:1", "the glossary must be a list of entries.",
                                 "start each entry with '- term: ...'.")
        terms = []
        for entry in data:
            line = entry.pop("__line__") if isinstance(entry, dict) else 1
            where = f"{shown}:{line}"
            if not isinstance(entry, dict) or not entry.get("term") or not entry.get("short"):
                raise AuthoringError(where, "a glossary entry needs a 'term' and a 'short' definition.",
                                     "add the missing field.")
            unknown = set(entry) - FIELDS
            if unknown:
                raise AuthoringError(where, f"unknown field(s) {', '.join(sorted(unknown))} in '{entry['term']}'.",
                                     f"use only {', '.join(sorted(FIELDS))}.")
            terms.append(Term(name=str(entry["term"]), short=" ".join(str(entry["short"]).split()), line=line,
                              notes=str(entry.get("notes", "")).strip(), aliases=list(entry.get("aliases", [])),
                              related=list(entry.get("related", [])), cite=list(entry.get("cite", []))))
        return cls(terms, shown, hashlib.sha256(text.encode()).hexdigest())

    def lookup(self, name: str) -> Term | None:
        return self._index.get(" ".join(name.split()).casefold())

    def suggest(self, name: str) -> str:
        import difflib
        close = difflib.get_close_matches(name.casefold(), list(self._index), n=3)
        return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
