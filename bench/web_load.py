"""Deadline day on the web: the real ``kvkdocs serve`` under a bounded async load, on 127.0.0.1.

12. 357 municipalities (every one in the register on the round's deadline,
    with their real kommunenummer and names) each upload one Word
    application, the arrivals spread over 60 s (or as fast as the server
    lets them in, if it is slower: the figure says which), at most
    ``IN_FLIGHT`` requests at a time. Each upload is timed from sending it
    to its verdict being visible at the status address the receipt page's
    script asks (``?kjent=``: the answer waits for a change). Goal: p95 at
    most 1.5 s, no error, and every acknowledged upload in the database and
    in the file store (SHA-256) afterwards.
13. The dashboard of a round of 430 applications (every municipality of
    2008, put in through the database layer before the server starts):
    ``GET /runder/{id}`` 200 times, one at a time. Goal: p95 at most 100 ms.
14. The server's memory: resident memory of its whole process tree (the
    reader workers and their fork server included), from /proc, after
    start-up and after the deadline-day run. Goal: at most 1.5x.

The Word applications are made once, before any clock runs, with the
library's ``draft`` verb from a round-4 sample with each municipality's
number and name put in. The server is a subprocess with SQLite and the file
store in a temporary folder. ``python bench/web_load.py`` (also in ``make bench``);
``python bench/web_load.py --oversikt`` measures 13 alone (no drafts, no
deadline day), in a few seconds. The machine's load average is printed with
the figures: on a shared machine, a p95 is worth little without it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "samples" / "pulje-4" / "0219-baerum.yaml"
DEADLINE = dt.date(2024, 9, 15)  # 357 municipalities in the register on this day
OLD_DEADLINE = dt.date(2008, 9, 15)  # 430 on this one
WINDOW = 60.0
IN_FLIGHT = 40
DASHBOARD_REQUESTS = 200
USER, PASSWORD = "sekretariat", "et-langt-passord-for-benken"


def application_data(template: dict, number: str, name: str, date: dt.date) -> dict:
    """The sample application as municipality ``number`` would have sent it: its number, its name everywhere."""
    import yaml

    text = yaml.safe_dump(template, allow_unicode=True, sort_keys=False)
    data = yaml.safe_load(text.replace("Bærum", name).replace("baerum", re.sub(r"[^a-z]", "", name.lower()) or "k"))
    data["søker"]["kommunenummer"], data["søker"]["kommunenavn"] = number, name
    data["søknadsdato"] = date.isoformat()
    return data


def make_applications(folder: Path) -> list[tuple[str, str, Path]]:
    """One Word application per municipality on :data:`DEADLINE`, made with the draft verb (not timed)."""
    import yaml

    from kvkdocs import Application, verbs
    from kvkdocs.register import load_register

    template = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    made = []
    with Application() as app:
        for municipality in load_register().valid_on(DEADLINE):
            data = application_data(template, municipality.number, municipality.short_name, DEADLINE - dt.timedelta(days=10))
            source = folder / f"{municipality.number}.yaml"
            source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            target = folder / f"{municipality.number}-soknad.docx"
            target.write_bytes(verbs.draft(source, app=app).docx)
            made.append((municipality.number, municipality.short_name, target))
    return made


def set_up_database(folder: Path) -> tuple[int, int]:
    """A migrated SQLite database with a secretariat user, the deadline-day round, and a round of 430 applications."""
    import yaml

    from kvkdocs.check import Checker
    from kvkdocs.db import accounts, rounds
    from kvkdocs.db.engine import make_engine, make_sessionmaker
    from kvkdocs.db.filestore import FileStore
    from kvkdocs.db.migrate import upgrade
    from kvkdocs.register import load_register

    engine = make_engine(f"sqlite:///{folder}/web.sqlite3")
    upgrade(engine)
    store = FileStore(folder / "filer")
    template = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    register = load_register()
    checker = Checker("kvalitetskommune-2006", deadline=OLD_DEADLINE)
    try:
        with make_sessionmaker(engine)() as db, db.begin():
            user = accounts.add_user(db, USER, PASSWORD, "sekretariat", "Sekretariatet")
            today = rounds.create_round(db, user, name="Fristdagen", edition="kvalitetskommune-2006", number=9,
                                        deadline=DEADLINE, budget=None)
            full = rounds.create_round(db, user, name="Pulje med 430 søknader", edition="kvalitetskommune-2006",
                                       number=4, deadline=OLD_DEADLINE, budget=None)
            for municipality in register.valid_on(OLD_DEADLINE):
                data = application_data(template, municipality.number, municipality.short_name,
                                        OLD_DEADLINE - dt.timedelta(days=10))
                content = yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
                result = checker.check_data(data)
                result.path = f"{municipality.number}.yaml"
                rounds.record_version(db, user, full, filename=result.path, sha256=store.put_bytes(content),
                                      size=len(content), result=result,
                                      facts=rounds.Facts(maalform=register.maalform(municipality.number, OLD_DEADLINE),
                                                         grant_asked=data["tilskudd"]["beløp"]))
            ids = today.id, full.id
    finally:
        checker.close()
        engine.dispose()
    return ids


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM, as a service manager would; the whole group is killed if it does not stop in 30 s."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), KVKDOCS_DATABASE_URL=f"sqlite:///{folder}/web.sqlite3",
               KVKDOCS_FILES_DIR=str(folder / "filer"))
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "kvkdocs", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"the server stopped: {(folder / 'server.log').read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{base}/logg-inn", timeout=2).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit("the server never answered")


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of ``pid`` and every process below it (reader workers, their fork server)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue
    return total * 1024


def log_in(base: str) -> tuple[dict, str]:
    """The session cookie of the secretariat user, and the CSRF token its forms carry."""
    import httpx

    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client:
        page = client.get("/logg-inn")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        response = client.post("/logg-inn", data={"csrf": token, "brukernavn": USER, "passord": PASSWORD,
                                                  "neste": "/runder"})
        assert response.status_code == 303, response.text
        page = client.get("/runder")
        return dict(client.cookies), re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


async def one_upload(client, semaphore, start: float, offset: float, round_id: int, csrf: str,
                     path: Path) -> dict:
    """Send one application at ``start + offset`` (or when a place is free), and wait for its verdict."""
    await asyncio.sleep(max(0.0, start + offset - time.perf_counter()))
    async with semaphore:
        sent = time.perf_counter()
        outcome = {"file": path, "sent": sent - start, "error": None, "location": None}
        try:
            response = await client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf},
                                         files=[("filer", (path.name, path.read_bytes(), "application/octet-stream"))])
            if response.status_code != 303:
                outcome["error"] = f"upload answered {response.status_code}"
                return outcome
            outcome["location"] = location = response.headers["location"]
            outcome["acknowledged"] = time.perf_counter() - sent
            known = None
            while True:
                answer = await client.get(f"{location}/status", params={"kjent": known} if known else None)
                if answer.status_code != 200:
                    outcome["error"] = f"status answered {answer.status_code}"
                    return outcome
                state = answer.json()
                if state["ferdig"]:
                    outcome["latency"] = time.perf_counter() - sent
                    outcome["verdict"] = "Uten feil" in state["rader"] or "Har feil" in state["rader"]
                    return outcome
                known = state["tilstand"]
        except Exception as exc:  # noqa: BLE001 - every failure is counted as an error of this upload
            outcome["error"] = f"{type(exc).__name__}: {exc}"
            return outcome


async def deadline_day(base: str, cookies: dict, csrf: str, round_id: int, files: list[Path]) -> tuple[list, float]:
    import httpx

    limits = httpx.Limits(max_connections=IN_FLIGHT + 10, max_keepalive_connections=IN_FLIGHT + 10)
    async with httpx.AsyncClient(base_url=base, cookies=cookies, limits=limits, timeout=120,
                                 follow_redirects=False) as client:
        semaphore = asyncio.Semaphore(IN_FLIGHT)
        start = time.perf_counter()
        step = WINDOW / len(files)
        outcomes = await asyncio.gather(*(one_upload(client, semaphore, start, i * step, round_id, csrf, path)
                                          for i, path in enumerate(files)))
        return outcomes, time.perf_counter() - start


def verify(folder: Path, outcomes: list[dict]) -> list[str]:
    """Every acknowledged upload in the database with its verdict, and in the file store with its SHA-256."""
    from sqlalchemy import select

    from kvkdocs.db.engine import make_engine, make_sessionmaker
    from kvkdocs.db.models import UploadFile

    problems = []
    engine = make_engine(f"sqlite:///{folder}/web.sqlite3")
    try:
        with make_sessionmaker(engine)() as db:
            for outcome in outcomes:
                if not outcome.get("location"):
                    continue
                upload_id = int(outcome["location"].rsplit("/", 1)[1])
                rows = list(db.scalars(select(UploadFile).where(UploadFile.upload_id == upload_id)))
                digest = hashlib.sha256(outcome["file"].read_bytes()).hexdigest()
                if [(r.filename, r.file_sha256) for r in rows] != [(outcome["file"].name, digest)]:
                    problems.append(f"{outcome['file'].name}: not in the database as sent")
                elif rows[0].version_id is None:
                    problems.append(f"{outcome['file'].name}: no verdict stored")
                stored = folder / "filer" / digest[:2] / digest[2:]
                if not stored.is_file() or hashlib.sha256(stored.read_bytes()).hexdigest() != digest:
                    problems.append(f"{outcome['file'].name}: not in the file store with its SHA-256")
    finally:
        engine.dispose()
    return problems


def dashboard(base: str, cookies: dict, round_id: int) -> list[float]:
    import httpx

    times = []
    with httpx.Client(base_url=base, cookies=cookies, timeout=30) as client:
        assert "Pulje med 430" in client.get(f"/runder/{round_id}").text  # warm: templates compiled
        for _ in range(DASHBOARD_REQUESTS):
            start = time.perf_counter()
            response = client.get(f"/runder/{round_id}")
            times.append(time.perf_counter() - start)
            assert response.status_code == 200 and response.text.count('<a href="/soknader/') == 430
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and its children that have been waited for (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(f) for f in fields[11:15]) / ticks


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"lastsnitt {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min, {os.cpu_count()} kjerner)"


def print_dashboard(times: list[float], load: str) -> None:
    """Figure 13's line, the same in the whole run and in ``--oversikt``."""
    p95 = percentile(times, 0.95)
    print(f"13. Oversikten over en runde med 430 søknader, {DASHBOARD_REQUESTS} GET etter hverandre: "
          f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, maks {max(times) * 1000:.1f} ms "
          f"(mål: ≤ 100 ms) -> {'nådd' if p95 <= 0.1 else 'IKKE nådd'}; {load}")


