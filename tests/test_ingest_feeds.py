"""Feeds and folders as inputs."""

import httpx

from warmonitor.ingest import IngestError, read_input

from conftest import REPO

FEED = REPO / "tests" / "fixtures" / "feeds" / "monitor.rss"


def test_a_feed_file_gives_one_report_per_entry_with_its_date_and_title():
    documents = list(read_input(str(FEED)))
    assert [d.id for d in documents] == ["https://monitor.example.org/azaz", "https://monitor.example.org/douma"]
    assert [d.published.isoformat() for d in documents] == ["2017-04-16", "2017-04-17"]
    assert documents[0].title == "Car bomb kills eight in Azaz"
    assert "killing eight civilians" in documents[0].text


def test_a_feed_with_no_entries_is_one_line_of_error(tmp_path):
    empty = tmp_path / "empty.rss"
    empty.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    try:
        list(read_input(str(empty)))
    except IngestError as error:
        assert "no entries" in str(error) and "\n" not in str(error)
    else:
        raise AssertionError("an empty feed must be an error")


def test_a_folder_is_read_file_by_file_and_a_bad_file_is_skipped(tmp_path, capsys):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Shelling killed four civilians in Idlib on Monday, activists said.")
    (tmp_path / "b" / "c.txt").write_text("An air strike killed two fighters near Raqqa, the monitor said.")
    (tmp_path / "b" / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    documents = list(read_input(str(tmp_path)))
    assert [d.id for d in documents] == ["a", "c"]
    assert "empty.txt" in capsys.readouterr().err


def test_a_feed_entry_without_its_story_is_fetched_from_its_link(monkeypatch, tmp_path):
    feed = tmp_path / "short.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Blast</title>'
        "<link>https://news.example.org/blast</link><description>A blast.</description></item></channel></rss>"
    )
    page = "<html><body><article><p>" + "A blast killed five people in Jableh on Friday, state media said. " * 3 + "</p></article></body></html>"

    def handler(request):
        return httpx.Response(200, html=page)

    real_client = httpx.Client
    monkeypatch.setattr(httpx, "Client", lambda *a, **k: real_client(*a, **{**k, "transport": httpx.MockTransport(handler)}))
    [document] = list(read_input(str(feed)))
    assert document.url == "https://news.example.org/blast"
    assert "killed five people in Jableh" in document.text
