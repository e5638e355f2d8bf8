"""Rasa's LogisticRegressionClassifier with the regularisation strength as a setting.

Rasa 3.6 fixes scikit-learn's ``C`` at 1.0; on our count features (two bags of words) that regularises too
hard: the 5-fold cross-validation (config.yml) scores a weaker penalty higher. Loaded by Rasa from
config.yml as ``bot.intent_classifier.TunedLogisticRegression`` (Rasa runs from the project root).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TunedLogisticRegression(LogisticRegressionClassifier):
    """``C``: the inverse of the L2 penalty (scikit-learn's LogisticRegression)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"])
