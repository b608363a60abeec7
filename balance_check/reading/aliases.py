"""The words county staff use for sheets and columns, read once from aliases.yaml (aliases are data)."""

from pathlib import Path

from ..rules.parsed import load_yaml_file

ALIASES: dict = load_yaml_file(Path(__file__).with_name("aliases.yaml"))
