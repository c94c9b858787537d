"""Bad inputs: each gets its own clear rejection, and the good files beside it are still stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from presslens.config import Settings
from presslens.models import Rejection
from presslens.pipeline import IngestReport, ingest_paths
from presslens.store import Store
from tests.conftest import ROOT, run_cli

# --- good articles ------------------------------------------------------------

# Real prose, distinct per file, long enough for the language detector.
GOOD: dict[str, tuple[str, str, str]] = {
    # key: (language, a word that must survive into the stored text, text)
    "it": (
        "it",
        "biblioteca",
        "La nuova biblioteca di quartiere apre sabato\n"
        "Dopo tre anni di lavori, la nuova biblioteca di quartiere aprirà le sue porte sabato mattina. "
        "L'edificio, un ex magazzino ferroviario, ospiterà più di ventimila libri e una sala studio con "
        "ottanta posti. Il comune ha speso quasi due milioni di euro per la ristrutturazione. "
        "Secondo l'assessora alla cultura, la biblioteca resterà aperta anche la domenica pomeriggio, "
        "per venire incontro alle famiglie e agli studenti che lavorano durante la settimana.\n",
    ),
    "de": (
        "de",
        "Hochwasser",
        "Hochwasser in Passau: Stadt bereitet sich vor\n"
        "Die Stadt Passau bereitet sich auf ein neues Hochwasser vor. Nach tagelangem Regen ist der Pegel "
        "der Donau am Mittwoch deutlich gestiegen, und die Feuerwehr hat in der Altstadt bereits mobile "
        "Schutzwände aufgebaut. Der Oberbürgermeister rief die Anwohner auf, Keller und Garagen zu räumen. "
        "Nach Angaben des Wetterdienstes soll der Regen erst am Wochenende nachlassen, so dass die Lage "
        "noch einige Tage angespannt bleiben dürfte.\n",
    ),
    "en": (
        "en",
        "lighthouse",
        "Volunteers restore a century-old lighthouse\n"
        "A group of volunteers has finished restoring the old lighthouse on the northern cliffs after four "
        "years of weekend work. The tower, built in 1911, had been closed to visitors since a storm damaged "
        "its lantern room. The volunteers raised most of the money themselves through concerts and a small "
        "online shop. From next month the lighthouse will be open to the public on Saturdays, and the "
        "local school plans to use it for lessons about the history of the coast.\n",
    ),
    "it2": (
        "it",
        "vendemmia",
        "La vendemmia anticipata preoccupa i viticoltori\n"
        "Quest'anno la vendemmia è cominciata con quasi due settimane di anticipo in molte zone del Piemonte. "
        "Il caldo di agosto ha accelerato la maturazione dell'uva, ma ha anche ridotto la quantità raccolta. "
        "I produttori temono che i costi dell'irrigazione e della manodopera facciano salire i prezzi del "
        "vino. Le associazioni di categoria chiedono alla regione un fondo straordinario per le aziende più "
        "piccole, che non riescono a sostenere le spese.\n",
    ),
    "de2": (
        "de",
        "Fahrradwege",
        "Neue Fahrradwege für die Innenstadt\n"
        "Der Stadtrat hat am Dienstag beschlossen, in den nächsten zwei Jahren zwölf Kilometer neue "
        "Fahrradwege zu bauen. Die Grünen hatten den Plan seit langem gefordert, die Opposition kritisierte "
        "dagegen den Wegfall von rund dreihundert Parkplätzen. Die Kosten von etwa acht Millionen Euro "
        "sollen zum Teil vom Land übernommen werden. Die ersten Bauarbeiten beginnen im Frühjahr an der "
        "Hauptstraße zwischen Bahnhof und Marktplatz.\n",
    ),
    "en2": (
        "en",
        "ferry",
        "Island ferry service to resume in spring\n"
        "The ferry service between the harbour and the island will resume in April, the transport company "
        "announced on Friday. The route was suspended last winter after the only vessel failed a safety "
        "inspection. A second-hand ship has now been bought from a Norwegian operator and is being refitted. "
        "Islanders, who have relied on a small water taxi for months, welcomed the news but asked for more "
        "frequent crossings during the tourist season.\n",
    ),
}


def write_good(folder: Path, name: str, key: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD[key][2], encoding="utf-8")
    return path


def one_line(key: str) -> str:
    """A good text without its title line or newlines (for CSV/JSON records)."""
    return GOOD[key][2].split("\n", 1)[1].replace("\n", " ").strip()


# --- helpers ------------------------------------------------------------------


def summary(stdout: str) -> str:
    """The CLI's ingest summary line ("ingested N, duplicates N, rejected N")."""
    lines = [line for line in stdout.splitlines() if line.startswith("ingested ")]
    assert len(lines) == 1, stdout
    return lines[0]


