"""Input and decision rules: listed in the table, checked elsewhere.

Input rules come from loaders and the schema; decision rules are checked by
the letter batch against a meeting file and its applications.
"""

from .registry import register_rule

register_rule("input.unreadable", "input", "error",
              "Filen kunne ikke leses: feil filtype, skadet, kryptert, tom, for stor eller skannet uten tekst.",
              "Fila kunne ikkje lesast: feil filtype, skadd, kryptert, tom, for stor eller skanna utan tekst.")(None)
register_rule("input.structure", "input", "error",
              "Filen ble lest, men en påkrevd del eller et påkrevd felt mangler.",
              "Fila vart lesen, men ein påkravd del eller eit påkravd felt manglar.")(None)
register_rule("input.schema", "input", "error",
              "En verdi har feil type eller form, og ingen mer presis regel dekker det.",
              "Ein verdi har feil type eller form, og ingen meir presis regel dekkjer det.", in_schema=True)(None)

register_rule("decision.budget", "decision", "error",
              "Tildelingene i møtet, lagt til tidligere tildelinger, går ikke over budsjettet som gjelder: møtefilens, "
              "ellers programutgavens for møteåret.",
              "Tildelingane i møtet, lagt til tidlegare tildelingar, går ikkje over budsjettet som gjeld: møtefila sitt, "
              "elles programutgåva sitt for møteåret.")(None)
register_rule("decision.grant-cap", "decision", "error",
              "Ingen kommune får mer enn taket i programutgaven (per deltakende kommune i prosjektet).",
              "Ingen kommune får meir enn taket i programutgåva (per deltakande kommune i prosjektet).")(None)
register_rule("decision.known-applicant", "decision", "error",
              "Hver kommune det er gjort vedtak om, har en søknad i søknadsmappen.",
              "Kvar kommune det er gjort vedtak om, har ein søknad i søknadsmappa.")(None)
register_rule("decision.compliant", "decision", "error",
              "En søknad med feil tas bare opp med skriftlig begrunnelse i møtefilen.",
              "Ein søknad med feil vert berre teken opp med skriftleg grunngjeving i møtefila.")(None)
register_rule("decision.once", "decision", "error",
              "Ingen kommune tas opp to ganger, verken i samme møte eller etter opptak i en tidligere pulje.",
              "Ingen kommune vert teken opp to gonger, verken i same møte eller etter opptak i ein tidlegare pulje.")(None)
register_rule("decision.late", "decision", "info",
              "En sen søknad som tas opp, føres opp for seg i protokollen.",
              "Ein sein søknad som vert teken opp, vert ført opp for seg i protokollen.")(None)
