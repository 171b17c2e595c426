"""Every file format imports from its fixture; re-imports update, never duplicate; bad files write nothing."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from utblick.watch import formats
from utblick.watch.choices import ItemStatus
from utblick.watch.imports import ImportFailed, import_path
from utblick.watch.models import ImportRun, Item, ItemTerms, Source

from .factories import SourceFactory


def _import(path, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("watch_import", str(path), stdout=out, stderr=err, **options)
    return out.getvalue().strip().splitlines()[-1], err.getvalue()


@pytest.mark.django_db
def test_the_portal_search_result_imports_with_status_codes_programmes_and_several_deadlines(fixture_path):
    last, err = _import(fixture_path("ft_search.json"))
    assert last == "new 4, updated 0, unchanged 0, rejected 1"
    assert "rejected resultat 5: ingen identifierare" in err
    life = Item.objects.get(identifier="LIFE-2027-CLIMA-CCA-LOCAL")
    assert (life.status, life.programme, life.programme_name) == (ItemStatus.OPEN, "life", "LIFE")
    assert life.opens_on == datetime.date(2027, 1, 19) and life.deadline_dates == [datetime.date(2027, 4, 22)]
    assert life.summary.startswith("Projects help municipalities")  # HTML removed
    assert life.source.name == "EU Funding & Tenders" and life.source.organisation is None
    horizon = Item.objects.get(identifier="HORIZON-MISS-2027-CIT-02")
    assert horizon.deadline_dates == [datetime.date(2027, 3, 12), datetime.date(2027, 9, 17)]
    assert horizon.closes_on == datetime.date(2027, 9, 17)
    assert Item.objects.get(identifier="ERASMUS-EDU-2027-PI-ALL-INNO").status == ItemStatus.FORTHCOMING
    unknown = Item.objects.get(identifier="XYZ-2026-CLOSED")
    assert (unknown.status, unknown.programme, unknown.programme_name) == (ItemStatus.CLOSED, "49999999", "49999999")
    assert ItemTerms.objects.count() == 4
    run = ImportRun.objects.get()
    assert (run.state, run.new, run.rejected) == ("done", 4, 1)
    assert run.rejections == [{"at": "resultat 5", "reason": "ingen identifierare"}]


@pytest.mark.django_db
def test_the_reference_file_streams_in_with_programme_abbreviations_and_epoch_dates(fixture_path):
    last, _err = _import(fixture_path("ft_bulk.json"), file_format="ft-bulk", source="Portalen")
    assert last == "new 3, updated 0, unchanged 0, rejected 1"
    twinning = Item.objects.get(identifier="CERV-2027-CITIZENS-TOWN-TT")
    assert twinning.programme == "cerv" and twinning.deadline_dates == [datetime.date(2027, 3, 18)]
    assert twinning.published_on == datetime.date(2027, 1, 5)
    assert "town twinning" in twinning.keywords
    culture = Item.objects.get(identifier="CREA-CULT-2027-COOP")
    assert culture.status == ItemStatus.FORTHCOMING and len(culture.deadline_dates) == 2
    novel = Item.objects.get(identifier="NOVEL-2025-01")
    assert (novel.programme, novel.programme_name) == ("novel", "A novel programme")


def test_the_reference_file_is_read_as_a_stream_not_all_at_once(tmp_path):
    """The first object comes out before the reader has gone through a large file."""
    objects = ",".join(
        f'{{"identifier": "T-{n}", "title": "Topic {n}", "status": {{"abbreviation": "Open"}}, "deadlineDatesLong": [1805385600000]}}'
        for n in range(20000)
    )
    path = tmp_path / "bulk.json"
    path.write_text('{"fundingData": {"GrantTenderObj": [' + objects + "]}}")
    with path.open("rb") as stream:
        entries = formats.read_ft_bulk(stream)
        first = next(entries)
        assert first.identifier == "T-0"
        assert stream.tell() < path.stat().st_size / 2


@pytest.mark.django_db
def test_a_table_imports_with_the_default_mapping_by_column_names(fixture_path):
    last, _err = _import(fixture_path("calls.csv"), organisation="", source="Regionens lista")
    assert last == "new 3, updated 0, unchanged 0, rejected 0"
    skane = Item.objects.get(title="Klimatanpassning i Skåne 2027")
    assert skane.identifier == "https://calls.example/skane-klimat"  # no identifier column: the address
    assert (skane.budget, skane.currency, skane.status) == (2000000, "SEK", ItemStatus.OPEN)
    assert Item.objects.get(title__startswith="Interreg").programme == "interreg"


@pytest.mark.django_db
def test_an_xlsx_file_imports_with_a_mapping_given_on_the_command_line(xlsx_path):
    last, _err = _import(
        xlsx_path, file_format="xlsx", map=["title=Title", "deadline=Deadline", "programme=Programme", "url=URL"]
    )
    assert last == "new 2, updated 0, unchanged 0, rejected 0"
    erasmus = Item.objects.get(title="Erasmus+ school exchanges")
    assert erasmus.programme == "erasmus" and erasmus.deadline_dates == [
        datetime.date(2027, 2, 19),
        datetime.date(2027, 10, 1),
    ]
    assert erasmus.status == ""  # the status column was not mapped
    assert Item.objects.get(title__startswith="Creative").deadline_dates == [datetime.date(2027, 5, 6)]


@pytest.mark.django_db
@pytest.mark.parametrize("name, kind", [("feed.rss", "news"), ("feed.atom", "consultation")])
def test_rss_and_atom_files_import_through_feedparser(fixture_path, name, kind):
    source = Source.objects.create(name=name, item_kind=kind)
    last, _err = _import(fixture_path(name), source=name)
    assert last.startswith("new ")
    items = list(Item.objects.filter(source=source))
    assert items and all(item.kind == kind for item in items)
    if name == "feed.rss":
        news = Item.objects.get(identifier="https://region.example/eu/klimatanpassning")
        assert news.published_on == datetime.date(2026, 11, 16) and news.language == "sv"
        assert news.summary == "Kommuner kan söka stöd för klimatanpassning."


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(fixture_path):
    _import(fixture_path("ft_search.json"))
    rows = list(Item.objects.order_by("pk").values_list(*Item.CONTENT_FIELDS))
    history = Item.history.count()
    last, _err = _import(fixture_path("ft_search.json"))
    assert last == "new 0, updated 0, unchanged 4, rejected 1"
    assert list(Item.objects.order_by("pk").values_list(*Item.CONTENT_FIELDS)) == rows
    assert Item.history.count() == history
    assert ImportRun.objects.count() == 2


@pytest.mark.django_db
def test_a_moved_deadline_updates_the_item_and_shows_in_its_history(fixture_path, tmp_path, client_for, world):
    _import(fixture_path("ft_search.json"))
    changed = fixture_path("ft_search.json").read_text().replace("2027-04-22T00:00:00", "2027-05-06T00:00:00")
    path = tmp_path / "search.json"
    path.write_text(changed)
    last, _err = _import(path)
    assert last == "new 0, updated 1, unchanged 3, rejected 1"
    life = Item.objects.get(identifier="LIFE-2027-CLIMA-CCA-LOCAL")
    assert life.deadline_dates == [datetime.date(2027, 5, 6)] and Item.objects.count() == 4
    page = client_for("reader_a").get(f"/o/{world.org_a.slug}/watch/items/{life.pk}/history/").content.decode()
    assert "2027-04-22" in page and "2027-05-06" in page  # before and after, field by field


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        (
            b'{"results": [{"reference": "A", "metadata": {"identifier": ["A"], "title": ["A"]}}, {"ref',
            "inte giltig JSON",
        ),
        (b'{"totalResults": 0, "items": []}', "varken ett sökresultat eller en referensfil"),
        (b'{"fundingData": {"Other": []}}', "innehåller ingen lista"),
    ],
)
def test_a_malformed_file_gives_a_clear_message_a_non_zero_exit_and_writes_nothing(tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as failure:
        _import(path)
    assert message in str(failure.value) and "Ingenting sparades." in str(failure.value)
    assert not Item.objects.exists()


@pytest.mark.django_db
def test_a_malformed_file_via_the_service_leaves_earlier_items_and_logs_the_failure(fixture_path, tmp_path):
    source = SourceFactory()
    import_path(path=fixture_path("ft_search.json"), source=source)
    broken = tmp_path / "broken.json"
    broken.write_bytes(fixture_path("ft_search.json").read_bytes()[:-400])
    with pytest.raises(ImportFailed):
        import_path(path=broken, source=source)
    assert Item.objects.filter(source=source).count() == 4
    failed = ImportRun.objects.filter(source=source).first()
    assert failed.state == "failed" and "inte giltig JSON" in failed.message


@pytest.mark.django_db
def test_a_table_with_a_bad_row_names_the_row_and_column_and_writes_nothing(tmp_path):
    path = tmp_path / "lista.csv"
    path.write_text(
        "Namn;Sista ansökningsdag;Status\nBra utlysning;2027-03-01;öppen\nTrasig;31 mars;öppen\n;2027-03-01;kanske\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("watch_import", str(path), stderr=err, stdout=io.StringIO())
    assert "Rad 3, Sista ansökningsdag: Skriv datumet som ÅÅÅÅ-MM-DD" in err.getvalue()
    assert "Rad 4, Namn: En titel krävs." in err.getvalue()
    assert "Rad 4, Status" in err.getvalue()
    assert "3 problem; ingenting lästes in." in str(failure.value)
    assert not Item.objects.exists()
