"""Words the reports share, in bokmål and nynorsk."""

from __future__ import annotations

SEVERITY = {
    "nb": {"error": "feil", "warning": "advarsel", "info": "råd"},
    "nn": {"error": "feil", "warning": "åtvaring", "info": "råd"},
}
STATUS = {
    "nb": {"passed": "bestått", "failed": "ikke bestått", "not-applicable": "ikke aktuelt", "not-checked": "ikke kontrollert"},
    "nn": {"passed": "greidd", "failed": "ikkje greidd", "not-applicable": "ikkje aktuelt", "not-checked": "ikkje kontrollert"},
}
LABELS = {
    "nb": {
        "compliant": "GODKJENT", "not-compliant": "IKKE GODKJENT", "meeting": "møtefil", "unread": "ikke lest",
        "valid": "GYLDIG", "invalid": "UGYLDIG", "round": "rundeoppsett", "edition": "programutgave",
        "basis": "Hjemmel", "summary": "Sammendrag", "files": "filer", "ok": "uten feil", "bad": "med feil",
        "errors": "feil", "warnings": "advarsler", "infos": "råd", "checked": "Kontrollert",
        "rules": "regler", "no-findings": "Ingen funn.", "title": "Kontroll av søknader",
        "file": "Fil", "municipality": "Kommune", "programme": "Programutgave", "verdict": "Resultat",
        "rule": "Regel", "severity": "Alvorlighet", "message": "Melding", "location": "Sted",
        "checklist": "Sjekkliste", "findings": "Funn", "status": "Status", "what": "Hva regelen sjekker",
        "generated": "Laget med kvkdocs", "deadline": "Søknadsfrist",
    },
    "nn": {
        "compliant": "GODKJEND", "not-compliant": "IKKJE GODKJEND", "meeting": "møtefil", "unread": "ikkje lesen",
        "valid": "GYLDIG", "invalid": "UGYLDIG", "round": "rundeoppsett", "edition": "programutgåve",
        "basis": "Heimel", "summary": "Samandrag", "files": "filer", "ok": "utan feil", "bad": "med feil",
        "errors": "feil", "warnings": "åtvaringar", "infos": "råd", "checked": "Kontrollert",
        "rules": "reglar", "no-findings": "Ingen funn.", "title": "Kontroll av søknader",
        "file": "Fil", "municipality": "Kommune", "programme": "Programutgåve", "verdict": "Resultat",
        "rule": "Regel", "severity": "Alvorsgrad", "message": "Melding", "location": "Stad",
        "checklist": "Sjekkliste", "findings": "Funn", "status": "Status", "what": "Kva regelen sjekkar",
        "generated": "Laga med kvkdocs", "deadline": "Søknadsfrist",
    },
}


def verdict(file_result, lang: str) -> str:
    """GODKJENT / IKKE GODKJENT for applications; GYLDIG / UGYLDIG for meeting and round files."""
    words = LABELS[lang]
    if file_result.kind in ("møte", "runde", "programutgave"):
        return words["valid"] if file_result.compliant else words["invalid"]
    return words["compliant"] if file_result.compliant else words["not-compliant"]


def kind_label(file_result, lang: str) -> str:
    return {"møte": LABELS[lang]["meeting"], "runde": LABELS[lang]["round"],
            "programutgave": LABELS[lang]["edition"]}.get(file_result.kind or "", "")


SINGULAR = {"nb": {"files": "fil", "warnings": "advarsel"}, "nn": {"files": "fil", "warnings": "åtvaring"}}


def amount(n: int, key: str, lang: str) -> str:
    """«1 advarsel», «2 advarsler»: the count with the right form of the word."""
    word = SINGULAR[lang].get(key, LABELS[lang][key]) if n == 1 else LABELS[lang][key]
    return f"{n} {word}"


def skipped(n: int, lang: str) -> str:
    """«4 systemfiler hoppet over» (lock files, .DS_Store and the like)."""
    noun = "systemfil" if n == 1 else "systemfiler"
    return f"{n} {noun} {'hoppa over' if lang == 'nn' else 'hoppet over'}"


def counts(file_result, lang: str) -> str:
    return (f"{amount(file_result.errors, 'errors', lang)}, {amount(file_result.warnings, 'warnings', lang)}, "
            f"{amount(file_result.infos, 'infos', lang)}")
