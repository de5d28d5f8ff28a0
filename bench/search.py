# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Search latency through the HTTP API on SQLite and PostgreSQL, against a trivial view.

    .venv/bin/python bench/search.py [--sizes 1000,10000,100000] [--backends sqlite,postgresql]

For each backend the script builds a fresh database (SQLite file in a temporary folder;
PostgreSQL database ``stadtnetz_bench_search`` at $BENCH_POSTGRES, default
postgres://postgres@127.0.0.1:5432), imports the real municipality registry and indexes it (11,004
documents), then adds a synthetic German corpus of measures and lessons, generated from
vocabularies and inserted directly as search documents, up to each size in turn. At each size it
sends 200 typical queries (single words, two words, words being typed, place names, some with
facet filters) through Django's test client — the whole request stack: middleware, URL routing,
django-ninja, JSON — three rounds, and takes each query's median. In the same run, interleaved,
it requests the trivial view ``/healthz`` (a JSON {"status": "ok"}) as the floor. Then it serves
the same database with gunicorn (one sync worker) and sends the same queries and the floor over
HTTP on 127.0.0.1, one connection per request, the same way.
After the documents are written the database is vacuumed and analysed, as autovacuum would
(PostgreSQL) or as ``ANALYZE`` does (SQLite).
Writes bench/results/search.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "search.json"
ROUNDS = 3
QUERIES = 200
SEED = 20260125

STATES = ["SH", "HH", "NI", "HB", "NW", "HE", "RP", "BW", "BY", "SL", "BE", "BB", "MV", "SN",
          "ST", "TH"]  # fmt: skip
SIZES = ["grossstadt", "mittelstadt", "kleinstadt", "landgemeinde"]
KINDS = ["municipality", "county", "cooperation"]
FIELDS = {
    "verwaltung": ["Verwaltung", "Bürgerservice", "Onlinezugang", "Antrag", "Bürgerkonto",
                   "Verwaltungsdigitalisierung", "E-Akte", "Terminbuchung", "Rathaus"],
    "mobilitaet": ["Mobilität", "Radverkehr", "Radweg", "Carsharing", "Rufbus", "Parkraum",
                   "Mobilitätsstation", "Lastenrad", "Ladeinfrastruktur", "Verkehrszählung"],
    "energie-umwelt": ["Energie", "Klimaschutz", "Wärmeplanung", "Solardach", "Straßenbeleuchtung",
                       "Hitzeschutz", "Starkregen", "Luftqualität", "Stromverbrauch"],
    "gesellschaft-bildung": ["Bildung", "Schule", "Bibliothek", "Jugendbeteiligung",
                             "Medienkompetenz", "Ehrenamt", "Senioren", "Integration"],
    "gesundheit": ["Gesundheit", "Telemedizin", "Pflege", "Gesundheitskiosk", "Notfallversorgung",
                   "Hausarzt", "Prävention"],
    "beteiligung": ["Bürgerbeteiligung", "Buergerbeteiligung", "Beteiligungsplattform",
                    "Beteiligung der Bürger", "Bürgerrat", "Mängelmelder", "Befragung",
                    "Bürgerhaushalt"],
    "daten-plattformen": ["Datenplattform", "Open Data", "Sensornetz", "Dashboard", "Datenraum",
                          "Digitaler Zwilling", "LoRaWAN", "Geodaten", "Schnittstelle"],
    "infrastruktur": ["Breitband", "Glasfaser", "WLAN", "Rechenzentrum", "Infrastruktur",
                      "Funknetz", "Smart Meter"],
    "wirtschaft-handel": ["Innenstadt", "Einzelhandel", "Leerstand", "Lieferverkehr",
                          "Gewerbe", "Marktplatz", "Tourismus", "Fachkräfte"],
    "stadtplanung-raum": ["Stadtplanung", "Quartier", "Quartiersentwicklung", "Bauleitplanung",
                          "Flächenmanagement", "Dorfentwicklung", "Grünflächen", "Wohnraum"],
}  # fmt: skip
ADJECTIVES = ["digitale", "offene", "smarte", "kommunale", "interkommunale", "nachhaltige",
              "barrierefreie", "gemeinsame", "regionale", "neue", "vernetzte", "ländliche"]  # fmt: skip
ACTIONS = ["Aufbau", "Einführung", "Erprobung", "Ausbau", "Entwicklung", "Pilotierung",
           "Verstetigung", "Evaluation", "Umsetzung", "Planung"]  # fmt: skip
