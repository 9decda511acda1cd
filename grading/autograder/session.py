"""A grading session: everything one grader holds while it works - the workspace
lock, a uid pair, a prepared workspace and the sandbox that uses that pair."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from .sandbox import Sandbox
from .util import log
from .uids import uid_lock, workspace_lock
from .workspace import Workspace, refresh_release

REPO = Path(__file__).resolve().parents[2]


def make_release_for(rubric: dict, out: Path) -> Path:
    from parlab.release.make import make_release  # the grader in a Gradescope zip never makes one
    make_release(REPO, out, set(rubric["modules"]), "drop", quiet=True)
    return out


def default_workspace(rubric: dict) -> Path:
    """Outside the repository (whose instructor's files no graded build may reach), one
    per checkout and assignment."""
    import hashlib
    tag = hashlib.sha256(str(REPO).encode()).hexdigest()[:8]
    return Path("/var/tmp/parlab-grading") / f"{rubric['assignment']}-{tag}"


@contextmanager
def session(rubric: dict, ws_path: Path, release: Path | None, jobs: int, race: bool, performance: bool = True):
    """Yields (workspace, sandbox). The release (made from this repository unless
    given) is refreshed under the workspace lock, so no grader ever reads a
    release another one is rewriting."""
    ws_path = Workspace.reachable(ws_path)
    with workspace_lock(ws_path.resolve()):
        if release is None:
            if not (REPO / "tools" / "make_release.py").exists():
                raise SystemExit("grade: no --release given and this tree has no tools/make_release.py")
            release = refresh_release(ws_path.resolve(), lambda out: make_release_for(rubric, out))
        ws = Workspace(ws_path, release, rubric, jobs, race=race, performance=performance)
        with uid_lock(ws.recorded_uid()) as pair:
            if pair:
                log(f"grading with {pair}")
            ws.prepare(pair)
            yield ws, Sandbox(rubric["limits"], pair, [ws.build, ws.tsan, ws.src], inside=ws.inside)
