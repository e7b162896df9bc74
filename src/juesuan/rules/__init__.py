"""The check engine: a rule catalogue (data) bound to implementations, run over a derived dataset."""

from juesuan.rules.engine import check_dataset, check_path

__all__ = ["check_dataset", "check_path"]
