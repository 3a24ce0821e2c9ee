"""The relevance-and-type model: training from coded data, saving, loading and predicting."""
import csv
import json

import pytest
from click.testing import CliRunner

from eventdesk.cli import main
from eventdesk.textcat import load_classifier, train
from eventdesk.textcat.train import read_examples

PASSAGES = [
    ("Gunmen shot dead four farmers in their fields near the village on Sunday night.", "Attack"),
    ("Armed men stormed a wedding and killed six guests before fleeing on motorbikes.", "Attack"),
    ("Attackers opened fire on a bus of pilgrims, killing nine passengers.", "Attack"),
    ("Thousands marched peacefully through the capital to demand fair wages for teachers.", "Peaceful protest"),
    ("Students held a sit-in outside parliament calling for the minister to resign.", "Peaceful protest"),
    ("Residents gathered quietly in the square to protest against power cuts.", "Peaceful protest"),
    ("The rocket lifted off on schedule and placed two weather satellites in orbit.", "none"),
    ("The striker fired a shot into the top corner to win the cup final.", "none"),
    ("Seven people died when a tram derailed on a sharp bend in the city centre.", "none"),
    ("The embassy warned that militants were planning to attack hotels used by foreigners.", "threat"),
    ("Intelligence officials said the group was plotting a truck bombing of the ministry.", "threat"),
    ("The mission will stay closed after threats of an imminent attack on diplomats.", "threat"),
]


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps({"text": t, "label": l}) + "\n" for t, l in rows), encoding="utf-8")
    return path


def test_a_model_trained_on_a_teams_data_alone_reads_new_passages(tmp_path):
    model = train(extra=[write_jsonl(tmp_path / "coded.jsonl", PASSAGES)], packaged=False)
    attack, launch, threat = model.predict([
        "Gunmen killed five farmers near the village.",
        "The rocket placed a satellite in orbit.",
        "Officials warned militants were planning to attack hotels.",
    ])
    assert attack.label == "event" and attack.sub_event_type == "Attack"
    assert attack.event_type == "Violence against civilians"
    assert launch.label == "none"
    assert threat.label == "threat"
    assert abs(attack.none + attack.threat + attack.event - 1) < 1e-6


def test_a_saved_model_loads_back_with_its_config(tmp_path):
    model = train(extra=[write_jsonl(tmp_path / "coded.jsonl", PASSAGES)], packaged=False, out=tmp_path / "m")
    again = load_classifier(tmp_path / "m")
    assert again.labels == model.labels
    assert again.config["architecture"] == "eventdesk.TfidfLogisticRegression.v1"
    assert again.config["examples"] == len(PASSAGES)
    text = ["Students marched to demand lower fees."]
    assert again.predict(text) == model.predict(text)


def test_an_acled_export_trains_on_its_notes(tmp_path):
    path = tmp_path / "acled.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ["event_id_cnty", "sub_event_type", "notes"])
        w.writeheader()
        w.writerow({"event_id_cnty": "X1", "sub_event_type": "Attack", "notes": "On 3 May, gunmen killed two herders."})
        w.writerow({"event_id_cnty": "X2", "sub_event_type": "Peaceful protest", "notes": "On 4 May, nurses protested."})
        w.writerow({"event_id_cnty": "X3", "sub_event_type": "Attack", "notes": ""})
    assert read_examples(path) == [("On 3 May, gunmen killed two herders.", "Attack"),
                                   ("On 4 May, nurses protested.", "Peaceful protest")]


def test_eventdesk_records_train_on_their_evidence(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"doc_id": "a", "kind": "event", "sub_event_type": "Armed clash",
                                "evidence": [{"start": 0, "end": 5, "text": "Rebels fought troops."}]}) + "\n"
                    + json.dumps({"doc_id": "b", "kind": "threat",
                                  "evidence": [{"start": 0, "end": 5, "text": "A plot was reported."}]}) + "\n",
                    encoding="utf-8")
    assert read_examples(path) == [("Rebels fought troops.", "Armed clash"), ("A plot was reported.", "threat")]


def test_bad_training_data_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "x", "label": "Attack"}) + "\n" + '{"text": "y", "label": "Bombing"}\n')
    with pytest.raises(ValueError, match=r"bad.jsonl:2: unknown label 'Bombing'"):
        read_examples(path)
    with open(tmp_path / "wrong.csv", "w") as fh:
        fh.write("a,b\n1,2\n")
    with pytest.raises(ValueError, match="not an ACLED export"):
        read_examples(tmp_path / "wrong.csv")


def test_the_train_command_saves_a_model_a_team_can_point_extraction_at(tmp_path):
    data = write_jsonl(tmp_path / "coded.jsonl", PASSAGES)
    result = CliRunner().invoke(main, ["train", "--from", str(data), "--only", "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert "12 examples, 4 labels" in result.output and "EVENTDESK_MODEL=" in result.output
    assert (tmp_path / "m" / "model.joblib").is_file()
    result = CliRunner().invoke(main, ["train", "--only"])
    assert result.exit_code != 0 and "--only needs" in result.output


def test_the_fast_scorer_gives_the_pipelines_probabilities_to_the_last_bit(tmp_path):
    import numpy as np

    from eventdesk.textcat.fast import FastScorer

    model = train(extra=[write_jsonl(tmp_path / "coded.jsonl", PASSAGES)], packaged=False)
    scorer = FastScorer.for_pipeline(model.pipeline)
    assert scorer is not None
    texts = [text for text, _ in PASSAGES] + [
        "GUNMEN KILLED 12 FARMERS NEAR THE VILLAGE",
        "protesters marched.Police fired tear gas at them",
        "", "   ", "zzzz qqqq",
        "Des manifestants ont été blessés à Bamako",
    ]
    assert np.array_equal(scorer.predict_proba(texts), model.pipeline.predict_proba(texts))
    assert np.array_equal(scorer.predict_proba(texts[:1]), model.pipeline.predict_proba(texts[:1]))


def test_a_pipeline_of_another_shape_is_scored_by_scikit_learn_itself():
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from eventdesk.textcat.fast import FastScorer

    texts, labels = zip(*PASSAGES)
    other = Pipeline([("counts", CountVectorizer()), ("classifier", LogisticRegression())]).fit(texts, labels)
    assert FastScorer.for_pipeline(other) is None
