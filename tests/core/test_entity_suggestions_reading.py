"""Entity suggestions read what the reader reads: the title, cities of GeoNames, companies
named bare, countries named by their adjective before an office, other names in parentheses;
and the kind a name probably has (for the entity dialog)."""

from __future__ import annotations

import pytest

from clipper.core.entities import suggest
from clipper.core.entities.kinds import guess_kind
from tests.benchmarks.suggestion_quality import (
    CORPORA,
    corpus_draft,
    corpus_expected,
    score,
)


def by_name(suggestions):
    return {s.name: s for s in suggestions}


def test_the_title_is_read_and_body_spans_stay_body_offsets():
    title = "Factories head to Batam as Intel expands"
    body = "The company said Intel would hire 2,000 people."
    found = by_name(suggest(body, title=title))
    batam, intel = found["Batam"], found["Intel"]
    assert batam.spans == [] and [title[a:b] for a, b in batam.title_spans] == ["Batam"]
    assert [body[a:b] for a, b in intel.spans] == ["Intel"]
    assert [title[a:b] for a, b in intel.title_spans] == ["Intel"]
    assert list(found) == ["Batam", "Intel"]  # in reading order, the title first
    assert all(not s.title_spans for s in suggest(body))  # no title: as before


def test_cities_in_a_place_context_only():
    text = ("Intel will build plants in Penang and Batam, officials said. Reading the report, "
            "Jackson said Victoria agreed. Steve Austin said so.\n\nPUTRAJAYA, Nov 22 \u2014 "
            "The minister spoke.")
    names = set(by_name(suggest(text)))
    assert {"Penang", "Batam", "Putrajaya", "Intel"} <= names
    assert not names & {"Reading", "Jackson", "Victoria", "Austin"}


def test_demonyms_name_a_country_before_an_office_only():
    found = by_name(suggest("Indonesian President Prabowo Subianto met the Malaysian "
                            "government. A Chinese vessel and Chinese state banks."))
    assert {"Indonesia", "Malaysia", "Prabowo Subianto"} <= set(found)
    assert "China" not in found
    assert found["Indonesia"].kind == "country"


def test_another_name_in_parentheses_is_an_alias():
    text = ("The Ministry of Communication and Digital Affairs (Komdigi) said so. Later "
            "Komdigi agreed. Tokyo (Japan) and Hanoi (Reuters) followed.")
    found = by_name(suggest(text))
    ministry = found["Ministry of Communication and Digital Affairs"]
    assert ministry.aliases == ["Komdigi"] and len(ministry.spans) == 3
    assert found["Japan"].aliases == [] and found["Tokyo"].aliases == []


def test_companies_named_bare_with_their_business_not_their_products():
    found = by_name(suggest("Intel, Huawei Cloud and Alibaba Cloud expanded. The Airbus "
                            "A350 landed."))
    assert {"Intel", "Huawei Cloud", "Alibaba Cloud"} <= set(found)
    assert "Airbus" not in found


@pytest.mark.parametrize(("name", "kind"), [
    ("Beijing", "place"), ("Penang", "place"), ("Indonesia", "country"),
    ("ASEAN", "organisation"), ("Ministry of Finance", "organisation"),
    ("Thitu Island", "place")])
def test_guess_kind(name, kind):
    assert guess_kind(name).kind == kind


def test_guess_kind_prefers_the_library_then_reads_the_text():
    assert guess_kind("Beijing", {"beijing": "organisation"}).kind == "organisation"
    assert guess_kind("Qwerty Zxcv") is None
    text = "The Ministry of Communication and Digital Affairs (Komdigi) met. Komdigi spoke."
    start = text.rindex("Komdigi")
    assert guess_kind("Komdigi", {}, text, (start, start + 7)).kind == "organisation"


def test_real_pages_labelled_before_the_run():
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not present")
    for name, text in corpus_expected().items():
        draft = corpus_draft(text["file"])
        result = score(name, suggest(draft.body, title=draft.title), text["entities"])
        assert result.precision == 1.0, (name, result.wrong)
        assert result.recall >= 0.92, (name, result.missed)