def ingest(store: Store, settings: Settings, *paths: Path | str) -> IngestReport:
    heard: list[Rejection] = []
    report = ingest_paths([str(p) for p in paths], store, settings, on_reject=heard.append)
    assert heard == report.rejected  # every rejection is reported as it happens, once
    return report


def stored_rows(store: Store) -> dict[str, dict]:
    rows = {a.row["origin"]: a.row for a in store.iter_articles()}
    assert len(rows) == len(store.article_ids())
    return rows


def assert_rejections(report: IngestReport, expected: dict[str, tuple[str, ...]]) -> None:
    """Exactly the expected origins are rejected, once each, with the key words in the reason."""
    origins = [r.origin for r in report.rejected]
    assert sorted(origins) == sorted(expected), f"rejections: {report.rejected}"
    for rej in report.rejected:
        for word in expected[rej.origin]:
            assert word.lower() in rej.reason.lower(), f"{word!r} not in reason {rej}"


def assert_good_stored(store: Store, expected: dict[str | Path, str]) -> None:
    """Each origin (a good file or record) is stored with its language and text."""
    rows = stored_rows(store)
    for origin, key in expected.items():
        row = rows.get(str(origin))
        assert row is not None, f"{origin} not stored; stored: {sorted(rows)}"
        language, word, _ = GOOD[key]
        assert row["language"] == language, f"{origin}: language {row['language']}"
        assert word in row["text"]


# --- one bad file, one clear rejection, the good file still stored --------------

PNG_LIKE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 40
CHROME_ONLY = (
    'Press "Enter" to skip to content\n'
    "Lascia un commento\n"
    "Il tuo indirizzo email non sarà pubblicato. I campi obbligatori sono contrassegnati *\n"
    "Mission News Theme by Compete Themes.\n"
)

