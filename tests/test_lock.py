"""The lock keeps up with pyproject.toml: every dependency is pinned there, with hashes, to a
version its bounds allow, and what is installed is what the lock says."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)")


def _lock() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every pin in requirements.lock."""
    pins: dict[str, tuple[str, int]] = {}
    current = ""
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
            pins[current] = (match[2], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            found, hashes = pins[current]
            pins[current] = (found, hashes + 1)
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]


def test_every_declared_dependency_is_locked_within_its_bounds() -> None:
    pins = _lock()
    problems = []
    for req in _declared():
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req.name}: not in requirements.lock (run scripts/lock)")
            continue
        pinned = Version(pins[name][0])
        if not req.specifier.contains(pinned, prereleases=True) and not req.specifier.contains(
            Version(pinned.public), prereleases=True
        ):
            problems.append(f"{req.name}: locked {pinned} is outside {req.specifier} (run scripts/lock)")
    assert not problems, problems


def test_every_pin_has_a_hash_and_is_what_is_installed() -> None:
    pins = _lock()
    assert len(pins) > 100  # the whole tree, not just the direct dependencies
    unhashed = [name for name, (_, hashes) in pins.items() if hashes == 0]
    assert not unhashed, f"pins without hashes: {unhashed}"
    differs = []
    for name, (pinned, _) in pins.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            differs.append(f"{name}: locked {pinned}, not installed (make install)")
            continue
        if Version(installed) != Version(pinned):
            differs.append(f"{name}: installed {installed}, locked {pinned}")
    assert not differs, differs
