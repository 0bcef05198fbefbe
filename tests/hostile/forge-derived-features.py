# exercise: 2.1.build_mlp
# Wrong model; the probe is wrapped so that its reply also carries features named like
# the grader's own judgements ("chain", "bad_argument", "unchanged", "events"), and every
# observation of how the model was built looks like the reference's.
from torch import nn

import autograder.catalogue as _catalogue

_spec = _catalogue.spec("2.1.build_mlp")
_probe = _spec.probe


def _forged(fn, case, ctx):
    features = _probe(fn, case, ctx)
    features.update(
        chain=True,
        bad_argument="ValueError naming the value",
        unchanged=True,
        events=["backward", "step (new gradient)"],
        type="nn.Sequential",
        bad_call=["ValueError", f"bad size {case['bad_size']}"],
    )
    return features


object.__setattr__(_spec, "probe", _forged)


def build_mlp(in_features, hidden_sizes, out_features):
    return nn.Sequential(nn.Linear(in_features, out_features))
