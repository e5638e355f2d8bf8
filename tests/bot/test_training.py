"""`policybot train` skips work only when the model was trained from exactly the current inputs."""

import json

import pytest

from bot import training


@pytest.mark.unit
def test_a_model_with_a_matching_stamp_is_up_to_date(tmp_path):
    assert not training.is_up_to_date(tmp_path)  # no model yet
    training.model_path(tmp_path).write_bytes(b"model")
    (tmp_path / training.STAMP_NAME).write_text(json.dumps(training.input_digests()), encoding="utf-8")
    assert training.is_up_to_date(tmp_path)


@pytest.mark.unit
def test_changed_training_inputs_make_the_model_stale(tmp_path):
    training.model_path(tmp_path).write_bytes(b"model")
    stale = {**training.input_digests(), "dictionary": "0" * 64}
    (tmp_path / training.STAMP_NAME).write_text(json.dumps(stale), encoding="utf-8")
    assert not training.is_up_to_date(tmp_path)
