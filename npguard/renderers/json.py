"""The JSON record of ``%npguard report --json``, as fixed by the user-facing contract."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .._version import __version__
from ..model import CellReport


def session_dict(reports: Sequence[CellReport]) -> dict[str, Any]:
    return {"npguard": __version__, "cells": [r.to_dict() for r in reports]}


def render_session(reports: Sequence[CellReport]) -> str:
    return json.dumps(session_dict(reports), indent=2)
