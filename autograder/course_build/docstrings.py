"""Split the bilingual docstrings of the stubs into Markdown for one language.

A stub docstring is ``"中文标题 / English title"`` followed by paragraphs; a
paragraph with Chinese characters is Chinese, one without is English, an
indented block belongs to the paragraph above it, and an example paragraph
(``Example``/``例``) is shown in both languages.
"""

from __future__ import annotations

import inspect
import re

_CJK = re.compile(r"[\u4e00-\u9fff]")
_RST_LITERAL = re.compile(r"``([^`]+)``")


def has_chinese(text: str) -> bool:
    """True when the text holds a CJK character."""
    return bool(_CJK.search(text))


def split_title(title: str) -> dict[str, str]:
    """``"中文 / English"`` as {"zh": "中文", "en": "English"} (the same text if not split)."""
    if " / " in title:
        zh, en = title.split(" / ", 1)
        if has_chinese(zh) and not has_chinese(en):
            return {"zh": zh.strip(), "en": en.strip()}
    return {"zh": title.strip(), "en": title.strip()}


def _paragraphs(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _to_markdown(paragraph: list[str]) -> str:
    if all(line.startswith("    ") for line in paragraph):
        return "```python\n" + "\n".join(line[4:] for line in paragraph) + "\n```"
    text = "\n".join(paragraph)
    text = _RST_LITERAL.sub(r"`\1`", text)
    return text[:-2] + ":" if text.endswith("::") else text


def docstring_markdown(docstring: str) -> dict[str, dict[str, str]]:
    """{"zh"|"en": {"title": ..., "body": markdown}} for a stub docstring."""
    lines = inspect.cleandoc(docstring).splitlines()
    title = split_title(lines[0] if lines else "")
    bodies: dict[str, list[str]] = {"zh": [], "en": []}
    language = "zh"
    for paragraph in _paragraphs(lines[1:]):
        markdown = _to_markdown(paragraph)
        if markdown.startswith("```"):
            bodies[language].append(markdown)
            continue
        first = paragraph[0].lstrip()
        if first.startswith(("Example", "例")):
            bodies["zh"].append(markdown)
            bodies["en"].append(markdown)
            continue
        language = "zh" if has_chinese(markdown) else "en"
        bodies[language].append(markdown)
    return {
        lang: {"title": title[lang], "body": "\n\n".join(bodies[lang])} for lang in ("zh", "en")
    }
