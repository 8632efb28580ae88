"""Every sentence a finding can say, in bokmål (``nb``) and nynorsk (``nn``).

Keeping them in one table makes it easy to review the language, to spot a
message missing in one form, and to test that both forms exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

LANGS = ("nb", "nn")

MESSAGES: dict[str, dict[str, str]] = {
    # --- schema errors, by keyword ------------------------------------------------
    "schema.required": {
        "nb": "{field} mangler.",
        "nn": "{field} manglar.",
    },
    "schema.type": {
        "nb": "{field} har feil type: skal være {expected}, men er {found}.",
        "nn": "{field} har feil type: skal vere {expected}, men er {found}.",
    },
    "schema.form.dato": {
        "nb": "{field} må være en gyldig dato på formen ÅÅÅÅ-MM-DD, ikke «{value}».",
        "nn": "{field} må vere ein gyldig dato på forma ÅÅÅÅ-MM-DD, ikkje «{value}».",
    },
    "schema.form.kommunenummer": {
        "nb": "{field} må være fire sifre i anførselstegn (for eksempel «0219»), ikke «{value}».",
        "nn": "{field} må vere fire siffer i hermeteikn (til dømes «0219»), ikkje «{value}».",
    },
    "schema.form.epost": {
        "nb": "{field} er ikke en gyldig e-postadresse: «{value}».",
        "nn": "{field} er ikkje ei gyldig e-postadresse: «{value}».",
    },
    "schema.form.orgnr": {
        "nb": "{field} må være ni sifre, ikke «{value}».",
        "nn": "{field} må vere ni siffer, ikkje «{value}».",
    },
    "schema.empty": {
        "nb": "{field} er ikke fylt ut.",
        "nn": "{field} er ikkje fylt ut.",
    },
    "schema.too-few": {
        "nb": "{field} må ha minst {limit} oppføring(er).",
        "nn": "{field} må ha minst {limit} oppføring(ar).",
    },
    "schema.too-many": {
        "nb": "{field} har for mange oppføringer (høyst {limit}).",
        "nn": "{field} har for mange oppføringar (høgst {limit}).",
    },
    "schema.too-long": {
        "nb": "{field} er for lang (høyst {limit} tegn).",
        "nn": "{field} er for lang (høgst {limit} teikn).",
    },
    "schema.enum": {
        "nb": "{field} må være en av {choices}, ikke «{value}».",
        "nn": "{field} må vere ein av {choices}, ikkje «{value}».",
    },
    "schema.const": {
        "nb": "{field} må være «{expected}».",
        "nn": "{field} må vere «{expected}».",
    },
    "schema.minimum": {
        "nb": "{field} må være minst {limit}, ikke {value}.",
        "nn": "{field} må vere minst {limit}, ikkje {value}.",
    },
    "schema.exclusive-minimum": {
        "nb": "{field} må være større enn {limit}, ikke {value}.",
        "nn": "{field} må vere større enn {limit}, ikkje {value}.",
    },
    "schema.maximum": {
        "nb": "{field} kan ikke være over {limit}.",
        "nn": "{field} kan ikkje vere over {limit}.",
    },
    "schema.unknown-field": {
        "nb": "Ukjent felt «{name}» under {field}. Sjekk stavemåten; kjente felt er: {known}.",
        "nn": "Ukjend felt «{name}» under {field}. Sjekk stavemåten; kjende felt er: {known}.",
    },
    "schema.unknown-field-close": {
        "nb": "Ukjent felt «{name}» under {field}. Mente du «{right}»?",
        "nn": "Ukjend felt «{name}» under {field}. Meinte du «{right}»?",
    },
    "schema.misspelled-field": {
        "nb": "Feltet «{name}» under {field} finnes ikke. Mente du «{right}»? Innholdet er kontrollert som «{right}»; rett opp navnet.",
        "nn": "Feltet «{name}» under {field} finst ikkje. Meinte du «{right}»? Innhaldet er kontrollert som «{right}»; rett opp namnet.",
    },
    "schema.other": {
        "nb": "{field} er ikke gyldig: {detail}",
        "nn": "{field} er ikkje gyldig: {detail}",
    },
    # --- sentences made of sentences -------------------------------------------
    "sentence.and-hint": {
        "nb": "{sentence} {hint}",
        "nn": "{sentence} {hint}",
    },
    # A sentence said in one målform only (an error raised before it had a key); nothing new uses it.
    "sentence.as-said": {
        "nb": "{sentence}",
        "nn": "{sentence}",
    },
    # --- files that cannot be read (LoadError: the sentence, then a hint) -----------
    "load.cannot-open": {
        "nb": "Filen kan ikke åpnes ({reason}).",
        "nn": "Fila kan ikkje opnast ({reason}).",
    },
    "hint.check-exists": {
        "nb": "Sjekk at filen finnes og kan leses.",
        "nn": "Sjekk at fila finst og kan lesast.",
    },
    "hint.check-access": {
        "nb": "Sjekk at filen kan leses (tilgangen til den).",
        "nn": "Sjekk at fila kan lesast (tilgangen til henne).",
    },
    "load.other-format": {
        "nb": "Filen er {what}, som kvkdocs ikke leser.",
        "nn": "Fila er {what}, som kvkdocs ikkje les.",
    },
    "hint.save-as-docx": {
        "nb": "Lagre søknaden som Word-dokument (.docx) uten makroer, eller som PDF.",
        "nn": "Lagre søknaden som Word-dokument (.docx) utan makroar, eller som PDF.",
    },
    "load.unsupported-type": {
        "nb": "Filtypen «{suffix}» støttes ikke.",
        "nn": "Filtypen «{suffix}» er ikkje støtta.",
    },
    "load.no-suffix": {
        "nb": "uten endelse",
        "nn": "utan ending",
    },
    "hint.known-types": {
        "nb": "kvkdocs leser .docx, .pdf, .yaml, .yml og .json. Flytt andre filer ut av mappen.",
        "nn": "kvkdocs les .docx, .pdf, .yaml, .yml og .json. Flytt andre filer ut av mappa.",
    },
    "load.folder": {
        "nb": "Dette er en mappe, ikke en fil.",
        "nn": "Dette er ei mappe, ikkje ei fil.",
    },
    "hint.folder": {
        "nb": "Oppgi filene i mappen, eller selve mappen.",
        "nn": "Oppgi filene i mappa, eller sjølve mappa.",
    },
    "load.empty": {
        "nb": "Filen er tom.",
        "nn": "Fila er tom.",
    },
    "hint.send-again": {
        "nb": "Send søknaden på nytt.",
        "nn": "Send søknaden på nytt.",
    },
    "hint.send-in-again": {
        "nb": "Send inn søknaden på nytt.",
        "nn": "Send inn søknaden på nytt.",
    },
    "load.document-too-big": {
        "nb": "Filen er på {size} MB; grensen er {limit} MB.",
        "nn": "Fila er på {size} MB; grensa er {limit} MB.",
    },
    "hint.remove-big": {
        "nb": "Fjern store bilder eller vedlegg og send på nytt.",
        "nn": "Fjern store bilete eller vedlegg og send på nytt.",
    },
    "load.not-a-mapping": {
        "nb": "Filen inneholder {found}, ikke et sett med felt.",
        "nn": "Fila inneheld {found}, ikkje eit sett med felt.",
    },
    "hint.application-start": {
        "nb": "En søknad begynner med «dokument: søknad» og felt som «søker:» og «mål:». Start med en søknadsmal fra kvkdocs.",
        "nn": "Ein søknad byrjar med «dokument: søknad» og felt som «søker:» og «mål:». Start med ein søknadsmal frå kvkdocs.",
    },
    "load.no-kind": {
        "nb": "Filen sier ikke hva den er: feltet «dokument» mangler eller har en ukjent verdi.",
        "nn": "Fila seier ikkje kva ho er: feltet «dokument» manglar eller har ein ukjend verdi.",
    },
    "load.unknown-kind": {
        "nb": "Filen sier ikke hva den er: feltet «dokument» mangler eller har en ukjent verdi («{kind}»).",
        "nn": "Fila seier ikkje kva ho er: feltet «dokument» manglar eller har ein ukjend verdi («{kind}»).",
    },
    "hint.kind": {
        "nb": "Skriv «dokument: søknad» for en søknad, «dokument: møte» for en møtefil eller «dokument: runde» for et rundeoppsett øverst i filen.",
        "nn": "Skriv «dokument: søknad» for ein søknad, «dokument: møte» for ei møtefil eller «dokument: runde» for eit rundeoppsett øvst i fila.",
    },
    "load.at-line": {
        "nb": "Linje {line}: {what}.",
        "nn": "Linje {line}: {what}.",
    },
    "load.what": {
        "nb": "{what}.",
        "nn": "{what}.",
    },
    "yaml.tag": {
        "nb": "taggen «{tag}» er ikke tillatt",
        "nn": "taggen «{tag}» er ikkje tillaten",
    },
    "hint.tag-plain": {
        "nb": "Fjern taggen; skriv verdien som vanlig tekst eller tall.",
        "nn": "Fjern taggen; skriv verdien som vanleg tekst eller tal.",
    },
    "hint.tag": {
        "nb": "Fjern taggen.",
        "nn": "Fjern taggen.",
    },
    "yaml.anchors": {
        "nb": "ankere og aliaser (& og *) er ikke tillatt",
        "nn": "ankere og aliasar (& og *) er ikkje tillatne",
    },
    "hint.write-out": {
        "nb": "Skriv verdien ut på hvert sted den trengs.",
        "nn": "Skriv verdien ut på kvar stad han trengst.",
    },
    "yaml.merge": {
        "nb": "flettenøkler («<<») er ikke tillatt",
        "nn": "flettenøklar («<<») er ikkje tillatne",
    },
    "hint.merge": {
        "nb": "Skriv feltene ut der de hører hjemme.",
        "nn": "Skriv felta ut der dei høyrer heime.",
    },
    "yaml.twice": {
        "nb": "feltet «{key}» står to ganger (også på linje {line})",
        "nn": "feltet «{key}» står to gonger (òg på linje {line})",
    },
    "hint.one-value": {
        "nb": "Slett den ene; bare én verdi kan gjelde.",
        "nn": "Slett den eine; berre éin verdi kan gjelde.",
    },
    "yaml.key-plain": {
        "nb": "en nøkkel må være vanlig tekst",
        "nn": "ein nøkkel må vere vanleg tekst",
    },
    "hint.key-plain": {
        "nb": "Skriv nøkkelen som et ord etterfulgt av kolon.",
        "nn": "Skriv nøkkelen som eit ord etterfølgt av kolon.",
    },
    "yaml.deep": {
        "nb": "strukturen er nestet dypere enn {limit} nivåer",
        "nn": "strukturen er nesta djupare enn {limit} nivå",
    },
    "hint.deep": {
        "nb": "En søknad trenger bare noen få nivåer; rett opp innrykket.",
        "nn": "Ein søknad treng berre nokre få nivå; rett opp innrykket.",
    },
    "yaml.documents": {
        "nb": "filen inneholder mer enn ett YAML-dokument",
        "nn": "fila inneheld meir enn eitt YAML-dokument",
    },
    "hint.documents": {
        "nb": "Behold bare ett dokument; fjern linjer med «---» midt i filen.",
        "nn": "Behald berre eitt dokument; fjern linjer med «---» midt i fila.",
    },
    "load.not-utf8": {
        "nb": "Filen er ikke gyldig UTF-8 (feil ved byte {at}).",
        "nn": "Fila er ikkje gyldig UTF-8 (feil ved byte {at}).",
    },
    "hint.utf8": {
        "nb": "Lagre filen på nytt med tegnkoding UTF-8.",
        "nn": "Lagre fila på nytt med teiknkoding UTF-8.",
    },
    "load.too-big": {
        "nb": "Filen er på {size} MB; grensen for denne filtypen er {limit} MB.",
        "nn": "Fila er på {size} MB; grensa for denne filtypen er {limit} MB.",
    },
    "hint.too-big": {
        "nb": "En søknad er sjelden over noen hundre kB. Sjekk at det er riktig fil.",
        "nn": "Ein søknad er sjeldan over nokre hundre kB. Sjekk at det er rett fil.",
    },
    "load.yaml": {
        "nb": "Linje {line}: YAML-filen kan ikke tolkes: {problem}.",
        "nn": "Linje {line}: YAML-fila kan ikkje tolkast: {problem}.",
    },
    "hint.yaml": {
        "nb": "Sjekk innrykk, kolon og anførselstegn rundt linjen.",
        "nn": "Sjekk innrykk, kolon og hermeteikn rundt linja.",
    },
    "load.yaml-char": {
        "nb": "Filen inneholder et tegn YAML ikke tillater (U+{code}, tegn nummer {position}).",
        "nn": "Fila inneheld eit teikn YAML ikkje tillèt (U+{code}, teikn nummer {position}).",
    },
    "hint.yaml-char": {
        "nb": "Fjern kontrolltegn og andre usynlige tegn, og lagre filen på nytt.",
        "nn": "Fjern kontrollteikn og andre usynlege teikn, og lagre fila på nytt.",
    },
    "load.yaml-other": {
        "nb": "YAML-filen kan ikke tolkes ({name}).",
        "nn": "YAML-fila kan ikkje tolkast ({name}).",
    },
    "hint.text-editor": {
        "nb": "Sjekk filen i et tekstprogram.",
        "nn": "Sjekk fila i eit tekstprogram.",
    },
    "load.json-twice": {
        "nb": "Feltet «{key}» står to ganger i samme objekt.",
        "nn": "Feltet «{key}» står to gonger i same objekt.",
    },
    "load.json-constant": {
        "nb": "Verdien {name} er ikke et tall JSON tillater.",
        "nn": "Verdien {name} er ikkje eit tal JSON tillèt.",
    },
    "hint.plain-number": {
        "nb": "Skriv et vanlig tall.",
        "nn": "Skriv eit vanleg tal.",
    },
    "load.json": {
        "nb": "Linje {line}: JSON-filen kan ikke tolkes: {problem}.",
        "nn": "Linje {line}: JSON-fila kan ikkje tolkast: {problem}.",
    },
    "hint.json": {
        "nb": "Sjekk komma, klammer og anførselstegn rundt linjen.",
        "nn": "Sjekk komma, klammer og hermeteikn rundt linja.",
    },
    "load.json-deep": {
        "nb": "JSON-filen er nestet altfor dypt.",
        "nn": "JSON-fila er nesta altfor djupt.",
    },
    "hint.few-levels": {
        "nb": "En søknad trenger bare noen få nivåer.",
        "nn": "Ein søknad treng berre nokre få nivå.",
    },
    "load.surrogates": {
        "nb": "Filen inneholder ugyldige tegn (enslige surrogater).",
        "nn": "Fila inneheld ugyldige teikn (einslege surrogatar).",
    },
    "hint.surrogates": {
        "nb": "Fjern de ødelagte tegnene og lagre på nytt.",
        "nn": "Fjern dei øydelagde teikna og lagre på nytt.",
    },
    "load.json-value": {
        "nb": "JSON-filen kan ikke tolkes: {problem}.",
        "nn": "JSON-fila kan ikkje tolkast: {problem}.",
    },
    "hint.numbers": {
        "nb": "Sjekk tallene i filen.",
        "nn": "Sjekk tala i fila.",
    },
    "load.deep": {
        "nb": "Strukturen er nestet dypere enn {limit} nivåer.",
        "nn": "Strukturen er nesta djupare enn {limit} nivå.",
    },
    "load.unknown-problem": {
        "nb": "ukjent feil ({detail})",
        "nn": "ukjend feil ({detail})",
    },
    "load.unknown": {
        "nb": "ukjent feil",
        "nn": "ukjend feil",
    },
    "word.protected": {
        "nb": "Filen er passordbeskyttet eller i det gamle Word-formatet (.doc).",
        "nn": "Fila er passordverna eller i det gamle Word-formatet (.doc).",
    },
    "hint.save-without-password": {
        "nb": "Lagre dokumentet på nytt i Word som .docx uten passord (Fil → Lagre som → Word-dokument).",
        "nn": "Lagre dokumentet på nytt i Word som .docx utan passord (Fil → Lagre som → Word-dokument).",
    },
    "hint.remove-password": {
        "nb": "Fjern passordet og lagre på nytt som .docx.",
        "nn": "Fjern passordet og lagre på nytt som .docx.",
    },
    "word.is-pdf": {
        "nb": "Filen er en PDF med endelsen .docx.",
        "nn": "Fila er ein PDF med endinga .docx.",
    },
    "hint.rename-pdf": {
        "nb": "Gi filen endelsen .pdf og send den på nytt.",
        "nn": "Gi fila endinga .pdf og send henne på nytt.",
    },
    "word.is-rtf": {
        "nb": "Filen er et RTF-dokument med endelsen .docx.",
        "nn": "Fila er eit RTF-dokument med endinga .docx.",
    },
    "hint.save-rtf": {
        "nb": "Lagre den som Word-dokument (.docx) i Word.",
        "nn": "Lagre henne som Word-dokument (.docx) i Word.",
    },
    "word.not-zip": {
        "nb": "Filen er ikke et gyldig Word-dokument (ødelagt eller avkortet).",
        "nn": "Fila er ikkje eit gyldig Word-dokument (øydelagd eller avkorta).",
    },
    "hint.open-and-save": {
        "nb": "Åpne den i Word og lagre på nytt, eller be om en ny kopi.",
        "nn": "Opne henne i Word og lagre på nytt, eller be om ein ny kopi.",
    },
    "word.many-parts": {
        "nb": "Word-filen har {count} deler; det er mistenkelig mange.",
        "nn": "Word-fila har {count} delar; det er mistenkjeleg mange.",
    },
    "hint.save-in-word": {
        "nb": "Lagre dokumentet på nytt i Word.",
        "nn": "Lagre dokumentet på nytt i Word.",
    },
    "word.too-big": {
        "nb": "Word-filen pakkes ut til mer enn grensen på {limit} MB.",
        "nn": "Word-fila blir pakka ut til meir enn grensa på {limit} MB.",
    },
    "hint.remove-big-save": {
        "nb": "Fjern store bilder og vedlegg, og lagre på nytt.",
        "nn": "Fjern store bilete og vedlegg, og lagre på nytt.",
    },
    "word.part-too-big": {
        "nb": "En del av Word-filen ({name}) pakkes ut til mer enn grensen på {limit} MB per del.",
        "nn": "Ein del av Word-fila ({name}) blir pakka ut til meir enn grensa på {limit} MB per del.",
    },
    "hint.compress": {
        "nb": "Fjern eller komprimer store bilder og vedlegg, og lagre på nytt.",
        "nn": "Fjern eller komprimer store bilete og vedlegg, og lagre på nytt.",
    },
    "word.bad-name": {
        "nb": "Word-filen har en del med ulovlig navn ({name}).",
        "nn": "Word-fila har ein del med ulovleg namn ({name}).",
    },
    "hint.manipulated": {
        "nb": "Filen kan være manipulert; be om en ny kopi.",
        "nn": "Fila kan vere manipulert; be om ein ny kopi.",
    },
    "word.bomb": {
        "nb": "Word-filen er pakket mistenkelig tett (mulig ZIP-bombe).",
        "nn": "Word-fila er pakka mistenkjeleg tett (mogleg ZIP-bombe).",
    },
    "hint.new-copy": {
        "nb": "Be om en ny kopi av dokumentet.",
        "nn": "Be om ein ny kopi av dokumentet.",
    },
    "word.unpack": {
        "nb": "Word-filen er skadet (innholdet kan ikke pakkes ut).",
        "nn": "Word-fila er skadd (innhaldet kan ikkje pakkast ut).",
    },
    "hint.save-again-word": {
        "nb": "Lagre på nytt i Word.",
        "nn": "Lagre på nytt i Word.",
    },
    "word.doctype": {
        "nb": "Word-filen inneholder en DOCTYPE/ENTITY-deklarasjon, som Word aldri skriver.",
        "nn": "Word-fila inneheld ein DOCTYPE/ENTITY-deklarasjon, som Word aldri skriv.",
    },
    "word.bad-xml": {
        "nb": "Word-filen har ugyldig XML ({detail}).",
        "nn": "Word-fila har ugyldig XML ({detail}).",
    },
    "hint.open-save-word": {
        "nb": "Åpne og lagre på nytt i Word.",
        "nn": "Opne og lagre på nytt i Word.",
    },
    "word.no-body": {
        "nb": "Word-filen har ingen brødtekst.",
        "nn": "Word-fila har ingen brødtekst.",
    },
    "pdf.no-header": {
        "nb": "Filen er ikke en PDF (den mangler PDF-hodet).",
        "nn": "Fila er ikkje ein PDF (ho manglar PDF-hovudet).",
    },
    "hint.send-as": {
        "nb": "Send søknaden som PDF, Word eller YAML.",
        "nn": "Send søknaden som PDF, Word eller YAML.",
    },
    "pdf.password": {
        "nb": "PDF-filen er passordbeskyttet.",
        "nn": "PDF-fila er passordverna.",
    },
    "hint.no-password": {
        "nb": "Send en kopi uten passord.",
        "nn": "Send ein kopi utan passord.",
    },
    "pdf.encrypted": {
        "nb": "PDF-filen er kryptert på en måte som ikke kan leses.",
        "nn": "PDF-fila er kryptert på ein måte som ikkje kan lesast.",
    },
    "pdf.damaged": {
        "nb": "PDF-filen er skadet og kan ikke leses ({why}).",
        "nn": "PDF-fila er skadd og kan ikkje lesast ({why}).",
    },
    "pdf.why-format": {
        "nb": "den er ikke bygd opp som en PDF",
        "nn": "ho er ikkje bygd opp som ein PDF",
    },
    "pdf.why-file": {
        "nb": "den kan ikke åpnes",
        "nn": "ho kan ikkje opnast",
    },
    "hint.export-pdf": {
        "nb": "Eksporter dokumentet til PDF på nytt.",
        "nn": "Eksporter dokumentet til PDF på nytt.",
    },
    "pdf.no-pages": {
        "nb": "PDF-filen har ingen sider.",
        "nn": "PDF-fila har ingen sider.",
    },
    "pdf.many-pages": {
        "nb": "PDF-filen har {pages} sider; en søknad har sjelden mer enn {limit}.",
        "nn": "PDF-fila har {pages} sider; ein søknad har sjeldan meir enn {limit}.",
    },
    "hint.right-file": {
        "nb": "Sjekk at det er riktig fil.",
        "nn": "Sjekk at det er rett fil.",
    },
    "pdf.page": {
        "nb": "Side {number} i PDF-filen kan ikke leses.",
        "nn": "Side {number} i PDF-fila kan ikkje lesast.",
    },
    "pdf.page-text": {
        "nb": "Teksten på side {number} i PDF-filen kan ikke leses.",
        "nn": "Teksten på side {number} i PDF-fila kan ikkje lesast.",
    },
    "pdf.scanned": {
        "nb": "PDF-filen har ingen tekst, bare bilder (skannet dokument).",
        "nn": "PDF-fila har ingen tekst, berre bilete (skanna dokument).",
    },
    "hint.not-scanned": {
        "nb": "Send dokumentet som Word-fil eller som PDF eksportert fra Word, ikke skannet.",
        "nn": "Send dokumentet som Word-fil eller som PDF eksportert frå Word, ikkje skanna.",
    },
    "layout.no-sections": {
        "nb": "Dokumentet ser ikke ut som en søknad: fant ingen av delene ({titles} …).",
        "nn": "Dokumentet ser ikkje ut som ein søknad: fann ingen av delane ({titles} …).",
    },
    "hint.keep-headings": {
        "nb": "Lag søknaden fra søknadsmalen, eller behold overskriftene i malen.",
        "nn": "Lag søknaden frå søknadsmalen, eller behald overskriftene i malen.",
    },
    "load.memory": {
        "nb": "Filen krevde mer minne enn grensen.",
        "nn": "Fila kravde meir minne enn grensa.",
    },
    "hint.damaged": {
        "nb": "Filen kan være skadet eller manipulert.",
        "nn": "Fila kan vere skadd eller manipulert.",
    },
    "load.nested": {
        "nb": "Filen er nestet for dypt til å leses.",
        "nn": "Fila er nesta for djupt til å lesast.",
    },
    "load.crashed": {
        "nb": "Filen kunne ikke leses ({detail}).",
        "nn": "Fila kunne ikkje lesast ({detail}).",
    },
    "hint.open-save-copy": {
        "nb": "Åpne den og lagre på nytt, eller be om en ny kopi.",
        "nn": "Opne henne og lagre på nytt, eller be om ein ny kopi.",
    },
    "load.worker-died": {
        "nb": "Prosessen som leste filen, stoppet uten å svare (den kan ha krasjet eller blitt stoppet utenfra).",
        "nn": "Prosessen som las fila, stoppa utan å svare (han kan ha krasja eller vorte stoppa utanfrå).",
    },
    "load.timeout": {
        "nb": "Filen tok mer enn {seconds} sekunder å lese og ble stoppet.",
        "nn": "Fila tok meir enn {seconds} sekund å lese og vart stoppa.",
    },
    "load.reader-closed": {
        "nb": "Filen ble ikke lest: leseprosessene er allerede stoppet (programmet avsluttes).",
        "nn": "Fila vart ikkje lesen: leseprosessane er allereie stoppa (programmet avsluttar).",
    },
    "hint.start-again": {
        "nb": "Vent til programmet er startet igjen, og prøv på nytt.",
        "nn": "Vent til programmet er starta igjen, og prøv på nytt.",
    },
    "hint.damaged-copy": {
        "nb": "Filen kan være skadet eller manipulert; be om en ny kopi.",
        "nn": "Fila kan vere skadd eller manipulert; be om ein ny kopi.",
    },
    "inbox.link-out": {
        "nb": "Lenke ut av mappen, ikke fulgt.",
        "nn": "Lenkje ut av mappa, ikkje følgd.",
    },
    "inbox.link-out.hint": {
        "nb": "Legg selve filen i mappen i stedet for en lenke.",
        "nn": "Legg sjølve fila i mappa i staden for ei lenkje.",
    },
    "inbox.dangling": {
        "nb": "Lenken peker på noe som ikke finnes.",
        "nn": "Lenkja peikar på noko som ikkje finst.",
    },
    "inbox.dangling.hint": {
        "nb": "Fjern lenken eller legg filen i mappen.",
        "nn": "Fjern lenkja eller legg fila i mappa.",
    },
    "inbox.repeat": {
        "nb": "Lenke til en fil eller mappe som allerede er med i kontrollen, ikke fulgt en gang til.",
        "nn": "Lenkje til ei fil eller mappe som alt er med i kontrollen, ikkje følgd ein gong til.",
    },
    "inbox.repeat.hint": {
        "nb": "Fjern lenken; filene kontrolleres der de ligger.",
        "nn": "Fjern lenkja; filene blir kontrollerte der dei ligg.",
    },
    "inbox.loop": {
        "nb": "Lenken går i ring (den peker tilbake på seg selv), ikke fulgt.",
        "nn": "Lenkja går i ring (ho peikar attende på seg sjølv), ikkje følgd.",
    },
    "inbox.loop.hint": {
        "nb": "Fjern lenken.",
        "nn": "Fjern lenkja.",
    },
    "inbox.deep": {
        "nb": "Lenke i lenke i flere enn {limit} ledd, ikke fulgt.",
        "nn": "Lenkje i lenkje i fleire enn {limit} ledd, ikkje følgd.",
    },
    "inbox.deep.hint": {
        "nb": "Legg filene rett i mappen.",
        "nn": "Legg filene rett i mappa.",
    },
    "inbox.special": {
        "nb": "Dette er ikke en vanlig fil, men {kind}, og den er ikke lest.",
        "nn": "Dette er ikkje ei vanleg fil, men {kind}, og ho er ikkje lesen.",
    },
    "inbox.special.hint": {
        "nb": "Legg bare søknadsfiler i mappen.",
        "nn": "Legg berre søknadsfiler i mappa.",
    },
    "inbox.folder": {
        "nb": "Mappen kan ikke leses ({reason}).",
        "nn": "Mappa kan ikkje lesast ({reason}).",
    },
    "inbox.folder.hint": {
        "nb": "Sjekk tilgangen til mappen, eller flytt søknadene ut av den.",
        "nn": "Sjekk tilgangen til mappa, eller flytt søknadene ut av henne.",
    },
    "inbox.entry": {
        "nb": "Filen kan ikke undersøkes ({reason}).",
        "nn": "Fila kan ikkje undersøkjast ({reason}).",
    },
    "inbox.entry.hint": {
        "nb": "Sjekk tilgangen til filen.",
        "nn": "Sjekk tilgangen til fila.",
    },
    "inbox.missing": {
        "nb": "Finner ikke filen eller mappen.",
        "nn": "Finn ikkje fila eller mappa.",
    },
    "inbox.missing.hint": {
        "nb": "Sjekk stien.",
        "nn": "Sjekk stien.",
    },
    "inbox.kind.fifo": {
        "nb": "et navngitt rør (FIFO)",
        "nn": "eit namngjeve røyr (FIFO)",
    },
    "inbox.kind.socket": {
        "nb": "en socket",
        "nn": "ein socket",
    },
    "inbox.kind.device": {
        "nb": "en enhet (device)",
        "nn": "ei eining (device)",
    },
    "inbox.kind.other": {
        "nb": "en spesialfil",
        "nn": "ei spesialfil",
    },
    # --- the web's audit log (details stored as key and values, shown in the reader's målform) ---------
    "audit.round-created": {
        "nb": "{name} ({edition}, pulje {number}, frist {deadline})",
        "nn": "{name} ({edition}, pulje {number}, frist {deadline})",
    },
    "audit.file-received": {
        "nb": "{filename}, versjon {number}: {verdict}, {warnings}",
        "nn": "{filename}, versjon {number}: {verdict}, {warnings}",
    },
    "audit.meeting": {
        "nb": "{filename}, versjon {number}: {verdict}",
        "nn": "{filename}, versjon {number}: {verdict}",
    },
    "audit.letters": {
        "nb": "{documents} dokumenter ({kind}) fra møtefil versjon {number} ({filename})",
        "nn": "{documents} dokument ({kind}) frå møtefil versjon {number} ({filename})",
    },
    "audit.word": {
        "nb": "Word",
        "nn": "Word",
    },
    "audit.word-pdf": {
        "nb": "Word og PDF",
        "nn": "Word og PDF",
    },
    "audit.no-errors": {
        "nb": "uten feil",
        "nn": "utan feil",
    },
    "audit.errors": {
        "nb": "{count} feil",
        "nn": "{count} feil",
    },
    "audit.warning": {
        "nb": "{count} advarsel",
        "nn": "{count} åtvaring",
    },
    "audit.warnings": {
        "nb": "{count} advarsler",
        "nn": "{count} åtvaringar",
    },
    # --- municipalities (web) ---
    # The audit log's details of rounds' addresses, invitations, submissions and signed documents, and what
    # kvkdocs.db.kommune refuses: kept as keys, so each reader sees them in their målform.
    "audit.round-sender": {
        "nb": "Sekretariatets adresse for runden: {sender}",
        "nn": "Adressa til sekretariatet for runden: {sender}",
    },
    "audit.round-sender-removed": {
        "nb": "Sekretariatets adresse for runden er fjernet",
        "nn": "Adressa til sekretariatet for runden er fjerna",
    },
    "audit.kommune-invited": {
        "nb": "{number} {name}, gyldig til {until}",
        "nn": "{number} {name}, gyldig til {until}",
    },
    "audit.invitation-used": {
        "nb": "konto {username} for kommune {number}",
        "nn": "konto {username} for kommune {number}",
    },
    "audit.invitation-revoked": {
        "nb": "{number} {name}, lenken laget {created} virker ikke lenger",
        "nn": "{number} {name}, lenkja laga {created} verkar ikkje lenger",
    },
    "audit.submitted": {
        "nb": "kommune {number}, versjon {version}, SHA-256 {sha256}",
        "nn": "kommune {number}, versjon {version}, SHA-256 {sha256}",
    },
    "audit.submitted-late": {
        "nb": "kommune {number}, mottatt {received}",
        "nn": "kommune {number}, motteken {received}",
    },
    "audit.signed-uploaded": {
        "nb": "{filename} (SHA-256 {sha256}), kommune {number}, {compared}",
        "nn": "{filename} (SHA-256 {sha256}), kommune {number}, {compared}",
    },
    "audit.signed-difference": {
        "nb": "1 forskjell",
        "nn": "1 skilnad",
    },
    "audit.signed-differences": {
        "nb": "{count} forskjeller",
        "nn": "{count} skilnader",
    },
    "audit.signed-not-comparable": {
        "nb": "kunne ikke sammenlignes",
        "nn": "kunne ikkje samanliknast",
    },
    "audit.signed-accepted": {
        "nb": "{filename} (SHA-256 {sha256}), kommune {number}",
        "nn": "{filename} (SHA-256 {sha256}), kommune {number}",
    },
    "kommune.password-too-short": {
        "nb": "Passordet må ha minst {length} tegn.",
        "nn": "Passordet må ha minst {length} teikn.",
    },
    "kommune.link-used": {
        "nb": "Lenken er allerede brukt.",
        "nn": "Lenkja er allereie brukt.",
    },
    # --- end of municipalities (web) ---
    # --- the meeting file -------------------------------------------------------------------
    "meeting.unreadable": {
        "nb": "Møtefilen {path} kan ikke leses: {problem}",
        "nn": "Møtefila {path} kan ikkje lesast: {problem}",
    },
    "meeting.not-meeting": {
        "nb": "{path} er ikke en møtefil (den sier «dokument: {kind}»).",
        "nn": "{path} er ikkje ei møtefil (ho seier «dokument: {kind}»).",
    },
    "meeting.unknown-programme": {
        "nb": "Møtefilen {path} gjelder ukjent programutgave «{value}». Kjente: {known}.",
        "nn": "Møtefila {path} gjeld ukjend programutgåve «{value}». Kjende: {known}.",
    },
    "meeting.no-sender": {
        "nb": "Møtefilen {path} sier ikke hvem brevene er fra. Legg til «avsender:» med navn, saksbehandler og "
              "referanseprefiks, eller «avsenderfil:» med stien til en fil med dette.",
        "nn": "Møtefila {path} seier ikkje kven breva er frå. Legg til «avsender:» med namn, saksbehandlar og "
              "referanseprefiks, eller «avsenderfil:» med stien til ei fil med dette.",
    },
    "meeting.sender-unreadable": {
        "nb": "Avsenderfilen {path} kan ikke leses: {problem}",
        "nn": "Avsendarfila {path} kan ikkje lesast: {problem}",
    },
    "meeting.issues": {
        "nb": "Møtefilen {path} har feil, så ingenting er skrevet:\n{lines}",
        "nn": "Møtefila {path} har feil, så ingenting er skrive:\n{lines}",
    },
    "meeting.issue": {
        "nb": "  {where}: {issue}",
        "nn": "  {where}: {issue}",
    },
    "meeting.other-edition": {
        "nb": "Møtefilen gjelder programutgaven «{found}», men runden gjelder «{expected}». "
              "Last opp møtefilen til riktig runde, eller rett «program:» i filen.",
        "nn": "Møtefila gjeld programutgåva «{found}», men runden gjeld «{expected}». "
              "Last opp møtefila til rett runde, eller rett «program:» i fila.",
    },
    "meeting.other-round": {
        "nb": "Møtefilen gjelder pulje {found}, men runden er pulje {expected}. "
              "Last opp møtefilen til riktig runde, eller rett «pulje:» i filen.",
        "nn": "Møtefila gjeld pulje {found}, men runden er pulje {expected}. "
              "Last opp møtefila til rett runde, eller rett «pulje:» i fila.",
    },
    # --- a ZIP file received on the web ------------------------------------------------------------
    "intake.zip-members": {
        "nb": "{name} inneholder {count} filer; grensen er {limit}.",
        "nn": "{name} inneheld {count} filer; grensa er {limit}.",
    },
    "intake.zip-size": {
        "nb": "{name} blir for stor når den pakkes ut (over {limit} MB).",
        "nn": "{name} blir for stor når ho blir pakka ut (over {limit} MB).",
    },
    "intake.zip-member-size": {
        "nb": "{name} oppgir feil størrelse for {member}; filen er avvist.",
        "nn": "{name} oppgjev feil storleik for {member}; fila er avvist.",
    },
    "intake.zip-unreadable": {
        "nb": "{name} kan ikke pakkes ut ({detail}). Send filene enkeltvis, eller en vanlig ZIP-fil.",
        "nn": "{name} kan ikkje pakkast ut ({detail}). Send filene kvar for seg, eller ei vanleg ZIP-fil.",
    },
    "intake.not-checked": {
        "nb": "Filen ble tatt imot, men kunne ikke kontrolleres på grunn av en feil i tjenesten. Send den på nytt; "
              "si fra til driftsansvarlig hvis det skjer igjen.",
        "nn": "Fila vart teken imot, men kunne ikkje kontrollerast på grunn av ein feil i tenesta. Send henne på nytt; "
              "sei frå til driftsansvarleg viss det skjer igjen.",
    },
    # --- input and edition -----------------------------------------------------
    "input.unknown-programme": {
        "nb": "Ukjent programutgave «{value}». Kjente utgaver: {known}.",
        "nn": "Ukjend programutgåve «{value}». Kjende utgåver: {known}.",
    },
    "input.missing-section": {
        "nb": "Fant ikke delen «{title}» i dokumentet. Legg overskriften og innholdet tilbake (se søknadsmalen).",
        "nn": "Fann ikkje delen «{title}» i dokumentet. Legg overskrifta og innhaldet tilbake (sjå søknadsmalen).",
    },
    "input.other-programme": {
        "nb": "Søknaden gjelder «{found}», men kontrollen gjelder «{expected}».",
        "nn": "Søknaden gjeld «{found}», men kontrollen gjeld «{expected}».",
    },
    "field.application-date": {
        "nb": "Søknadsdatoen",
        "nn": "Søknadsdatoen",
    },
    "field.received-date": {
        "nb": "Mottatt-datoen",
        "nn": "Motteken-datoen",
    },
    "dates.future": {
        "nb": "{field} {date} ligger fram i tid. Sjekk datoen.",
        "nn": "{field} {date} ligg fram i tid. Sjekk datoen.",
    },
    "dates.before-programme": {
        "nb": "{field} {date} er før {programme} fantes (fra {since}). Sjekk datoen og programutgaven.",
        "nn": "{field} {date} er før {programme} fanst (frå {since}). Sjekk datoen og programutgåva.",
    },
    # --- what the Word and PDF readers tell (kvkdocs.load.layout.Reading.notes) ---------
    "input.tracked-changes": {
        "nb": "Dokumentet har sporede endringer som ikke er godtatt. De er lest som godtatt; godta eller avvis dem i Word (Se gjennom → Godta) før søknaden sendes.",
        "nn": "Dokumentet har sporte endringar som ikkje er godtekne. Dei er lesne som godtekne; godta eller avvis dei i Word (Sjå gjennom → Godta) før søknaden vert send.",
    },
    "input.renamed-section": {
        "nb": "Overskriften «{found}» er ikke en kjent del av søknaden; den er lest som «{title}». Bruk overskriften «{title}» fra malen.",
        "nn": "Overskrifta «{found}» er ikkje ein kjend del av søknaden; ho er lesen som «{title}». Bruk overskrifta «{title}» frå malen.",
    },
    "input.date-unclear": {
        "nb": "{field}: «{value}» kan ikke leses sikkert som en dato. Skriv datoen som DD.MM.ÅÅÅÅ, for eksempel 20.08.2008.",
        "nn": "{field}: «{value}» kan ikkje lesast sikkert som ein dato. Skriv datoen som DD.MM.ÅÅÅÅ, til dømes 20.08.2008.",
    },
    "input.date-month": {
        "nb": "{field}: «{value}» er en måned, ikke en dato. Skriv dagen også, som DD.MM.ÅÅÅÅ, for eksempel 20.08.2008.",
        "nn": "{field}: «{value}» er ein månad, ikkje ein dato. Skriv dagen òg, som DD.MM.ÅÅÅÅ, til dømes 20.08.2008.",
    },
    "input.date-no-day": {
        "nb": "{field}: datoen «{value}» finnes ikke i kalenderen. Skriv en dato som finnes, som DD.MM.ÅÅÅÅ.",
        "nn": "{field}: datoen «{value}» finst ikkje i kalenderen. Skriv ein dato som finst, som DD.MM.ÅÅÅÅ.",
    },
    "input.hidden-characters": {
        "nb": "{field}: verdien har tegn som ikke synes: «{value}». Slett verdien og skriv den inn på nytt.",
        "nn": "{field}: verdien har teikn som ikkje syner: «{value}». Slett verdien og skriv han inn på nytt.",
    },
    # --- applicant -----------------------------------------------------------------
    "applicant.unknown": {
        "nb": "Kommunenummer {number} finnes ikke i kommuneregisteret.",
        "nn": "Kommunenummer {number} finst ikkje i kommuneregisteret.",
    },
    "applicant.retired": {
        "nb": "Kommunenummer {number} ({name}) var ikke i bruk {date}{successor}.",
        "nn": "Kommunenummer {number} ({name}) var ikkje i bruk {date}{successor}.",
    },
    "applicant.successor": {
        "nb": "; nummeret gikk over til {new}",
        "nn": "; nummeret gjekk over til {new}",
    },
    "applicant.on-application-date": {
        "nb": "på søknadsdatoen",
        "nn": "på søknadsdatoen",
    },
    "label.unnamed": {
        "nb": "uten navn",
        "nn": "utan namn",
    },
    "applicant.name-mismatch": {
        "nb": "Kommunenavnet «{given}» passer ikke med kommunenummer {number}, som er {name}.",
        "nn": "Kommunenamnet «{given}» passar ikkje med kommunenummer {number}, som er {name}.",
    },
    "applicant.orgnr-invalid": {
        "nb": "Organisasjonsnummeret {value} er ikke gyldig (kontrollsifferet stemmer ikke).",
        "nn": "Organisasjonsnummeret {value} er ikkje gyldig (kontrollsifferet stemmer ikkje).",
    },
    "applicant.orgnr-mismatch": {
        "nb": "Organisasjonsnummeret {value} hører ikke til {name}; registeret har {expected}.",
        "nn": "Organisasjonsnummeret {value} høyrer ikkje til {name}; registeret har {expected}.",
    },
    "applicant.partner-duplicate": {
        "nb": "Kommunenummer {number} står mer enn én gang blant søker og samarbeidskommuner.",
        "nn": "Kommunenummer {number} står meir enn éin gong blant søkjar og samarbeidskommunar.",
    },
    # --- content ----------------------------------------------------------------------
    "focus.missing-areas": {
        "nb": "Søknaden nevner ingen innsatsområder.",
        "nn": "Søknaden nemner ingen innsatsområde.",
    },
    "focus.missing-method": {
        "nb": "Søknaden beskriver ikke arbeidsformen (hvordan kommunen vil arbeide).",
        "nn": "Søknaden skildrar ikkje arbeidsforma (korleis kommunen vil arbeide).",
    },
    "goals.none": {
        "nb": "Søknaden har ingen mål for forbedringsarbeidet.",
        "nn": "Søknaden har ingen mål for forbetringsarbeidet.",
    },
    "goals.unmeasurable": {
        "nb": "Målet «{goal}» mangler {missing}.",
        "nn": "Målet «{goal}» manglar {missing}.",
    },
    "sick.none": {
        "nb": "Ingen mål gjelder sykefravær eller nærvær. Et mål om lavere sykefravær (eller høyere nærvær) er obligatorisk.",
        "nn": "Ingen mål gjeld sjukefråvær eller nærvær. Eit mål om lågare sjukefråvær (eller høgare nærvær) er obligatorisk.",
    },
    "sick.not-lower": {
        "nb": "Sykefraværsmålet «{goal}» har målverdi {target}, som ikke er lavere enn utgangsverdien {baseline}.",
        "nn": "Sjukefråværsmålet «{goal}» har målverdi {target}, som ikkje er lågare enn utgangsverdien {baseline}.",
    },
    "sick.not-higher": {
        "nb": "Nærværsmålet «{goal}» har målverdi {target}, som ikke er høyere enn utgangsverdien {baseline}.",
        "nn": "Nærværsmålet «{goal}» har målverdi {target}, som ikkje er høgare enn utgangsverdien {baseline}.",
    },
    "sector.outside": {
        "nb": "Prosjektet «{project}» gjelder sektoren «{value}», som ligger utenfor programmets sektorer ({allowed}).",
        "nn": "Prosjektet «{project}» gjeld sektoren «{value}», som ligg utanfor sektorane i programmet ({allowed}).",
    },
    "sector.none": {
        "nb": "Prosjektet «{project}» oppgir ingen sektor.",
        "nn": "Prosjektet «{project}» oppgjev ingen sektor.",
    },
    "theme.none": {
        "nb": "Prosjektet «{project}» oppgir ikke noe tema.",
        "nn": "Prosjektet «{project}» oppgjev ikkje noko tema.",
    },
    "theme.outside": {
        "nb": "Prosjektet «{project}» har temaet «{value}», som ikke er et av programmets tema ({allowed}).",
        "nn": "Prosjektet «{project}» har temaet «{value}», som ikkje er eitt av temaa i programmet ({allowed}).",
    },
    "theme.no-projects": {
        "nb": "Søknaden har ingen prosjekter. Kommunen deltar med ett eller flere prosjekter.",
        "nn": "Søknaden har ingen prosjekt. Kommunen deltek med eitt eller fleire prosjekt.",
    },
    "duration.missing": {
        "nb": "Prosjektet «{project}» mangler start- eller sluttdato.",
        "nn": "Prosjektet «{project}» manglar start- eller sluttdato.",
    },
    "duration.no-end": {
        "nb": "Prosjektet «{project}» har ingen sluttdato; det må være ferdig innen {last}.",
        "nn": "Prosjektet «{project}» har ingen sluttdato; det må vere ferdig innan {last}.",
    },
    "duration.span": {
        "nb": "Prosjektet «{project}» varer {years} år ({start}–{end}); det bør vare mellom {min} og {max} år.",
        "nn": "Prosjektet «{project}» varer {years} år ({start}–{end}); det bør vare mellom {min} og {max} år.",
    },
    "duration.order": {
        "nb": "Prosjektet «{project}» slutter ({end}) før det starter ({start}).",
        "nn": "Prosjektet «{project}» sluttar ({end}) før det startar ({start}).",
    },
    "duration.too-late": {
        "nb": "Prosjektet «{project}» slutter {end}, etter at programmet er over ({last}).",
        "nn": "Prosjektet «{project}» sluttar {end}, etter at programmet er over ({last}).",
    },
    "joint.where": {
        "nb": " for {name}",
        "nn": " for {name}",
    },
    "joint.unknown-municipality": {
        "nb": "Kommunen «{value}» er verken søkerkommunen eller en av samarbeidskommunene. Skriv kommunenummeret eller navnet slik det står under søker eller samarbeidskommuner.",
        "nn": "Kommunen «{value}» er verken søkjarkommunen eller ein av samarbeidskommunane. Skriv kommunenummeret eller namnet slik det står under søkjar eller samarbeidskommunar.",
    },
    "steering.missing-party": {
        "nb": "Styringsgruppen mangler {party}. Alle tre parter må være med.",
        "nn": "Styringsgruppa manglar {party}. Alle tre partane må vere med.",
    },
    "steering.missing-party-joint": {
        "nb": "Fra {name} mangler styringsgruppen {party}. I et felles prosjekt må hver kommune ha med alle tre parter.",
        "nn": "Frå {name} manglar styringsgruppa {party}. I eit felles prosjekt må kvar kommune ha med alle tre partane.",
    },
    "anchoring.none": {
        "nb": "Søknaden nevner ingen lokale arbeidstakerorganisasjoner{where}.",
        "nn": "Søknaden nemner ingen lokale arbeidstakarorganisasjonar{where}.",
    },
    "anchoring.no-statement": {
        "nb": "Søknaden sier ikke om listen over arbeidstakerorganisasjoner{where} er fullstendig. Svar «ja» på «Alle er med» (alle_organisasjoner_med) når alle lokale arbeidstakerorganisasjoner står på listen.",
        "nn": "Søknaden seier ikkje om lista over arbeidstakarorganisasjonar{where} er fullstendig. Svar «ja» på «Alle er med» (alle_organisasjoner_med) når alle lokale arbeidstakarorganisasjonar står på lista.",
    },
    "anchoring.incomplete": {
        "nb": "Søknaden sier at ikke alle lokale arbeidstakerorganisasjoner{where} er med. Arbeidet skal være forankret i alle.",
        "nn": "Søknaden seier at ikkje alle lokale arbeidstakarorganisasjonar{where} er med. Arbeidet skal vere forankra i alle.",
    },
    "anchoring.member-union": {
        "nb": "{member} i styringsgruppen representerer {union}, som ikke står på listen over arbeidstakerorganisasjoner{where}.",
        "nn": "{member} i styringsgruppa representerer {union}, som ikkje står på lista over arbeidstakarorganisasjonar{where}.",
    },
    "anchoring.unconfirmed": {
        "nb": "Forankringen i {union}{where} er ikke bekreftet: {missing} mangler.",
        "nn": "Forankringa i {union}{where} er ikkje stadfesta: {missing} manglar.",
    },
    "political.missing": {
        "nb": "Politisk forankring mangler {missing}.",
        "nn": "Politisk forankring manglar {missing}.",
    },
    "evaluation.missing": {
        "nb": "Søknaden har ingen plan for dokumentasjon og evaluering.",
        "nn": "Søknaden har ingen plan for dokumentasjon og evaluering.",
    },
    "cross-sector.single": {
        "nb": "Alle prosjektene ligger i én sektor ({sector}). Avtalen oppfordrer til samarbeid på tvers av fag og sektorer.",
        "nn": "Alle prosjekta ligg i éin sektor ({sector}). Avtalen oppmodar til samarbeid på tvers av fag og sektorar.",
    },
    "grant.requested": {
        "nb": "Søkt beløp",
        "nn": "Søkt beløp",
    },
    "grant.line": {
        "nb": "Beløpet for budsjettposten «{post}»",
        "nn": "Beløpet for budsjettposten «{post}»",
    },
    "grant.unreadable": {
        "nb": "{what} «{value}» kan ikke leses som et beløp i kroner. Skriv hele kroner, for eksempel «250 000», «kr 250 000» eller «1,5 mill.».",
        "nn": "{what} «{value}» kan ikkje lesast som eit beløp i kroner. Skriv heile kroner, til dømes «250 000», «kr 250 000» eller «1,5 mill.».",
    },
    "grant.not-whole": {
        "nb": "{what} «{value}» er ikke hele kroner. Skriv beløpet uten øre, for eksempel «250 000».",
        "nn": "{what} «{value}» er ikkje heile kroner. Skriv beløpet utan øre, til dømes «250 000».",
    },
    "grant.negative": {
        "nb": "{what} er negativt (minus kr {amount}). Skriv beløpet uten minustegn.",
        "nn": "{what} er negativt (minus kr {amount}). Skriv beløpet utan minusteikn.",
    },
    "grant.budget-sum": {
        "nb": "Budsjettpostene er til sammen kr {total}, men søkt beløp er kr {amount}.",
        "nn": "Budsjettpostane er til saman kr {total}, men søkt beløp er kr {amount}.",
    },
    "grant.over-cap": {
        "nb": "Søkt beløp kr {amount} er over taket på kr {cap} ({count} × kr {per}).",
        "nn": "Søkt beløp kr {amount} er over taket på kr {cap} ({count} × kr {per}).",
    },
    "deadline.late": {
        "nb": "Søknaden kom inn {received}, etter fristen {deadline}.",
        "nn": "Søknaden kom inn {received}, etter fristen {deadline}.",
    },
    # --- decision-meeting rules ---------------------------------------------------------
    "decision.over-budget": {
        "nb": "Tildelingene er til sammen kr {total} ({now} i dette møtet{earlier}), over budsjettet på kr {budget}.",
        "nn": "Tildelingane er til saman kr {total} ({now} i dette møtet{earlier}), over budsjettet på kr {budget}.",
    },
    "decision.earlier-part": {
        "nb": " og kr {amount} tidligere",
        "nn": " og kr {amount} tidlegare",
    },
    "decision.no-budget": {
        "nb": "Ingen budsjettramme er kontrollert: møtefilen oppgir ingen, og programutgaven oppgir ingen for {year}.",
        "nn": "Inga budsjettramme er kontrollert: møtefila oppgjev inga, og programutgåva oppgjev inga for {year}.",
    },
    "decision.over-cap": {
        "nb": "{name} får kr {amount}, over taket på kr {cap} ({count} × kr {per}).",
        "nn": "{name} får kr {amount}, over taket på kr {cap} ({count} × kr {per}).",
    },
    "decision.no-application": {
        "nb": "Det finnes ingen søknad fra kommunenummer {number}{name} i søknadsmappen.",
        "nn": "Det finst ingen søknad frå kommunenummer {number}{name} i søknadsmappa.",
    },
    "decision.two-applications": {
        "nb": "Kommunenummer {number} har flere søknader i søknadsmappen: {files}. Fjern alle unntatt én.",
        "nn": "Kommunenummer {number} har fleire søknader i søknadsmappa: {files}. Fjern alle utanom éin.",
    },
    "decision.partner-not-in-application": {
        "nb": "Samarbeidskommunen {number} står ikke i søknaden fra {lead}.",
        "nn": "Samarbeidskommunen {number} står ikkje i søknaden frå {lead}.",
    },
    "decision.needs-justification": {
        "nb": "{name} tas opp, men søknaden har {count} feil ({rules}). Skriv en begrunnelse i «dispensasjon» hvis opptaket skal stå.",
        "nn": "{name} vert teken opp, men søknaden har {count} feil ({rules}). Skriv ei grunngjeving i «dispensasjon» dersom opptaket skal stå.",
    },
    "decision.twice": {
        "nb": "{name} er ført opp mer enn én gang i dette møtet.",
        "nn": "{name} er ført opp meir enn éin gong i dette møtet.",
    },
    "decision.earlier": {
        "nb": "{name} ble tatt opp allerede i pulje {round}.",
        "nn": "{name} vart teken opp alt i pulje {round}.",
    },
    "decision.late": {
        "nb": "{name} søkte etter fristen og tas opp; søknaden føres opp for seg i protokollen.",
        "nn": "{name} søkte etter fristen og vert teken opp; søknaden vert ført opp for seg i protokollen.",
    },
    # --- what the command was asked for (UsageError) ---------------------------------------------
    "usage.not-found": {
        "nb": "Finner ikke {path}. Sjekk stien.",
        "nn": "Finn ikkje {path}. Sjekk stien.",
    },
    "usage.not-found-what": {
        "nb": "Finner ikke {path}. Sjekk stien til {what}.",
        "nn": "Finn ikkje {path}. Sjekk stien til {what}.",
    },
    "usage.nothing-to-check": {
        "nb": "Oppgi minst én fil eller mappe å kontrollere.",
        "nn": "Oppgi minst éi fil eller mappe å kontrollere.",
    },
    "usage.one-file-only": {
        "nb": "{path} er en mappe; bare én fil kan leses om gangen.",
        "nn": "{path} er ei mappe; berre éi fil kan lesast om gongen.",
    },
    "usage.file-problem": {
        "nb": "{path}: {problem}",
        "nn": "{path}: {problem}",
    },
    "usage.not-an-application": {
        "nb": "{path} er ikke en søknad (den sier «dokument: {kind}»). Oppgi søknaden avtalen gjelder.",
        "nn": "{path} er ikkje ein søknad (fila seier «dokument: {kind}»). Oppgi søknaden avtalen gjeld.",
    },
    "usage.template-lacks": {
        "nb": "Malen {template} bruker {names}, som dataene ikke har.",
        "nn": "Malen {template} brukar {names}, som dataa ikkje har.",
    },
    "usage.meeting-not-found": {
        "nb": "Finner ikke møtefilen {path}. Sjekk stien (se samples/meetings/ for eksempler).",
        "nn": "Finn ikkje møtefila {path}. Sjekk stien (sjå samples/meetings/ for døme).",
    },
    "usage.applications-not-found": {
        "nb": "Finner ikke søknadsmappen {path}. Oppgi mappen med søknadene møtet behandlet.",
        "nn": "Finn ikkje søknadsmappa {path}. Oppgi mappa med søknadene møtet handsama.",
    },
    "usage.start-method": {
        "nb": "Startmåten «{method}» for arbeidsprosesser er ukjent; bruk {choices}.",
        "nn": "Startmåten «{method}» for arbeidsprosessar er ukjend; bruk {choices}.",
    },
    "usage.not-a-number": {
        "nb": "{name} må være et tall, ikke «{value}».",
        "nn": "{name} må vere eit tal, ikkje «{value}».",
    },
    "usage.not-positive": {
        "nb": "{name} må være større enn 0.",
        "nn": "{name} må vere større enn 0.",
    },
    "usage.number-unknown": {
        "nb": "Kommunenummer {number} finnes ikke i kommuneregisteret. Sjekk nummeret (fire sifre).",
        "nn": "Kommunenummer {number} finst ikkje i kommuneregisteret. Sjekk nummeret (fire siffer).",
    },
    "usage.number-not-in-use": {
        "nb": "Kommunenummer {number} var ikke i bruk på datoen som gjelder ({periods}). Oppgi {choice}.",
        "nn": "Kommunenummer {number} var ikkje i bruk på datoen som gjeld ({periods}). Oppgi {choice}.",
    },
    # --- PDF through LibreOffice (RenderError, or UsageError before anything is done) -----------------
    "pdf.missing": {
        "nb": "LibreOffice er ikke installert, så PDF kan ikke lages, og ingenting er skrevet. {install}, "
              "og kjør kommandoen på nytt, eller {instead}",
        "nn": "LibreOffice er ikkje installert, så PDF kan ikkje lagast, og ingenting er skrive. {install}, "
              "og køyr kommandoen på nytt, eller {instead}",
    },
    "pdf.install": {
        "nb": "Installer det med «sudo apt-get install libreoffice-writer-nogui» (Debian/Ubuntu) eller fra libreoffice.org",
        "nn": "Installer det med «sudo apt-get install libreoffice-writer-nogui» (Debian/Ubuntu) eller frå libreoffice.org",
    },
    "pdf.instead-no-pdf": {
        "nb": "kjør den uten {choice}.",
        "nn": "køyr han utan {choice}.",
    },
    "pdf.instead-word-file": {
        "nb": "kjør den uten {choice} for å skrive bare Word-filen.",
        "nn": "køyr han utan {choice} for å skrive berre Word-fila.",
    },
    "pdf.instead-word-files": {
        "nb": "bruk {choice} for å skrive bare Word-filene.",
        "nn": "bruk {choice} for å skrive berre Word-filene.",
    },
    "pdf.failed": {
        "nb": "LibreOffice feilet under PDF-konverteringen ({detail}); ingenting er skrevet.",
        "nn": "LibreOffice feila under PDF-konverteringa ({detail}); ingenting er skrive.",
    },
    "pdf.too-slow": {
        "nb": "LibreOffice brukte mer enn {seconds} sekunder på PDF-konverteringen og ble stoppet; ingenting er skrevet. "
              "Prøv igjen, eller lag færre dokumenter om gangen.",
        "nn": "LibreOffice brukte meir enn {seconds} sekund på PDF-konverteringa og vart stoppa; ingenting er skrive. "
              "Prøv igjen, eller lag færre dokument om gongen.",
    },
    "pdf.none-made": {
        "nb": "LibreOffice laget ingen PDF; ingenting er skrevet.",
        "nn": "LibreOffice laga ingen PDF; ingenting er skrive.",
    },
    "pdf.none-made-for": {
        "nb": "LibreOffice laget ingen PDF for {name}; ingenting er skrevet.",
        "nn": "LibreOffice laga ingen PDF for {name}; ingenting er skrive.",
    },
    "pdf.unreadable": {
        "nb": "PDF-filen {name} kan ikke leses etter konverteringen ({detail}).",
        "nn": "PDF-fila {name} kan ikkje lesast etter konverteringa ({detail}).",
    },
    "pdf.empty": {
        "nb": "PDF-filen {name} ble tom eller mangler teksten «{expect}».",
        "nn": "PDF-fila {name} vart tom eller manglar teksten «{expect}».",
    },
    # --- Word templates (TemplateError) -----------------------------------------------------------
    "template.tag-error": {
        "nb": "Malen {name} har en feil i en tagg {where}: «{detail}». "
              "Rett taggen i Word (for eksempel {{{{ navn }}}} eller {{%p if … %}}).",
        "nn": "Malen {name} har ein feil i ein tagg {where}: «{detail}». "
              "Rett taggen i Word (til dømes {{{{ navn }}}} eller {{%p if … %}}).",
    },
    "template.in-paragraph": {
        "nb": "i avsnittet «{text}»",
        "nn": "i avsnittet «{text}»",
    },
    "template.part-missing": {
        "nb": "Malen {name} mangler delen {part}; er det en Word-fil?",
        "nn": "Malen {name} manglar delen {part}; er det ei Word-fil?",
    },
    "template.cannot-fill": {
        "nb": "Malen {name} kunne ikke fylles ut: {detail}",
        "nn": "Malen {name} kunne ikkje fyllast ut: {detail}",
    },
    "template.expression-fails": {
        "nb": "Malen {name} kunne ikke fylles ut: et uttrykk i en tagg virker ikke på dataene ({detail})",
        "nn": "Malen {name} kunne ikkje fyllast ut: eit uttrykk i ein tagg verkar ikkje på dataa ({detail})",
    },
    "template.bad-xml": {
        "nb": "Malen {name} ga ugyldig XML ({detail}).",
        "nn": "Malen {name} gav ugyldig XML ({detail}).",
    },
    "template.lacks-values": {
        "nb": "Malen {name}.docx bruker {names}, som dataene ikke har. Rett malen, eller bruk malen som følger med kvkdocs.",
        "nn": "Malen {name}.docx brukar {names}, som dataa ikkje har. Rett malen, eller bruk malen som følgjer med kvkdocs.",
    },
    # --- the secretariat's own templates, checked before anything is written (templates check, a batch) -----
    # Where a template's problem is in Word (kvkdocs.render.wordtags.Place).
    "place.paragraph": {
        "nb": "i avsnittet «{text}»{after}{area}",
        "nn": "i avsnittet «{text}»{after}{area}",
    },
    "place.cell": {
        "nb": "i tabell {table}, rad {row}, kolonne {column}{area}: «{text}»",
        "nn": "i tabell {table}, rad {row}, kolonne {column}{area}: «{text}»",
    },
    "place.after": {
        "nb": " (etter «{text}»)",
        "nn": " (etter «{text}»)",
    },
    "place.header": {
        "nb": " i toppteksten",
        "nn": " i toppteksten",
    },
    "place.footer": {
        "nb": " i bunnteksten",
        "nn": " i bunnteksten",
    },
    "template.at-place": {
        "nb": " {place}",
        "nn": " {place}",
    },
    "template.resave": {
        "nb": "Åpne filen i Word og lagre den som «Word-dokument (.docx)», og prøv igjen.",
        "nn": "Opne fila i Word og lagre henne som «Word-dokument (.docx)», og prøv igjen.",
    },
    "template.not-zip": {
        "nb": "Malen {name} kan ikke åpnes som Word-dokument: den er ikke en gyldig .docx-fil (ZIP). {how}",
        "nn": "Malen {name} kan ikkje opnast som Word-dokument: fila er ikkje ei gyldig .docx-fil (ZIP). {how}",
    },
    "template.not-zip-ole": {
        "nb": "Malen {name} kan ikke åpnes som Word-dokument: den er ikke en gyldig .docx-fil (ZIP). "
              "Filen ser ut som et gammelt Word-dokument (.doc) eller er passordbeskyttet. {how}",
        "nn": "Malen {name} kan ikkje opnast som Word-dokument: fila er ikkje ei gyldig .docx-fil (ZIP). "
              "Fila ser ut som eit gammalt Word-dokument (.doc) eller er passordverna. {how}",
    },
    "template.no-document": {
        "nb": "Malen {name} kan ikke åpnes som Word-dokument: den mangler selve dokumentteksten (word/document.xml). {how}",
        "nn": "Malen {name} kan ikkje opnast som Word-dokument: han manglar sjølve dokumentteksten (word/document.xml). {how}",
    },
    "template.saved-as": {
        "nb": "Malen {name} er lagret som {saved_as} med navnet .docx, og dokumentene ville blitt det samme. {how}",
        "nn": "Malen {name} er lagra som {saved_as} med namnet .docx, og dokumenta ville ha vorte det same. {how}",
    },
    "template.as-dotx": {
        "nb": "en Word-mal (.dotx)",
        "nn": "ein Word-mal (.dotx)",
    },
    "template.as-docm": {
        "nb": "et dokument med makroer (.docm)",
        "nn": "eit dokument med makroar (.docm)",
    },
    "template.part-too-big": {
        "nb": "Malen {name} er for stor til å være en brevmal ({part} er {size} MB).",
        "nn": "Malen {name} er for stor til å vere ein brevmal ({part} er {size} MB).",
    },
    "template.part-damaged": {
        "nb": "Malen {name} kan ikke åpnes som Word-dokument: delen {part} er skadet. {how}",
        "nn": "Malen {name} kan ikkje opnast som Word-dokument: delen {part} er skadd. {how}",
    },
    "template.strict": {
        "nb": "Malen {name} er lagret som «Strict Open XML-dokument», som kvkdocs ikke leser taggene i. {how}",
        "nn": "Malen {name} er lagra som «Strict Open XML-dokument», som kvkdocs ikkje les taggane i. {how}",
    },
    "template.tracked-changes": {
        "nb": "Malen {name} har sporede endringer{where}, som ville kommet med i hvert dokument. Godta eller avvis dem "
              "i Word (Se gjennom → Godta alle endringer) og slå av Spor endringer, og lagre malen.",
        "nn": "Malen {name} har sporte endringar{where}, som ville ha kome med i kvart dokument. Godta eller avvis dei "
              "i Word (Se gjennom → Godta alle endringer) og slå av Spor endringer, og lagre malen.",
    },
    "template.comments": {
        "nb": "Malen {name} har kommentarer{where}, som ville kommet med i hvert dokument. Slett dem i Word "
              "(Se gjennom → Slett alle kommentarer), og lagre malen.",
        "nn": "Malen {name} har kommentarar{where}, som ville ha kome med i kvart dokument. Slett dei i Word "
              "(Se gjennom → Slett alle kommentarer), og lagre malen.",
    },
    "template.first-at": {
        "nb": " (den første {place})",
        "nn": " (den første {place})",
    },
    "template.split-across": {
        "nb": "Malen {name} har taggen «{tag}» delt over to avsnitt: den begynner {first} og slutter {last}. En tagg "
              "må stå hel i ett avsnitt: slett linjeskiftet inne i taggen i Word, så den står samlet.",
        "nn": "Malen {name} har taggen «{tag}» delt over to avsnitt: han byrjar {first} og sluttar {last}. Ein tagg "
              "må stå heil i eitt avsnitt: slett linjeskiftet inne i taggen i Word, så han står samla.",
    },
    "template.half": {
        "nb": "Malen {name} har en tagg som ikke begynner og slutter i samme avsnitt, {place} (ved «{fragment}»). "
              "En tagg må stå hel i ett avsnitt: skriv den ferdig der, for eksempel «{{{{ mottaker.navn }}}}», "
              "uten linjeskift inne i taggen.",
        "nn": "Malen {name} har ein tagg som ikkje byrjar og sluttar i same avsnitt, {place} (ved «{fragment}»). "
              "Ein tagg må stå heil i eitt avsnitt: skriv han ferdig der, til dømes «{{{{ mottaker.navn }}}}», "
              "utan linjeskift inne i taggen.",
    },
    "template.smart-quotes": {
        "nb": "Malen {name} har typografiske anførselstegn ({quote}) i taggen «{tag}» {place}. Word gjør \" om til "
              "{quote} mens du skriver; skriv rette anførselstegn (\" eller ') i taggen (slå av «Erstatt rette "
              "anførselstegn med typografiske» under Autokorrektur), eller bruk ingen.",
        "nn": "Malen {name} har typografiske hermeteikn ({quote}) i taggen «{tag}» {place}. Word gjer \" om til "
              "{quote} medan du skriv; skriv rette hermeteikn (\" eller ') i taggen (slå av «Erstatt rette "
              "anførselstegn med typografiske» under Autokorrektur), eller bruk ingen.",
    },
    "template.tr-outside": {
        "nb": "Malen {name} har taggen «{tag}» utenfor en tabell {place}. «{{%tr» gjentar eller skjuler en tabellrad, "
              "så den må stå i en tabell; bruk «{{%p …%}}» for et avsnitt.",
        "nn": "Malen {name} har taggen «{tag}» utanfor ein tabell {place}. «{{%tr» gjentek eller gøymer ei tabellrad, "
              "så han må stå i ein tabell; bruk «{{%p …%}}» for eit avsnitt.",
    },
    "template.tc-outside": {
        "nb": "Malen {name} har taggen «{tag}» utenfor en tabell {place}. «{{%tc» gjentar eller skjuler en tabellcelle, "
              "så den må stå i en tabell; bruk «{{%p …%}}» for et avsnitt.",
        "nn": "Malen {name} har taggen «{tag}» utanfor ein tabell {place}. «{{%tc» gjentek eller gøymer ei tabellcelle, "
              "så han må stå i ein tabell; bruk «{{%p …%}}» for eit avsnitt.",
    },
    "template.text-beside": {
        "nb": "Malen {name} har tekst ved siden av taggen «{tag}» {place}. Hele {unit} med en «{{%{prefix}»-tagg blir "
              "borte i dokumentet, også teksten «{beside}». Flytt taggen til et eget avsnitt.",
        "nn": "Malen {name} har tekst ved sida av taggen «{tag}» {place}. Heile {unit} med ein «{{%{prefix}»-tagg blir "
              "borte i dokumentet, òg teksten «{beside}». Flytt taggen til eit eige avsnitt.",
    },
    "template.unit.p": {
        "nb": "avsnittet",
        "nn": "avsnittet",
    },
    "template.unit.tr": {
        "nb": "tabellraden",
        "nn": "tabellrada",
    },
    "template.unit.tc": {
        "nb": "tabellcellen",
        "nn": "tabellcella",
    },
    "template.unmerged": {
        "nb": "Malen {name} har taggen «{tag}»{where}, men Word har delt den opp (for eksempel med ulik formatering, "
              "en kommentar eller et felt midt i taggen) slik at den ikke kan leses. Merk hele taggen i Word, slett "
              "den, og skriv den inn på nytt i ett strekk med samme formatering.",
        "nn": "Malen {name} har taggen «{tag}»{where}, men Word har delt han opp (til dømes med ulik formatering, "
              "ein kommentar eller eit felt midt i taggen) slik at han ikkje kan lesast. Merk heile taggen i Word, "
              "slett han, og skriv han inn på nytt i eitt strekk med same formatering.",
    },
    "template.syntax": {
        "nb": "Malen {name} har en feil {where}: {reason}. Rett taggen i Word (for eksempel «{{{{ navn }}}}» "
              "eller «{{%p if … %}}»).",
        "nn": "Malen {name} har ein feil {where}: {reason}. Rett taggen i Word (til dømes «{{{{ navn }}}}» "
              "eller «{{%p if … %}}»).",
    },
    "template.in-tag": {
        "nb": "i taggen «{tag}» {place}",
        "nn": "i taggen «{tag}» {place}",
    },
    # Jinja's English reason is kept (it names the token), behind a Norwegian lead.
    "template.jinja-says": {
        "nb": "Jinja sier «{message}»",
        "nn": "Jinja seier «{message}»",
    },
    "template.tag-unreadable": {
        "nb": "taggen kan ikke leses",
        "nn": "taggen kan ikkje lesast",
    },
    "template.else-without-if": {
        "nb": "Malen {name} har «{tag}» {place} uten en «{{%p if … %}}» før. Legg til betingelsen, eller fjern taggen.",
        "nn": "Malen {name} har «{tag}» {place} utan ein «{{%p if … %}}» før. Legg til vilkåret, eller fjern taggen.",
    },
    "template.end-without-open": {
        "nb": "Malen {name} har «{tag}» {place}, men ingen «{{% {want} … %}}» er åpen der. Fjern taggen, eller legg til "
              "den som mangler.",
        "nn": "Malen {name} har «{tag}» {place}, men ingen «{{% {want} … %}}» er open der. Fjern taggen, eller legg til "
              "den som manglar.",
    },
    "template.wrong-close": {
        "nb": "Malen {name} lukker «{opened}» med «{tag}» {place}. «{opened}» står {opened_place} og skal lukkes med "
              "«{closer}»; sjekk at hver betingelse og løkke lukkes i riktig rekkefølge.",
        "nn": "Malen {name} lukkar «{opened}» med «{tag}» {place}. «{opened}» står {opened_place} og skal lukkast med "
              "«{closer}»; sjekk at kvart vilkår og kvar løkkje blir lukka i rett rekkjefølgje.",
    },
    "template.never-closed-if": {
        "nb": "Malen {name} har «{tag}» {place} som aldri lukkes. Legg til «{closer}» der betingelsen skal slutte, "
              "i et eget avsnitt.",
        "nn": "Malen {name} har «{tag}» {place} som aldri blir lukka. Legg til «{closer}» der vilkåret skal slutte, "
              "i eit eige avsnitt.",
    },
    "template.never-closed-block": {
        "nb": "Malen {name} har «{tag}» {place} som aldri lukkes. Legg til «{closer}» der blokken skal slutte, "
              "i et eget avsnitt.",
        "nn": "Malen {name} har «{tag}» {place} som aldri blir lukka. Legg til «{closer}» der blokken skal slutte, "
              "i eit eige avsnitt.",
    },
    "template.unknown-value": {
        "nb": "Malen {name} bruker «{path}»{where}, men dataene har ingen verdi med det navnet.{hint} README.md i "
              "malmappen (fra {export}) lister navnene malen kan bruke.",
        "nn": "Malen {name} brukar «{path}»{where}, men dataa har ingen verdi med det namnet.{hint} README.md i "
              "malmappa (frå {export}) listar opp namna malen kan bruke.",
    },
    "template.did-you-mean": {
        "nb": " Mente du «{name}»?",
        "nn": " Meinte du «{name}»?",
    },
    "template.too-big": {
        "nb": "Malen {name} er {size} MB, for stor til å være en mal. Komprimer bildene i Word "
              "(Bilde → Komprimer bilder) og lagre på nytt.",
        "nn": "Malen {name} er {size} MB, for stor til å vere ein mal. Komprimer bileta i Word "
              "(Bilde → Komprimer bilder) og lagre på nytt.",
    },
    "template.unreadable": {
        "nb": "Malen {path} kan ikke leses: {reason}.",
        "nn": "Malen {path} kan ikkje lesast: {reason}.",
    },
    "template.not-word": {
        "nb": "Malen {name} kan ikke åpnes som Word-dokument ({error}). Åpne den i Word og lagre den som "
              "«Word-dokument (.docx)», og prøv igjen.",
        "nn": "Malen {name} kan ikkje opnast som Word-dokument ({error}). Opne han i Word og lagre han som "
              "«Word-dokument (.docx)», og prøv igjen.",
    },
    "template.no-title": {
        "nb": "Malen {name} har ingen tittel. Tittelen er arkivtittelen i manifest.csv/manifest.json; skriv den i Word "
              "under Fil → Info → Egenskaper → Tittel, gjerne med tagger, for eksempel "
              "«Opptak i {{{{ program_navn }}}} – pulje {{{{ pulje }}}}».",
        "nn": "Malen {name} har ingen tittel. Tittelen er arkivtittelen i manifest.csv/manifest.json; skriv han i Word "
              "under Fil → Info → Egenskaper → Tittel, gjerne med taggar, til dømes "
              "«Opptak i {{{{ program_navn }}}} – pulje {{{{ pulje }}}}».",
    },
    # A template that fails on the example meeting: what rendering it said, after which example it was.
    "template.example-failed": {
        "nb": "Med eksempelmøtets data nr. {number} for {kind}: {problem}",
        "nn": "Med data nr. {number} frå eksempelmøtet for {kind}: {problem}",
    },
    "template.example.cannot-fill": {
        "nb": "Med eksempelmøtets data nr. {number} for {kind}: malen {name} kunne ikke fylles ut: {detail}",
        "nn": "Med data nr. {number} frå eksempelmøtet for {kind}: malen {name} kunne ikkje fyllast ut: {detail}",
    },
    "template.example.expression-fails": {
        "nb": "Med eksempelmøtets data nr. {number} for {kind}: malen {name} kunne ikke fylles ut: et uttrykk i en "
              "tagg virker ikke på dataene ({detail})",
        "nn": "Med data nr. {number} frå eksempelmøtet for {kind}: malen {name} kunne ikkje fyllast ut: eit uttrykk i "
              "ein tagg verkar ikkje på dataa ({detail})",
    },
    "template.example.bad-xml": {
        "nb": "Med eksempelmøtets data nr. {number} for {kind}: malen {name} ga ugyldig XML ({detail}).",
        "nn": "Med data nr. {number} frå eksempelmøtet for {kind}: malen {name} gav ugyldig XML ({detail}).",
    },
    # The folder of templates itself (kvkdocs.render.usertemplates.TemplateFolder).
    "templates.folder-missing": {
        "nb": "Finner ikke malmappen {path} ({origin}). Oppgi en mappe med maler; {export} lager en å begynne med.",
        "nn": "Finn ikkje malmappa {path} ({origin}). Oppgi ei mappe med malar; {export} lagar ei å byrje med.",
    },
    "templates.other-format": {
        "nb": "Malmappen har {name}, men en mal må være et vanlig Word-dokument. Åpne den i Word og velg Lagre som → "
              "«Word-dokument (.docx)» med navnet {stem}.docx.",
        "nn": "Malmappa har {name}, men ein mal må vere eit vanleg Word-dokument. Opne fila i Word og vel Lagre som → "
              "«Word-dokument (.docx)» med namnet {stem}.docx.",
    },
    "templates.unknown-name": {
        "nb": "Malmappen har {name}, som ikke er navnet på noen mal, så den ville aldri blitt brukt.{close} Malene "
              "heter dokumenttype.målform.docx, for eksempel opptaksbrev.nb.docx; flytt andre Word-filer ut av mappen.",
        "nn": "Malmappa har {name}, som ikkje er namnet på nokon mal, så fila ville aldri ha vorte brukt.{close} Malane "
              "heiter dokumenttype.målform.docx, til dømes opptaksbrev.nb.docx; flytt andre Word-filer ut av mappa.",
    },
    "templates.did-you-mean": {
        "nb": " Mente du {name}.docx?",
        "nn": " Meinte du {name}.docx?",
    },
    # Where the folder was named (the choice «--templates» is choice.templates).
    "templates.origin-meeting": {
        "nb": "«maler:» i møtefilen {path}",
        "nn": "«maler:» i møtefila {path}",
    },
    "templates.origin-environment": {
        "nb": "miljøvariabelen {name}",
        "nn": "miljøvariabelen {name}",
    },
    "templates.origin-setting": {
        "nb": "innstillingen templates_dir",
        "nn": "innstillinga templates_dir",
    },
    "templates.origin-given": {
        "nb": "mappen som ble oppgitt",
        "nn": "mappa som vart oppgitt",
    },
    "templates.problems-one": {
        "nb": "Malene i {path} ({origin}) har en feil, så ingenting er skrevet:\n{lines}\nRett malen i Word og kjør {check}.",
        "nn": "Malane i {path} ({origin}) har ein feil, så ingenting er skrive:\n{lines}\nRett malen i Word og køyr {check}.",
    },
    "templates.problems": {
        "nb": "Malene i {path} ({origin}) har {count} feil, så ingenting er skrevet:\n{lines}\nRett malen i Word og kjør {check}.",
        "nn": "Malane i {path} ({origin}) har {count} feil, så ingenting er skrive:\n{lines}\nRett malen i Word og køyr {check}.",
    },
    "templates.problem": {
        "nb": "  - {problem}",
        "nn": "  - {problem}",
    },
    # Choices said with the folder they are about: a front door names them by a pattern with the same values
    # (the CLI: «kvkdocs templates check {folder}»), see kvkdocs.messages.render.
    "choice.templates-check": {
        "nb": "kontrollen av malene i {folder}",
        "nn": "kontrollen av malane i {folder}",
    },
    "choice.templates-export-to": {
        "nb": "eksporten av malene til {folder}",
        "nn": "eksporten av malane til {folder}",
    },
    # --- why an operating-system call failed (kvkdocs.errors.OS_ERRORS: one table, errno name -> these) -----------
    # The C library's own text is English, so it never reaches a message; an errno without words shows its name.
    "os.EACCES": {"nb": "ingen tilgang", "nn": "ingen tilgang"},
    "os.EPERM": {"nb": "ikke tillatt", "nn": "ikkje tillate"},
    "os.ENOENT": {"nb": "finnes ikke", "nn": "finst ikkje"},
    "os.ENOTDIR": {"nb": "en del av stien er ikke en mappe", "nn": "ein del av stien er ikkje ei mappe"},
    "os.EISDIR": {"nb": "er en mappe", "nn": "er ei mappe"},
    "os.ELOOP": {"nb": "for mange lenker etter hverandre", "nn": "for mange lenkjer etter kvarandre"},
    "os.ENAMETOOLONG": {"nb": "navnet er for langt", "nn": "namnet er for langt"},
    "os.EIO": {"nb": "lesefeil på disken", "nn": "lesefeil på disken"},
    "os.ENOSPC": {"nb": "disken er full", "nn": "disken er full"},
    "os.EDQUOT": {"nb": "diskkvoten er brukt opp", "nn": "diskkvoten er brukt opp"},
    "os.EROFS": {"nb": "disken er skrivebeskyttet", "nn": "disken er skriveverna"},
    "os.EEXIST": {"nb": "finnes allerede", "nn": "finst allereie"},
    "os.EBUSY": {"nb": "er i bruk", "nn": "er i bruk"},
    "os.other": {"nb": "systemfeil {name}", "nn": "systemfeil {name}"},
    "os.unknown": {"nb": "systemfeil", "nn": "systemfeil"},
    # --- writing output files (OutputError) -------------------------------------------------------
    "output.folder-give-file": {
        "nb": "{name} er en mappe. Oppgi {choice}.",
        "nn": "{name} er ei mappe. Oppgi {choice}.",
    },
    "output.symlink": {
        "nb": "{name} er en symbolsk lenke. kvkdocs skriver aldri gjennom eller over en lenke, "
              "heller ikke med {choice}. Oppgi stien til en vanlig fil.",
        "nn": "{name} er ei symbolsk lenkje. kvkdocs skriv aldri gjennom eller over ei lenkje, "
              "heller ikkje med {choice}. Oppgi stien til ei vanleg fil.",
    },
    "output.is-input-file": {
        "nb": "{name} er inndatafilen {given}",
        "nn": "{name} er inndatafila {given}",
    },
    "output.in-input-folder": {
        "nb": "{name} ligger i inndatamappen {given} og leses som inndata",
        "nn": "{name} ligg i inndatamappa {given} og blir lesen som inndata",
    },
    "output.input-clash": {
        "nb": "{clash}. kvkdocs skriver aldri over en fil det leser, heller ikke med {choice}. Velg et annet filnavn.",
        "nn": "{clash}. kvkdocs skriv aldri over ei fil det les, heller ikkje med {choice}. Vel eit anna filnamn.",
    },
    "output.is-folder": {
        "nb": "{name} er en mappe. Oppgi et filnavn i mappen.",
        "nn": "{name} er ei mappe. Oppgi eit filnamn i mappa.",
    },
    "output.not-regular": {
        "nb": "{name} er ikke en vanlig fil (men for eksempel en enhet eller et rør), så kvkdocs skriver ikke dit. "
              "Oppgi et vanlig filnavn.",
        "nn": "{name} er ikkje ei vanleg fil (men til dømes ei eining eller eit røyr), så kvkdocs skriv ikkje dit. "
              "Oppgi eit vanleg filnamn.",
    },
    "output.exists": {
        "nb": "{name} finnes allerede, og ingenting er endret. Velg et annet navn, eller bruk {choice} for å skrive over den.",
        "nn": "{name} finst allereie, og ingenting er endra. Vel eit anna namn, eller bruk {choice} for å skrive over henne.",
    },
    "output.parent-is-file": {
        "nb": "Kunne ikke skrive {name}: {parent} er en fil, ikke en mappe. Sjekk stien.",
        "nn": "Kunne ikkje skrive {name}: {parent} er ei fil, ikkje ei mappe. Sjekk stien.",
    },
    "output.name-taken": {
        "nb": "{name} ble laget av noe annet mens kvkdocs arbeidet, og er ikke endret. Velg et annet navn, eller bruk {choice}.",
        "nn": "{name} vart laga av noko anna medan kvkdocs arbeidde, og er ikkje endra. Vel eit anna namn, eller bruk {choice}.",
    },
    "output.os-error": {
        "nb": "Kunne ikke skrive {target}: {reason}. Ingenting er skrevet.",
        "nn": "Kunne ikkje skrive {target}: {reason}. Ingenting er skrive.",
    },
    "output.reason.ENOSPC": {
        "nb": "disken er full. Frigjør plass, eller skriv til en annen disk",
        "nn": "disken er full. Frigjer plass, eller skriv til ein annan disk",
    },
    "output.reason.EDQUOT": {
        "nb": "diskkvoten din er brukt opp. Frigjør plass, eller skriv til en annen disk",
        "nn": "diskkvoten din er brukt opp. Frigjer plass, eller skriv til ein annan disk",
    },
    "output.reason.EROFS": {
        "nb": "disken er skrivebeskyttet. Velg en mappe på en disk du kan skrive til",
        "nn": "disken er skriveverna. Vel ei mappe på ein disk du kan skrive til",
    },
    "output.reason.EACCES": {
        "nb": "du har ikke skrivetilgang der. Velg en mappe du kan skrive i",
        "nn": "du har ikkje skrivetilgang der. Vel ei mappe du kan skrive i",
    },
    "output.reason.ENOTDIR": {
        "nb": "en del av stien er en fil, ikke en mappe. Sjekk stien",
        "nn": "ein del av stien er ei fil, ikkje ei mappe. Sjekk stien",
    },
    "output.reason.ENAMETOOLONG": {
        "nb": "navnet er for langt. Velg et kortere navn",
        "nn": "namnet er for langt. Vel eit kortare namn",
    },
    "output.reason.EISDIR": {
        "nb": "det er en mappe. Oppgi et filnavn",
        "nn": "det er ei mappe. Oppgi eit filnamn",
    },
    "output.reason.ENOENT": {
        "nb": "mappen finnes ikke lenger. Sjekk stien",
        "nn": "mappa finst ikkje lenger. Sjekk stien",
    },
    "output.reason.EEXIST": {
        "nb": "den finnes allerede. Velg et annet navn",
        "nn": "ho finst allereie. Vel eit anna namn",
    },
    "output.reason.EBUSY": {
        "nb": "den er i bruk (kanskje et monteringspunkt). Velg en annen mappe",
        "nn": "ho er i bruk (kanskje eit monteringspunkt). Vel ei anna mappe",
    },
    "output.reason.other": {
        "nb": "operativsystemet sa nei ({detail})",
        "nn": "operativsystemet sa nei ({detail})",
    },
    "outfolder.root": {
        "nb": "{path} er rotmappen. Velg en egen, ny mappe for brevene, for eksempel {choice}.",
        "nn": "{path} er rotmappa. Vel ei eiga, ny mappe for breva, til dømes {choice}.",
    },
    "outfolder.symlink": {
        "nb": "{path} er en symbolsk lenke. kvkdocs skriver aldri gjennom eller over en lenke, heller ikke med {choice}. "
              "Oppgi stien til en vanlig mappe.",
        "nn": "{path} er ei symbolsk lenkje. kvkdocs skriv aldri gjennom eller over ei lenkje, heller ikkje med {choice}. "
              "Oppgi stien til ei vanleg mappe.",
    },
    "outfolder.never": {
        "nb": "og den kan aldri erstattes, heller ikke med {choice}. Velg en egen, ny mappe for brevene",
        "nn": "og ho kan aldri erstattast, heller ikkje med {choice}. Vel ei eiga, ny mappe for breva",
    },
    "outfolder.is-cwd": {
        "nb": "{path} er mappen du står i, {never}, for eksempel {example}.",
        "nn": "{path} er mappa du står i, {never}, til dømes {example}.",
    },
    "outfolder.above-cwd": {
        "nb": "{path} ligger over mappen du står i, {never}, for eksempel {example}.",
        "nn": "{path} ligg over mappa du står i, {never}, til dømes {example}.",
    },
    "outfolder.is-input": {
        "nb": "{path} er {what}, {never}.",
        "nn": "{path} er {what}, {never}.",
    },
    "outfolder.above-input": {
        "nb": "{path} ligger over {what} ({folder}), {never}.",
        "nn": "{path} ligg over {what} ({folder}), {never}.",
    },
    "outfolder.is-file": {
        "nb": "{path} finnes allerede og er en fil, ikke en mappe. Velg en mappe som ikke finnes fra før.",
        "nn": "{path} finst allereie og er ei fil, ikkje ei mappe. Vel ei mappe som ikkje finst frå før.",
    },
    "outfolder.not-a-batch": {
        "nb": "{path} finnes allerede, og ingenting er endret. Den er ikke en tidligere batch fra kvkdocs ({problem}), "
              "så den erstattes ikke, heller ikke med {choice}. Velg en mappe som ikke finnes fra før.",
        "nn": "{path} finst allereie, og ingenting er endra. Ho er ikkje ein tidlegare batch frå kvkdocs ({problem}), "
              "så ho blir ikkje erstatta, heller ikkje med {choice}. Vel ei mappe som ikkje finst frå før.",
    },
    "outfolder.exists": {
        "nb": "{path} finnes allerede ({kind}), og ingenting er endret. Velg en annen mappe, eller bruk {choice} "
              "for å erstatte den.",
        "nn": "{path} finst allereie ({kind}), og ingenting er endra. Vel ei anna mappe, eller bruk {choice} "
              "for å erstatte henne.",
    },
    "outfolder.busy": {
        "nb": "{path} skrives til av en annen kvkdocs-kjøring akkurat nå, og ingenting er endret. "
              "Vent til den er ferdig, og prøv igjen.",
        "nn": "{path} blir skriven til av ei anna kvkdocs-køyring akkurat no, og ingenting er endra. "
              "Vent til ho er ferdig, og prøv igjen.",
    },
    "outfolder.busy-again": {
        "nb": "{path} skrives til av en annen kvkdocs-kjøring akkurat nå. Vent litt, og prøv igjen.",
        "nn": "{path} blir skriven til av ei anna kvkdocs-køyring akkurat no. Vent litt, og prøv igjen.",
    },
    # Why a folder is not a previous batch (kvkdocs.outfolder.batch_problem), said inside outfolder.not-a-batch.
    "outfolder.why.unreadable": {
        "nb": "innholdet kan ikke leses ({reason})",
        "nn": "innhaldet kan ikkje lesast ({reason})",
    },
    "outfolder.why.no-manifest": {
        "nb": "den har ingen manifest.json fra kvkdocs, men har {files}",
        "nn": "ho har ingen manifest.json frå kvkdocs, men har {files}",
    },
    "outfolder.why.not-a-manifest": {
        "nb": "manifest.json der er ikke et kvkdocs-manifest",
        "nn": "manifest.json der er ikkje eit kvkdocs-manifest",
    },
    "outfolder.why.foreign-files": {
        "nb": "den har filer kvkdocs ikke skrev: {files}",
        "nn": "ho har filer kvkdocs ikkje skreiv: {files}",
    },
    "outfolder.why.not-a-file": {
        "nb": "{name} er ikke en fil kvkdocs skrev",
        "nn": "{name} er ikkje ei fil kvkdocs skreiv",
    },
    "outfolder.why.changed": {
        "nb": "{name} er endret etter at kvkdocs skrev den",
        "nn": "{name} er endra etter at kvkdocs skreiv henne",
    },
    "outfolder.why.file-unreadable": {
        "nb": "{name} kan ikke leses ({reason})",
        "nn": "{name} kan ikkje lesast ({reason})",
    },
    "outfolder.and-more": {
        "nb": "{names} og {more} til",
        "nn": "{names} og {more} til",
    },
    "output.templates-folder-is-file": {
        "nb": "{path} er en fil. Oppgi en mappe malene kan skrives til.",
        "nn": "{path} er ei fil. Oppgi ei mappe malane kan skrivast til.",
    },
    "output.same-name": {
        "nb": "To dokumenter fikk samme filnavn ({name}); ingenting er skrevet. Sjekk at ingen kommune står to ganger i møtefilen.",
        "nn": "To dokument fekk same filnamn ({name}); ingenting er skrive. Sjekk at ingen kommune står to gonger i møtefila.",
    },
    # --- programme editions (ProgrammeError) ------------------------------------------------------
    "programme.no-folder": {
        "nb": "Mappen med programutgaver finnes ikke: {folder}",
        "nn": "Mappa med programutgåver finst ikkje: {folder}",
    },
    "programme.unknown": {
        "nb": "Ukjent programutgave «{id}». Kjente utgaver: {known}. Se {choice}.",
        "nn": "Ukjend programutgåve «{id}». Kjende utgåver: {known}. Sjå {choice}.",
    },
    "programme.bad-grounds": {
        "nb": "Programutgaven {path} har feil i hjemlene: {problems}.",
        "nn": "Programutgåva {path} har feil i heimlane: {problems}.",
    },
    "programme.base-missing": {
        "nb": "Programutgaven «{id}» bygger på «{base}», som mangler eller går i ring.",
        "nn": "Programutgåva «{id}» byggjer på «{base}», som manglar eller går i ring.",
    },
    "programme.unreadable": {
        "nb": "Programutgaven {path} kan ikke leses: {reason}",
        "nn": "Programutgåva {path} kan ikkje lesast: {reason}",
    },
    "programme.invalid": {
        "nb": "Programutgaven {path} er ugyldig: {detail}",
        "nn": "Programutgåva {path} er ugyldig: {detail}",
    },
    "programme.unknown-rules": {
        "nb": "Programutgaven {path} nevner ukjente regler: {rules}. Se {choice}.",
        "nn": "Programutgåva {path} nemner ukjende reglar: {rules}. Sjå {choice}.",
    },
    # What is wrong with an edition's citations or schema (inside programme.bad-grounds, programme.invalid).
    "programme.unknown-source": {
        "nb": "regelen {rule} viser til kilden «{source}», som ikke står under «kilder» (kjente kilder: {known})",
        "nn": "regelen {rule} viser til kjelda «{source}», som ikkje står under «kilder» (kjende kjelder: {known})",
    },
    "programme.no-sources": {
        "nb": "ingen",
        "nn": "ingen",
    },
    "programme.practical-cited": {
        "nb": "regelen {rule} er et praktisk krav og kan ikke ha kilde eller sitat",
        "nn": "regelen {rule} er eit praktisk krav og kan ikkje ha kjelde eller sitat",
    },
    "programme.issue": {
        "nb": "{pointer}: {issue}",
        "nn": "{pointer}: {issue}",
    },
    # --- what comes with kvkdocs (SchemaError, RegisterError: a broken install) -------------------------
    "install.missing-folder": {
        "nb": "Fant ikke mappen «{name}» som følger med kvkdocs. Installasjonen er ufullstendig: "
              "installer pakken på nytt med «pip install .».",
        "nn": "Fann ikkje mappa «{name}» som følgjer med kvkdocs. Installasjonen er ufullstendig: "
              "installer pakken på nytt med «pip install .».",
    },
    "install.schema-unreadable": {
        "nb": "Skjemaet {path} kan ikke leses: {detail}",
        "nn": "Skjemaet {path} kan ikkje lesast: {detail}",
    },
    "install.register-unreadable": {
        "nb": "Kommuneregisteret i {folder} kan ikke leses ({detail}). Installer kvkdocs på nytt.",
        "nn": "Kommuneregisteret i {folder} kan ikkje lesast ({detail}). Installer kvkdocs på nytt.",
    },
    # --- the database, its backups and the file store (DatabaseError, FileStoreError, AccountError) ----
    "db.bad-url": {
        "nb": "Databaseadressen «{url}» er ikke gyldig. Sjekk KVKDOCS_DATABASE_URL, for eksempel sqlite:///var/kvkdocs.sqlite3.",
        "nn": "Databaseadressa «{url}» er ikkje gyldig. Sjekk KVKDOCS_DATABASE_URL, til dømes sqlite:///var/kvkdocs.sqlite3.",
    },
    "db.upgrade-failed": {
        "nb": "Databasen kunne ikke oppgraderes: {detail}",
        "nn": "Databasen kunne ikkje oppgraderast: {detail}",
    },
    "db.pg-backup": {
        "nb": "kvkdocs tar ikke sikkerhetskopi av PostgreSQL selv. Bruk PostgreSQL sitt eget verktøy:\n"
              "  pg_dump --format=custom --file {file} '{url}'",
        "nn": "kvkdocs tek ikkje tryggingskopi av PostgreSQL sjølv. Bruk PostgreSQL sitt eige verktøy:\n"
              "  pg_dump --format=custom --file {file} '{url}'",
    },
    "db.pg-restore": {
        "nb": "kvkdocs gjenoppretter ikke PostgreSQL selv. Bruk PostgreSQL sitt eget verktøy:\n"
              "  pg_restore --clean --if-exists --dbname '{url}' {file}",
        "nn": "kvkdocs gjenopprettar ikkje PostgreSQL sjølv. Bruk PostgreSQL sitt eige verktøy:\n"
              "  pg_restore --clean --if-exists --dbname '{url}' {file}",
    },
    "db.backup-exists": {
        "nb": "{file} finnes allerede. Velg et nytt filnavn; en sikkerhetskopi skrives aldri over.",
        "nn": "{file} finst allereie. Vel eit nytt filnamn; ein tryggingskopi blir aldri skriven over.",
    },
    "db.no-folder": {
        "nb": "Mappen {folder} finnes ikke.",
        "nn": "Mappa {folder} finst ikkje.",
    },
    "db.backup-failed": {
        "nb": "Sikkerhetskopien kunne ikke skrives til {file} ({detail}).",
        "nn": "Tryggingskopien kunne ikkje skrivast til {file} ({detail}).",
    },
    "db.backup-missing": {
        "nb": "Sikkerhetskopien {file} finnes ikke.",
        "nn": "Tryggingskopien {file} finst ikkje.",
    },
    "db.cannot-open": {
        "nb": "{file} kan ikke åpnes som en SQLite-database ({detail}).",
        "nn": "{file} kan ikkje opnast som ein SQLite-database ({detail}).",
    },
    "db.not-sqlite": {
        "nb": "{file} er ingen SQLite-database ({detail}).",
        "nn": "{file} er ingen SQLite-database ({detail}).",
    },
    "db.not-a-backup": {
        "nb": "{file} er ingen sikkerhetskopi av en kvkdocs-database.",
        "nn": "{file} er ingen tryggingskopi av ein kvkdocs-database.",
    },
    "db.restore-failed": {
        "nb": "Sikkerhetskopien kunne ikke leses inn ({detail}).",
        "nn": "Tryggingskopien kunne ikkje lesast inn ({detail}).",
    },
    "store.disk-full": {
        "nb": "Disken er full, så filen kunne ikke lagres. Ingenting ble lagret. "
              "Be driftsansvarlig frigjøre plass, og send filene på nytt.",
        "nn": "Disken er full, så fila kunne ikkje lagrast. Ingenting vart lagra. "
              "Be driftsansvarleg frigjere plass, og send filene på nytt.",
    },
    "store.cannot-store": {
        "nb": "Filen kunne ikke lagres i fillageret ({detail}). Ingenting ble lagret. "
              "Be driftsansvarlig sjekke at mappen finnes og kan skrives, og send filene på nytt.",
        "nn": "Fila kunne ikkje lagrast i fillageret ({detail}). Ingenting vart lagra. "
              "Be driftsansvarleg sjekke at mappa finst og kan skrivast, og send filene på nytt.",
    },
    "store.removed": {
        "nb": "Filen ble fjernet mens den ble lagret. Ingenting ble lagret; send den på nytt.",
        "nn": "Fila vart fjerna medan ho vart lagra. Ingenting vart lagra; send henne på nytt.",
    },
    "store.bad-address": {
        "nb": "«{address}» er ingen gyldig filadresse.",
        "nn": "«{address}» er inga gyldig filadresse.",
    },
    "store.missing": {
        "nb": "Filen {address}… finnes ikke i fillageret {root}.",
        "nn": "Fila {address}… finst ikkje i fillageret {root}.",
    },
    "account.bad-username": {
        "nb": "Brukernavnet må være ett ord uten mellomrom (høyst 100 tegn).",
        "nn": "Brukarnamnet må vere eitt ord utan mellomrom (høgst 100 teikn).",
    },
    "account.unknown-role": {
        "nb": "Ukjent rolle «{role}». Gyldige roller: {roles}.",
        "nn": "Ukjend rolle «{role}». Gyldige roller: {roles}.",
    },
    "account.short-password": {
        "nb": "Passordet må ha minst {length} tegn.",
        "nn": "Passordet må ha minst {length} teikn.",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "string": {"nb": "tekst", "nn": "tekst"},
    "integer": {"nb": "et helt tall", "nn": "eit heilt tal"},
    "number": {"nb": "et tall", "nn": "eit tal"},
    "array": {"nb": "en liste", "nn": "ei liste"},
    "object": {"nb": "et sett med felt", "nn": "eit sett med felt"},
    "boolean": {"nb": "ja eller nei", "nn": "ja eller nei"},
    "null": {"nb": "tom", "nn": "tom"},
    "folkevalgte": {"nb": "folkevalgte", "nn": "folkevalde"},
    "administrasjon": {"nb": "administrasjonen/ledelsen", "nn": "administrasjonen/leiinga"},
    "tillitsvalgte": {"nb": "tillitsvalgte fra arbeidstakerorganisasjonene", "nn": "tillitsvalde frå arbeidstakarorganisasjonane"},
    "and": {"nb": "og", "nn": "og"},
    "document": {"nb": "dokumentet", "nn": "dokumentet"},
    "indicator": {"nb": "indikator", "nn": "indikator"},
    "baseline": {"nb": "utgangsverdi", "nn": "utgangsverdi"},
    "target": {"nb": "målverdi", "nn": "målverdi"},
    "target-date": {"nb": "måldato", "nn": "måldato"},
    "representative": {"nb": "navn på tillitsvalgt", "nn": "namn på tillitsvald"},
    "confirmed": {"nb": "dato for bekreftelse", "nn": "dato for stadfesting"},
    "body": {"nb": "organ", "nn": "organ"},
    "date": {"nb": "dato", "nn": "dato"},
    "case-number": {"nb": "saksnummer", "nn": "saksnummer"},
    "application-file": {"nb": "søknadsfilen", "nn": "søknadsfila"},
    "applications-folder": {"nb": "søknadsmappen", "nn": "søknadsmappa"},
    "meeting-folder": {"nb": "mappen møtefilen ligger i", "nn": "mappa møtefila ligg i"},
    "earlier-batch": {"nb": "en tidligere batch fra kvkdocs", "nn": "ein tidlegare batch frå kvkdocs"},
    "empty-folder": {"nb": "en tom mappe", "nn": "ei tom mappe"},
    # The choices a message points to (kvkdocs.errors.CHOICES, whose words are the bokmål here).
    "choice.force": {"nb": "valget «skriv over»", "nn": "valet «skriv over»"},
    "choice.pdf": {"nb": "valget «PDF»", "nn": "valet «PDF»"},
    "choice.pdf-optional": {"nb": "valget «bare Word uten LibreOffice»", "nn": "valet «berre Word utan LibreOffice»"},
    "choice.draft": {"nb": "valget «utkast»", "nn": "valet «utkast»"},
    "choice.date": {"nb": "søknadsdatoen", "nn": "søknadsdatoen"},
    "choice.output-file": {"nb": "et filnavn som «rapport.html»", "nn": "eit filnamn som «rapport.html»"},
    "choice.output-folder": {"nb": "en mappe som «ut»", "nn": "ei mappe som «ut»"},
    "choice.programmes": {"nb": "listen over programutgavene kvkdocs kjenner", "nn": "lista over programutgåvene kvkdocs kjenner"},
    "choice.rules": {"nb": "regelkatalogen", "nn": "regelkatalogen"},
    "choice.templates-export": {"nb": "eksporten av malene", "nn": "eksporten av malane"},
    "choice.templates": {"nb": "valget «maler»", "nn": "valet «malar»"},
}


@dataclass(frozen=True)
class Words:
    """A list of words a sentence names, joined at the edge in its målform («a, b og c»).

    An item is plain (a name as written) or any value :func:`render` knows (a :class:`Word`,
    a :class:`Forms`, a :class:`Text`)."""

    items: tuple = ()


@dataclass(frozen=True)
class Lines:
    """Sentences said one after another: each on a line of its own (the problems of a file, listed),
    or, with ``sep``, run together in one sentence («a; b; c»)."""

    items: tuple = ()
    sep: str = "\n"


@dataclass(frozen=True)
class Word:
    """One word of the :data:`WORDS` table (``target`` → «målverdi»), put into a målform at the edge."""

    key: str


@dataclass(frozen=True)
class Forms:
    """A word or name whose målformer come from data, not from this table: an edition's name,
    a sector's name, a field's title. ``nb`` is used where ``nn`` is empty."""

    nb: str
    nn: str = ""

    def get(self, lang: str) -> str:
        return (self.nn if lang == "nn" else self.nb) or self.nb


@dataclass(frozen=True)
class Text:
    """A sentence not yet in a målform: a message key and its values.

    A value is plain (a name, an amount), a :class:`Words`, a :class:`Word`, a
    :class:`Forms` or another :class:`Text`. A finding that carries one can be
    put into bokmål or nynorsk where it is shown (:func:`render`), so one check
    serves both; :func:`to_data` and :func:`from_data` carry it through JSON and
    worker processes as plain data.
    """

    key: str
    values: dict = field(default_factory=dict)


def render(text: Text, lang: str = "nb", *, names: Mapping[str, str] | None = None) -> str:
    """``text`` as a sentence in ``lang``.

    ``names`` is a front door's own name for the choices a message points to (the CLI's «--force» for
    ``choice.force``, see :data:`kvkdocs.errors.CHOICES`); a choice said with values (the folder a check
    should be run on, ``choice.templates-check``) is named by a pattern filled with the same values.
    """
    values = {name: render_value(value, lang, names=names) for name, value in text.values.items()}
    own = _own_name(text.key, names)
    if own is not None:
        return own.format(**values)
    return message(text.key, lang, **values)


def _own_name(key: str, names: Mapping[str, str] | None) -> str | None:
    if not names or not key.startswith("choice."):
        return None
    return names.get(key.removeprefix("choice."))


def render_value(value: object, lang: str = "nb", *, names: Mapping[str, str] | None = None) -> object:
    """One value of a :class:`Text` in ``lang``: words and sentences put into the målform, the rest as is."""
    if isinstance(value, Text):
        return render(value, lang, names=names)
    if isinstance(value, Words):
        return join_words([str(render_value(item, lang, names=names)) for item in value.items], lang)
    if isinstance(value, Lines):
        return value.sep.join(str(render_value(item, lang, names=names)) for item in value.items)
    if isinstance(value, Word):
        own = _own_name(value.key, names)
        return own if own is not None else word(value.key, lang)
    if isinstance(value, Forms):
        return value.get(lang)
    return value


def to_data(value: object) -> object:
    """A :class:`Text` (or one of its values) as plain JSON data; :func:`from_data` reads it back.

    Plain values are never mappings, so a mapping always says which kind it is.
    """
    if isinstance(value, Text):
        return {"key": value.key, "values": {name: to_data(v) for name, v in value.values.items()}}
    if isinstance(value, Words):
        return {"words": [to_data(item) for item in value.items]}
    if isinstance(value, Lines):
        data = {"lines": [to_data(item) for item in value.items]}
        return data if value.sep == "\n" else {**data, "sep": value.sep}
    if isinstance(value, Word):
        return {"word": value.key}
    if isinstance(value, Forms):
        return {"forms": [value.nb, value.nn]}
    return value


def from_data(data: object) -> object:
    """What :func:`to_data` wrote, as it was."""
    if isinstance(data, dict):
        if "key" in data:
            return Text(data["key"], {name: from_data(v) for name, v in (data.get("values") or {}).items()})
        if "words" in data:
            return Words(tuple(from_data(item) for item in data["words"]))
        if "lines" in data:
            return Lines(tuple(from_data(item) for item in data["lines"]), data.get("sep", "\n"))
        if "word" in data:
            return Word(data["word"])
        if "forms" in data:
            return Forms(*data["forms"])
    return data


def map_plain(value: object, change) -> object:
    """``value`` with ``change`` applied to every plain string in it (a file name as written, say),
    words and sentences kept as they are."""
    if isinstance(value, Text):
        return Text(value.key, {name: map_plain(v, change) for name, v in value.values.items()})
    if isinstance(value, Words | Lines):
        return replace(value, items=tuple(map_plain(item, change) for item in value.items))
    return change(value) if isinstance(value, str) else value


def text_of(data: object) -> Text | None:
    """A stored :class:`Text` (as :func:`to_data` wrote it), or ``None`` where none was stored or it no longer fits
    (a key this version does not have)."""
    text = from_data(data) if isinstance(data, dict) else None
    return text if isinstance(text, Text) and text.key in MESSAGES else None


def stored(text: Text) -> str:
    """``text`` as a string to keep (an audit log's detail); :func:`render_stored` says it in a målform."""
    import json

    return json.dumps(to_data(text), ensure_ascii=False)


def render_stored(kept: str, lang: str = "nb") -> str:
    """What :func:`stored` kept, in ``lang``; a string kept as plain words (before keys) as it is."""
    if kept.startswith('{"key"'):
        import json

        try:
            text = text_of(json.loads(kept))
        except ValueError:
            text = None
        if text is not None:
            return render(text, lang)
    return kept


def message(key: str, lang: str = "nb", /, **values: object) -> str:
    """The sentence ``key`` in ``lang``, filled in."""
    forms = MESSAGES[key]
    return forms.get(lang, forms["nb"]).format(**values)


def note_text(note: dict) -> Text:
    """A reader's note (plain data from a worker process) as a :class:`Text`: a pair of (nb, nn) words is a :class:`Forms`."""
    return Text(note["key"], {k: Forms(*v) if isinstance(v, list | tuple) else v
                              for k, v in note.items() if k not in ("key", "pointer", "rule", "severity")})


def reading_message(note: dict, lang: str = "nb") -> str:
    """A reader's note as a sentence in ``lang``."""
    return render(note_text(note), lang)


def choice(key: str) -> Word:
    """A choice of :data:`kvkdocs.errors.CHOICES` as a word of a message (a front door may rename it)."""
    return Word(f"choice.{key}")


def word(key: str, lang: str = "nb") -> str:
    forms = WORDS.get(key)
    return forms.get(lang, forms["nb"]) if forms else key


def join_words(items: list[str], lang: str = "nb") -> str:
    """«a, b og c»."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word('and', lang)} {items[-1]}"


def kroner(amount: int) -> str:
    """300000 → «300 000» (Norwegian thousands separator, a no-break space)."""
    return f"{amount:,}".replace(",", "\u00a0")
