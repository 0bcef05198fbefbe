"""Mistakes any exercise can make, named by the engine from how the function was called.

``no-return`` and ``wrong-return-type`` from the value returned, ``mutates-input``
from the tensors passed in, ``uses-builtin`` from the library calls made: the
watcher (:mod:`autograder.probing.conduct`) records them beside the student's
code, and :mod:`autograder.engine.conduct` names them in the grader.
"""

from autograder.spec import mistake

MISTAKES = (
    mistake(
        "no-return",
        zh="函数没有返回任何值(返回了 None):多半是忘了写 return,或者只在某个分支里写了 return。",
        en="The function returns nothing (None): most likely the `return` is missing, or only one branch has one.",
        hint_zh="在函数末尾用 return 返回题目要求的结果;如果有 if 分支,每个分支都要返回。",
        hint_en="End the function with a `return` of the result the task asks for; with if-branches, every branch must return.",
    ),
    mistake(
        "wrong-return-type",
        zh="函数返回的值类型不对(例如应返回张量却返回了字符串、列表或 Python 数字,或者元组的元素个数不对),所以其余检查都无法进行。",
        en="The function returns a value of the wrong kind (a string, list or Python number where a tensor is asked for, or a tuple with the wrong number of values), so nothing else could be checked.",
        hint_zh="对照题目的函数签名(-> 后面的类型)检查 return 语句;用一个小例子运行,打印 type(结果)。",
        hint_en="Compare your `return` with the signature's return type (after ->); run a small example and print type(result).",
    ),
    mistake(
        "mutates-input",
        zh="函数修改了传入的张量(原地操作,如 +=、sub_()、x[i] = ...),调用之后输入的值变了。题目要求不能修改输入:调用者之后还要用它们。",
        en="The function changes a tensor passed in (an in-place operation such as +=, sub_() or x[i] = ...), so the input holds other values after the call. The task says not to change inputs: the caller still needs them.",
        hint_zh="在新张量上计算:用 p - lr * g 代替 p -= lr * g,需要逐个修改元素时先 x = x.clone();如果必须原地扰动,之后要把原值精确地写回去。",
        hint_en="Compute new tensors: p - lr * g instead of p -= lr * g, and x = x.clone() before changing elements one by one; if you must perturb in place, write the original values back exactly afterwards.",
    ),
    mistake(
        "uses-builtin",
        zh="题目要求亲手实现这一步,但代码调用了 PyTorch 中现成的函数(见上面列出的调用),这样练不到要学的内容。",
        en="The task asks you to implement this step yourself, but the code calls PyTorch's ready-made function for it (listed above), which skips what the exercise is for.",
        hint_zh="只用基本的张量运算(加减乘除、矩阵乘法、exp、log、sum、max、切片等)写出计算过程;可以用现成函数在自己的测试里核对结果。",
        hint_en="Write the computation with basic tensor operations (arithmetic, matmul, exp, log, sum, max, slicing); use the ready-made function only in your own tests, to compare results.",
    ),
)
