"""The words county staff use for sheets and columns, read once from aliases.yaml (aliases are data)."""

from pathlib import Path

import yaml

ALIASES: dict = yaml.safe_load(Path(__file__).with_name("aliases.yaml").read_text("utf-8"))
