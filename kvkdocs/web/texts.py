"""The pages' words in bokmål and nynorsk: one table, keyed by the bokmål text.

The bokmål sentence is the key, so a template reads as the page does
(``{{ t("Logg ut") }}``) and bokmål needs no table at all; nynorsk is a lookup
in :data:`NYNORSK`. A text with values names them in braces
(``t("Versjon {nummer}", nummer=2)``) and the values go in after the lookup,
so both målformer share one sentence with its holes. A test reads every
``t("…")`` in the templates and views and fails where nynorsk is missing, so
one forgotten word does not quietly stay bokmål.

The user's choice is a cookie (:data:`COOKIE`), not a column: it must hold on
the login page too, before anyone is logged in, and it is a matter of the
browser one sits at, not of the account's rights.
"""

from __future__ import annotations

LANGS = ("nb", "nn")
COOKIE = "kvk_malform"

#: Bokmål (the key) → nynorsk. Entries equal on both sides are kept on purpose: they say «checked, same word».
NYNORSK: dict[str, str] = {
    # base.html: header, menu, målform
    "Hopp til hovedinnholdet": "Hopp til hovudinnhaldet",
    "søknadsbehandling": "søknadshandsaming",
    "Hovedmeny": "Hovudmeny",
    "Runder": "Rundar",
    "Ny runde": "Ny runde",
    "Logget inn som {navn}": "Logga inn som {navn}",
    "Logg ut": "Logg ut",
    "Målform": "Målform",
    "Bokmål": "Bokmål",
    "Nynorsk": "Nynorsk",
    "Bytt målform": "Byt målform",
    "Bytt": "Byt",
    # feil.html and the error titles
    "Ugyldig forespørsel": "Ugyldig førespurnad",
    "Ingen tilgang": "Inga tilgang",
    "Fant ikke siden": "Fann ikkje sida",
    "Ikke tillatt": "Ikkje tillate",
    "Finnes fra før": "Finst frå før",
    "Filene er for store": "Filene er for store",
    "Kan ikke brukes": "Kan ikkje brukast",
    "For mange forsøk": "For mange forsøk",
    "Noe gikk galt": "Noko gjekk gale",
    "Feil": "Feil",
    "Tjenesten er ikke tilgjengelig": "Tenesta er ikkje tilgjengeleg",
    "Kunne ikke lagre": "Kunne ikkje lagre",
    "Disken er full, så filen kunne ikke lagres. Ingenting ble lagret. "
    "Be driftsansvarlig frigjøre plass, og send filene på nytt.":
        "Disken er full, så fila kunne ikkje lagrast. Ingenting vart lagra. "
        "Be driftsansvarleg frigjere plass, og send filene på nytt.",
    "Disken til databasen er full, så ingenting ble lagret. Be driftsansvarlig frigjøre plass, og prøv igjen.":
        "Disken til databasen er full, så ingenting vart lagra. Be driftsansvarleg frigjere plass, og prøv igjen.",
    "Databasen er opptatt akkurat nå, så ingenting ble lagret. Vent litt og prøv igjen.":
        "Databasen er oppteken akkurat no, så ingenting vart lagra. Vent litt og prøv igjen.",
    "Databasen kan ikke brukes akkurat nå (den kan mangle, være skrivebeskyttet eller ikke svare), "
    "så ingenting ble lagret. Prøv igjen om litt, og si fra til driftsansvarlig hvis det varer.":
        "Databasen kan ikkje brukast akkurat no (han kan mangle, vere skriveverna eller ikkje svare), "
        "så ingenting vart lagra. Prøv igjen om litt, og sei frå til driftsansvarleg viss det varer.",
    "Tjenesten kunne ikke fullføre forespørselen. Ingenting ble lagret. Prøv igjen om litt.":
        "Tenesta kunne ikkje fullføre førespurnaden. Ingenting vart lagra. Prøv igjen om litt.",
    "Siden finnes ikke. Den kan være slettet, eller lenken kan være feil.":
        "Sida finst ikkje. Ho kan vere sletta, eller lenkja kan vere feil.",
    "Siden finnes ikke.": "Sida finst ikkje.",
    "Skjemaet var utløpt eller kom ikke fra denne tjenesten. Last siden på nytt og prøv igjen.":
        "Skjemaet var utgått eller kom ikkje frå denne tenesta. Last sida på nytt og prøv igjen.",
    "Du har ikke tilgang til dette. Spør sekretariatet om du trenger tilgang.":
        "Du har ikkje tilgang til dette. Spør sekretariatet om du treng tilgang.",
    # logg_inn.html
    "Logg inn": "Logg inn",
    "Du ble ikke logget inn": "Du vart ikkje logga inn",
    "Brukernavn": "Brukarnamn",
    "Passord": "Passord",
    "For mange mislykkede forsøk. Vent et kvarter og prøv igjen.":
        "For mange mislukka forsøk. Vent eit kvarter og prøv igjen.",
    "Feil brukernavn eller passord.": "Feil brukarnamn eller passord.",
    # runder.html
    "Opprett ny runde": "Opprett ny runde",
    "Alle søknadsrunder, nyeste frist først": "Alle søknadsrundar, nyaste frist først",
    "Runde": "Runde",
    "Programutgave": "Programutgåve",
    "Pulje": "Pulje",
    "Søknadsfrist": "Søknadsfrist",
    "Ramme": "Ramme",
    "Søknader": "Søknader",
    "Uten feil": "Utan feil",
    "Det finnes ingen runder ennå.": "Det finst ingen rundar enno.",
    # ny_runde.html
    "Skjemaet har {antall} feil du må rette": "Skjemaet har {antall} feil du må rette",
    "Navn på runden": "Namn på runden",
    "For eksempel «Pulje 5, Kvalitetskommuneprogrammet».": "Til dømes «Pulje 5, Kvalitetskommuneprogrammet».",
    "Reglene søknadene kontrolleres mot.": "Reglane søknadene vert kontrollerte mot.",
    "Velg programutgave": "Vel programutgåve",
    "Puljenummer": "Puljenummer",
    "Et helt tall, for eksempel 5.": "Eit heilt tal, til dømes 5.",
    "Skriv datoen som dd.mm.åååå.": "Skriv datoen som dd.mm.åååå.",
    "Ramme for tilskudd (kroner)": "Ramme for tilskot (kroner)",
    "Valgfritt. Hele kroner, for eksempel 3 000 000.": "Valfritt. Heile kroner, til dømes 3 000 000.",
    "Opprett runden": "Opprett runden",
    "Skriv et navn på runden, for eksempel «Pulje 5».": "Skriv eit namn på runden, til dømes «Pulje 5».",
    "Velg en programutgave fra listen.": "Vel ei programutgåve frå lista.",
    "Puljenummeret må være et helt tall fra 1 og oppover.": "Puljenummeret må vere eit heilt tal frå 1 og oppover.",
    "Skriv fristen som dd.mm.åååå, for eksempel 15.09.2008.": "Skriv fristen som dd.mm.åååå, til dømes 15.09.2008.",
    "Skriv rammen i hele kroner, for eksempel 3 000 000, eller la feltet stå tomt.":
        "Skriv ramma i heile kroner, til dømes 3 000 000, eller la feltet stå tomt.",
    "Det finnes allerede en pulje {pulje} i {utgave}.": "Det finst alt ein pulje {pulje} i {utgave}.",
    # runde.html
    "Søkt i alt (viste rader)": "Søkt i alt (viste rader)",
    "Møte og brev: vedtakene og brevene til kommunene": "Møte og brev: vedtaka og breva til kommunane",
    "Ta imot søknader": "Ta imot søknader",
    "Søknadsfiler": "Søknadsfiler",
    "Word (.docx), PDF, YAML eller en ZIP-fil med flere. Du kan velge mange filer samtidig. Høyst {mb} MB til sammen.":
        "Word (.docx), PDF, YAML eller ei ZIP-fil med fleire. Du kan velje mange filer samstundes. "
        "Høgst {mb} MB til saman.",
    "Send inn og kontroller": "Send inn og kontroller",
    "Vis": "Vis",
    "Alle": "Alle",
    "Med feil": "Med feil",
    "Kom for sent": "Kom for seint",
    "Last ned rapporten:": "Last ned rapporten:",
    "Kommunenr.": "Kommunenr.",
    "Kommune": "Kommune",
    "Mottatt": "Motteken",
    "For sent": "For seint",
    "Vurdering": "Vurdering",
    "Advarsler": "Åtvaringar",
    "Søkt beløp": "Søkt beløp",
    "versjon {nummer}": "versjon {nummer}",
    "Ja": "Ja",
    "Nei": "Nei",
    "Har feil": "Har feil",
    "Ingen søknader passer filteret.": "Ingen søknader passar filteret.",
    "Ingen søknader er tatt imot ennå.": "Ingen søknader er tekne imot enno.",
    "Velg minst én fil å sende inn.": "Vel minst éi fil å sende inn.",
    "Filene du sendte er til sammen større enn grensen på {mb} MB. Send dem i flere omganger, eller del opp ZIP-filen.":
        "Filene du sende er til saman større enn grensa på {mb} MB. Send dei i fleire omgangar, eller del opp ZIP-fila.",
    "Rapporten finnes ikke i det formatet.": "Rapporten finst ikkje i det formatet.",
    # mottak.html
    "Mottak": "Mottak",
    "Kvittering for mottak": "Kvittering for mottak",
    "Noen filer ble ikke tatt imot": "Nokre filer vart ikkje tekne imot",
    "1 fil ble tatt imot.": "1 fil vart teken imot.",
    "{antall} filer ble tatt imot.": "{antall} filer vart tekne imot.",
    "Mottatt {tid}.": "Motteke {tid}.",
    "Hver fil kontrolleres for seg, og vurderingen vises her så snart den er klar.":
        "Kvar fil blir kontrollert for seg, og vurderinga blir vist her så snart ho er klar.",
    "Kontrollert": "Kontrollert",
    "{kontrollert} av {antall} kontrollert": "{kontrollert} av {antall} kontrollerte",
    "Oppdater": "Oppdater",
    "Siden oppdateres av seg selv; lenken er for nettlesere uten JavaScript.":
        "Sida blir oppdatert av seg sjølv; lenkja er for nettlesarar utan JavaScript.",
    "Venter": "Ventar",
    "Kontrolleres": "Blir kontrollert",
    # runde.html and soknad.html: files acknowledged but not yet checked
    "1 fil venter på kontroll": "1 fil ventar på kontroll",
    "{antall} filer venter på kontroll": "{antall} filer ventar på kontroll",
    "De er tatt imot og lagret, men har ingen vurdering ennå. De kommer i tabellen når kontrollen er ferdig.":
        "Dei er tekne imot og lagra, men har inga vurdering enno. Dei kjem i tabellen når kontrollen er ferdig.",
    "og {antall} til": "og {antall} til",
    "Ingen søknader har fått vurdering ennå.": "Ingen søknader har fått vurdering enno.",
    "1 fil i runden venter på kontroll; den kan bli en ny versjon av denne søknaden.":
        "1 fil i runden ventar på kontroll; ho kan bli ein ny versjon av denne søknaden.",
    "{antall} filer i runden venter på kontroll; en av dem kan bli en ny versjon av denne søknaden.":
        "{antall} filer i runden ventar på kontroll; ei av dei kan bli ein ny versjon av denne søknaden.",
    "Se filene som venter": "Sjå filene som ventar",
    "Resultat for hver fil": "Resultat for kvar fil",
    "Fil": "Fil",
    "Versjon": "Versjon",
    "Til oversikten over runden": "Til oversikta over runden",
    # soknad.html
    "Advarsel": "Åtvaring",
    "Råd": "Råd",
    "Bestått": "Bestått",
    "Ikke bestått": "Ikkje bestått",
    "Ikke aktuelt": "Ikkje aktuelt",
    "Ikke kontrollert": "Ikkje kontrollert",
    "{nummer} av {antall}": "{nummer} av {antall}",
    "Last ned originalfilen ({fil})": "Last ned originalfila ({fil})",
    "Funn": "Funn",
    "Sted": "Stad",
    "Hjemmel": "Heimel",
    "Regel": "Regel",
    "Ingen funn.": "Ingen funn.",
    "Sjekkliste": "Sjekkliste",
    "Hva regelen sjekker": "Kva regelen sjekkar",
    "Status": "Status",
    "Alvorlighet": "Alvorsgrad",
    "Versjoner": "Versjonar",
    "{nummer} (vises)": "{nummer} (blir vist)",
    "Har feil ({antall})": "Har feil ({antall})",
    "Logg": "Logg",
    "Når": "Når",
    "Hvem": "Kven",
    "Hva": "Kva",
    "Detaljer": "Detaljar",
    "Søknaden har ingen versjon {nummer}.": "Søknaden har ingen versjon {nummer}.",
    "Versjonen finnes ikke.": "Versjonen finst ikkje.",
    "Filen finnes ikke lenger i fillageret.": "Fila finst ikkje lenger i fillageret.",
    "Velg bokmål eller nynorsk.": "Vel bokmål eller nynorsk.",
    # the audit log's actions (stored in bokmål, shown in the reader's målform)
    "innlogget": "logga inn",
    "runde opprettet": "runde oppretta",
    "fil mottatt": "fil motteken",
    "møtefil lastet opp": "møtefil lasta opp",
    "vedtak registrert": "vedtak registrerte",
    "brev laget": "brev laga",
    # mote.html
    "Møte og brev": "Møte og brev",
    "Møtefilen kan ikke brukes": "Møtefila kan ikkje brukast",
    "Møtefilen": "Møtefila",
    "{fil} (versjon {nummer})": "{fil} (versjon {nummer})",
    "Lastet opp": "Lasta opp",
    "av {navn}": "av {navn}",
    "Vedtakene": "Vedtaka",
    "Igjen av rammen": "Att av ramma",
    "Tildelt, med tidligere opptak": "Tildelt, med tidlegare opptak",
    "«Tildelt» er tilskuddene i vedtakene pluss tilskuddene til kommuner som er tatt opp i tidligere puljer "
    "(listen «tidligere_opptatt» i møtefilen). Det er summen av dem som trekkes fra rammen.":
        "«Tildelt» er tilskota i vedtaka pluss tilskota til kommunar som er tekne opp i tidlegare puljer "
        "(lista «tidligere_opptatt» i møtefila). Det er summen av dei som blir trekt frå ramma.",
    "Last ned møtefilen ({fil})": "Last ned møtefila ({fil})",
    "Registrer vedtak": "Registrer vedtak",
    "Funn i vedtakene": "Funn i vedtaka",
    "Brev": "Brev",
    "Lager opptaks- og avslagsbrev, protokollen og manifestet (Word) fra møtefilen og søknadene i runden, samlet i "
    "én ZIP-fil. Ingenting lages hvis vedtakene har feil.":
        "Lagar opptaks- og avslagsbrev, protokollen og manifestet (Word) frå møtefila og søknadene i runden, samla i "
        "éi ZIP-fil. Ingenting blir laga viss vedtaka har feil.",
    "Lag brevene": "Lag breva",
    "Også PDF": "Også PDF",
    "En PDF-kopi av hvert dokument ved siden av Word-filen, laget med LibreOffice. Det tar lengre tid (omtrent et "
    "halvt sekund per dokument).":
        "Ein PDF-kopi av kvart dokument ved sida av Word-fila, laga med LibreOffice. Det tek lengre tid (om lag eit "
        "halvt sekund per dokument).",
    "Format": "Format",
    "Word og PDF": "Word og PDF",
    "Brevene ble ikke laget": "Breva vart ikkje laga",
    "LibreOffice er ikke installert på tjeneren, så PDF kan ikke lages. Ingenting ble lagret. "
    "Lag brevene uten «Også PDF», eller be driftsansvarlig installere LibreOffice.":
        "LibreOffice er ikkje installert på tenaren, så PDF kan ikkje lagast. Ingenting vart lagra. "
        "Lag breva utan «Også PDF», eller be driftsansvarleg installere LibreOffice.",
    "LibreOffice klarte ikke å lage PDF-ene. Ingenting ble lagret. Prøv igjen om litt, eller lag brevene "
    "uten «Også PDF». Si fra til driftsansvarlig hvis det skjer igjen.":
        "LibreOffice klarte ikkje å lage PDF-ane. Ingenting vart lagra. Prøv igjen om litt, eller lag breva "
        "utan «Også PDF». Sei frå til driftsansvarleg viss det skjer igjen.",
    "Laget": "Laga",
    "Møtefil": "Møtefil",
    "Dokumenter": "Dokument",
    "Last ned": "Last ned",
    "Ingen brev er laget ennå.": "Ingen brev er laga enno.",
    "Runden har ingen møtefil ennå. Last opp møtefilen med vedtakene fra møtet.":
        "Runden har inga møtefil enno. Last opp møtefila med vedtaka frå møtet.",
    "Last opp møtefil": "Last opp møtefil",
    "Møtefil (YAML)": "Møtefil (YAML)",
    "Samme format som «kvkdocs letters» leser. Avsenderen må stå i filen («avsender:»). Vedtakene kontrolleres mot "
    "søknadene i runden. En ny fil blir en ny versjon; den gamle beholdes.":
        "Same format som «kvkdocs letters» les. Avsendaren må stå i fila («avsender:»). Vedtaka blir kontrollerte mot "
        "søknadene i runden. Ei ny fil blir ein ny versjon; den gamle blir teken vare på.",
    "Last opp og kontroller": "Last opp og kontroller",
    "Velg møtefilen (YAML) du vil laste opp.": "Vel møtefila (YAML) du vil laste opp.",
    "{fil} er ikke en YAML-fil. Last opp møtefilen i samme format som kommandolinjen bruker (.yaml).":
        "{fil} er ikkje ei YAML-fil. Last opp møtefila i same format som kommandolinja brukar (.yaml).",
    "Runden har ingen møtefil ennå.": "Runden har inga møtefil enno.",
    "Last opp møtefilen før brevene kan lages.": "Last opp møtefila før breva kan lagast.",
    "Gå til startsiden": "Gå til startsida",
    "{antall} mottatte filer venter fortsatt på kontroll. Brevene bygger på den siste vurderingen av hver søknad, så "
    "vent til alle filene er kontrollert, og prøv igjen.":
        "{antall} mottekne filer ventar framleis på kontroll. Breva byggjer på den siste vurderinga av kvar søknad, så "
        "vent til alle filene er kontrollerte, og prøv igjen.",
    "Vedtakene har {antall} feil, så ingen brev er laget. Rett møtefilen og last den opp på nytt.":
        "Vedtaka har {antall} feil, så ingen brev er laga. Rett møtefila og last henne opp på nytt.",
    "Brevene finnes ikke.": "Breva finst ikkje.",
    # vedtak.html
    "Runden har ingen møtefil ennå. Last opp møtefilen først på siden":
        "Runden har inga møtefil enno. Last opp møtefila først på sida",
    "den gir møtets dato, avsender, ramme og vilkår, og vedtakene registreres inn i den.":
        "ho gir datoen for møtet, avsendar, ramme og vilkår, og vedtaka blir registrerte inn i henne.",
    "Vedtakene har ingen feil": "Vedtaka har ingen feil",
    "Vedtakene har {antall} feil og er ikke lagret": "Vedtaka har {antall} feil og er ikkje lagra",
    "Vedtak": "Vedtak",
    "Ikke behandlet": "Ikkje handsama",
    "Tatt opp": "Teken opp",
    "Avslått": "Avslått",
    "Prosjekt": "Prosjekt",
    "Tilskudd (kroner, når kommunen tas opp)": "Tilskot (kroner, når kommunen blir teken opp)",
    "Begrunnelse for avslag": "Grunngiving for avslag",
    "Begrunnelse for opptak tross feil i søknaden (dispensasjon)":
        "Grunngiving for opptak trass feil i søknaden (dispensasjon)",
    "Kontroller": "Kontroller",
    "Velg «tatt opp», «avslått» eller «ikke behandlet».": "Vel «teken opp», «avslått» eller «ikkje handsama».",
    "Skriv tilskuddet i hele kroner, for eksempel 250 000.": "Skriv tilskotet i heile kroner, til dømes 250 000.",
    "Skriv begrunnelsen for avslaget; den står i brevet til kommunen.":
        "Skriv grunngivinga for avslaget; ho står i brevet til kommunen.",
    "Vedtaket for {kommune} er lagret": "Vedtaket for {kommune} er lagra",
    "Møtefilen er nå versjon {nummer}.": "Møtefila er no versjon {nummer}.",
    "Vedtakene står i møtefilen {fil} (versjon {nummer}). Velg «Endre» for å registrere eller endre vedtaket for én "
    "kommune. Vedtaket kontrolleres med reglene for vedtak før det lagres, og hver endring blir en ny versjon av "
    "møtefilen.":
        "Vedtaka står i møtefila {fil} (versjon {nummer}). Vel «Endre» for å registrere eller endre vedtaket for éin "
        "kommune. Vedtaket blir kontrollert med reglane for vedtak før det blir lagra, og kvar endring blir ein ny "
        "versjon av møtefila.",
    "Vedtak per kommune": "Vedtak per kommune",
    "Tilskudd": "Tilskot",
    "Handling": "Handling",
    "Ingen søknad": "Ingen søknad",
    "dispensasjon": "dispensasjon",
    "Endre": "Endre",
    "vedtaket for {kommune}": "vedtaket for {kommune}",
    "Til møtet og brevene": "Til møtet og breva",
    "Vedtak for {kommune}": "Vedtak for {kommune}",
    "Ingenting er lagret ennå. Velg «Lagre vedtaket» for å lagre det.":
        "Ingenting er lagra enno. Vel «Lagre vedtaket» for å lagre det.",
    "Søknaden": "Søknaden",
    "Ingen søknad i runden": "Ingen søknad i runden",
    "Igjen av rammen nå": "Att av ramma no",
    "Når kommunen tas opp": "Når kommunen blir teken opp",
    "Når kommunen får avslag": "Når kommunen får avslag",
    "«Kontroller» viser funnene og hva som er igjen av rammen uten å lagre. «Lagre vedtaket» lagrer en ny versjon av "
    "møtefilen når reglene for vedtak ikke finner feil.":
        "«Kontroller» viser funna og kva som er att av ramma utan å lagre. «Lagre vedtaket» lagrar ein ny versjon av "
        "møtefila når reglane for vedtak ikkje finn feil.",
    "Lagre vedtaket": "Lagre vedtaket",
    "Tilbake til vedtakene uten å lagre": "Tilbake til vedtaka utan å lagre",
    "Runden har ingen søknad eller vedtak for kommunenummer {nummer}.":
        "Runden har ingen søknad eller vedtak for kommunenummer {nummer}.",
}


