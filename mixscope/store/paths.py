"""Where the store lives: ``$MIXSCOPE_STORE``, else a file in the user's data folder."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["STORE_ENV", "STORE_FILE", "default_store_path"]

#: Environment variable naming the store file.
STORE_ENV = "MIXSCOPE_STORE"
#: File name of the store inside the user's data folder.
STORE_FILE = "store.sqlite"


def default_store_path(*, env: Mapping[str, str] | None = None) -> Path:
    """The store file: ``$MIXSCOPE_STORE`` if set, else ``store.sqlite`` in the user's data
    folder (``platformdirs.user_data_dir("mixscope")`` when platformdirs is installed, else
    ``$XDG_DATA_HOME/mixscope`` or ``~/.local/share/mixscope``).

    Examples
    --------
    >>> default_store_path(env={STORE_ENV: "/srv/mixscope/team.sqlite"})
    PosixPath('/srv/mixscope/team.sqlite')
    >>> default_store_path(env={"XDG_DATA_HOME": "/data"}).parts[-2:]  # doctest: +SKIP
    ('mixscope', 'store.sqlite')
    """
    env = os.environ if env is None else env
    chosen = env.get(STORE_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    return _data_dir(env) / STORE_FILE


def _data_dir(env: Mapping[str, str]) -> Path:
    try:
        import platformdirs
    except ImportError:  # not a dependency: the XDG rule platformdirs applies on Linux
        base = env.get("XDG_DATA_HOME", "").strip()
        return (Path(base) if base else Path.home() / ".local" / "share") / "mixscope"
    return Path(platformdirs.user_data_dir("mixscope", appauthor=False))
