# feedback: choose_loss returned a str; the task asks for an nn.Module.
def choose_loss(task):
    names = {
        "regression": "MSELoss",
        "binary": "BCEWithLogitsLoss",
        "multiclass": "CrossEntropyLoss",
    }
    if task not in names:
        raise ValueError(f"unknown task {task!r}")
    return names[task]