def translate(lang: str, text: str, /, **values) -> str:
    """``text`` (bokmål) in ``lang``, with ``values`` put into its braces; unknown texts stay as given."""
    if lang == "nn":
        text = NYNORSK.get(text, text)
    return text.format(**values) if values else text


def lang_of(request) -> str:
    """The målform the browser chose (:data:`COOKIE`), bokmål unless it chose nynorsk."""
    chosen = request.cookies.get(COOKIE)
    return chosen if chosen in LANGS else "nb"


def context(request) -> dict:
    """What every page template gets: its ``lang`` and ``t()`` in that målform."""
    lang = lang_of(request)
    return {"lang": lang, "t": lambda text, **values: translate(lang, text, **values)}


# -- the municipalities' pages (kvkdocs.web.kommune, templates/kommune/) ----------------------------------------
NYNORSK.update({
    # invitations (the secretariat)
    "Inviter kommuner til å søke i nettleseren": "Inviter kommunar til å søkje i nettlesaren",
    "Inviter kommuner": "Inviter kommunar",
    "Inviter kommuner til {runde}": "Inviter kommunar til {runde}",
    "{antall} invitasjoner er laget": "{antall} invitasjonar er laga",
    "Send hver kommune sin lenke. Lenkene vises bare nå; de kan brukes én gang.":
        "Send kvar kommune si lenkje. Lenkjene blir viste berre no; dei kan brukast éin gong.",
    "Lenker til kommunene": "Lenkjer til kommunane",
    "Lenke": "Lenkje",
    "Kommuner i registeret på rundens dato ({dato})": "Kommunar i registeret på datoen til runden ({dato})",
    "Alle kommunene ({antall})": "Alle kommunane ({antall})",
    "konto opprettet": "konto oppretta",
    "invitasjonen er utløpt": "invitasjonen er gått ut",
    "invitert": "invitert",
    "Lag invitasjoner": "Lag invitasjonar",
    "Velg minst én kommune å invitere.": "Vel minst éin kommune å invitere.",
    "Kommunenummer {nummer} fantes ikke på rundens dato.": "Kommunenummer {nummer} fanst ikkje på datoen til runden.",
    "kommune invitert": "kommune invitert",
    "invitasjon brukt": "invitasjon brukt",
    "invitasjon trukket tilbake": "invitasjon trekt tilbake",
    "passord satt på nytt": "passord sett på nytt",
    "Invitasjonen til {nummer} {navn} er trukket tilbake. Lenken virker ikke lenger; den som åpner den, får vite "
    "at den ikke kan brukes.":
        "Invitasjonen til {nummer} {navn} er trekt tilbake. Lenkja verkar ikkje lenger; den som opnar henne, får vite "
        "at ho ikkje kan brukast.",
    "Lenker som kan brukes": "Lenkjer som kan brukast",
    "Er en lenke sendt til feil person, kan du trekke den tilbake. Den virker da ikke lenger, og kommunen trenger "
    "en ny invitasjon.":
        "Er ei lenkje send til feil person, kan du trekkje henne tilbake. Ho verkar då ikkje lenger, og kommunen "
        "treng ein ny invitasjon.",
    "Gyldig til": "Gyldig til",
    "Trekk tilbake": "Trekk tilbake",
    "invitasjonen er trukket tilbake": "invitasjonen er trekt tilbake",
    # sending in again
    "Du har sendt inn søknaden før. Kryss av for at du vil sende inn en ny versjon, som sekretariatet da ser som "
    "den nyeste.":
        "Du har sendt inn søknaden før. Kryss av for at du vil sende inn ein ny versjon, som sekretariatet då ser "
        "som den nyaste.",
    "Du har allerede sendt inn søknaden": "Du har allereie sendt inn søknaden",
    "Sist sendt inn {tid} (versjon {nummer}).": "Sist sendt inn {tid} (versjon {nummer}).",
    "Se kvitteringen": "Sjå kvitteringa",
    "for versjon {nummer}": "for versjon {nummer}",
    "Sender du inn igjen, blir det en ny versjon av søknaden. Sekretariatet ser den nye versjonen som den nyeste. "
    "Kvitteringene for det du har sendt inn før, kan du fortsatt åpne:":
        "Sender du inn igjen, blir det ein ny versjon av søknaden. Sekretariatet ser den nye versjonen som den "
        "nyaste. Kvitteringane for det du har sendt inn før, kan du framleis opne:",
    "Versjon {nummer}, sendt inn {tid}": "Versjon {nummer}, sendt inn {tid}",
    "Jeg vil sende inn en ny versjon (versjon {nummer} er sendt inn før), og sekretariatet skal se den nye som "
    "den nyeste":
        "Eg vil sende inn ein ny versjon (versjon {nummer} er sendt inn før), og sekretariatet skal sjå den nye "
        "som den nyaste",
    "Send inn en ny versjon": "Send inn ein ny versjon",
    "invitasjonen til {nummer} {navn}": "invitasjonen til {nummer} {navn}",
    # the invitation link
    "Invitasjonen kan ikke brukes": "Invitasjonen kan ikkje brukast",
    "Lenken er allerede brukt. Hver invitasjon kan brukes én gang. Logg inn med brukernavnet og passordet du "
    "valgte, eller be sekretariatet om en ny invitasjon.":
        "Lenkja er allereie brukt. Kvar invitasjon kan brukast éin gong. Logg inn med brukarnamnet og passordet du "
        "valde, eller be sekretariatet om ein ny invitasjon.",
    "Lenken er utløpt. Be sekretariatet om en ny invitasjon.": "Lenkja er gått ut. Be sekretariatet om ein ny invitasjon.",
    "Vi finner ingen invitasjon med denne lenken. Sjekk at du har kopiert hele lenken fra e-posten.":
        "Vi finn ingen invitasjon med denne lenkja. Sjekk at du har kopiert heile lenkja frå e-posten.",
    "Velg passord": "Vel passord",
    "Velkommen, {navn} kommune": "Velkomen, {navn} kommune",
    "Du er invitert til å søke i {runde}. Velg et passord for kommunens konto. Lenken kan brukes én gang.":
        "Du er invitert til å søkje i {runde}. Vel eit passord for kontoen til kommunen. Lenkja kan brukast éin gong.",
    "Passordet ble ikke lagret": "Passordet vart ikkje lagra",
    "Nytt passord": "Nytt passord",
    "Minst {antall} tegn.": "Minst {antall} teikn.",
    "Gjenta passordet": "Gjenta passordet",
    "Lagre passordet og gå til søknaden": "Lagre passordet og gå til søknaden",
    "De to passordene er ikke like. Skriv det samme passordet i begge feltene.":
        "Dei to passorda er ikkje like. Skriv det same passordet i begge felta.",
    "Passordet må ha minst 10 tegn.": "Passordet må ha minst 10 teikn.",
    "Lenken er allerede brukt.": "Lenkja er allereie brukt.",
    # the municipality's home
    "Søknadene dine": "Søknadene dine",
    "Søknadene til {navn}": "Søknadene til {navn}",
    "Søknadsrunder kommunen er invitert til": "Søknadsrundar kommunen er invitert til",
    "Sist lagret": "Sist lagra",
    "Kommunen er ikke invitert til noen søknadsrunde ennå.": "Kommunen er ikkje invitert til nokon søknadsrunde enno.",
    # the guided form
    "Søknad fra {navn}": "Søknad frå {navn}",
    "Oppsummering": "Oppsummering",
    "Steg {nummer} av {antall}": "Steg {nummer} av {antall}",
    "Sist lagret {tid}": "Sist lagra {tid}",
    "Steg i søknaden": "Steg i søknaden",
    "Dette steget har {antall} funn": "Dette steget har {antall} funn",
    "Lagre": "Lagre",
    "Lagre og kontroller": "Lagre og kontroller",
    "Lagre og gå videre": "Lagre og gå vidare",
    "Forrige steg": "Førre steg",
    "valgfritt": "valfritt",
    "Velg": "Vel",
    "Ikke svart ennå": "Ikkje svart enno",
    "Skriv datoen som dd.mm.åååå.": "Skriv datoen som dd.mm.åååå.",
    "Hele kroner, for eksempel 250 000.": "Heile kroner, til dømes 250 000.",
    "Et tall, for eksempel 7,5.": "Eit tal, til dømes 7,5.",
    "Fjern {hva}": "Fjern {hva}",
    "Legg til {hva}": "Legg til {hva}",
    "Ingen er lagt til ennå.": "Ingen er lagde til enno.",
    "Dette hindrer søknaden ({antall} feil)": "Dette hindrar søknaden ({antall} feil)",
    "Rett feilene før du sender inn. Hvert punkt viser hvilket steg det gjelder.":
        "Rett feila før du sender inn. Kvart punkt viser kva steg det gjeld.",
    "Ingen feil hindrer søknaden": "Ingen feil hindrar søknaden",
    "Skjemaet du sendte er for stort (over {kb} kB). Ingen felt tar så mye tekst; kort ned teksten og send igjen.":
        "Skjemaet du sende er for stort (over {kb} kB). Ingen felt tek så mykje tekst; kort ned teksten og send igjen.",
    # values that cannot be read yet (kvkdocs.web.skjema.MESSAGES)
    "Skriv datoen som dd.mm.åååå, for eksempel 15.09.2008.": "Skriv datoen som dd.mm.åååå, til dømes 15.09.2008.",
    "Datoen finnes ikke. Skriv den som dd.mm.åååå, for eksempel 15.09.2008.":
        "Datoen finst ikkje. Skriv han som dd.mm.åååå, til dømes 15.09.2008.",
    "Skriv beløpet i hele kroner, for eksempel 250 000.": "Skriv beløpet i heile kroner, til dømes 250 000.",
    "Skriv beløpet i hele kroner, uten øre.": "Skriv beløpet i heile kroner, utan øre.",
    "Skriv et tall, for eksempel 7,5.": "Skriv eit tal, til dømes 7,5.",
    "Punktum er uklart her: skriv tusen som 1 000 og desimaler med komma, for eksempel 7,5.":
        "Punktum er uklart her: skriv tusen som 1 000 og desimalar med komma, til dømes 7,5.",
    "Svar ja eller nei.": "Svar ja eller nei.",
    "Skjemaet du sendte har for mange felt (over {antall}). Last siden på nytt og send skjemaet derfra.":
        "Skjemaet du sende har for mange felt (over {antall}). Last sida på nytt og send skjemaet derifrå.",
    "Teksten er for lang: høyst {grense} tegn (du skrev {antall}).":
        "Teksten er for lang: høgst {grense} teikn (du skreiv {antall}).",
})
NYNORSK.update({  # the summary step's overview
    "Det du har fylt ut": "Det du har fylt ut",
    "Endre": "Endre",
    "Funn per steg": "Funn per steg",
})
NYNORSK.update({  # the Word draft and the status on the municipality's home
    "Word": "Word",
    "Utkast": "Utkast",
    "{antall} feil": "{antall} feil",
    "Last ned utkastet": "Last ned utkastet",
    "Last ned søknaden som Word-fil (utkast, med funnene som er åpne)":
        "Last ned søknaden som Word-fil (utkast, med funna som er opne)",
    "Søknaden kan ikke lages som Word-fil ennå.": "Søknaden kan ikkje lagast som Word-fil enno.",
})
NYNORSK.update({  # submitting, the receipt and the letter (issue 11, second part)
    "Send inn søknaden": "Send inn søknaden",
    "Fristen er ute": "Fristen er ute",
    "Søknadsfristen var {frist}. Søknaden blir likevel tatt imot, men den blir merket som for sen, og "
    "sekretariatet ser det.":
        "Søknadsfristen var {frist}. Søknaden blir likevel teken imot, men han blir merkt som for sein, og "
        "sekretariatet ser det.",
    "Søknaden har {antall} feil": "Søknaden har {antall} feil",
    "Du kan sende den inn likevel, men sekretariatet ser feilene, og de kan føre til avslag. Rett dem helst først:":
        "Du kan sende han inn likevel, men sekretariatet ser feila, og dei kan føre til avslag. Rett dei helst først:",
    "Rett i steget": "Rett i steget",
    "Det som sendes inn, er det du har fylt ut i skjemaet, med dagens dato som mottaksdato. Du får en kvittering.":
        "Det som blir sendt inn, er det du har fylt ut i skjemaet, med dagens dato som mottaksdato. "
        "Du får ei kvittering.",
    "Jeg vet at søknaden har feil og vil sende den inn likevel":
        "Eg veit at søknaden har feil og vil sende han inn likevel",
    "Tilbake til oppsummeringen": "Tilbake til oppsummeringa",
    "Søknaden har feil. Kryss av for at du vil sende den inn likevel, eller rett feilene først.":
        "Søknaden har feil. Kryss av for at du vil sende han inn likevel, eller rett feila først.",
    "Kvittering for innsendt søknad": "Kvittering for innsend søknad",
    "Søknaden er sendt inn. Ta vare på kvitteringen.": "Søknaden er sendt inn. Ta vare på kvitteringa.",
    "Søknaden kom etter fristen": "Søknaden kom etter fristen",
    "Søknaden kom etter fristen {frist}. Den er tatt imot og merket som for sen.":
        "Søknaden kom etter fristen {frist}. Han er teken imot og merkt som for sein.",
    "Sendt inn": "Sendt inn",
    "SHA-256 av det som ble sendt inn": "SHA-256 av det som vart sendt inn",
    "Vurdering da den ble sendt inn": "Vurdering då han vart sendt inn",
    "{antall} advarsler": "{antall} åtvaringar",
    "Sekretariatet": "Sekretariatet",
    "Sekretariatet har ikke oppgitt noen adresse for runden ennå.":
        "Sekretariatet har ikkje oppgitt nokon adresse for runden enno.",
    "Last ned kvitteringen som PDF": "Last ned kvitteringa som PDF",
    "PDF-kvitteringen kan ikke lages fordi LibreOffice ikke er installert på serveren. Kvitteringen på siden "
    "gjelder like fullt.":
        "PDF-kvitteringa kan ikkje lagast fordi LibreOffice ikkje er installert på tenaren. Kvitteringa på sida "
        "gjeld like fullt.",
    "Til søknadene dine": "Til søknadene dine",
    "Vedtak fattet": "Vedtak gjort",
    "Last ned brevet": "Last ned brevet",
    "for sen": "for sein",
    "Kvittering": "Kvittering",
    "Frist": "Frist",
})
NYNORSK.update({  # signed documents (issue 11, second part)
    "Signerte dokumenter": "Signerte dokument",
    "Det vi leste i «{navn}»": "Det vi las i «{navn}»",
    "Vi fant ingen tekst å lese i filen. Det er vanlig for en skannet side med håndskrevet underskrift, og da kan "
    "vi ikke sammenligne den med det du fylte ut. Du kan likevel legge den ved. Det som sendes inn som søknad, er "
    "det du har fylt ut i skjemaet.":
        "Vi fann ingen tekst å lese i fila. Det er vanleg for ei skanna side med handskriven underskrift, og då kan "
        "vi ikkje samanlikne ho med det du fylte ut. Du kan likevel leggje ho ved. Det som blir sendt inn som "
        "søknad, er det du har fylt ut i skjemaet.",
    "Dokumentet sier noe annet enn skjemaet i {antall} felt. Se over forskjellene før du godtar det. Det som "
    "sendes inn som søknad, er det du har fylt ut i skjemaet.":
        "Dokumentet seier noko anna enn skjemaet i {antall} felt. Sjå over skilnadene før du godtek det. Det som "
        "blir sendt inn som søknad, er det du har fylt ut i skjemaet.",
    "Forskjeller mellom skjemaet og dokumentet": "Skilnader mellom skjemaet og dokumentet",
    "Felt": "Felt",
    "Fylt ut i skjemaet": "Fylt ut i skjemaet",
    "Lest i dokumentet": "Lese i dokumentet",
    "Dokumentet sier det samme som skjemaet i alle felt.": "Dokumentet seier det same som skjemaet i alle felt.",
    "Godtatt og lagt ved søknaden.": "Godteke og lagt ved søknaden.",
    "Godta og legg ved søknaden": "Godta og legg ved søknaden",
    "Dokumenter å signere": "Dokument å signere",
    "Søknaden som Word-fil": "Søknaden som Word-fil",
    "Den lokale samarbeidsavtalen som Word-fil": "Den lokale samarbeidsavtalen som Word-fil",
    "Last opp et signert dokument": "Last opp eit signert dokument",
    "Signert søknad eller avtale (Word eller PDF)": "Signert søknad eller avtale (Word eller PDF)",
    "Last opp og sammenlign": "Last opp og samanlikn",
    "Opplastede dokumenter": "Opplasta dokument",
    "godtatt": "godteke",
    "Signerte dokumenter: last ned, signer og last opp": "Signerte dokument: last ned, signer og last opp",
    "Samarbeidsavtalen kan ikke lages før søknaden har det avtalen trenger: {grunner}":
        "Samarbeidsavtalen kan ikkje lagast før søknaden har det avtalen treng: {grunner}",
    "Velg den signerte filen (Word eller PDF) før du laster opp.":
        "Vel den signerte fila (Word eller PDF) før du lastar opp.",
    "«{navn}» er verken en Word-fil (.docx) eller en PDF. Lagre den signerte søknaden som .docx eller .pdf og "
    "last den opp igjen.":
        "«{navn}» er korkje ei Word-fil (.docx) eller ein PDF. Lagre den signerte søknaden som .docx eller .pdf og "
        "last han opp igjen.",
    "Signerte dokumenter lagt ved": "Signerte dokument lagde ved",
    "PDF-kvitteringen kunne ikke lages akkurat nå. Kvitteringen på siden gjelder like fullt; prøv PDF-en igjen "
    "senere.":
        "PDF-kvitteringa kunne ikkje lagast akkurat no. Kvitteringa på sida gjeld like fullt; prøv PDF-en igjen "
        "seinare.",
})
NYNORSK.update({  # the decisions form: a save refused because someone else kept a newer meeting file
    "Noen andre har endret vedtakene": "Nokon andre har endra vedtaka",
    "Noen andre lagret en ny versjon av møtefilen mens du arbeidet med dette vedtaket. Ingenting av det du "
    "sendte, er lagret.":
        "Nokon andre lagra ein ny versjon av møtefila medan du arbeidde med dette vedtaket. Ingenting av det du "
        "sende, er lagra.",
    "Skjemaet viser nå vedtaket slik det står i møtefilen versjon {nummer}. Se over det, skriv inn endringen "
    "din på nytt og lagre.":
        "Skjemaet viser no vedtaket slik det står i møtefila versjon {nummer}. Sjå over det, skriv inn endringa "
        "di på nytt og lagre.",
    "Skriv tilskuddet i hele kroner, uten øre.": "Skriv tilskotet i heile kroner, utan øre.",
})

