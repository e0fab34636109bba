"""The health report download: the session's mix as one self-contained HTML file.

Built when the button is clicked, from what the pages already computed: the evaluation, its
index and, when the Decide page swept this mix, the sweep with the guardrails it judged with.
Before the metrics are computed the button is there but disabled, and says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from components import decide, review, spec_io
from mixscope.export.report import health_report_html
from mixscope.mixing import Mix

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

    from components.metric_session import Evaluated

LABEL = "Download health report (HTML)"
FILE_NAME = "health_report.html"


def report_button(container: DeltaGenerator, result: Mix, current: Evaluated | None) -> None:
    """The health report download in ``container`` (disabled until the metrics exist)."""
    if current is None:
        container.download_button(
            LABEL, data=b"", file_name=FILE_NAME, mime="text/html", icon=":material/summarize:",
            disabled=True, on_click="ignore",
            help="Available once the metrics are computed (the embeddings, at the top).",
        )  # fmt: skip
        return
    swept = decide.computed_sweep(current, result.config)
    rails = decide.judged_guardrails() if swept is not None else None
    evaluation, index = current.evaluation, current.index
    container.download_button(
        LABEL,
        data=lambda: health_report_html(
            evaluation,
            mix=result,
            index=index,
            sweep=swept,
            guardrails=rails,
            review=review.review_of(list(result.corpora), result),
            spec=spec_io.spec_toml(result.corpora, result.config),
        ),
        file_name=FILE_NAME,
        mime="text/html",
        icon=":material/summarize:",
        on_click="ignore",
        help="One HTML file that opens offline: the verdict, every metric with its interval and "
        "noise floor, the key charts, duplicate and copy-of-real examples, group representation"
        + (", the Decide page's sweep and recommended share" if swept is not None else "")
        + ", the review status when the mix was saved, its spec, and the inputs with their "
        "content hashes.",
    )