def dashboard_only() -> int:
    """Figure 13 alone: the round of 430 applications and its dashboard, without drafts or the deadline day."""
    with tempfile.TemporaryDirectory(prefix="kvk-web-load-") as tmp:
        folder = Path(tmp)
        _, full = set_up_database(folder)
        proc, base = start_server(folder)
        try:
            cookies, _ = log_in(base)
            before, cpu_before = load_average(), cpu_seconds(proc.pid)
            times = dashboard(base, cookies, full)
            after, cpu_used = load_average(), cpu_seconds(proc.pid) - cpu_before
        finally:
            stop_server(proc)
    print_dashboard(times, f"{after} etter")
    print(f"    tjenerprosessen {cpu_used / (DASHBOARD_REQUESTS + 1) * 1000:.1f} CPU-ms per GET; {before} før")
    return 0


def main() -> int:
    if "--oversikt" in sys.argv[1:]:
        return dashboard_only()
    with tempfile.TemporaryDirectory(prefix="kvk-web-load-") as tmp:
        folder = Path(tmp)
        # KVKDOCS_BENCH_SOKNADER names a folder to keep the drafts in between runs (they take a minute to make).
        kept = os.environ.get("KVKDOCS_BENCH_SOKNADER")
        drafts = Path(kept) if kept else folder / "soknader"
        drafts.mkdir(parents=True, exist_ok=True)
        made_at = time.perf_counter()
        files = sorted(drafts.glob("*-soknad.docx"))
        made = "gjenbrukt fra " + str(drafts)
        if len(files) != 357:
            files = [path for _, _, path in make_applications(drafts)]
            made = f"laget med draft på {time.perf_counter() - made_at:.0f} s"
        print(f"(forberedt: {len(files)} Word-søknader {made}, "
              f"{sum(p.stat().st_size for p in files) / len(files) / 1024:.0f} KB i snitt; "
              f"database med 430 søknader i en annen runde)")
        today, full = set_up_database(folder)
        proc, base = start_server(folder)
        try:
            time.sleep(1.0)
            rss_start = tree_rss(proc.pid)
            cookies, csrf = log_in(base)
            cpu_before = cpu_seconds(proc.pid)
            outcomes, wall = asyncio.run(deadline_day(base, cookies, csrf, today, files))
            cpu_used = cpu_seconds(proc.pid) - cpu_before
            rss_after = tree_rss(proc.pid)
            errors = [o for o in outcomes if o["error"] or not o.get("verdict")]
            latencies = [o["latency"] for o in outcomes if "latency" in o]
            acknowledged = [o["acknowledged"] for o in outcomes if "acknowledged" in o]
            last_sent = max(o["sent"] for o in outcomes)
            problems = verify(folder, outcomes)
            times = dashboard(base, cookies, full)
            load_at_dashboard = load_average()
            rss_end = tree_rss(proc.pid)
        finally:
            stop_server(proc)

    spread = "spredt over 60 s som planlagt" if last_sent <= WINDOW + 1 else \
        f"så fort tjeneren slapp dem inn (siste sendt etter {last_sent:.1f} s)"
    p50, p95, worst = (statistics.median(latencies), percentile(latencies, 0.95), max(latencies)) if latencies \
        else (float("nan"),) * 3
    print(f"12. Fristdagen: {len(files)} kommuner laster opp én Word-søknad hver, {spread}, høyst {IN_FLIGHT} "
          f"samtidig: fra sendt til vurdering synlig p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"maks {worst * 1000:.0f} ms (mål: p95 ≤ 1500 ms) -> {'nådd' if p95 <= 1.5 else 'IKKE nådd'}")
    print(f"    kvittert (303) p50 {statistics.median(acknowledged) * 1000:.0f} ms, p95 "
          f"{percentile(acknowledged, 0.95) * 1000:.0f} ms; hele løpet {wall:.1f} s veggtid, tjenerprosessen "
          f"{cpu_used:.1f} CPU-s ({cpu_used / len(files) * 1000:.0f} ms per opplasting, arbeidsprosessene ikke med)")
    print(f"    feil: {len(errors)} (mål: 0); kontroll etterpå: {len(outcomes) - len(problems)} av {len(outcomes)} "
          f"kvitterte opplastinger i databasen med vurdering og i fillageret med riktig SHA-256"
          + (f" -- {problems[:5]}" if problems else ""))
    for outcome in errors[:5]:
        print(f"    {outcome['file'].name}: {outcome['error']}")
    print_dashboard(times, load_at_dashboard)
    ratio = rss_after / rss_start
    print(f"14. Minne (RSS, hele prosesstreet): etter oppstart {rss_start / 2**20:.0f} MB, etter fristdagen "
          f"{rss_after / 2**20:.0f} MB -> {ratio:.2f}x (mål: ≤ 1.5x) -> {'nådd' if ratio <= 1.5 else 'IKKE nådd'}; "
          f"etter oversiktsmålingen {rss_end / 2**20:.0f} MB")
    return 0 if not errors and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
