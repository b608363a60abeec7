"""The words county staff use for sheets and columns, read once from aliases.yaml (aliases are data)."""

from pathlib import Path

from ..rules.files import load_yaml

ALIASES: dict = load_yaml(Path(__file__).with_name("aliases.yaml").read_text("utf-8"))
