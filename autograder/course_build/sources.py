"""Read the pieces of a section module (stub or solution) with ``ast``."""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class FunctionSource:
    """One top-level function: its ``def`` header, docstring and body (without the docstring)."""

    name: str
    header: str
    docstring: str
    body: str  # indented as in the file (one level)


@dataclass
class ModuleParts:
    """The parts of a module that notebooks are built from."""

    docstring: str
    imports: list[str] = field(default_factory=list)
    functions: dict[str, FunctionSource] = field(default_factory=dict)
    others: dict[str, str] = field(default_factory=dict)  # other top-level definitions by name
    dependencies: dict[str, set[str]] = field(default_factory=dict)  # name -> names it uses

    def helpers_for(self, function: str) -> list[str]:
        """Sources of the non-exercise definitions ``function`` needs, dependencies first."""
        order: list[str] = []

        def visit(name: str) -> None:
            for used in sorted(self.dependencies.get(name, set())):
                if used in self.others and used not in order:
                    visit(used)
                    order.append(used)

        visit(function)
        return [self.others[name] for name in order]


def _segment(lines: list[str], node: ast.AST) -> str:
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return "\n".join(lines[start - 1 : node.end_lineno])


def _names_used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _defined(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def read_module(path: Path, exercise_names: set[str]) -> ModuleParts:
    """Split a module file into docstring, imports, exercise functions and other definitions."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    parts = ModuleParts(docstring=ast.get_docstring(tree, clean=False) or "")
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if not (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
                parts.imports.append(_segment(lines, node))
            continue
        for name in _defined(node):
            parts.dependencies[name] = _names_used(node) - {name}
            if name in exercise_names and isinstance(node, ast.FunctionDef):
                parts.functions[name] = _function(lines, node)
            else:
                parts.others[name] = _segment(lines, node)
    return parts


def _function(lines: list[str], node: ast.FunctionDef) -> FunctionSource:
    docstring = ast.get_docstring(node, clean=False) or ""
    statements = node.body[1:] if docstring else node.body
    first_body_line = node.body[0].lineno
    header = "\n".join(lines[node.lineno - 1 : first_body_line - 1]).rstrip()
    body = "\n".join(lines[statements[0].lineno - 1 : node.end_lineno]) if statements else ""
    return FunctionSource(node.name, header, docstring, body)


def indent_block(source: str, prefix: str = "    ") -> str:
    """Dedent a block of code, then indent it by ``prefix``."""
    return textwrap.indent(textwrap.dedent(source), prefix)