SENTENCES = [
    "Die {place} hat gemeinsam mit {partner} {adj} Lösungen für {topic} entwickelt.",
    "Im Mittelpunkt stand {topic}; beteiligt waren Verwaltung, Politik und Zivilgesellschaft.",
    "Nach der Förderphase trägt {partner} den Betrieb, die laufenden Kosten liegen bei "
    "{cost} Euro im Jahr.",
    "Gut funktioniert hat {topic2}, weniger gut die Abstimmung mit {partner}.",
    "Die Vergabe lief über {procurement}; benötigt wurden Daten zu {topic2}.",
    "Übertragbar ist der Ansatz auf {size} mit ähnlicher Ausgangslage.",
    "Für {topic} wurden {staff} Stellen geschaffen und {months} Monate eingeplant.",
    "Die Bürgerinnen und Bürger wurden über {channel} einbezogen.",
    "Wichtig war eine frühe Beteiligung der Bürger und eine klare Datenstrategie.",
    "Die Ergebnisse fließen in die Smart-City-Strategie der {place} ein.",
]  # fmt: skip
PARTNERS = ["dem Landkreis", "den Stadtwerken", "einer Hochschule", "dem Nachbarort",
            "einem Zweckverband", "örtlichen Vereinen", "einem Start-up", "der IHK"]  # fmt: skip
PROCUREMENTS = ["eine offene Ausschreibung", "eine Rahmenvereinbarung", "die Inhouse-Vergabe",
                "ein Verhandlungsverfahren", "eine Kooperation nach § 108 GWB"]  # fmt: skip
CHANNELS = ["eine Onlineplattform", "Werkstätten vor Ort", "eine App", "Bürgerversammlungen",
            "Befragungen", "einen Bürgerrat"]  # fmt: skip
SIZE_WORDS = ["Kleinstädte", "Mittelstädte", "Großstädte", "Landgemeinden", "Landkreise"]


def _sentence(rng: random.Random, place: str, topics: list[str]) -> str:
    return rng.choice(SENTENCES).format(
        place=f"Stadt {place}", partner=rng.choice(PARTNERS), adj=rng.choice(ADJECTIVES),
        topic=rng.choice(topics), topic2=rng.choice(rng.choice(list(FIELDS.values()))),
        cost=f"{rng.randint(5, 400)}.000", procurement=rng.choice(PROCUREMENTS),
        size=rng.choice(SIZE_WORDS), staff=rng.randint(1, 6), months=rng.randint(6, 48),
        channel=rng.choice(CHANNELS),
    )  # fmt: skip


def synthetic_documents(start: int, stop: int, places: list[str]):
    """Measures and lessons number start … stop-1, the same for the same numbers."""
    from stadtnetz.search.registry import Document

    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for number in range(start, stop):
        rng = random.Random(SEED * 7 + number)
        fields = rng.sample(sorted(FIELDS), rng.choice([1, 1, 2, 3]))
        topics = [word for key in fields for word in FIELDS[key]]
        place = rng.choice(places)
        kind = "lesson" if number % 3 == 0 else "measure"
        topic = rng.choice(topics)
        if kind == "measure":
            title = (
                f"{rng.choice(ACTIONS)}: {rng.choice(ADJECTIVES).capitalize()} {topic} in {place}"
            )
        else:
            title = f"Lernbeispiel {topic}: was {place} gelernt hat"
        body = " ".join(_sentence(rng, place, topics) for _ in range(rng.randint(4, 8)))
        yield kind, Document(
            object_id=str(number), title=title, body=body, url=f"/bench/{kind}/{number}/",
            updated=base + dt.timedelta(minutes=number), state=rng.choice(STATES),
            size_class=rng.choice(SIZES), kind=rng.choice(KINDS), fields=tuple(fields),
        )  # fmt: skip


