"""The engine's loop over named stages: order, switching off by name, errors naming the stage,
and one Extractor shared by documents without carrying memory from one to the next."""
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from eventdesk.extract import engine
from eventdesk.extract.engine import STAGES, Extractor, StageError
from eventdesk.extract.patterns import Patterns
from eventdesk.extract.relevance import Decision, Relevance
from eventdesk.extract.settings import ExtractSettings
from eventdesk.model import Document

from extract_stage_fixtures import NoModel

TEXT = "Gunmen killed two police officers in Peshawar, Pakistan, on Monday. The attack was claimed by the TTP."


def offline(**kw):
    return Extractor(relevance=Relevance(NoModel(), Decision(0.9, 0.9)), **kw)


def doc(text=TEXT, doc_id="t"):
    return Document(id=doc_id, text=text, published=date(2023, 3, 10))


def test_the_stages_run_in_their_named_order():
    assert [name for name, _ in STAGES] == ["reading", "candidates", "incidents", "relevance", "records"]
    assert offline(disable={"relevance"}).stage_names == ["reading", "candidates", "incidents", "records"]


def test_with_relevance_switched_off_the_model_is_never_asked():
    [ev] = offline(disable={"relevance"}).extract(doc())
    assert ev.actor1 == "Tehrik-i-Taliban Pakistan"


def test_a_failing_stage_is_named_in_the_error():
    def broken(state, ctx):
        raise KeyError("lost")

    extractor = offline(disable={"relevance"})
    extractor.stages = [(name, broken if name == "incidents" else stage) for name, stage in extractor.stages]
    with pytest.raises(StageError, match=r"stage 'incidents': KeyError") as info:
        extractor.extract(doc())
    assert info.value.stage == "incidents" and isinstance(info.value.__cause__, KeyError)


def test_documents_share_an_extractor_but_not_their_memory():
    extractor = offline(disable={"relevance"})
    alone = [e.to_dict() if hasattr(e, "to_dict") else vars(e) for e in extractor.extract(doc())]
    texts = [TEXT, "A tally: more than 50 bombings have taken place this year. " + TEXT] * 4
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda t: extractor.extract(doc(t)), texts))
    again = [e.to_dict() if hasattr(e, "to_dict") else vars(e) for e in results[0]]
    assert again == alone
    assert not hasattr(extractor, "_previous_date") and not hasattr(extractor, "_tally_at")


def test_the_data_files_load_into_frozen_settings_and_patterns():
    settings, patterns = ExtractSettings.from_data(), Patterns.from_data()
    assert settings.near_sentences == 3 and settings.parsed_mentions == 2
    assert patterns.role_after.match("'s acting governor")
    with pytest.raises(Exception):
        settings.near_sentences = 4


def test_names_other_modules_import_from_the_engine_remain():
    for name in ("Extractor", "Mention", "Incident", "merge_affiliations", "relocate_actor", "mask_actors"):
        assert hasattr(engine, name)
