"""Which files a shared server may read: paths are resolved first, then held to allowed roots.

The app offers "Path on the server". On a team server that would read any file the process can
read (``../../etc/passwd``) and tell a user which paths exist. :func:`resolve_within` resolves a
path the way the operating system will open it (``~``, ``..`` and every symlink) and accepts it
only inside one of the allowed roots, with one message for everything outside, whether it
exists or not. The roots come from ``MIXSCOPE_DATA_ROOTS`` (paths separated by ``os.pathsep``),
else from the caller's defaults (the app: the repository's ``data/`` and the working directory).
The command line does not use this: it reads what its own user names.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from mixscope.corpus.corpus import CorpusError

__all__ = ["OUTSIDE_ROOTS", "ROOTS_ENV", "allowed_roots", "resolve_within"]

#: Environment variable listing the folders the app may read files from.
ROOTS_ENV = "MIXSCOPE_DATA_ROOTS"
#: The one message for a path outside the allowed roots (never whether it exists).
OUTSIDE_ROOTS = (
    "this path is not in a folder the server allows; put the file in an allowed data folder "
    f"or upload it (the server's {ROOTS_ENV} setting lists the folders)"
)


def allowed_roots(
    defaults: Sequence[str | os.PathLike[str]], *, env: Mapping[str, str] | None = None
) -> tuple[Path, ...]:
    """The allowed data roots, resolved: ``$MIXSCOPE_DATA_ROOTS`` if set, else ``defaults``.

    Parameters
    ----------
    defaults : sequence of paths
        Used when the variable is unset or empty.
    env : mapping, optional
        Where to read the variable; default ``os.environ``.

    Examples
    --------
    >>> allowed_roots(["/srv/data"], env={ROOTS_ENV: "/a" + os.pathsep + "/b/../c"})
    (PosixPath('/a'), PosixPath('/c'))
    """
    value = (os.environ if env is None else env).get(ROOTS_ENV, "")
    chosen: list[str | os.PathLike[str]] = [p for p in value.split(os.pathsep) if p.strip()]
    return tuple(Path(os.path.realpath(Path(p).expanduser())) for p in chosen or defaults)


def resolve_within(path: str | os.PathLike[str], roots: Sequence[Path]) -> Path:
    """``path`` with ``~``, ``..`` and symlinks resolved, if the result is inside one of
    ``roots``; else :class:`CorpusError` with :data:`OUTSIDE_ROOTS`.

    A relative path is taken relative to the working directory. The returned path is the one to
    open: a link inside a root that points outside is refused, because its target is checked.

    Examples
    --------
    >>> resolve_within("/srv/data/a/../b.csv", [Path("/srv/data")])
    PosixPath('/srv/data/b.csv')
    >>> resolve_within("/srv/data/../secret.csv", [Path("/srv/data")])
    Traceback (most recent call last):
    ...
    mixscope.corpus.corpus.CorpusError: this path is not in a folder the server allows; ...
    """
    if not str(path).strip() or "\x00" in str(path):
        raise CorpusError(OUTSIDE_ROOTS)
    resolved = Path(os.path.realpath(Path(path).expanduser()))
    if not any(resolved == root or resolved.is_relative_to(root) for root in roots):
        raise CorpusError(OUTSIDE_ROOTS)
    return resolved