def typical_queries(places: list[str]) -> list[dict]:
    rng = random.Random(SEED)
    words = [word for values in FIELDS.values() for word in values]
    queries: list[dict] = []
    while len(queries) < QUERIES:
        shape = rng.random()
        if shape < 0.35:
            q = rng.choice(words)
        elif shape < 0.6:
            q = f"{rng.choice(words)} {rng.choice(words).split()[0]}"
        elif shape < 0.75:  # typing: a prefix of a word
            word = rng.choice(words)
            q = word[: rng.randint(3, max(3, len(word) - 1))]
        elif shape < 0.85:
            q = rng.choice(places)
        else:
            q = f"{rng.choice(ADJECTIVES)} {rng.choice(words)}"
        params = {"q": q}
        if rng.random() < 0.25:
            params[rng.choice(["state", "size_class", "type", "field"])] = None
            key = next(k for k, v in params.items() if v is None)
            params[key] = {
                "state": rng.choice(STATES), "size_class": rng.choice(SIZES),
                "type": rng.choice(["measure", "lesson", "municipality"]),
                "field": rng.choice(sorted(FIELDS)),
            }[key]  # fmt: skip
        queries.append(params)
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def run_backend(backend: str, sizes: list[int]) -> dict:
    """Runs inside a child process whose environment selects the database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils.translation import gettext_lazy

    from stadtnetz.municipalities.models import Municipality
    from stadtnetz.municipalities.services import registry_import
    from stadtnetz.search import registry
    from stadtnetz.search.models import SearchDocument
    from stadtnetz.search.registry import Provider
    from stadtnetz.search.services import document_row, search_reindex

    call_command("migrate", verbosity=0)
    registry_import(force=True)
    for key, label in (("measure", "Measure"), ("lesson", "Lesson")):
        if registry.provider(key) is None:
            registry.register(
                Provider(key=key, label=gettext_lazy(label), documents=lambda p: iter(()))
            )
    started = time.perf_counter()
    search_reindex(keys=["municipality", "organisation"])
    registry_seconds = time.perf_counter() - started
    places = list(
        Municipality.objects.filter(population__gte=5000).values_list("short_name", flat=True)
    )
    places = sorted(places)
    queries = typical_queries(places)
    client = Client(HTTP_HOST="127.0.0.1")
    figures = []
    have = 0
    for size in sizes:
        started = time.perf_counter()
        batch = []
        for kind, document in synthetic_documents(have, size, places):
            batch.append(document_row(kind, document))
            if len(batch) >= 5000:
                SearchDocument.objects.bulk_create(batch)
                batch = []
        SearchDocument.objects.bulk_create(batch)
        have = size
        insert_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if backend == "postgresql" else "ANALYZE")
        for params in queries[:20]:  # warm caches
            client.get("/api/v1/search", params)
            client.get("/healthz")
        per_query: list[list[float]] = [[] for _ in queries]
        trivial: list[float] = []
        counts: list[int] = []
        errors = 0
        for _round in range(ROUNDS):
            for index, params in enumerate(queries):
                t0 = time.perf_counter()
                response = client.get("/api/v1/search", params)
                per_query[index].append((time.perf_counter() - t0) * 1000)
                if response.status_code != 200:
                    errors += 1
                elif _round == 0:
                    counts.append(response.json()["count"])
                t0 = time.perf_counter()
                client.get("/healthz")
                trivial.append((time.perf_counter() - t0) * 1000)
        medians = [statistics.median(values) for values in per_query]
        search_p50, search_p95 = percentile(medians, 0.5), percentile(medians, 0.95)
        trivial_p50, trivial_p95 = percentile(trivial, 0.5), percentile(trivial, 0.95)
        http = over_http(queries)
        if errors or http["non_200_responses"]:  # e.g. the rate limit: the figures would be void
            sys.exit(f"{backend} at {size}: {errors} searches in-process and "
                     f"{http['non_200_responses']} over HTTP did not answer 200")  # fmt: skip
        total_documents = SearchDocument.objects.count()
        figure = {
            "synthetic_documents": size,
            "total_documents": total_documents,
            "insert_seconds": round(insert_seconds, 1),
            "search_p50_ms": round(search_p50, 2),
            "search_p95_ms": round(search_p95, 2),
            "search_max_ms": round(max(medians), 2),
            "trivial_p50_ms": round(trivial_p50, 2),
            "trivial_p95_ms": round(trivial_p95, 2),
            "ratio_p50": round(search_p50 / trivial_p50, 2),
            "ratio_p95": round(search_p95 / trivial_p95, 2),
            "http": http,
            "median_hits": statistics.median(counts) if counts else 0,
            "non_200_responses": errors,
            "slowest_queries": [
                {"params": queries[i], "ms": round(medians[i], 1)}
                for i in sorted(range(len(queries)), key=lambda i: -medians[i])[:5]
            ],
        }
        print(backend, json.dumps(figure, ensure_ascii=False), flush=True)
        figures.append(figure)
    return {
        "backend": backend,
        "server_version": connection.cursor().connection.__class__.__module__
        if backend == "postgresql"
        else None,
        "registry_index_seconds": round(registry_seconds, 1),
        "sizes": figures,
    }


def free_port() -> int:
    """A port nobody listens on: other engineers run this benchmark on the same machine, and a
    fixed port sent the searches to their server (and its rate limit)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def over_http(queries: list[dict]) -> dict:
    """The same queries and the floor through gunicorn on this database, over a socket."""
    import http.client
    import urllib.parse

    from django.db import connection

    connection.close()
    port = free_port()

    def get(path: str, params: dict | None = None) -> tuple[int, float]:
        target = path + ("?" + urllib.parse.urlencode(params) if params else "")
        t0 = time.perf_counter()
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        client.request("GET", target, headers={"Host": "127.0.0.1"})
        response = client.getresponse()
        response.read()
        client.close()
        return response.status, (time.perf_counter() - t0) * 1000

    env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DATABASE_CONN_MAX_AGE": "60"}
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "-w", "1", "-b",
         f"127.0.0.1:{port}", "--log-level", "warning"], cwd=ROOT, env=env,
        start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(150):
            try:
                if get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        if server.poll() is not None:
            sys.exit(f"gunicorn did not start on port {port}")
        for params in queries[:20]:
            get("/api/v1/search", params)
        per_query: list[list[float]] = [[] for _ in queries]
        trivial: list[float] = []
        errors = 0
        for _round in range(ROUNDS):
            for index, params in enumerate(queries):
                status, ms = get("/api/v1/search", params)
                per_query[index].append(ms)
                errors += status != 200
                trivial.append(get("/healthz")[1])
    finally:
        server.terminate()
        server.wait(timeout=30)
    medians = [statistics.median(values) for values in per_query]
    p50, p95 = percentile(medians, 0.5), percentile(medians, 0.95)
    t50, t95 = percentile(trivial, 0.5), percentile(trivial, 0.95)
    return {
        "search_p50_ms": round(p50, 2), "search_p95_ms": round(p95, 2),
        "trivial_p50_ms": round(t50, 2), "trivial_p95_ms": round(t95, 2),
        "ratio_p50": round(p50 / t50, 2), "ratio_p95": round(p95 / t95, 2),
        "non_200_responses": errors,
    }  # fmt: skip


