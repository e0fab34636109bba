"""Where the store lives by default."""

from pathlib import Path

from mixscope.store.paths import STORE_ENV, default_store_path


def test_the_environment_variable_wins() -> None:
    env = {STORE_ENV: "~/team/mixes.sqlite", "XDG_DATA_HOME": "/elsewhere"}
    assert default_store_path(env=env) == Path.home() / "team" / "mixes.sqlite"


def test_without_it_the_store_is_in_the_users_data_folder() -> None:
    found = default_store_path(env={STORE_ENV: "  ", "XDG_DATA_HOME": "/xdg"})
    assert found.name == "store.sqlite" and found.parent.name == "mixscope"
    try:
        import platformdirs  # noqa: F401
    except ImportError:  # the XDG rule
        assert found == Path("/xdg/mixscope/store.sqlite")
        assert default_store_path(env={}) == Path.home() / ".local/share/mixscope/store.sqlite"
