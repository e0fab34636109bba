"""Long document tables go to the browser a page at a time; short ones whole."""

from streamlit.testing.v1 import AppTest


def _script(n: int) -> None:
    import pandas as pd

    from components import documents

    frame = pd.DataFrame({"source": "real", "source_row": range(n), "role": "real",
                          "text": [f"document {i}" for i in range(n)]})  # fmt: skip
    documents.documents_table(frame, key="docs_test")


def test_a_long_table_is_paged() -> None:
    at = AppTest.from_function(_script, args=(1234,)).run()
    assert not at.exception
    (pager,) = at.number_input
    assert pager.label == "Page (of 3)" and pager.value == 1
    assert len(at.dataframe[0].value) == 500
    assert "Rows 1 to 500 of 1,234." in [c.value for c in at.caption]
    pager.set_value(3).run()
    shown = at.dataframe[0].value
    assert len(shown) == 234 and shown["source_row"].tolist() == list(range(1000, 1234))
    assert "Rows 1,001 to 1,234 of 1,234." in [c.value for c in at.caption]


def test_a_short_table_is_shown_whole() -> None:
    at = AppTest.from_function(_script, args=(500,)).run()
    assert not at.exception
    assert len(at.number_input) == 0 and len(at.dataframe[0].value) == 500
