"""Mix specs: one TOML file, each corpus read its own way; mistakes refused with the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mixscope.cli import main
from mixscope.mixing import (
    CorpusSpec,
    MixConfig,
    dump_spec,
    load_spec_corpora,
    mix,
    parse_spec,
    read_spec,
    spec_of,
)

SPEC = """
[mix]
synthetic_share = 0.4
size = 50
seed = 3

[[corpus]]
path = "real.csv"
role = "real"
text_column = "body"

[[corpus]]
path = "sub/gen.jsonl"
role = "synthetic"
name = "gen"
weight = 2.0

[[corpus]]
path = "other.txt"
role = "synthetic"
txt_mode = "paragraph"
weight = 1
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    # the real text is in "body" (a "text" column holds something else), the JSONL's in "text"
    pd.DataFrame({"text": ["not this"] * 60, "body": [f"real note {i}" for i in range(60)]}
                 ).to_csv(tmp_path / "real.csv", index=False)  # fmt: skip
    (tmp_path / "sub").mkdir()
    lines = [json.dumps({"text": f"generated {i}", "id": i}) for i in range(40)]
    (tmp_path / "sub" / "gen.jsonl").write_text("\n".join(lines), encoding="utf-8")
    paragraphs = "\n\n".join(f"para {i}\nstill para {i}" for i in range(30))
    (tmp_path / "other.txt").write_text(paragraphs, encoding="utf-8")
    (tmp_path / "mix.toml").write_text(SPEC, encoding="utf-8")
    return tmp_path


def test_each_corpus_is_read_its_own_way_relative_to_the_spec(folder: Path) -> None:
    spec = read_spec(folder / "mix.toml")
    assert spec.config == MixConfig(synthetic_share=0.4, size=50, seed=3, weights=(2.0, 1.0))
    corpora = load_spec_corpora(spec)
    assert [c.name for c in corpora] == ["real", "gen", "other"]
    assert corpora[0].texts[0] == "real note 0" and corpora[0].text_column == "body"
    assert corpora[1].texts[0] == "generated 0" and "id" in corpora[1].metadata_columns
    assert corpora[2].documents["text"].iloc[0] == "para 0\nstill para 0"  # one paragraph
    assert len(corpora[2]) == 30
    counts = mix(corpora, spec.config).counts().set_index("source")["n"]
    assert counts.to_dict() == {"real": 30, "gen": 13, "other": 7}  # 20 synthetic split 2:1


def test_a_spec_dumps_and_reads_back(folder: Path) -> None:
    spec = read_spec(folder / "mix.toml")
    again = parse_spec(__import__("tomllib").loads(dump_spec(spec)), base=folder)
    assert again == spec
    corpora = load_spec_corpora(spec)
    drawn = spec_of(corpora, spec.config, reading={"other": {"txt_mode": "paragraph"}})
    assert drawn.corpora[2] == CorpusSpec(str(folder / "other.txt"), "synthetic", name="other",
                                          text_column="text", format="txt",
                                          txt_mode="paragraph", weight=1.0)  # fmt: skip
    assert drawn.config == spec.config


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[corpus]]\npath='a'\nrole='real'\n", r"missing \[mix\] table"),
        ("[mix]\nsize=3\n", r"no \[\[corpus\]\] tables"),
        ("[mix]\nsize=3\nshare=0.2\n[[corpus]]\npath='a'\nrole='real'\n", "unknown key"),
        ("[mix]\nsize=3\n[[corpus]]\npath='a'\nrole='synthetic'\n", "exactly one real corpus"),
        ("[mix]\nsize=3\n[[corpus]]\npath='a'\nrole='real'\ncolumn='x'\n", r"unknown key\(s\)"),
        ("[mix]\nsize=3\n[[corpus]]\npath='a'\nrole='real'\nweight=1\n", "takes no weight"),
        ("[mix]\nsize=3\n[[corpus]]\npath='a'\nrole='real'\n[[corpus]]\npath='b'\n"
         "role='synthetic'\nweight=1\n[[corpus]]\npath='c'\nrole='synthetic'\n",
         "every synthetic corpus or to none"),
        ("[mix]\nsynthetic_share=2\nsize=3\n[[corpus]]\npath='a'\nrole='real'\n",
         r"\[mix\]: synthetic share must be"),
        ("[mix]\nsize=3\n[[corpus]]\npath='a'\nrole='human'\n", "role must be one of"),
        ("[mix\n", "is not valid TOML"),
    ],
)  # fmt: skip
def test_mistakes_say_what_to_change(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_spec(path)


def test_the_cli_mixes_and_reports_from_a_spec(
    folder: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = folder / "mix.csv"
    assert main(["mix", "--spec", str(folder / "mix.toml"), "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert len(frame) == 50 and frame["source"].value_counts().to_dict() == {
        "real": 30, "gen": 13, "other": 7,
    }  # fmt: skip
    assert set(frame.loc[frame["source"] == "real", "text"]) <= {f"real note {i}"
                                                                for i in range(60)}  # fmt: skip
    report = folder / "report.json"
    status = main(["report", "--spec", str(folder / "mix.toml"), "--model", "lexical",
                   "--metrics", "exact_duplicate_rate", "--n-boot", "0",
                   "--json", str(report)])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    result = json.loads(report.read_text(encoding="utf-8"))
    assert [i["name"] for i in result["inputs"]] == ["real", "gen", "other"]
    assert result["config"]["mix"]["synthetic_share"] == 0.4


def test_the_cli_refuses_a_spec_with_options_it_sets(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["mix", "--spec", str(folder / "mix.toml"), "--size", "9", "--seed", "1",
                   "--out", str(folder / "x.csv")])  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2 and err.strip() == (
        "mixscope: error: --spec describes the corpora and the mix: drop --size, --seed"
    )
    assert main(["mix", "--out", str(folder / "x.csv")]) == 2
    assert "give --spec FILE, --real FILE" in capsys.readouterr().err
