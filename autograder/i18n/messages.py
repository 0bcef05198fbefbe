"""The message table: key -> {"zh": ..., "en": ...}."""

from __future__ import annotations

from autograder.i18n.class_messages import CLASS_MESSAGES
from autograder.i18n.cli_messages import CLI_MESSAGES

MESSAGES: dict[str, dict[str, str]] = {
    # statuses
    "status.passed": {"zh": "通过", "en": "passed"},
    "status.failed": {"zh": "未通过", "en": "failed"},
    "status.not attempted": {"zh": "未作答", "en": "not attempted"},
    "status.error": {"zh": "出错", "en": "error"},
    "status.timeout": {"zh": "超时", "en": "timeout"},
    "status.missing": {"zh": "缺少文件", "en": "missing"},
    # table
    "table.exercise": {"zh": "练习", "en": "exercise"},
    "table.points": {"zh": "得分", "en": "points"},
    "table.status": {"zh": "状态", "en": "status"},
    "table.mistake": {"zh": "发现的错误", "en": "mistake found"},
    "table.total": {"zh": "总分", "en": "total"},
    "table.title.check": {
        "zh": "自测结果(公开检查,最终成绩以隐藏评分为准)",
        "en": "Self-check (public checks; the final grade comes from the hidden graders)",
    },
    "table.title.grade": {"zh": "评分结果", "en": "Grading report"},
    # whole-exercise outcomes
    "outcome.passed": {"zh": "全部检查通过。", "en": "All checks passed."},
    "outcome.passed_diagnosed": {
        "zh": "所有结果都正确(满分),但检查发现了下面的问题(不扣分,请改正):",
        "en": "Every result is right (full marks), but the checks saw the problem below "
        "(it costs nothing here; fix it anyway):",
    },
    "outcome.not_attempted": {
        "zh": "{function} 仍然抛出 NotImplementedError:请删除 raise 语句并完成实现。",
        "en": "{function} still raises NotImplementedError: remove the raise and implement it.",
    },
    "outcome.missing_module": {
        "zh": "提交中没有找到 {module}.py(或对应的 notebook)。",
        "en": "{module}.py (or its notebook) was not found in the submission.",
    },
    "outcome.missing_function": {
        "zh": "{module} 中没有定义 {function}(名字必须与题目一致)。",
        "en": "{function} is not defined in {module} (the name must match the exercise).",
    },
    "outcome.import_error": {
        "zh": "导入 {module} 时出错,本模块的练习都无法评分:{error}",
        "en": "Importing {module} failed, so none of its exercises could be graded: {error}",
    },
    "outcome.import_exit": {
        "zh": "导入 {module} 时程序调用了 sys.exit() 或 exit(),本模块的练习都无法评分。请删除模块顶层的退出语句。",
        "en": "Importing {module} called sys.exit() or exit(), so none of its exercises could be graded. Remove the exit at module level.",
    },
    "outcome.import_died": {
        "zh": "导入 {module} 时进程意外终止(os._exit、崩溃或超出内存限制),本模块的练习都无法评分。",
        "en": "The process died while importing {module} (os._exit, a crash or the memory limit), so none of its exercises could be graded.",
    },
    "outcome.import_timeout": {
        "zh": "导入 {module} 超过 {seconds:g} 秒仍未结束(模块顶层可能有死循环或耗时计算)。",
        "en": "Importing {module} did not finish within {seconds:g} s (an endless loop or slow work at module level?).",
    },
    "outcome.timeout": {
        "zh": "{function} 在 {seconds:g} 秒内没有结束,已被终止(死循环?)。",
        "en": "{function} did not finish within {seconds:g} s and was stopped (an endless loop?).",
    },
    "outcome.died": {
        "zh": "运行 {function} 时进程意外终止(os._exit、崩溃或超出内存限制)。",
        "en": "The process died while running {function} (os._exit, a crash or the memory limit).",
    },
    "outcome.raised": {
        "zh": "{function} 抛出了 {error}",
        "en": "{function} raised {error}",
    },
    "outcome.exit_called": {
        "zh": "{function} 调用了 sys.exit()/exit();函数应当返回结果而不是退出程序。",
        "en": "{function} called sys.exit()/exit(); a function should return its result, not end the program.",
    },
    "outcome.unreadable": {
        "zh": "{module} 没有被读取,本模块的练习都不能评分:{error}",
        "en": "{module} was not read, so none of its exercises could be graded: {error}",
    },
    "outcome.sandbox_failed": {
        "zh": "无法为学生代码建立沙箱,本模块未运行(评分环境的问题,请联系课程人员):{error}",
        "en": "The sandbox for student code could not be set up, so this module was not run "
        "(a problem of the grading machine; please contact the course staff): {error}",
    },
    "outcome.protocol": {
        "zh": "学生进程返回了无法识别的数据:{error}",
        "en": "The student process sent back data that could not be read: {error}",
    },
    "outcome.no_return": {
        "zh": "{function} 返回了 None:是不是忘了写 return?题目要求返回{kind}。",
        "en": "{function} returned None: did you forget `return`? The task asks for {kind}.",
    },
    "outcome.wrong_return": {
        "zh": "{function} 返回的是 {returned},题目要求返回{kind}。",
        "en": "{function} returned a {returned}; the task asks for {kind}.",
    },
    "outcome.raised_inside": {
        "zh": "检查时你的 {function} 抛出了异常:{error}",
        "en": "While being checked, your {function} raised {error}",
    },
    "kind.tensor": {"zh": "一个张量", "en": "a tensor"},
    "kind.int": {"zh": "一个 Python 整数", "en": "a Python int"},
    "kind.float": {"zh": "一个 Python 数(float)", "en": "a Python number (float)"},
    "kind.module": {"zh": "一个 nn.Module", "en": "an nn.Module"},
    "kind.optimizer": {"zh": "一个 torch.optim 优化器", "en": "a torch.optim optimizer"},
    "kind.list": {"zh": "一个列表", "en": "a list"},
    "kind.any": {"zh": "一个值", "en": "a value"},
    "kind.tuple": {"zh": "含 {count} 个值的元组", "en": "a tuple of {count} values"},
    "kind.returned_sequence": {
        "zh": "含 {count} 个值的{container}",
        "en": "{container} of {count}",
    },
    "kind.container.list": {"zh": "列表", "en": "list"},
    "kind.container.tuple": {"zh": "元组", "en": "tuple"},
    "conduct.forbidden": {
        "zh": "✗ 用了题目不允许的 {call}(调用了 {recorded})",
        "en": "✗ uses {call}, which the task rules out (called {recorded})",
    },
    "conduct.mutated": {
        "zh": "✗ {function} 修改了传入的张量:{inputs}(评分时按函数返回那一刻的值判断结果)",
        "en": "✗ {function} changed tensors passed in: {inputs} (results were judged as they were when it returned)",
    },
    "conduct.bad_calls": {
        "zh": "用非法参数调用:{calls};应当抛出 ValueError,并在消息中写出那个非法的值",
        "en": "called with a bad argument: {calls}; it should raise a ValueError whose message contains the bad value",
    },
    "conduct.no_error": {"zh": "没有抛出异常", "en": "no error"},
    "conduct.position": {"zh": "第 {position} 个参数", "en": "argument {position}"},
    "outcome.line": {"zh": "第 {line} 行:{code}", "en": "line {line}: {code}"},
    "outcome.cell_line": {
        "zh": "第 {cell} 个单元格第 {line} 行:{code}",
        "en": "cell {cell}, line {line}: {code}",
    },
    "outcome.printed": {
        "zh": "你的代码输出的最后几行:",
        "en": "The last lines your code printed:",
    },
    # checks and differences
    "check.failed": {"zh": "✗ {check}:{detail}", "en": "✗ {check}: {detail}"},
    "mismatch.type": {
        "zh": "{where}类型应为 {expected},实际是 {actual}",
        "en": "{where}expected a {expected}, got {actual}",
    },
    "mismatch.dtype": {
        "zh": "{where}dtype 应为 {expected},实际是 {actual}",
        "en": "{where}dtype should be {expected}, got {actual}",
    },
    "mismatch.shape": {
        "zh": "{where}形状应为 {expected},实际是 {actual}",
        "en": "{where}shape should be {expected}, got {actual}",
    },
    "mismatch.device": {
        "zh": "{where}张量所在设备不对(期望 {expected},实际 {actual})",
        "en": "{where}tensor is on the wrong device (expected {expected}, got {actual})",
    },
    "mismatch.values": {
        "zh": "{where}数值不对:{total} 个元素中有 {differing} 个不同;第一个在 {index}:应为 {expected},实际是 {actual}",
        "en": "{where}values are wrong: {differing} of {total} elements differ; the first at {index}: expected {expected}, got {actual}",
    },
    "mismatch.value": {
        "zh": "{where}应为 {expected},实际是 {actual}",
        "en": "{where}expected {expected}, got {actual}",
    },
    "mismatch.length": {
        "zh": "{where}长度应为 {expected},实际是 {actual}",
        "en": "{where}length should be {expected}, got {actual}",
    },
    "mismatch.keys": {
        "zh": "{where}键应为 {expected},实际是 {actual}",
        "en": "{where}keys should be {expected}, got {actual}",
    },
    "mismatch.values.hidden": {
        "zh": "{where}数值不对:{total} 个元素中有 {differing} 个不同;第一个在 {index},你的值是 {actual}",
        "en": "{where}values are wrong: {differing} of {total} elements differ; the first at {index}, where yours is {actual}",
    },
    "mismatch.value.hidden": {
        "zh": "{where}结果不对(你的结果是 {actual})",
        "en": "{where}wrong result (yours is {actual})",
    },
    "mismatch.length.hidden": {
        "zh": "{where}长度不对(你的长度是 {actual})",
        "en": "{where}wrong length (yours is {actual})",
    },
    "mismatch.keys.hidden": {
        "zh": "{where}键不对(你的键是 {actual})",
        "en": "{where}wrong keys (yours are {actual})",
    },
    "mismatch.shape.hidden": {
        "zh": "{where}形状不对(你的形状是 {actual})",
        "en": "{where}wrong shape (yours is {actual})",
    },
    "mismatch.raised": {
        "zh": "{where}没有得到结果:你的代码抛出了 {actual}",
        "en": "{where}no result: your code raised {actual}",
    },
    "word.yes": {"zh": "是", "en": "True"},
    "word.no": {"zh": "否", "en": "False"},
    "mismatch.input_device": {
        "zh": "评分所用的设备(输入所在的设备)",
        "en": "the grading device (where the inputs are)",
    },
    "mismatch.where": {"zh": "{feature}{path}:", "en": "{feature}{path}: "},
    "mismatch.case": {"zh": "(输入:{case})", "en": " (input: {case})"},
    "feedback.mistake": {"zh": "错误 [{id}]:{message}", "en": "Mistake [{id}]: {message}"},
    "feedback.hint": {"zh": "建议:{hint}", "en": "Hint: {hint}"},
    "feedback.unnamed": {
        "zh": "结果与参考答案不一致(未匹配到已知的常见错误)。",
        "en": "The result differs from the reference (no known common mistake matched).",
    },
    "feedback.bad_argument_hint": {
        "zh": '在函数开头检查参数,不合法时抛出 ValueError 并写出收到的值,例如 `raise ValueError(f"unknown task: {task!r}")` 或 `raise ValueError(f"size must be positive, got {size}")`。',
        "en": 'Check the arguments first thing and raise a ValueError that shows the value received, e.g. `raise ValueError(f"unknown task: {task!r}")` or `raise ValueError(f"size must be positive, got {size}")`.',
    },
    "feedback.generic_hint": {
        "zh": "对照题目说明,用一个小例子逐步打印中间结果的形状和数值。",
        "en": "Re-read the task and step through a small example, printing the shapes and values of intermediate results.",
    },
    # quiz
    "status.answered": {"zh": "已作答", "en": "answered"},
    "quiz.unanswered": {
        "zh": "{question} 还没有作答:在 QUIZ 字典中把 None 换成你的答案。",
        "en": "{question} is not answered yet: replace None in the QUIZ dict with your answer.",
    },
    "quiz.unreadable": {
        "zh": "无法读取 QUIZ 中的答案({error})。",
        "en": "The answer in QUIZ could not be read ({error}).",
    },
    "quiz.invalid": {
        "zh": '答案格式不对({answer})。单选题填一个字母如 "B",多选题填字母列表如 ["A", "C"],数值题填数字。',
        "en": 'The answer is not in a valid form ({answer}). Single choice: one letter like "B"; multiple choice: a list like ["A", "C"]; numeric: a number.',
    },
    "quiz.invalid.not_a_number": {"zh": "不是数字", "en": "not a number"},
    "quiz.invalid.not_finite": {"zh": "不是有限的数", "en": "not a finite number"},
    "quiz.invalid.not_letters": {"zh": "不是字母", "en": "not letters"},
    "quiz.invalid.one_letter": {"zh": "单选题只能选一个字母", "en": "choose exactly one letter"},
    "quiz.invalid.not_a_dict": {"zh": "QUIZ 不是字典", "en": "QUIZ is not a dict"},
    "quiz.invalid.choose_from": {"zh": "只能从 {letters} 中选择", "en": "choose from {letters}"},
    "quiz.recorded": {
        "zh": "已记录你的答案 {answer};测验由隐藏评分判分。",
        "en": "Your answer {answer} is recorded; quizzes are scored by the hidden graders.",
    },
    "quiz.correct": {"zh": "回答正确。", "en": "Correct."},
    "quiz.wrong": {
        "zh": "你的答案是 {answer},正确答案是 {right}。",
        "en": "Your answer is {answer}; the right answer is {right}.",
    },
    "quiz.wrong_unrevealed": {
        "zh": "你的答案 {answer} 不正确。",
        "en": "Your answer {answer} is not right.",
    },
    "table.pending": {
        "zh": "(另有 {points:g} 分测验待隐藏评分判定)",
        "en": "(plus {points:g} quiz points scored by the hidden graders)",
    },
    # notebooks
    "notebook.intro": {
        "zh": "在每个**答题单元格**中删除 `raise NotImplementedError()` 并写出你的实现;运行下方的**测试单元格**,它会用公开用例自测并指出常见错误。最终成绩由隐藏评分给出(输入不同)。本节最后是小测验。",
        "en": "In each **answer cell**, remove `raise NotImplementedError()` and write your implementation; run the **test cell** below it to self-check on the public cases, which names common mistakes. The final grade comes from hidden graders (with other inputs). A short quiz ends the section.",
    },
    "notebook.self_check_comment": {
        "zh": "自测(公开用例),请勿修改本单元格",
        "en": "self-check on the public cases; do not edit this cell",
    },
    "notebook.points": {"zh": "分", "en": "points"},
    "notebook.quiz_title": {"zh": "小测验 {section}", "en": "Quiz {section}"},
    "notebook.quiz_help": {
        "zh": '在下面的 `QUIZ` 中把 `None` 换成你的答案:单选题填一个字母,如 `"B"`;多选题填字母列表,如 `["A", "C"]`;数值题填数字。',
        "en": 'Replace `None` in `QUIZ` below with your answers: single choice, one letter such as `"B"`; multiple choice, a list such as `["A", "C"]`; numeric, a number.',
    },
    "notebook.quiz_answer_comment": {"zh": "在这里作答", "en": "answer here"},
    "notebook.hidden_elsewhere": {
        "zh": "隐藏评分在评分时由课程的评分程序运行。",
        "en": "The hidden graders run at grading time, in the course's grading process.",
    },
    **CLI_MESSAGES,
    **CLASS_MESSAGES,
}
