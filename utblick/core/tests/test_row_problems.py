"""The three validators of uploaded files — the register's bulk import, the scanning desk's call lists and
strategy files — report their problems the same way: a ``core.problems.RowProblem`` with row, column and
message, shown in one wording on the pages and the command line and as one shape in job records and the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from utblick.core.problems import RowProblem
from utblick.engagements.imports import ImportRejected, engagements_import
from utblick.engagements.models import EngagementImport
from utblick.strategies.files import StrategyFileError, strategy_import
from utblick.strategies.tests.factories import strategy_for
from utblick.watch import formats


def test_one_wording_for_a_row_and_column_a_row_or_the_whole_file():
    with translation.override("sv"):
        assert str(RowProblem(3, "title", "Ett värde krävs.")) == "Rad 3, title: Ett värde krävs."
        assert str(RowProblem(2, "", "inte giltig TOML")) == "Rad 2: inte giltig TOML"
        assert str(RowProblem(None, "versions", "fel")) == "versions: fel"
        assert str(RowProblem(0, "", "Filen har inga rader.")) == "Filen har inga rader."
    problem = RowProblem(3, "title", "Ett värde krävs.")
    assert RowProblem.from_dict(problem.as_dict()) == problem
    assert problem.as_dict() == {"row": 3, "column": "title", "message": "Ett värde krävs."}


def test_the_register_import_the_call_lists_and_strategy_files_report_the_same_type(world):
    strategy_for(world.org_a)
    upload = SimpleUploadedFile("k.csv", b"title;unit;topic\n;miljo;EU\n", content_type="text/csv")
    with pytest.raises(ImportRejected) as register:
        engagements_import(upload=upload, kind="training", organisation=world.org_a, user=world.user("coordinator_a"))
    _items, call_list = formats.rows_to_items(
        [{"Namn": "", "Frist": "31 mars"}], {"title": "Namn", "deadline": "Frist"}
    )
    with pytest.raises(StrategyFileError) as strategy_file:
        strategy_import('format = "utblick-strategy/1"\nname = "Trasig\n', user=None)
    for problems in (register.value.problems, call_list, strategy_file.value.errors):
        assert problems and all(type(problem) is RowProblem for problem in problems)
        assert all(problem.row for problem in problems)
    with translation.override("sv"):
        assert "Rad 2, title: Ett värde krävs." in [str(p) for p in register.value.problems]
        assert any(str(p).startswith("Rad 2, Namn: ") for p in call_list)
        assert str(strategy_file.value.errors[0]).startswith("Rad 2: ")


def test_a_rejected_import_job_shows_its_stored_problems_in_the_same_wording(world, client_for):
    job = EngagementImport.objects.create(
        organisation=world.org_a,
        kind="training",
        filename="k.csv",
        state=EngagementImport.State.REJECTED,
        problems=[
            RowProblem(2, "title", "Ett värde krävs.").as_dict(),
            RowProblem(0, "", "Filen har inga rader.").as_dict(),
        ],
        requested_by=world.user("coordinator_a"),
    )
    page = client_for("coordinator_a").get(f"/o/{world.org_a.slug}/engagements/imports/{job.pk}/").content.decode()
    assert "<li>Rad 2, title: Ett värde krävs.</li>" in page and "<li>Filen har inga rader.</li>" in page
