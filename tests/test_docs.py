"""The README stays true: every setting and every export column is documented there."""

from __future__ import annotations

import re

from survey import config
from survey.config import PROJECT_ROOT
from survey.export import LONG_COLUMNS

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_read_from_the_environment_is_in_the_configuration_table() -> None:
    source = (PROJECT_ROOT / "survey" / "config.py").read_text(encoding="utf-8")
    names = set(re.findall(r'"((?:DATABASE_URL|SURVEY_[A-Z_]+))"', source))
    assert "DATABASE_URL" in names and "SURVEY_ADMIN_PASSWORD" in names and len(names) >= 8
    for name in names:
        assert f"| `{name}` |" in README, f"{name} is missing from the README's table"
    assert config.Settings.__doc__ and all(name in config.Settings.__doc__ for name in names)


def test_the_long_csv_columns_are_documented_in_order() -> None:
    documented = re.findall(r"^\| `([a-z_]+)` \| ", README.split("### The long CSV")[1], re.M)
    assert tuple(documented[: len(LONG_COLUMNS)]) == LONG_COLUMNS


def test_the_two_commands_come_first() -> None:
    first_section = README.split("\n## ")[1]
    assert first_section.startswith("Two commands")
    assert "make run" in first_section and "make test" in first_section


def test_every_download_format_is_documented() -> None:
    from survey.downloads import FORMATS

    formats_table = README.split("## Exports")[1].split("###")[0]
    documented = re.findall(r"^\| `([a-z]+)` \| ", formats_table, re.M)
    assert documented == list(FORMATS)