# -- the secretariat's address for a round (ny_runde.html, runde.html, avsender.html) ----------------------------
NYNORSK.update({
    "Sekretariatets adresse (valgfritt)": "Adressa til sekretariatet (valfritt)",
    "Står på kvitteringen kommunene får når de sender inn søknaden. Feltene er de samme som avsenderen i møtefilen.":
        "Står på kvitteringa kommunane får når dei sender inn søknaden. Felta er dei same som avsendaren i møtefila.",
    "Sekretariatets adresse": "Adressa til sekretariatet",
    "Sekretariatets adresse for {runde}": "Adressa til sekretariatet for {runde}",
    "Ingen adresse er oppgitt. Kvitteringene kommunene får, sier da at sekretariatet ikke har oppgitt noen adresse.":
        "Inga adresse er oppgitt. Kvitteringane kommunane får, seier då at sekretariatet ikkje har oppgitt noka "
        "adresse.",
    "Endre adressen": "Endre adressa",
    "Lagre adressen": "Lagre adressa",
    "Navnet kan ha høyst {antall} tegn.": "Namnet kan ha høgst {antall} teikn.",
    "Postadressen kan ha høyst {antall} tegn.": "Postadressa kan ha høgst {antall} teikn.",
    "Postnummeret må være fire sifre, for eksempel 0114.": "Postnummeret må vere fire siffer, til dømes 0114.",
    "Poststedet kan ha høyst {antall} tegn.": "Poststaden kan ha høgst {antall} teikn.",
    "Skriv e-postadressen som navn@domene.no, for eksempel kvalitetskommuner@ks.no, eller la feltet stå tomt.":
        "Skriv e-postadressa som namn@domene.no, til dømes kvalitetskommuner@ks.no, eller la feltet stå tomt.",
    "avsender endret": "avsendar endra",
})
