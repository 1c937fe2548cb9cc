"""`python -m fastact demo` and examples/inference.py: the demo's findings as
properties of its --quick configuration on the fixed seed (not its figures),
its training code checked against finite differences, NumPy's obvious
activations against fastact's, determinism, the CLI and the plot."""

import os
import subprocess
import sys

import numpy as np
import pytest

import fastact as fa
from fastact import _demo

from subproc import run_py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the directory holding the fastact under test (the repo when built in place, else
# site-packages: the source tree's fastact/ would shadow an installed one)
PKG_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(fa.__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "inference.py")


@pytest.fixture(scope="module")
def quick():
    res = _demo.run_experiments(_demo.config(quick=True), (1, 2, 3), progress=False)
    return res, _demo.report(res)


def _mean_dead(r):
    return float(np.mean(r["dead"]))


# ---- experiment 1: accuracy -------------------------------------------------

def test_linear_model_stays_near_chance(quick):
    # the two arms are point reflections of each other with angles uniform
    # over whole turns: every linear classifier is at 0.5 in expectation; 0.1
    # is more than 4 standard errors of 400 test points
    assert abs(quick[0][1]["identity"]["test_acc"] - 0.5) < 0.1


def test_every_nonlinearity_separates_the_spirals(quick):
    acc = {k: v["test_acc"] for k, v in quick[0][1].items()}
    assert set(acc) == set(_demo.Config.acc_acts)
    for name, a in acc.items():
        if name != "identity":
            # sigmoid, the slowest learner, is at ~0.96 after the quick run's 600 steps
            assert a > 0.85, (name, a)
            assert a > acc["identity"] + 0.3, (name, a)


# ---- experiment 2: vanishing gradients --------------------------------------

def test_sigmoid_gradients_vanish_in_the_deep_net(quick):
    init = {k: v["init"] for k, v in quick[0][2].items()}
    assert all(len(n) == _demo.Config.deep_depth + 1 for n in init.values())
    # sigmoid' <= 1/4: with unit-gain init each of the 11 layers between the
    # first and the last multiplies the gradient by about 1/4 or less (4^-11 =
    # 2e-7; measured first/last 5e-9, sigmoid/relu at layer 1 2e-7), while
    # relu's He init keeps it within 20x (measured 0.06).  The bounds leave
    # at least 1.8 orders of magnitude of margin (4 for the first two).
    assert init["sigmoid"][0] / init["relu"][0] < 1e-3
    assert init["sigmoid"][0] / init["sigmoid"][-1] < 1e-4
    assert init["relu"][0] / init["relu"][-1] > 1e-3
    # and the deep sigmoid net does not learn (0.51; in the quick run's 300
    # steps relu reaches 0.84, tanh 0.99)
    acc = {k: v["test_acc"] for k, v in quick[0][2].items()}
    assert acc["sigmoid"] < 0.65
    assert acc["relu"] > acc["sigmoid"] + 0.15 and acc["tanh"] > acc["sigmoid"] + 0.15


# ---- experiment 3: dying relu -----------------------------------------------

def test_relu_loses_more_units_than_leaky_relu_and_prelu(quick):
    r = quick[0][3]
    assert _mean_dead(r["relu"]) >= _mean_dead(r["leaky_relu"])
    assert _mean_dead(r["relu"]) >= _mean_dead(r["prelu"])
    # the high learning rate really killed relu units, and relu paid for it
    assert _mean_dead(r["relu"]) > 0.25
    assert r["prelu"]["test_acc"] > r["relu"]["test_acc"]


def test_prelu_slopes_are_learned(quick):
    slopes = quick[0][3]["prelu"]["slopes"]
    assert len(slopes) == len(_demo.Config.dying_hidden)
    for lo, mean, hi in slopes:
        assert lo <= mean <= hi and hi - lo > 0.05     # moved away from 0.25, unit by unit


# ---- determinism --------------------------------------------------------------

def test_same_seed_same_report_other_seed_other_report(quick):
    cfg = _demo.config(quick=True)
    again = _demo.run_experiments(cfg, (1, 2, 3), progress=False)
    other = _demo.run_experiments(_demo.config(seed=1, quick=True, acc_acts=("relu",)), (1,),
                                  progress=False)
    assert _demo.report(again) == quick[1]
    assert again[2] == quick[0][2]               # every gradient norm, bitwise
    assert other[1]["relu"] != quick[0][1]["relu"]


def test_models_do_not_depend_on_which_others_run(quick):
    cfg = _demo.config(quick=True, acc_acts=("tanh",))
    alone = _demo.run_experiments(cfg, (1,), progress=False)
    assert alone[1]["tanh"] == quick[0][1]["tanh"]


# ---- the training code ---------------------------------------------------------

@pytest.mark.parametrize("name", ["identity", "gelu", "tanh", "elu", "silu", "prelu"])
def test_backward_matches_finite_differences(name):
    """The MLP's backward pass (fastact's fused bias gradients, prelu's slope
    gradient, log_softmax_grad) against central differences, in float64."""
    act = _demo.fastact_activations()[name]
    rng = np.random.default_rng(5)
    layers = _demo.init_mlp((2, 5, 4, 2), act, rng)
    for layer in layers:
        for k in layer:
            layer[k] = layer[k].astype(np.float64) + 0.1 * rng.standard_normal(layer[k].shape)
    x = rng.standard_normal((7, 2))
    y = rng.integers(0, 2, 7)

    def loss():
        logits, _ = _demo.forward(layers, act, x.copy())
        return _demo.softmax_cross_entropy(logits, y)[0]

    logits, tape = _demo.forward(layers, act, x.copy())
    grads = _demo.backward(layers, act, tape, _demo.softmax_cross_entropy(logits, y)[1])
    h = 1e-6
    for layer, grad in zip(layers, grads):
        assert set(grad) == set(layer)
        for k, p in layer.items():
            num = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                keep = p[i]
                p[i] = keep + h
                up = loss()
                p[i] = keep - h
                num[i] = (up - loss()) / (2 * h)
                p[i] = keep
            np.testing.assert_allclose(grad[k], num, rtol=1e-5, atol=1e-8, err_msg=k)


@pytest.mark.parametrize("name", list(_demo.numpy_activations()))
def test_numpy_obvious_forms_match_fastact(name):
    """Experiment 4 times the same function on both sides."""
    fast, slow = _demo.fastact_activations()[name], _demo.numpy_activations()[name]
    x = np.linspace(-6, 6, 1001, dtype=np.float32).reshape(-1, 7)
    g = np.random.default_rng(0).standard_normal(x.shape).astype(np.float32)
    b = np.linspace(-0.5, 0.5, 7, dtype=np.float32)
    layer = {"b": b}
    with np.errstate(over="ignore", under="ignore"):
        s_saved, s_out = slow.forward(x.copy(), layer)
        s_dz, s_grads = slow.backward(g.copy(), s_saved, s_out, layer)
    f_saved, f_out = fast.forward(x.copy(), layer)
    f_dz, f_grads = fast.backward(g.copy(), f_saved, f_out, layer)
    for a, b_, what in ((f_out, s_out, "forward"), (f_dz, s_dz, "gradient"),
                        (f_grads["b"], s_grads["b"], "dbias")):
        assert a.dtype == b_.dtype == np.float32, what
        np.testing.assert_allclose(a, b_, rtol=2e-5, atol=2e-5, err_msg=what)


def test_speed_experiment_runs_the_same_math(tmp_path):
    cfg = _demo.config(quick=True, speed_acts=("sigmoid", "gelu_tanh"), speed_reps=2)
    res = _demo.run_experiments(cfg, (4,), progress=False)
    for r in res[4].values():
        assert set(r) == set(_demo.SPEED_VARIANTS)
        assert all(v["seconds"] > 0 for v in r.values())
        # same initial weights, data and steps: only rounding tells them apart
        assert r["fastact"]["final_loss"] == r["fastact_1thread"]["final_loss"]
        assert r["numpy"]["final_loss"] == pytest.approx(r["fastact"]["final_loss"], rel=1e-4)
    assert "4. training wall time" in _demo.report(res)


# ---- command line (subprocesses: marked slow, as in test_cli.py) -----------------

def _cli(*args, timeout=300, blas_threads="1"):
    # one BLAS thread by default: the quick run's nets are tiny
    env = dict(os.environ, PYTHONPATH=PKG_ROOT, OPENBLAS_NUM_THREADS=blas_threads)
    return subprocess.run([sys.executable, "-m", "fastact", "demo", *args], capture_output=True,
                          text=True, env=env, cwd=PKG_ROOT, timeout=timeout)


@pytest.mark.slow
def test_cli_quick_with_plot(tmp_path, quick):
    pytest.importorskip("matplotlib")
    png = tmp_path / "demo.png"
    # BLAS on two threads: the demo pins it to one (threadpoolctl), so the
    # report is the in-process one, bitwise
    p = _cli("--quick", "--quiet", "--experiments", "1,2", "--plot", str(png), blas_threads="2")
    assert p.returncode == 0, p.stderr
    assert "1. test accuracy" in p.stdout and "2. gradient norm" in p.stdout
    pytest.importorskip("threadpoolctl")
    assert _demo.report(quick[0], (1, 2)) in p.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 50_000      # panels drawn, not an empty canvas


@pytest.mark.slow
def test_cli_bad_options():
    p = _cli("--experiments", "1,5")
    assert p.returncode == 2 and "--experiments" in p.stderr
    p = _cli("--dataset", "moons")
    assert p.returncode == 2


@pytest.mark.slow
def test_cli_rings_dataset_and_experiments_3_4():
    p = _cli("--quick", "--quiet", "--dataset", "rings", "--experiments", "4,3")
    assert p.returncode == 0, p.stderr
    out = p.stdout
    assert "rings" in out and "2. gradient" not in out
    assert out.index("3. dying relu") < out.index("4. training wall time")


@pytest.mark.slow
def test_plot_without_matplotlib_is_a_clear_error(tmp_path):
    code = f"""
        import sys
        sys.modules["matplotlib"] = None      # import matplotlib raises ImportError
        from fastact.__main__ import main
        sys.exit(main(["demo", "--quick", "--plot", {str(tmp_path / 'x.png')!r}]))
    """
    rc, out, err = run_py(code)
    assert rc == 2 and "pip install 'fastact[plot]'" in err, err
    assert not (tmp_path / "x.png").exists()


# ---- examples/inference.py ---------------------------------------------------------

@pytest.mark.slow
def test_inference_example_runs():
    env = dict(os.environ, PYTHONPATH=PKG_ROOT)
    p = subprocess.run([sys.executable, EXAMPLE, "--quick"], capture_output=True, text=True,
                       env=env, cwd=PKG_ROOT, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "fastact fused" in p.stdout and "numpy" in p.stdout


def test_gallery_draws_every_elementwise_activation():
    pytest.importorskip("matplotlib")
    from fastact import _demo_plot
    items = _demo_plot.gallery()
    names = {label.split()[0] for label, _, _ in items}
    elementwise = {n for n in fa.available() if fa.get(n).kind == "elementwise"}
    assert names == elementwise
    x = np.linspace(0.05, 0.95, 19, dtype=np.float32)      # inside every domain (logit)
    for label, f, df in items:
        y, dy = f(x), df(x)
        assert y.shape == dy.shape == x.shape and y.dtype == np.float32, label
        assert np.isfinite(y).all() and np.isfinite(dy).all(), label


@pytest.mark.slow
def test_default_configuration_findings():
    """What README quotes from the default run (seed 0), as properties."""
    res = _demo.run_experiments(_demo.config(), (1, 3), progress=False)
    acc = {k: v["test_acc"] for k, v in res[1].items()}
    assert abs(acc.pop("identity") - 0.5) < 0.06           # 1000 test points
    assert min(acc.values()) > 0.95
    dead = {k: _mean_dead(v) for k, v in res[3].items()}
    assert dead["relu"] > 0.5 and dead["relu"] >= max(dead["leaky_relu"], dead["prelu"])
    # relu's dead units stay dead through the recovery phase
    assert res[3]["relu"]["dead"][0] >= res[3]["relu"]["dead_high_lr"][0]
    assert res[3]["prelu"]["test_acc"] > 0.95 > res[3]["relu"]["test_acc"]