SINGLE_BAD: list[tuple[str, str, bytes, tuple[str, ...]]] = [
    # (case id, file name, content, key words of the reason)
    ("empty", "empty.txt", b"", ("empty",)),
    ("whitespace", "blank.txt", b"  \n\t\r\n   \n", ("whitespace",)),
    ("binary", "photo.txt", PNG_LIKE, ("binary",)),
    ("malformed-json", "broken.json", b'{"title": "Mezza frase", "text": "Il consiglio comunale', ("malformed JSON",)),
    ("csv-no-text-column", "notext.csv", b"title,body\nUn titolo,Un corpo\n", ("no 'text' column",)),
    ("json-whitespace-text", "blank_text.json", b'{"title": "Vuoto", "text": "  \\n\\t  "}', ("empty", "whitespace")),
    ("only-site-chrome", "chrome.txt", CHROME_ONLY.encode("utf-8"), ("chrome",)),
    (
        "unknown-pdf",
        "report.pdf",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n",
        ("unsupported file type", ".pdf"),
    ),
    ("unknown-docx", "letter.docx", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", ("unsupported file type", ".docx")),
    ("empty-jsonl", "empty.jsonl", b"", ("empty",)),
]


@pytest.mark.parametrize(("name", "content", "words"), [c[1:] for c in SINGLE_BAD], ids=[c[0] for c in SINGLE_BAD])
def test_bad_file_rejected_good_file_stored(
    tmp_path: Path, store: Store, settings: Settings, name: str, content: bytes, words: tuple[str, ...]
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = write_good(tmp_path, "good.txt", "it")

    report = ingest(store, settings, bad, good)

    assert_rejections(report, {str(bad): words})
    assert report.ingested == [str(good)]
    assert_good_stored(store, {good: "it"})


def test_invalid_utf8_is_ingested_with_replacements_and_a_warning(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    body = GOOD["it2"][2].encode("utf-8")
    broken = body.replace(b"anticipo", b"antic\xffpo", 1).replace(b"produttori", b"produ\xc3(ttori", 1)
    assert broken.count(b"\xff") == 1 and b"\xc3(" in broken
    bad = tmp_path / "broken_utf8.txt"
    bad.write_bytes(broken)
    good = write_good(tmp_path, "good.txt", "de")

    report = ingest(store, settings, bad, good)

    assert report.rejected == []
    assert sorted(report.ingested) == sorted([str(bad), str(good)])
    row = stored_rows(store)[str(bad)]
    assert "antic\ufffdpo" in row["text"]
    assert "produ\ufffd(ttori" in row["text"]
    assert "vendemmia è cominciata" in row["text"]  # the valid UTF-8 around it is decoded as UTF-8
    assert row["language"] == "it"
    warnings = json.loads(row["warnings"])
    assert any("invalid UTF-8" in w and "2 byte(s)" in w for w in warnings), warnings
    assert_good_stored(store, {good: "de"})


LEGACY_TEXTS = {
    "italian": (
        "cp1252",
        "it",
        "Perché la città è così cara?\n"
        "Il sindaco Müller ha presentato ieri il bilancio comunale, che supera i 3 milioni di €. "
        "Già la settimana scorsa l'opposizione, guidata da François Lefèvre, aveva criticato la gestione dei "
        "rifiuti e dei trasporti pubblici. Più tardi il consiglio comunale si è riunito per discutere le "
        "proposte. Secondo i cittadini, però, "
        "le tasse sono aumentate troppo negli ultimi anni e la qualità dei servizi non è migliorata. "
        "Così, dicono, non si può andare avanti: perciò chiedono più trasparenza.\n",
    ),
    "german": (
        "cp1252",
        "de",
        "Müllgebühren steigen in München\n"
        "Die Bürger in München müssen im nächsten Jahr höhere Gebühren für die Müllabfuhr zahlen. "
        "Für einen Haushalt mit vier Personen steigt der Beitrag um 45 € im Jahr, sagte Bürgermeister "
        "Jürgen Weiß am Montag. Außerdem sollen die Öffnungszeiten der Wertstoffhöfe verlängert werden. "
        "Die Opposition äußerte Kritik: Die Erhöhung sei zu groß und komme zu früh.\n",
    ),
    "italian-latin1": (
        "latin-1",
        "it",
        "Perché l'università è così lontana?\n"
        "Gli studenti fuori sede si lamentano: la città universitaria è a un'ora di autobus dal centro. "
        "L'ateneo però ricorda che il nuovo campus è più grande e più moderno della vecchia sede. "
        "Così il rettore ha promesso una navetta gratuita già dal prossimo semestre. "
        "Nel frattempo, però, molti ragazzi hanno già rinunciato all'alloggio e tornano a casa ogni sera.\n",
    ),
}


@pytest.mark.parametrize("case", list(LEGACY_TEXTS))
def test_legacy_8bit_encoding_is_decoded_correctly(tmp_path: Path, store: Store, settings: Settings, case: str) -> None:
    encoding, language, text = LEGACY_TEXTS[case]
    bad = tmp_path / f"{case}.txt"
    bad.write_bytes(text.encode(encoding))
    good = write_good(tmp_path, "good.txt", "en")

    report = ingest(store, settings, bad, good)

    assert report.rejected == []
    row = stored_rows(store).get(str(bad))
    assert row is not None, "the legacy-encoded file was not stored"
    # Every accented word of the original survives decoding.
    accented = sorted({w.strip(".,:;?!'€()") for w in text.split() if not w.isascii()} - {""})
    missing = [w for w in accented if w not in row["text"] and w not in (row["title"] or "")]
    warnings = json.loads(row["warnings"])
    assert missing == [], f"mis-decoded words {missing}; warnings {warnings}"
    assert row["language"] == language
    assert any("not UTF-8" in w for w in warnings), warnings
    assert_good_stored(store, {good: "en"})


# --- files holding several records ------------------------------------------------


def test_json_list_with_bad_items(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = tmp_path / "batch.json"
    records = [{"title": "Biblioteca", "text": one_line("it")}, 42, {"title": "Senza testo", "source": "Eco"}]
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    good = write_good(tmp_path, "good.txt", "de")

    report = ingest(store, settings, path, good)

    assert_rejections(
        report,
        {f"{path}[1]": ("expected a JSON object", "int"), f"{path}[2]": ("no 'text' field",)},
    )
    assert_good_stored(store, {f"{path}[0]": "it", good: "de"})
    assert len(store.article_ids()) == 2


def test_jsonl_with_a_malformed_line(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": one_line("it"), "title": "Biblioteca"}, ensure_ascii=False),
        '{"text": "Il consiglio comunale si è riunito", "title": ',
        json.dumps({"text": one_line("en"), "title": "Lighthouse"}),
        "",
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    good = write_good(tmp_path, "good.txt", "de")

    report = ingest(store, settings, path, good)

    assert_rejections(report, {f"{path}:2": ("malformed JSON",), f"{path}:5": ("expected a JSON object", "list")})
    assert_good_stored(store, {f"{path}:1": "it", f"{path}:3": "en", good: "de"})


def test_csv_with_an_empty_text_row(tmp_path: Path, store: Store, settings: Settings) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        "title,text,source\n"
        f'Biblioteca,"{one_line("it")}",Eco di Quartiere\n'
        "Vuoto,,Eco di Quartiere\n"
        f'Lighthouse,"{one_line("en")}",Coast Gazette\n',
        encoding="utf-8",
    )
    good = write_good(tmp_path, "good.txt", "de")

    report = ingest(store, settings, path, good)

    assert_rejections(report, {f"{path}:3": ("empty",)})
    assert_good_stored(store, {f"{path}:2": "it", f"{path}:4": "en", good: "de"})


# --- paths: unknown types in folders, missing paths, symlink loops -------------------


def test_unknown_extension_inside_a_folder(tmp_path: Path, store: Store, settings: Settings) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00")
    good = write_good(folder, "good.txt", "it")

    report = ingest(store, settings, folder)

    assert_rejections(
        report,
        {
            str(folder / "scan.pdf"): ("unsupported file type", ".pdf"),
            str(folder / "notes.docx"): ("unsupported file type", ".docx"),
        },
    )
    assert_good_stored(store, {good: "it"})


def test_missing_path(tmp_path: Path, store: Store, settings: Settings) -> None:
    missing = tmp_path / "nowhere" / "article.txt"
    good = write_good(tmp_path, "good.txt", "it")

    report = ingest(store, settings, missing, good)

    assert_rejections(report, {str(missing): ("no such file",)})
    assert_good_stored(store, {good: "it"})


def test_symlink_to_itself_given_explicitly(tmp_path: Path, store: Store, settings: Settings) -> None:
    link = tmp_path / "self.txt"
    os.symlink("self.txt", link)
    good = write_good(tmp_path, "good.txt", "it")

    report = ingest(store, settings, link, good)

    assert_rejections(report, {str(link): ("symlink loop",)})
    assert_good_stored(store, {good: "it"})


@pytest.mark.timeout(60)
def test_folder_with_symlinks_back_to_its_parents(tmp_path: Path, store: Store, settings: Settings) -> None:
    folder = tmp_path / "corpus"
    sub = folder / "sub"
    sub.mkdir(parents=True)
    os.symlink(folder, folder / "again")  # corpus/again -> corpus
    os.symlink("..", sub / "up")  # corpus/sub/up -> corpus
    os.symlink("self.txt", folder / "self.txt")  # a file link to itself, found by the walk
    good = write_good(folder, "good.txt", "it")
    good2 = write_good(sub, "good.txt", "de")

    report = ingest(store, settings, folder)

    assert_rejections(
        report,
        {
            str(folder / "again"): ("symlink loop",),
            str(sub / "up"): ("symlink loop",),
            str(folder / "self.txt"): ("symlink loop",),
        },
    )
    assert_good_stored(store, {good: "it", good2: "de"})
    assert len(store.article_ids()) == 2


# --- size limits ------------------------------------------------------------------

BIG_MB = 20


@pytest.fixture(scope="module")
def big_txt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20 MB plain-text article: distinct numbered paragraphs of English prose."""
    path = tmp_path_factory.mktemp("big") / "huge.txt"
    para = (
        "The council met again on Tuesday evening to discuss the budget for public transport. "
        "Several members argued that the proposed fares were too high for students and pensioners. "
        "The mayor promised a decision before the end of the month, after a public consultation.\n"
    )
    target = BIG_MB * 1024 * 1024
    with path.open("w", encoding="utf-8") as fh:
        fh.write("A very long report on the transport budget\n")
        i = 0
        while fh.tell() < target:
            fh.write(f"Session {i}. {para}")
            i += 1
    return path


def test_20mb_txt_rejected_over_default_limit(tmp_path: Path, big_txt: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRESSLENS_MAX_FILE_MB", raising=False)
    good = write_good(tmp_path, "good.txt", "it")
    db = tmp_path / "cli.db"

    proc = run_cli("ingest", str(big_txt), str(good), "--db", str(db), "-q", "--no-translate")

    assert proc.returncode == 1, proc.stderr
    assert summary(proc.stdout) == "ingested 1, duplicates 0, rejected 1"
    rejected = [line for line in proc.stderr.splitlines() if line.startswith("rejected: ")]
    assert len(rejected) == 1, proc.stderr
    line = rejected[0]
    assert line.startswith(f"rejected: {big_txt}: ")
    for word in ("20.0 MB", "10.0 MB limit", "PRESSLENS_MAX_FILE_MB"):
        assert word in line
    store = Store(f"sqlite:///{db}", create=False)
    try:
        assert_good_stored(store, {good: "it"})
    finally:
        store.close()


@pytest.mark.slow
def test_20mb_txt_accepted_under_a_raised_limit(tmp_path: Path, big_txt: Path) -> None:
    # Measured: about 25 s on a 2-core machine, most of it in segmentation.
    db = tmp_path / "cli.db"
    started = time.monotonic()
    proc = run_cli("ingest", str(big_txt), "--db", str(db), "-q", "--no-translate", env={"PRESSLENS_MAX_FILE_MB": "30"})
    elapsed = time.monotonic() - started

    assert "rejected: " not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert summary(proc.stdout) == "ingested 1, duplicates 0, rejected 0"
    store = Store(f"sqlite:///{db}", create=False)
    try:
        (article,) = list(store.iter_articles())
        assert article.row["origin"] == str(big_txt)
        assert article.row["word_count"] > 3_000_000
    finally:
        store.close()
    print(f"20 MB .txt ingested in {elapsed:.1f} s")


_MEMORY_CHILD = textwrap.dedent(
    """
    import json, resource, sys, threading
    import psutil
    from presslens.config import Settings
    from presslens.pipeline import ingest_paths
    from presslens.store import Store

    big, warm, db = sys.argv[1:4]
    settings = Settings(db_url="sqlite:///" + db)
    store = Store(settings.db_url)
    ingest_paths([warm], store, settings)  # load lexicons and matchers before measuring
    proc = psutil.Process()
    rss_before = proc.memory_info().rss
    maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = rss_before
    done = threading.Event()

    def sample():
        global peak
        while not done.wait(0.01):
            peak = max(peak, proc.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    report = ingest_paths([big], store, settings)
    done.set()
    sampler.join()
    maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if maxrss_after > maxrss_before:  # a new high-water mark, possibly between samples (KiB on Linux)
        peak = max(peak, maxrss_after * 1024)
    store.close()
    print(json.dumps({
        "growth": peak - rss_before,
        "ingested": len(report.ingested),
        "duplicates": len(report.duplicates),
        "rejected": len(report.rejected),
    }))
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in KiB on Linux only")
def test_20mb_jsonl_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    # 50 distinct articles repeated to 20 MB: each record is read, looked up and
    # (after its first time) counted as a duplicate, so the run stays short.
    distinct = []
    for i in range(50):
        key = list(GOOD)[i % len(GOOD)]
        distinct.append(
            json.dumps({"title": f"Item {i}", "text": f"Edizione numero {i}. {one_line(key)} " * 5}, ensure_ascii=False)
        )
    big = tmp_path / "many.jsonl"
    target = BIG_MB * 1024 * 1024
    n = 0
    with big.open("w", encoding="utf-8") as fh:
        while fh.tell() < target:
            fh.write(distinct[n % len(distinct)] + "\n")
            n += 1
    size = big.stat().st_size
    # Warm up on one article per language first: lexicons and gazetteers load once
    # per language and are not what this test measures.
    warm = tmp_path / "warm"
    for key in GOOD:
        write_good(warm, f"{key}.txt", key)

    proc = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHILD, str(big), str(warm), str(tmp_path / "mem.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )

    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["rejected"] == 0
    assert result["ingested"] == len(distinct)
    assert result["ingested"] + result["duplicates"] == n
    # Streaming keeps only a record at a time; reading the whole file would cost
    # its size several times over (bytes, str, lines, parsed objects).
    assert result["growth"] < size, (
        f"peak RSS grew by {result['growth'] / 2**20:.1f} MB for a {size / 2**20:.0f} MB file"
    )


# --- everything at once, through the CLI ---------------------------------------------


def _make_batch(tmp_path: Path, big_txt: Path) -> tuple[list[str], dict[str, tuple[str, ...]], dict[str, str]]:
    """Build every kind of bad input plus two good files; return (paths, rejections, good)."""
    d = tmp_path / "batch"
    d.mkdir()
    paths: list[Path] = []
    expected: dict[str, tuple[str, ...]] = {}

    def bad(name: str, content: bytes, *words: str) -> Path:
        path = d / name
        path.write_bytes(content)
        paths.append(path)
        expected[str(path)] = words
        return path

    bad("empty.txt", b"", "empty")
    bad("blank.txt", b"   \n\t\n", "whitespace")
    bad("photo.txt", PNG_LIKE, "binary")
    bad("broken.json", b'{"text": "Il consiglio', "malformed JSON")
    lst = d / "list.json"
    lst.write_text(json.dumps([42, {"title": "Senza testo"}]), encoding="utf-8")
    paths.append(lst)
    expected[f"{lst}[0]"] = ("expected a JSON object",)
    expected[f"{lst}[1]"] = ("no 'text' field",)
    jl = d / "feed.jsonl"
    jl.write_text('\n{"text": "Die Stadt", \n', encoding="utf-8")
    paths.append(jl)
    expected[f"{jl}:2"] = ("malformed JSON",)
    bad("notext.csv", b"title,body\nA,B\n", "no 'text' column")
    emptyrow = d / "emptyrow.csv"
    emptyrow.write_bytes(b"title,text\nSolo titolo,\n")
    paths.append(emptyrow)
    expected[f"{emptyrow}:2"] = ("empty",)
    bad("blank_text.json", b'{"title": "Vuoto", "text": "   "}', "whitespace")
    bad("chrome.txt", CHROME_ONLY.encode("utf-8"), "chrome")
    bad("report.pdf", b"%PDF-1.7\n", "unsupported file type", ".pdf")

    missing = d / "missing.txt"
    paths.append(missing)
    expected[str(missing)] = ("no such file",)
    selflink = d / "selflink.txt"
    os.symlink("selflink.txt", selflink)
    paths.append(selflink)
    expected[str(selflink)] = ("symlink loop",)
    paths.append(big_txt)
    expected[str(big_txt)] = ("limit", "PRESSLENS_MAX_FILE_MB")

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "letter.docx").write_bytes(b"PK\x03\x04")
    expected[str(folder / "letter.docx")] = ("unsupported file type", ".docx")
    os.symlink(folder, folder / "loop")
    expected[str(folder / "loop")] = ("symlink loop",)
    good_de = write_good(folder, "good_de.txt", "de")
    paths.append(folder)

    good_it = write_good(tmp_path, "good_it.txt", "it")
    paths.insert(5, good_it)  # good files in the middle of the batch, not just at the end
    return [str(p) for p in paths], expected, {str(good_it): "it", str(good_de): "de"}


def _rejected_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("rejected: ")]


def _check_rejected_lines(lines: list[str], expected: dict[str, tuple[str, ...]]) -> None:
    for origin, words in expected.items():
        mine = [line for line in lines if line.startswith(f"rejected: {origin}: ")]
        assert len(mine) == 1, f"{origin}: {len(mine)} rejection lines in {lines}"
        for word in words:
            assert word.lower() in mine[0].lower(), f"{word!r} not in {mine[0]!r}"
    assert len(lines) == len(expected), lines


def _store_snapshot(db: Path) -> dict[str, object]:
    store = Store(f"sqlite:///{db}", create=False)
    try:
        return {
            "articles": sorted(
                (a.row["id"], a.row["origin"], a.row["text"], a.row["ingested_at"]) for a in store.iter_articles()
            ),
            "stats": store.stats(),
        }
    finally:
        store.close()


def test_cli_batch_mixing_every_bad_input(tmp_path: Path, big_txt: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRESSLENS_MAX_FILE_MB", raising=False)
    paths, expected, good = _make_batch(tmp_path, big_txt)
    db = tmp_path / "cli.db"
    n = len(expected)

    first = run_cli("ingest", *paths, "--db", str(db), "--no-translate")

    assert first.returncode == 1, first.stderr
    assert summary(first.stdout) == f"ingested 2, duplicates 0, rejected {n}"
    _check_rejected_lines(_rejected_lines(first.stderr), expected)
    store = Store(f"sqlite:///{db}", create=False)
    try:
        assert_good_stored(store, good)
        assert len(store.article_ids()) == 2
    finally:
        store.close()
    before = _store_snapshot(db)

    second = run_cli("ingest", *paths, "--db", str(db), "--no-translate")

    assert second.returncode == 1, second.stderr
    assert summary(second.stdout) == f"ingested 0, duplicates 2, rejected {n}"
    _check_rejected_lines(_rejected_lines(second.stderr), expected)
    assert _store_snapshot(db) == before
