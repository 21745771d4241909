"""Load the shipped reference data: 17 SDGs and 98 municipalities (sources: data/SOURCES.md)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def read_sdgs() -> list[dict]:
    with (DATA / "sdgs_da_en.csv").open(encoding="utf-8") as handle:
        return [
            {
                "number": int(row["nummer"]),
                "title_da": row["titel_da"],
                "title_en": row["title_en"],
                "colour": row["farve_hex"],
                "white_text_ok": row["hvid_tekst_ok_AA_normal"] == "ja",
            }
            for row in csv.DictReader(handle)
        ]


def read_municipalities() -> list[dict]:
    with (DATA / "kommuner.csv").open(encoding="utf-8") as handle:
        return [
            {
                "code": row["kommunekode"],
                "name": row["navn"],
                "official_name": row["officielt_navn"],
                "region_code": row["regionskode"],
                "region": row["region"],
            }
            for row in csv.DictReader(handle)
        ]


def load_reference_data(sdg_model, municipality_model) -> None:
    """Insert or update every row; safe to run again."""
    for row in read_sdgs():
        sdg_model.objects.update_or_create(number=row.pop("number"), defaults=row)
    for row in read_municipalities():
        municipality_model.objects.update_or_create(code=row.pop("code"), defaults=row)
