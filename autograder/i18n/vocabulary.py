"""Words for what the graders compare: feature names and the verdicts ``derive`` returns.

Feedback names the part of a result that differs ("the output", "the
gradient") and sometimes a judgement a ``derive`` made ("normalised over
another dim"). Internally those are identifiers and English phrases; students
read them in their language through these tables.

A feature label is put in front of the difference: the Chinese template reads
``{label}{path} 的形状应为 …`` and the English one ``{label}{path}: shape should be …``,
so a label is a noun phrase ("默认维度下的输出", "the output with the default dim").
Every feature a probe reports or a ``derive`` adds has one, and every fixed
verdict a ``derive`` returns has words (``tests/test_vocabulary.py`` checks
both against the catalogue and the hidden graders' runs). Verdicts built with
f-strings (a type name or a count inside a fixed phrase) are matched by
:data:`VERDICT_PATTERNS`, which keeps the variable part as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

Text = Mapping[str, str]  # {"zh": ..., "en": ...}

# feature name -> what the student reads in its place
FEATURE_LABELS: Mapping[str, Text] = {
    # -- shared by several exercises (one label has to fit each use) ---------------------
    "output": {"zh": "输出", "en": "the output"},
    "loss": {"zh": "损失值", "en": "the loss"},
    "returned": {"zh": "返回值", "en": "what it returned"},
    "type": {"zh": "返回对象的类", "en": "the returned object's class"},
    "layers": {"zh": "网络的各层", "en": "the layers"},
    "classes": {"zh": "用到的类", "en": "the classes"},
    "events": {"zh": "按顺序记录的调用", "en": "the calls, in order"},
    "shapes": {"zh": "输出形状", "en": "the output shapes"},
    "bad_call": {"zh": "用非法参数调用的结果", "en": "the call with a bad argument"},
    "bad_argument": {"zh": "对非法参数的处理", "en": "how a bad argument is rejected"},
    "unchanged": {
        "zh": "传入的数据是否保持不变",
        "en": "whether what was passed in stays unchanged",
    },
    "keeps_batch": {"zh": "是否保留批次维", "en": "whether the batch dimension is kept"},
    "normalised_over": {"zh": "和为 1 所沿的维度", "en": "the dim the values sum to 1 over"},
    "regression": {"zh": "回归任务的结果", "en": "the result for regression"},
    "binary": {"zh": "二分类任务的结果", "en": "the result for binary classification"},
    "multiclass": {"zh": "多分类任务的结果", "en": "the result for multiclass classification"},
    "unknown_task": {"zh": "对未知任务的处理", "en": "how an unknown task is rejected"},
    "unknown_task_raised": {"zh": "用未知任务调用的结果", "en": "the call with an unknown task"},
    "gradient": {"zh": "对输入得分的梯度", "en": "the gradient with respect to the logits"},
    "finite_large": {
        "zh": "极大输入下结果是否为有限值",
        "en": "whether the result for huge inputs is finite",
    },
    "large_loss": {"zh": "极大得分下的损失值", "en": "the loss for huge logits"},
    "plain": {"zh": "步幅 1、无填充时的结果", "en": "the result with stride 1 and no padding"},
    "strided": {"zh": "步幅大于 1 时的结果", "en": "the result with a stride above 1"},
    "padded": {"zh": "有填充时的结果", "en": "the result with padding"},
    "int_tuple": {"zh": "返回值的种类", "en": "the kind of value returned"},
    "h0": {"zh": "返回的 h0", "en": "the returned h0"},
    "on_meta": {"zh": "是否留在 meta 设备上", "en": "whether it stayed on the meta device"},
    "default_device": {
        "zh": "不传设备时是否在默认设备上",
        "en": "whether device=None gives the default device",
    },
    "default_on": {"zh": "不传设备时结果所在的设备", "en": "the device used for device=None"},
    "positions": {
        "zh": "各元素来自的序列位置",
        "en": "the sequence position each element came from",
    },
    # -- 2.1 layers and activations -------------------------------------------------------
    "chain": {
        "zh": "各全连接层的尺寸是否首尾相接",
        "en": "whether the Linear sizes connect the input to the output",
    },
    "linears": {"zh": "各全连接层的输入输出尺寸", "en": "the sizes of the Linear layers"},
    "regression_is_module": {
        "zh": "回归任务返回的是否为网络模块",
        "en": "whether regression gets an nn.Module",
    },
    "binary_is_module": {
        "zh": "二分类任务返回的是否为网络模块",
        "en": "whether binary classification gets an nn.Module",
    },
    "multiclass_is_module": {
        "zh": "多分类任务返回的是否为网络模块",
        "en": "whether multiclass classification gets an nn.Module",
    },
    "trainable_default": {
        "zh": "默认参数下统计的个数",
        "en": "the count with the default trainable_only",
    },
    "trainable": {"zh": "只统计可训练参数时的个数", "en": "the count of trainable parameters"},
    "all": {"zh": "统计全部参数时的个数", "en": "the count of all parameters"},
    # -- 2.2 forward and backward propagation ---------------------------------------------
    "parameters_after": {"zh": "调用后的模型参数", "en": "the model's parameters after the call"},
    "linear_in_ok": {
        "zh": "全连接层的输入尺寸是否为 C*H*W",
        "en": "whether the Linear takes C*H*W inputs",
    },
    "linear_input_shape": {
        "zh": "进入第一个全连接层的张量形状",
        "en": "the shape reaching the first Linear",
    },
    "linear_in_features": {
        "zh": "第一个全连接层的输入特征数",
        "en": "the first Linear's in_features",
    },
    "loss_type": {"zh": "返回的损失值的类型", "en": "the type of the returned loss"},
    "params": {"zh": "更新后的参数", "en": "the parameters after the step"},
    "order": {
        "zh": "反向传播与更新的调用顺序",
        "en": "the order of backward passes and steps",
    },
    "step_grads": {
        "zh": "每次更新时参数里存着的梯度",
        "en": "the gradients each step found in .grad",
    },
    "step_new": {
        "zh": "每次更新前最近一次反向传播算出的梯度",
        "en": "the gradients the latest backward pass computed before each step",
    },
    "grad_x": {"zh": "对输入的梯度", "en": "the gradient for the input (grad_x)"},
    "grad_weight": {"zh": "对权重的梯度", "en": "the gradient for the weight (grad_weight)"},
    "grad_bias": {"zh": "对偏置的梯度", "en": "the gradient for the bias (grad_bias)"},
    "grad": {"zh": "数值梯度", "en": "the numerical gradient"},
    # -- 2.3 activation and loss functions -------------------------------------------------
    "output_default": {"zh": "默认维度下的输出", "en": "the output with the default dim"},
    "large_scores": {"zh": "极大得分(±1e4)下的输出", "en": "the output for scores of ±1e4"},
    "spread_scores": {"zh": "得分相差很大时的输出", "en": "the output for far-apart scores"},
    "finite_spread": {
        "zh": "得分相差很大时输出是否为有限值",
        "en": "whether the output for far-apart scores is finite",
    },
    "sign_losses": {
        "zh": "单个得分在命中与失误时的损失值",
        "en": "the single-logit losses for hits and misses",
    },
    "sign_behaviour": {
        "zh": "命中与失误的损失大小关系",
        "en": "how hits and misses are penalised",
    },
    "margin_losses": {
        "zh": "得分越来越极端时的损失值",
        "en": "the losses as the logits grow more extreme",
    },
    "large_margins": {
        "zh": "得分越来越极端时损失的变化",
        "en": "how the loss behaves as the logits grow more extreme",
    },
    "binary_small": {
        "zh": "得分恰在 0 到 1 之间时二分类的结果",
        "en": "the result for binary classification with logits inside (0, 1)",
    },
    "probabilities": {"zh": "预测概率", "en": "the predicted probabilities"},
    "rows_sum_to_one": {
        "zh": "概率是否都在 0 到 1 之间且每行和为 1",
        "en": "whether each row holds probabilities summing to 1",
    },
    "loss_gradient": {
        "zh": "损失对最后一层权重的梯度",
        "en": "the loss's gradient for the last layer's weight",
    },
    "model_unchanged": {"zh": "模型是否保持不变", "en": "whether the model stays unchanged"},
    "model_after": {
        "zh": "调用后的模型参数与缓冲区",
        "en": "the model's parameters and buffers after the call",
    },
    # -- 2.4 optimizers --------------------------------------------------------------------
    "param": {"zh": "第一步更新后的参数", "en": "the parameter after the first step"},
    "state": {"zh": "第一步返回的状态", "en": "the state after the first step"},
    "later_params": {"zh": "后续各步更新后的参数", "en": "parameters after later steps"},
    "later_states": {"zh": "后续各步返回的状态", "en": "states after later steps"},
    "custom_param": {
        "zh": "显式超参数下更新后的参数",
        "en": "the parameter with explicit hyperparameters",
    },
    "custom_state": {
        "zh": "显式超参数下返回的状态",
        "en": "the state with explicit hyperparameters",
    },
    "reuse_param": {
        "zh": "用第一步的同一组张量再算一步得到的参数",
        "en": "the parameter from one more step on the first step's tensors",
    },
    "reuse_state": {
        "zh": "用第一步的同一组张量再算一步得到的状态",
        "en": "the state from one more step on the first step's tensors",
    },
    "velocity_is_new": {
        "zh": "是否每一步都返回新的速度",
        "en": "whether every step returns the new velocity",
    },
    "default_lr_param": {
        "zh": "默认学习率下更新后的参数",
        "en": "the parameter with the default learning rate",
    },
    # The optimizer names are the values the task's ``name`` argument takes.
    "sgd_trajectory": {
        "zh": "“sgd” 走的几步(除去学习率的倍数)",
        "en": "the steps of 'sgd' (up to the learning rate)",
    },
    "momentum_trajectory": {
        "zh": "“momentum” 走的几步(除去学习率的倍数)",
        "en": "the steps of 'momentum' (up to the learning rate)",
    },
    "adagrad_trajectory": {
        "zh": "“adagrad” 走的几步(除去学习率的倍数)",
        "en": "the steps of 'adagrad' (up to the learning rate)",
    },
    "rmsprop_trajectory": {
        "zh": "“rmsprop” 走的几步(除去学习率的倍数)",
        "en": "the steps of 'rmsprop' (up to the learning rate)",
    },
    "adam_trajectory": {
        "zh": "“adam” 走的几步(除去学习率的倍数)",
        "en": "the steps of 'adam' (up to the learning rate)",
    },
    "steps": {"zh": "各优化器走的几步", "en": "each optimizer's steps"},
    "default_steps": {"zh": "不传学习率时各优化器走的几步", "en": "the steps without lr"},
    "distinct": {"zh": "彼此不同的优化器个数", "en": "how many names give different optimizers"},
    "step_sizes": {"zh": "各优化器第一步的大小", "en": "each optimizer's first step size"},
    "lr_is_argument": {"zh": "传入的学习率是否起作用", "en": "whether the given lr takes effect"},
    "options": {"zh": "学习率以外的超参数", "en": "the hyperparameters besides lr"},
    "lrs": {"zh": "参数组中的学习率", "en": "the learning rates in the param groups"},
    "default_lrs": {
        "zh": "不传学习率时参数组中的学习率",
        "en": "the param groups' learning rates without lr",
    },
    "held": {"zh": "各优化器管理的参数", "en": "the parameters each optimizer holds"},
    "holds_params": {"zh": "是否管理传入的参数", "en": "whether it holds the given parameters"},
    "unknown_name": {"zh": "对未知名字的处理", "en": "how an unknown name is rejected"},
    "unknown_name_raised": {"zh": "用未知名字调用的结果", "en": "the call with an unknown name"},
    "lr": {"zh": "返回的学习率上限", "en": "the returned learning rate"},
    "returns_float": {"zh": "返回值是否为浮点数", "en": "whether it returns a Python float"},
    "stable_below": {
        "zh": "略小于它时梯度下降是否收敛",
        "en": "whether gradient descent converges just below it",
    },
    "unstable_above": {
        "zh": "略大于它时梯度下降是否发散",
        "en": "whether gradient descent diverges just above it",
    },
    # -- 2.5 convolutional networks ----------------------------------------------------------
    "dilated": {"zh": "有膨胀时的结果", "en": "the result with dilation"},
    "default_stride": {"zh": "默认步幅下的结果", "en": "the result with the default stride"},
    "given_stride": {"zh": "指定步幅时的结果", "en": "the result with a given stride"},
    "every_shape_right": {
        "zh": "是否每个输出的形状都是 (N, 类别数)",
        "en": "whether every output has shape (N, num_classes)",
    },
    "independent": {
        "zh": "每个样本的输出是否只取决于它自己",
        "en": "whether each sample's output depends on that sample only",
    },
    "channels": {"zh": "是否用到每个输入通道", "en": "whether every input channel is used"},
    "scores": {"zh": "输出是原始得分还是概率", "en": "whether the output is raw scores"},
    "has_conv": {"zh": "是否含有卷积层", "en": "whether it has a convolution layer"},
    "failures": {"zh": "前向计算出错之处", "en": "where a forward pass failed"},
    "outputs": {"zh": "各模型的输出", "en": "each model's output"},
    "sample_changed": {
        "zh": "逐个改变样本后的输出",
        "en": "the outputs with one sample changed at a time",
    },
    "channel_changed": {
        "zh": "逐个改变输入通道后的输出",
        "en": "the outputs with one input channel changed at a time",
    },
    "running": {
        "zh": "前向计算出错时正在运行的层",
        "en": "the layer running when the forward pass failed",
    },
    "linear_size_error": {
        "zh": "是否因全连接层的输入特征数不符而出错",
        "en": "whether a Linear got the wrong number of features",
    },
    "conv_channel_error": {
        "zh": "是否因卷积层的输入通道数不符而出错",
        "en": "whether a convolution got the wrong number of channels",
    },
    "no_bias": {"zh": "无偏置时的结果", "en": "the result without bias"},
    "both": {
        "zh": "步幅与填充同时使用时的结果",
        "en": "the result with stride and padding together",
    },
    "stride_positions": {
        "zh": "带步幅的输出取自步幅 1 输出的哪些位置",
        "en": "which positions of the stride-1 output the strided output holds",
    },
    # -- 2.6 recurrent networks ------------------------------------------------------------
    "shape": {"zh": "h0 的形状", "en": "the shape of h0"},
    "h0_bidirectional": {"zh": "双向时的 h0", "en": "h0 for a bidirectional RNN"},
    "shape_bidirectional": {
        "zh": "双向时 h0 的形状",
        "en": "the shape of h0 for a bidirectional RNN",
    },
    "all_zero": {"zh": "是否全为零", "en": "whether it is all zeros"},
    "h0_meta": {"zh": "在 meta 设备上请求的 h0", "en": "h0 asked for on the meta device"},
    "torch_default_device": {"zh": "当前的默认设备", "en": "torch's default device"},
    "torch_default": {"zh": "当前的默认设备", "en": "torch's default device"},
    "output_bf": {"zh": "批次维在前时的输出", "en": "output with batch_first=True"},
    "h_n_bf": {"zh": "批次维在前时的 h_n", "en": "h_n with batch_first=True"},
    "output_tm": {"zh": "时间维在前时的输出", "en": "output with batch_first=False"},
    "h_n_tm": {"zh": "时间维在前时的 h_n", "en": "h_n with batch_first=False"},
    "output_bf_meta": {
        "zh": "在 meta 设备上、批次维在前时的输出",
        "en": "output on the meta device with batch_first=True",
    },
    "h_n_bf_meta": {
        "zh": "在 meta 设备上、批次维在前时的 h_n",
        "en": "h_n on the meta device with batch_first=True",
    },
    "output_tm_meta": {
        "zh": "在 meta 设备上、时间维在前时的输出",
        "en": "output on the meta device with batch_first=False",
    },
    "h_n_tm_meta": {
        "zh": "在 meta 设备上、时间维在前时的 h_n",
        "en": "h_n on the meta device with batch_first=False",
    },
    "hx_bf": {
        "zh": "批次维在前时循环网络收到的 h0",
        "en": "the h0 the RNN got with batch_first=True",
    },
    "hx_tm": {
        "zh": "时间维在前时循环网络收到的 h0",
        "en": "the h0 the RNN got with batch_first=False",
    },
    "hx_bf_meta": {
        "zh": "在 meta 设备上、批次维在前时循环网络收到的 h0",
        "en": "the h0 the RNN got on the meta device with batch_first=True",
    },
    "hx_tm_meta": {
        "zh": "在 meta 设备上、时间维在前时循环网络收到的 h0",
        "en": "the h0 the RNN got on the meta device with batch_first=False",
    },
    "hx_device_bf": {
        "zh": "批次维在前时收到的 h0 所在的设备",
        "en": "the device of the h0 the RNN got with batch_first=True",
    },
    "hx_device_tm": {
        "zh": "时间维在前时收到的 h0 所在的设备",
        "en": "the device of the h0 the RNN got with batch_first=False",
    },
    "hx_device_bf_meta": {
        "zh": "在 meta 设备上、批次维在前时收到的 h0 所在的设备",
        "en": "the device of the h0 the RNN got on the meta device with batch_first=True",
    },
    "hx_device_tm_meta": {
        "zh": "在 meta 设备上、时间维在前时收到的 h0 所在的设备",
        "en": "the device of the h0 the RNN got on the meta device with batch_first=False",
    },
    "x_device_bf": {"zh": "批次维在前时 x 所在的设备", "en": "x's device with batch_first=True"},
    "x_device_tm": {"zh": "时间维在前时 x 所在的设备", "en": "x's device with batch_first=False"},
    "hx_like_x_bf": {
        "zh": "批次维在前时 h0 相对 x 的设备与数据类型",
        "en": "where the h0 lives with batch_first=True, compared with x",
    },
    "hx_like_x_tm": {
        "zh": "时间维在前时 h0 相对 x 的设备与数据类型",
        "en": "where the h0 lives with batch_first=False, compared with x",
    },
    "hx_shape_bf": {
        "zh": "批次维在前时收到的 h0 的形状",
        "en": "the shape of the h0 the RNN got with batch_first=True",
    },
    "hx_shape_tm": {
        "zh": "时间维在前时收到的 h0 的形状",
        "en": "the shape of the h0 the RNN got with batch_first=False",
    },
    "last_bf": {
        "zh": "批次维在前时的最后一个时间步",
        "en": "the last time step with batch_first=True",
    },
    "last_tm": {
        "zh": "时间维在前时的最后一个时间步",
        "en": "the last time step with batch_first=False",
    },
    "h_t": {"zh": "新的隐藏状态 h_t", "en": "the new hidden state h_t"},
    # -- 2.7 LSTM --------------------------------------------------------------------------
    "pair": {"zh": "是否返回 (h0, c0) 两个张量", "en": "whether it returns the pair (h0, c0)"},
    "c0": {"zh": "返回的 c0", "en": "the returned c0"},
    "defaults": {"zh": "默认参数下的 h0 与 c0", "en": "h0 and c0 with the default arguments"},
    "default_state": {"zh": "默认参数下返回的结果", "en": "what the default arguments return"},
    "separate": {"zh": "h0 与 c0 是否互不共享内存", "en": "whether h0 and c0 share no memory"},
    "state_meta": {
        "zh": "在 meta 设备上请求的 (h0, c0)",
        "en": "(h0, c0) asked for on the meta device",
    },
    "default_devices": {
        "zh": "不传设备时 h0 与 c0 所在的设备",
        "en": "the devices of h0 and c0 for device=None",
    },
    "same_object": {"zh": "h0 与 c0 是否为同一个对象", "en": "whether h0 is c0"},
    "storages": {"zh": "h0 与 c0 的存储编号", "en": "the storages of h0 and c0"},
    "after_write": {"zh": "写入 h0 之后的 h0 与 c0", "en": "h0 and c0 after writing into h0"},
    "c": {"zh": "新的细胞状态 c_t", "en": "the new cell state c_t"},
    "h": {"zh": "新的隐藏状态 h_t", "en": "the new hidden state h_t"},
    "knockout": {
        "zh": "检验门顺序的那次调用的结果",
        "en": "the result of the gate-order test call",
    },
    "gates_misplaced": {"zh": "各个门是否放错了位置", "en": "whether the gates are out of order"},
    "single": {"zh": "单层单向时的参数个数", "en": "the count for one layer, one direction"},
    "stacked": {"zh": "多层单向时的参数个数", "en": "the count for several layers, one direction"},
    "bidirectional": {"zh": "双向时的参数个数", "en": "the counts for bidirectional LSTMs"},
    # -- 2.8 Transformer basics -------------------------------------------------------------
    "weights": {"zh": "注意力权重", "en": "the attention weights"},
    "score_scale": {"zh": "得分的缩放因子", "en": "the factor the scores are scaled by"},
    "masked_weights": {"zh": "加掩码后的注意力权重", "en": "the attention weights with the mask"},
    "masked_output": {"zh": "加掩码后的输出", "en": "the output with the mask"},
    "mask_effect": {"zh": "掩码对权重的作用", "en": "what the mask does to the weights"},
    "mask": {"zh": "掩码", "en": "the mask"},
    "pattern": {"zh": "掩码为真的位置", "en": "where the mask is True"},
    "dtype": {"zh": "数据类型", "en": "the dtype"},
    "default_same_mask": {
        "zh": "不传设备时是否得到同一个掩码",
        "en": "whether device=None gives the same mask",
    },
    "mask_meta": {"zh": "在 meta 设备上请求的掩码", "en": "the mask asked for on the meta device"},
    "default_mask": {"zh": "不传设备时的掩码", "en": "the mask for device=None"},
    "encoding": {"zh": "位置编码", "en": "the encoding"},
    "layout": {"zh": "正弦与余弦所在的列", "en": "which columns hold sin and cos"},
    "frequencies": {"zh": "各列的频率", "en": "the columns' frequencies"},
    # -- quizzes ----------------------------------------------------------------------------
    "answer": {"zh": "答案", "en": "the answer"},
}

# a string value a derive can return -> how it reads
VERDICT_WORDS: Mapping[str, Text] = {
    # how a call with a bad argument failed (autograder.spec.rules.bad_argument_verdict)
    "ValueError naming the value": {
        "zh": "抛出 ValueError 并指明该值",
        "en": "a ValueError naming the value",
    },
    "ValueError": {
        "zh": "抛出 ValueError,但没有指明该值",
        "en": "a ValueError not naming the value",
    },
    "no error": {"zh": "没有报错", "en": "no error"},
    # words several derives use
    "other": {"zh": "其他情况", "en": "something else"},
    "wrong shape": {"zh": "形状不对", "en": "a wrong shape"},
    "not a tensor": {"zh": "不是张量", "en": "not a tensor"},
    "not an nn.Module": {"zh": "不是 nn.Module", "en": "not an nn.Module"},
    "no output": {"zh": "没有输出", "en": "no output"},
    # 2.2: what reached the first Linear of a head
    "no nn.Linear": {"zh": "没有 nn.Linear 层", "en": "no nn.Linear"},
    "the Linear was never reached": {
        "zh": "前向计算没有到达 Linear 层",
        "en": "the Linear was never reached",
    },
    # 2.2: the calls of a training step, each step with the gradient it found in .grad
    "backward": {"zh": "反向传播", "en": "backward"},
    "step (new gradient)": {"zh": "更新(用新梯度)", "en": "step (with the new gradient)"},
    "step (no gradient)": {"zh": "更新(没有梯度)", "en": "step (with no gradient)"},
    "step (old + new gradient)": {
        "zh": "更新(用旧梯度加新梯度)",
        "en": "step (with the old gradient plus the new one)",
    },
    "step (old gradient only)": {
        "zh": "更新(只用旧梯度)",
        "en": "step (with only the old gradient)",
    },
    "step (other gradient)": {"zh": "更新(用了其他梯度)", "en": "step (with some other gradient)"},
    # 2.3: over which dimension probabilities sum to one
    "requested dim": {"zh": "指定的维度", "en": "the requested dim"},
    "another dim": {"zh": "另一个维度", "en": "another dim"},
    "not normalised": {"zh": "没有归一化", "en": "not normalised"},
    # 2.3: losses as logits grow more extreme, and single-logit losses
    "keeps growing": {"zh": "持续增大", "en": "keeps growing"},
    "breaks down": {
        "zh": "失效(变成 inf/nan,或不再增大)",
        "en": "breaks down (inf/nan, or stops growing)",
    },
    "ok": {
        "zh": "正常(从不为负,失误的损失大于命中)",
        "en": "right (never negative, misses cost more than hits)",
    },
    "wrong sign": {
        "zh": "符号错误(出现负损失,或命中的损失大于失误)",
        "en": "wrong sign (a negative loss, or hits costing more than misses)",
    },
    # 2.4: the optimizers' steps and the returned learning rate
    "no steps to compare": {"zh": "没有可以比较的步骤", "en": "no steps to compare"},
    "the given parameters do not move": {
        "zh": "传入的参数没有移动",
        "en": "the given parameters do not move",
    },
    "no steps": {"zh": "一步也没有走", "en": "no steps"},
    "parameters of other shapes": {"zh": "参数的形状变了", "en": "parameters of other shapes"},
    "not a number": {"zh": "不是数", "en": "not a number"},
    # 2.5: what a size function returned, and how a CNN behaves
    "tuple of int, int": {"zh": "两个 int 组成的元组", "en": "a tuple of two ints"},
    "no value returned": {
        "zh": "没有返回任何值(每次调用都抛出了异常)",
        "en": "no value returned (every call raised)",
    },
    "changing sample j changes output row j only": {
        "zh": "改变第 j 个样本只改变第 j 行输出",
        "en": "changing sample j changes output row j only",
    },
    "changing any input channel changes the output": {
        "zh": "改变任一输入通道都会改变输出",
        "en": "changing any input channel changes the output",
    },
    "raw scores (logits)": {"zh": "原始得分", "en": "raw scores (logits)"},
    "probabilities: every row sums to 1": {
        "zh": "概率(每行和为 1)",
        "en": "probabilities (every row sums to 1)",
    },
    "no failed first forward pass": {
        "zh": "第一次前向计算没有出错",
        "en": "no failed first forward pass",
    },
    "every stride-th position": {"zh": "每隔步幅取一个位置", "en": "every stride-th position"},
    "consecutive positions": {"zh": "连续的位置", "en": "consecutive positions"},
    "other positions": {"zh": "其他位置", "en": "other positions"},
    "not (N, C_out, H_out, W_out)": {
        "zh": "形状不是 (N, C_out, H_out, W_out)",
        "en": "not of shape (N, C_out, H_out, W_out)",
    },
    # 2.6: the h0 an RNN received, compared with x
    "on meta: no values": {"zh": "在 meta 设备上,没有数值", "en": "on meta: no values"},
    "no h0 passed": {"zh": "没有传入 h0", "en": "no h0 passed"},
    "x's device and dtype": {"zh": "与 x 同设备、同数据类型", "en": "x's device and dtype"},
    "another device or dtype": {
        "zh": "另一个设备或另一种数据类型",
        "en": "another device or dtype",
    },
    # 2.7: the state pair
    "not a pair of tensors": {"zh": "不是两个张量组成的二元组", "en": "not a pair of tensors"},
    "no tensors": {"zh": "没有张量", "en": "no tensors"},
    "unclear: unexpected result": {
        "zh": "无法判断:结果不合预期",
        "en": "unclear: unexpected result",
    },
    # 2.8: attention weights, masks, positional encodings
    "keys (last dim)": {"zh": "键所在的维度(最后一维)", "en": "the keys (last dim)"},
    "1/sqrt(d)": {"zh": "1/√d", "en": "1/sqrt(d)"},
    "1/d": {"zh": "1/d", "en": "1/d"},
    "1 (unscaled)": {"zh": "1(没有缩放)", "en": "1 (unscaled)"},
    "another factor": {"zh": "其他因子", "en": "another factor"},
    "not a softmax of scaled q·kᵀ": {
        "zh": "不是缩放后 q·kᵀ 的 softmax",
        "en": "not a softmax of scaled q·kᵀ",
    },
    "keeps allowed keys, renormalised": {
        "zh": "保留允许的键并重新归一化",
        "en": "keeps the allowed keys, renormalised",
    },
    "keeps allowed keys, not renormalised": {
        "zh": "保留允许的键,但没有重新归一化",
        "en": "keeps the allowed keys, not renormalised",
    },
    "keeps blocked keys": {"zh": "保留了被屏蔽的键", "en": "keeps the blocked keys"},
    "mask ignored": {"zh": "掩码被忽略", "en": "the mask is ignored"},
    "key <= query": {"zh": "键位置 ≤ 查询位置", "en": "key <= query"},
    "key >= query": {"zh": "键位置 ≥ 查询位置", "en": "key >= query"},
    "key < query": {"zh": "键位置 < 查询位置", "en": "key < query"},
    "key > query": {"zh": "键位置 > 查询位置", "en": "key > query"},
    "sin on even columns, cos on odd": {
        "zh": "偶数列正弦、奇数列余弦",
        "en": "sin on even columns, cos on odd",
    },
    "cos on even columns, sin on odd": {
        "zh": "偶数列余弦、奇数列正弦",
        "en": "cos on even columns, sin on odd",
    },
    "as specified": {"zh": "与题目规定的一致", "en": "as specified"},
    "sinusoids of other frequencies": {
        "zh": "其他频率的正弦波",
        "en": "sinusoids of other frequencies",
    },
    "not sinusoids": {"zh": "不是正弦波", "en": "not sinusoids"},
}

# Verdicts a derive builds with an f-string: a fixed phrase around a type name, a
# count or a shape. The phrase is translated; the named groups are kept as they are
# (they are code or numbers). Each pattern must match the whole value.
VERDICT_PATTERNS: tuple[tuple[re.Pattern[str], Text], ...] = (
    # autograder.spec.rules.bad_argument_verdict
    (
        re.compile(r"(?P<error>[A-Z]\w*) \(not a ValueError\)"),
        {"zh": "{error}(不是 ValueError)", "en": "{error} (not a ValueError)"},
    ),
    # notes kept in place of a result that is not what the task returns
    (
        re.compile(r"not a tensor: (?P<what>.+)"),
        {"zh": "不是张量:{what}", "en": "not a tensor: {what}"},
    ),
    (
        re.compile(r"not an nn\.Module: (?P<what>.+)"),
        {"zh": "不是 nn.Module:{what}", "en": "not an nn.Module: {what}"},
    ),
    (
        re.compile(r"not a number: (?P<what>.+)"),
        {"zh": "不是数:{what}", "en": "not a number: {what}"},
    ),
    (
        re.compile(r"not one number: (?P<what>.+)"),
        {"zh": "不是单个数:{what}", "en": "not one number: {what}"},
    ),
    (
        re.compile(r"not an (?P<pair>\((?:H, W|output, h_n|output, weights)\)) pair: (?P<what>.+)"),
        {"zh": "不是 {pair} 二元组:{what}", "en": "not an {pair} pair: {what}"},
    ),
    (
        re.compile(r"not a pair of tensors: (?P<what>.+)"),
        {"zh": "不是两个张量组成的二元组:{what}", "en": "not a pair of tensors: {what}"},
    ),
    # 2.5: what a size function returned (``tuple of int, float``)
    (
        re.compile(r"tuple of (?P<items>.+)"),
        {"zh": "{items} 组成的元组", "en": "a tuple of {items}"},
    ),
    (
        re.compile(r"list of (?P<items>.+)"),
        {"zh": "{items} 组成的列表", "en": "a list of {items}"},
    ),
    # 2.5: how a CNN's output depends on its input
    (
        re.compile(r"changing sample (?P<j>\d+) changed output rows (?P<rows>.+)"),
        {
            "zh": "改变第 {j} 个样本时改变的是第 {rows} 行输出",
            "en": "changing sample {j} changed output rows {rows}",
        },
    ),
    (
        re.compile(r"changing input channel (?P<c>\d+) does not change the output"),
        {
            "zh": "改变输入通道 {c} 不会改变输出",
            "en": "changing input channel {c} does not change the output",
        },
    ),
    # 2.5: where a CNN's first forward pass failed (the error is a type name)
    (
        re.compile(
            r"(?P<error>[A-Z]\w*): (?P<layer>\w+) got (?P<shape>\(.*\)): no batch dimension first"
        ),
        {
            "zh": "{error}:{layer} 收到的张量 {shape} 第一维不是批次维",
            "en": "{error}: {layer} got {shape}: no batch dimension first",
        },
    ),
    (
        re.compile(
            r"(?P<error>[A-Z]\w*): (?P<layer>\w+) gave (?P<shape>\(.*\)): no batch dimension first"
        ),
        {
            "zh": "{error}:{layer} 输出的张量 {shape} 第一维不是批次维",
            "en": "{error}: {layer} gave {shape}: no batch dimension first",
        },
    ),
    (
        re.compile(
            r"(?P<error>[A-Z]\w*): (?P<conv>Conv2d\(in_channels=\d+\)) got (?P<n>\d+) channels"
        ),
        {
            "zh": "{error}:{conv} 收到了 {n} 个通道",
            "en": "{error}: {conv} got {n} channels",
        },
    ),
    (
        re.compile(r"(?P<error>[A-Z]\w*): (?P<linear>Linear\(in_features=\w+\)) got (?P<n>\w+)"),
        {
            "zh": "{error}:{linear} 收到了 {n} 个特征",
            "en": "{error}: {linear} got {n} features",
        },
    ),
    (
        re.compile(r"(?P<error>[A-Z]\w*) in (?P<layer>[\w.]+)"),
        {"zh": "{layer} 中出现 {error}", "en": "{error} in {layer}"},
    ),
)


def feature_label(name: str, lang: str) -> str:
    """The words for a feature in ``lang`` (the name itself when none is declared)."""
    entry = FEATURE_LABELS.get(name)
    if entry is None:
        return name
    return entry.get(lang) or entry["en"]


def verdict_word(value: object, lang: str) -> str | None:
    """A derive's verdict in ``lang``, or None when ``value`` is not a known verdict."""
    if not isinstance(value, str):
        return None
    entry = VERDICT_WORDS.get(value)
    if entry is not None:
        return entry.get(lang) or entry["en"]
    for pattern, words in VERDICT_PATTERNS:
        found = pattern.fullmatch(value)
        if found is not None:
            return (words.get(lang) or words["en"]).format(**found.groupdict())
    return None
