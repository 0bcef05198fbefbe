"""Messages of the command line and the notebook checks: key -> {"zh": ..., "en": ...}."""

from __future__ import annotations

CLI_MESSAGES: dict[str, dict[str, str]] = {
    # ch2-grade run where there is nothing to check
    "cli.no_exercises_dir": {
        "zh": "在 {path} 及其 exercises/、notebooks/ 子目录中都没有找到练习模块。"
        "应有 {examples} 这样的文件(或同名的 .ipynb notebook),或包含它们的 exercises/ 目录。"
        "请在课程目录中运行 ch2-grade,或用 --path 指定目录。",
        "en": "no section modules found in {path} or in its exercises/ or notebooks/ sub-folder. "
        "Expected files such as {examples} (or notebooks of the same names, .ipynb), "
        "or an exercises/ folder holding them. "
        "Run ch2-grade in your course folder, or pass --path FOLDER.",
    },
    # a selector (ch2-grade check 2.3.sofmax, grade --select) that names nothing
    "cli.unknown_selector": {
        "zh": "没有名为 {selector} 的练习或小节。你是不是想输入:{suggestions}?",
        "en": "unknown exercise or section {selector}; did you mean {suggestions}?",
    },
    "cli.unknown_selector.none": {
        "zh": "没有名为 {selector} 的练习或小节。小节有 {sections};练习编号形如 {example}。",
        "en": "unknown exercise or section {selector}; the sections are {sections}, "
        "and exercise ids look like {example}.",
    },
    # the notebook check() given an id the course does not have
    "notebook.unknown_exercise": {
        "zh": "没有编号为 {exercise} 的练习。你是不是想输入:{suggestions}?",
        "en": "unknown exercise {exercise}; did you mean {suggestions}?",
    },
    "notebook.unknown_exercise.none": {
        "zh": "没有编号为 {exercise} 的练习。练习编号形如 {example}(小节.函数名)。",
        "en": "unknown exercise {exercise}; exercise ids look like {example} (section.function).",
    },
    # a notebook test cell that fails: one line, all that nbgrader's Validate shows of it
    "notebook.check_failed": {
        "zh": "{exercise} {score:g}/{max_score:g} {status} — {reason}",
        "en": "{exercise} {score:g}/{max_score:g} {status} — {reason}",
    },
    "notebook.check_failed.bare": {
        "zh": "{exercise} {score:g}/{max_score:g} {status}",
        "en": "{exercise} {score:g}/{max_score:g} {status}",
    },
    "notebook.check_failed.mistake": {
        "zh": "{mistake}:{message}",
        "en": "{mistake}: {message}",
    },
    # a quiz answer the public self-check cannot judge: no score, which would read as wrong
    "notebook.recorded": {
        "zh": "{exercise}:已记录答案(评分时判定)",
        "en": "{exercise}: answer recorded; it is graded later",
    },
    # hidden_check in an instructor's kernel, told apart from the public check above it
    "notebook.hidden": {
        "zh": "隐藏评分:{text}",
        "en": "hidden graders: {text}",
    },
    # the text report: one line per section instead of one block per untouched exercise
    "cli.text.not_attempted": {
        "zh": "· {section}:尚未作答:{names}(删除 `raise NotImplementedError` 并完成实现)",
        "en": "· {section}: not attempted yet: {names} "
        "(remove `raise NotImplementedError` and implement them)",
    },
    "cli.text.quiz_unanswered": {
        "zh": "· {section}:小测验尚未作答:{names}(在 QUIZ 字典中把 None 换成你的答案)",
        "en": "· {section}: quiz not answered yet: {names} "
        "(replace None in the QUIZ dict with your answers)",
    },
    # one block for a module-level failure shared by several exercises of a section
    "cli.text.shared_failure": {
        "zh": "■ {section}:{names}({status},共 {count} 项,原因相同)",
        "en": "■ {section}: {names}  ({status}, the same for all {count})",
    },
    # nbgrader feedback and gradebook
    "nbgrader.not_graded": {
        "zh": "{exercise}:0 分 — {reason}",
        "en": "{exercise}: 0 — {reason}",
    },
    "nbgrader.grading_failed": {
        "zh": "评分失败:{error}",
        "en": "grading failed: {error}",
    },
    "nbgrader.see_cell": {
        "zh": "⚠ 本节的代码无法运行(见第 {cell} 个单元格下的说明),因此本题没有得分。",
        "en": "⚠ this notebook's code could not run (see the message under cell {cell}), "
        "so this exercise earned nothing.",
    },
    "nbgrader.see_top": {
        "zh": "⚠ 本节的代码无法运行(见本 notebook 开头的说明),因此本题没有得分。",
        "en": "⚠ this notebook's code could not run (see the message at the top of the "
        "notebook), so this exercise earned nothing.",
    },
    "nbgrader.instructor_only": {"zh": "[仅教师可见] ", "en": "[for instructors] "},
}
