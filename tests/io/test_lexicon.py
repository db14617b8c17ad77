"""
Tests for ``targets.io.owners.lexicon``: every label it lists was seen in the
documents it names (tests/io/documents/, real excerpts collected for issue
14), and every label reads as the role it gives, at each level of government.
"""

import json
import unicodedata
from pathlib import Path

import pytest

from targets.io.owners import parse_owner_line
from targets.io.owners.lexicon import LABELS, LEADER_ROOTS, LEVELS, labels_by_role

DOCUMENTS = Path(__file__).parent / "documents"


def _text(name: str) -> str:
    """A document's text without spaces, NFKC, as a label is searched in it."""
    path = DOCUMENTS / f"{name}.txt"
    if not path.exists():
        path = DOCUMENTS / "heldout" / f"{name}.txt"
    return "".join(unicodedata.normalize("NFKC", path.read_text("utf-8")).split())


SEEN = [(label.word, name) for label in LABELS for name in label.seen_in]


@pytest.mark.parametrize(("word", "name"), SEEN, ids=[f"{w}-{n}" for w, n in SEEN])
def test_each_label_is_in_the_documents_it_cites(word, name):
    assert word in _text(name)


def test_the_lexicon_comes_from_many_documents_and_every_one_is_a_source():
    cited = {name for label in LABELS for name in label.seen_in}
    assert len(cited) >= 15
    sources = json.loads((DOCUMENTS / "sources.json").read_text("utf-8"))["documents"]
    files = {Path(d["file"]).stem for d in sources}
    assert cited <= files


ROLE_VALUES = {
    "lead": ("区发改局", (["区发改局"], [], [])),
    "resp": ("区发改局、区财政局", (["区发改局"], ["区财政局"], [])),
    "co": ("区财政局", ([], ["区财政局"], [])),
    "leaders": ("王某某", ([], [], ["王某某"])),
    "roles": ("区发改局牵头,区财政局配合", (["区发改局"], ["区财政局"], [])),
}


@pytest.mark.parametrize("label", [label for label in LABELS if label.role != "deadline"])
def test_each_label_reads_as_its_role(label):
    value, expected = ROLE_VALUES[label.role]
    owners = parse_owner_line(f"{label.word}:{value}")
    assert (owners.lead, owners.co, owners.leaders) == expected


@pytest.mark.parametrize("label", [label for label in LABELS if label.role == "deadline"])
def test_each_deadline_label_reads_a_deadline(label):
    assert parse_owner_line(f"{label.word}:12月底前").deadline == "12月底前"


@pytest.mark.parametrize(
    "word",
    [
        "分管县领导",  # 各牵头县领导 (xuancheng-jingxian-2023-notice), at each level
        "牵头县领导",
        "县政府分管领导",  # yueyang-huarong-2021-notice
        "分管县政府领导",
        "分管镇领导",
        "联系市领导",
        "包保区领导",
        "区领导",
    ],
)
def test_leaders_labels_at_each_level_of_government(word):
    assert labels_by_role()[word] == "leaders"
    assert parse_owner_line(f"{word}:王某某").leaders == ["王某某"]


def test_level_forms_cover_every_root_and_level():
    words = labels_by_role()
    for root in LEADER_ROOTS:
        for level in LEVELS:
            assert words[root + level + "领导"] == "leaders"