def child(backend: str, sizes: list[int]) -> None:
    result = run_backend(backend, sizes)
    print("RESULT " + json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", default="")
    parser.add_argument(
        "--database",
        default="stadtnetz_bench_search",
        help="PostgreSQL database to drop and create (one per engineer)",
    )
    parser.add_argument("--results", default=str(RESULTS), help="where to write the JSON")
    args = parser.parse_args()
    results_path = Path(args.results).resolve()
    sizes = [int(value) for value in args.sizes.split(",")]
    if args.child:
        child(args.child, sizes)
        return
    results = []
    postgres = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    for backend in args.backends.split(","):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.base",
               "DJANGO_DEBUG": "0", "STADTNETZ_ALLOW_INSECURE_KEY": "1",
               "STADTNETZ_LOG_LEVEL": "WARNING",
               # the search API is rate-limited per client (60 a minute); the benchmark is one
               # client sending thousands of searches
               "STADTNETZ_RATE_SEARCH": "1000000", "STADTNETZ_RATE_API_READ": "1000000"}  # fmt: skip
        with tempfile.TemporaryDirectory() as folder:
            env["STADTNETZ_DATA_DIR"] = folder
            env.pop("DATABASE_URL", None)
            if backend == "postgresql":
                database = args.database
                subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres",
                                database], check=True)  # fmt: skip
                subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database],
                               check=True)  # fmt: skip
                env["DATABASE_URL"] = f"{postgres}/{database}"
            process = subprocess.run(
                [sys.executable, __file__, "--child", backend, "--sizes", args.sizes],
                env=env, cwd=ROOT, capture_output=True, text=True,
            )  # fmt: skip
            sys.stderr.write(process.stderr[-3000:])
            lines = [line for line in process.stdout.splitlines() if line.startswith("RESULT ")]
            if process.returncode or not lines:
                sys.exit(f"{backend} run failed:\n{process.stdout[-2000:]}")
            results.append(json.loads(lines[-1][len("RESULT ") :]))
            print(process.stdout.replace(lines[-1], "").strip())
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()  # fmt: skip
    import snowballstemmer

    output = {
        "benchmark": "search",
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count(), "sqlite": __import__("sqlite3").sqlite_version},
        "params": {"queries": QUERIES, "rounds": ROUNDS, "sizes": sizes, "seed": SEED,
                   "client": "django.test.Client (in-process, full middleware and API stack); "
                             "then gunicorn, 1 sync worker, http.client on 127.0.0.1",
                   "floor": "GET /healthz (JsonResponse {'status': 'ok'})",
                   "snowballstemmer": snowballstemmer.__version__ if hasattr(
                       snowballstemmer, "__version__") else "3.1.1",
                   "goal": "p95 < 50 ms at 100,000 documents and <= 3x the trivial view"},
        "results": results,
    }  # fmt: skip
    results_path.parent.mkdir(parents=True, exist_ok=True)
    results_path.write_text(
        json.dumps(output, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"wrote {results_path}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
