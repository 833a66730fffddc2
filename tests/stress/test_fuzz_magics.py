"""Whatever a user types at %npguard or sets as a setting: a UsageError/refusal or a valid result."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from IPython.core.error import UsageError
from traitlets import TraitError

from _fuzz import examples

pytestmark = pytest.mark.stress

WORDS = ["report", "on", "off", "status", "reset", "freeze", "--top", "--json", "--csv", "--trace", "-1", "0",
         "3", "x.json", "out.csv", "sub/dir/x.csv", "''", '"', "--", "-", "=", "--top=2", "\\", "%"]
line_strategy = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join),
    st.text(max_size=40),
)
FUZZ = settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(line=line_strategy)
def test_line_magic_never_raises_anything_but_usage_error(shell, tmp_path, monkeypatch, line):
    monkeypatch.chdir(tmp_path)  # exports named in the fuzzed line land in a scratch folder
    from IPython.utils.capture import capture_output

    with capture_output():
        try:
            shell.run_line_magic("npguard", line)
        except UsageError as exc:
            assert str(exc)


@FUZZ
@given(value=st.one_of(st.integers(), st.floats(allow_nan=True), st.text(max_size=20), st.booleans(),
                       st.none(), st.lists(st.integers(), max_size=2)))
def test_threshold_setting_is_valid_or_refused(shell, value):
    from npguard_ipython import extension

    magics = extension.get(shell).magics
    before = magics.settings().threshold
    try:
        magics.threshold = value
    except TraitError as exc:
        assert "threshold" in str(exc) or "Union" in str(exc) or "expected" in str(exc)
        assert magics.settings().threshold == before
    else:
        assert magics.settings().threshold >= 0
        magics.threshold = "20 MiB"


@FUZZ
@given(value=st.one_of(st.integers(), st.text(max_size=8), st.none()))
def test_history_setting_is_valid_or_refused(shell, value):
    from npguard_ipython import extension

    ext = extension.get(shell)
    try:
        ext.magics.history = value
    except TraitError:
        pass
    else:
        assert ext.history.maxlen == value >= 1
        ext.magics.history = 1000
