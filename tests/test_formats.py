"""Input formats beyond .txt: HTML main-text extraction, Markdown, JSON metadata; secrets file."""

from __future__ import annotations

from pathlib import Path

from presslens.config import Settings, load_settings, read_secrets
from presslens.pipeline import ingest_paths
from presslens.store import Store

HTML = """<!doctype html><html lang="it"><head><title>Vertice a Mosca | Il Giornale Test</title>
<meta property="og:site_name" content="Il Giornale Test">
<meta property="article:published_time" content="2024-11-02T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/esteri">Esteri</a> <a href="/login">Accedi</a></nav>
<div class="cookie">Questo sito utilizza cookie. Accetta</div>
<article><h1>Vertice a Mosca tra Corea del Nord e Russia</h1>
<p>La ministra degli Esteri nordcoreana Choe Son Hui ha incontrato a Mosca il suo omologo russo Sergei Lavrov.
I due hanno ribadito l'impegno a rispettare l'accordo di difesa reciproca firmato a giugno.</p>
<p>Secondo l'agenzia KCNA, le due delegazioni hanno discusso della cooperazione militare e della situazione
nella penisola coreana, mentre la NATO ha espresso preoccupazione per le truppe nordcoreane in Russia.</p>
<p>Il Cremlino non ha commentato i dettagli dell'incontro, durato oltre due ore.</p></article>
<footer>© 2024 Il Giornale Test. Tutti i diritti riservati. <a href="/privacy">Privacy</a></footer>
</body></html>"""

MD = """# Sanktionen gegen Moskau

Die **Europäische Union** hat am Montag ein neues Sanktionspaket gegen Russland beschlossen, teilte die
[Kommission](https://example.org/eu) in Brüssel mit.

Das Paket richtet sich gegen Banken und Energiefirmen; Ungarn hatte zuvor Bedenken angemeldet.
"""


def test_html_main_text_and_metadata(tmp_path: Path, settings: Settings, store: Store) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(HTML, encoding="utf-8")
    report = ingest_paths([tmp_path / "in"], store, settings)
    assert len(report.ingested) == 1 and not report.rejected
    row = store.get_articles(report.ingested_ids)[0].row
    assert row["title"].startswith("Vertice a Mosca")
    assert row["source"] == "Il Giornale Test"
    assert row["published"] == "2024-11-02"
    assert row["language"] == "it"
    assert "Choe Son Hui ha incontrato a Mosca" in row["text"]
    assert "Il Cremlino non ha commentato" in row["text"]
    for chrome in ("Accedi", "cookie", "Tutti i diritti riservati", "Privacy", "Home"):
        assert chrome not in row["text"], chrome
    names = {e.name for e in store.article_entities(row["id"]).entities.values()}
    assert {"North Korea", "Russia", "Korean Central News Agency", "NATO"} <= names


def test_markdown_is_plain_text(tmp_path: Path, settings: Settings, store: Store) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "note.md").write_text(MD, encoding="utf-8")
    report = ingest_paths([tmp_path / "in"], store, settings)
    row = store.get_articles(report.ingested_ids)[0].row
    assert row["title"] == "Sanktionen gegen Moskau"
    assert "Die Europäische Union hat am Montag" in row["text"]
    assert "**" not in row["text"] and "](" not in row["text"] and "Kommission in Brüssel" in row["text"]
    assert row["language"] == "de"


def test_secrets_file(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('PRESSLENS_DEEPL_KEY = "k1:fx"\n[presslens]\nPRESSLENS_TRANSLATOR = "deepl"\n')
    assert read_secrets(secrets) == {"PRESSLENS_DEEPL_KEY": "k1:fx", "PRESSLENS_TRANSLATOR": "deepl"}
    settings = load_settings({}, secrets_path=secrets)
    assert settings.translation.provider == "deepl" and settings.translation.deepl_key == "k1:fx"
    assert "k1:fx" not in repr(settings)
    # The environment wins over the file.
    assert load_settings({"PRESSLENS_TRANSLATOR": "none"}, secrets_path=secrets).translation.provider == "none"
