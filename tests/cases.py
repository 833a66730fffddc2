"""The table of cells that static.analyze_cell + explain must get right, with real NumPy.

Each case says which finding kinds each line must produce (an empty mapping is a negative
control: nothing may be reported), optionally which array's bytes a finding should roughly
match, and whether a rewrite is expected. ``tests/test_cases.py`` runs them at a 1 MiB
threshold. Arrays are 8-80 MiB so every cause is well above NumPy's small sizes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CHAINED = "chained-ops"
BROADCAST = "broadcast-expansion"
COPY = "forced-copy"
UPCAST = "dtype-upcast"
FANCY = "fancy-index-copy"
GROWING = "growing-array"
UPDATE = "out-of-place-update"

# 1000 x 1250 float64: 9.5 MiB
SETUP = "import numpy as np\nrng = np.random.default_rng(0)\na = rng.random((1000, 1250))\n"


@dataclass(frozen=True)
class Case:
    name: str
    setup: str
    cell: str
    expected: dict[int, set[str]] = field(default_factory=dict)
    #: (lineno, kind, expression evaluated after setup, multiplier): the finding's bytes
    #: should approximate ``eval(expression).nbytes * multiplier``.
    bytes_of: tuple[int, str, str, float] | None = None
    rewrite: bool = False


CASES: list[Case] = [
    # ---- chained-ops
    Case("seed_chain", SETUP, "b = a * 2 + a.mean(axis=0) - 1\n", {1: {CHAINED}},
         (1, CHAINED, "a", 1), rewrite=True),
    Case("power_sum_einsum", SETUP, "s = (a**2).sum()\n", {1: {CHAINED}},
         (1, CHAINED, "a", 1), rewrite=True),
    Case("product_sum_axis_einsum", SETUP + "b = rng.random((1000, 1250))\n",
         "r = (a * b).sum(axis=1)\n", {1: {CHAINED}}, (1, CHAINED, "a", 1), rewrite=True),
    Case("ufunc_of_a_temporary", SETUP, "c = np.exp(a * 2) + 1\n", {1: {CHAINED}},
         (1, CHAINED, "a", 1), rewrite=True),
    Case("neg_fully_elided_chain", SETUP, "b = a * 2 + 1.5\n"),
    Case("neg_in_place", SETUP, "a *= 2\na += 1\nnp.multiply(a, 3, out=a)\n"),
    Case("neg_matmul", SETUP, "c = a @ a.T\n"),
    Case("neg_small_arrays", SETUP + "small = rng.random((100, 100))\n",
         "s = small * 2 + small.mean(axis=0) - 1\n"),
    Case("neg_pure_python", SETUP, "n = sum(range(1000))\nwords = ['x'] * 10\n"),
    Case("neg_views", SETUP, "v = a[::2]\nw = a.T\nr = a.reshape(-1)\nrow = a[10]\n"),
    # ---- broadcast-expansion
    Case("pairwise_distances", SETUP + "x = rng.random((1000, 4))\ny = rng.random((1000, 4))\n",
         "d = ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1)\n", {1: {BROADCAST}},
         (1, BROADCAST, "x", 1000), rewrite=True),
    Case("tile_then_subtract", SETUP + "m = a.mean(axis=0)\n",
         "c = a - np.tile(m, (1000, 1))\n", {1: {BROADCAST}}, (1, BROADCAST, "a", 1)),
    Case("repeat_expands", SETUP + "v = rng.random(2000)\n", "r = np.repeat(v, 1000)\n",
         {1: {BROADCAST}}, (1, BROADCAST, "v", 1000)),
    Case("neg_broadcast_same_size", SETUP, "c = a - a.mean(axis=0)\n"),
    # ---- forced-copy
    Case("seed_ascontiguous_transpose", SETUP, "c = np.ascontiguousarray(a.T)\n", {1: {COPY}},
         (1, COPY, "a", 1), rewrite=True),
    Case("seed_copy_of_transposed", SETUP + "bt = a.T\n", "c = bt.copy()\n", {1: {COPY}},
         (1, COPY, "a", 1), rewrite=True),
    Case("astype_same_dtype", SETUP, "c = a.astype(np.float64)\n", {1: {COPY}},
         (1, COPY, "a", 1), rewrite=True),
    Case("create_then_cast", SETUP, "w = np.ones(4_000_000).astype(np.float32)\n", {1: {COPY}},
         rewrite=True),
    Case("np_array_of_array", SETUP, "c = np.array(a)\nt = c.sum()\n", {1: {COPY}},
         (1, COPY, "a", 1), rewrite=True),
    Case("np_array_then_written", SETUP, "c = np.array(a)\nc[0] = 0\n", {1: {COPY}},
         (1, COPY, "a", 1)),
    Case("sort_copies", SETUP, "s = np.sort(a, axis=None)\n", {1: {COPY}}, (1, COPY, "a", 1)),
    Case("flatten_copies", SETUP, "f = a.flatten()\n", {1: {COPY}}, (1, COPY, "a", 1)),
    Case("neg_ascontiguous_of_contiguous", SETUP, "c = np.ascontiguousarray(a)\n"),
    Case("neg_astype_copy_false", SETUP, "c = a.astype(np.float64, copy=False)\n"),
    # ---- dtype-upcast
    Case("float32_plus_float64", SETUP + "f = a.astype(np.float32)\n", "z = f + a\n",
         {1: {UPCAST}}, (1, UPCAST, "a", 1)),
    Case("int16_true_divide", SETUP + "k = rng.integers(0, 100, (2000, 1250), dtype=np.int16)\n",
         "q = k / 3\n", {1: {UPCAST}}, (1, UPCAST, "k", 4)),
    Case("neg_uint8_plus_python_int", SETUP + "u = np.zeros(4_000_000, dtype=np.uint8)\n",
         "v = u + 250\n"),
    Case("neg_float32_times_python_float", SETUP + "f = a.astype(np.float32)\n", "g = f * 2.0\n"),
    # ---- fancy-index-copy
    Case("arange_index_is_a_slice", SETUP, "c = a[np.arange(100, 900)]\nm = c.mean()\n",
         {1: {FANCY}}, (1, FANCY, "a", 0.8), rewrite=True),
    Case("index_list_then_written", SETUP,
         "c = a[np.arange(100, 900)]\nc += 1\n", {1: {FANCY}}, (1, FANCY, "a", 0.8)),
    # the selection is the result asked for and no slice could give it; its mask was built before
    Case("neg_boolean_mask_kept", SETUP + "mask = a > 0.5\n", "c = a[mask]\n"),
    Case("neg_slice_view", SETUP, "c = a[100:900]\n"),
    Case("neg_fancy_assignment", SETUP, "a[[1, 2, 3]] = 0\n"),
    # ---- growing-array
    # Pieces that are views (rows of ``a``) make the list-then-concatenate rewrite lower the
    # peak as well as the copying; with freshly built pieces only the copying drops.
    Case("append_in_loop", SETUP,
         "out = np.empty(0)\nfor i in range(400):\n    out = np.append(out, a[i])\n",
         {3: {GROWING}}, (3, GROWING, "a", 0.4), rewrite=True),
    Case("vstack_in_loop", SETUP,
         "rows = a[:1]\nfor i in range(1, 400):\n    rows = np.vstack([rows, a[i]])\n",
         {3: {GROWING}}, (3, GROWING, "a", 0.4), rewrite=True),
    Case("neg_list_then_concatenate", SETUP,
         "parts = []\nfor i in range(40):\n    parts.append(np.full(25_000, float(i)))\n"
         "out = np.concatenate(parts)\n"),
    # ---- out-of-place-update
    Case("rebind_times_two", SETUP, "b = a * 2\nb = b * 2\n", {2: {UPDATE}}, (2, UPDATE, "a", 1),
         rewrite=True),
    Case("sqrt_rebinding", SETUP + "x = a.copy()\n", "x = np.sqrt(x)\n", {1: {UPDATE}},
         (1, UPDATE, "a", 1), rewrite=True),
    Case("rebind_with_a_view_alive", SETUP + "x = a.copy()\ny = x[:10]\n", "x = x * 2\n",
         {1: {UPDATE}}, (1, UPDATE, "a", 1)),
    Case("neg_seed_sqrt_new_name", SETUP, "b = a * 2\nc = np.sqrt(b)\n"),
    Case("neg_augmented_update", SETUP + "x = a.copy()\n", "x *= 2\nnp.sqrt(x, out=x)\n"),
]
