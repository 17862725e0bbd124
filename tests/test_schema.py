"""The published JSON Schemas are the ones the validator uses."""

from conftest import POLICIES

from policy_explorer.schema import all_schemas, render


def test_published_schemas_are_up_to_date():
    for name, schema in all_schemas().items():
        published = (POLICIES / "schema" / name).read_text(encoding="utf-8")
        assert published == render(schema), f"run: python -m policy_explorer schema ({name})"
