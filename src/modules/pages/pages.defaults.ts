/**
 * The German default texts of the legal pages, shown until the operator saves a version of their own. Facts only
 * the operator knows are marked `[Bitte ergänzen: …]` (and `[Bitte prüfen: …]` where a fact must be checked); the
 * staff list warns while a page still carries such a mark (see `hasPlaceholders`).
 */
import type { PageSlug } from './pages.types';

export const PLACEHOLDER = /\[Bitte (ergänzen|prüfen):/;

export function hasPlaceholders(body: string): boolean {
  return PLACEHOLDER.test(body);
}

const imprint = `## Anbieterin
**[Bitte ergänzen: Name der Stelle, z. B. Stadt Essen, Amt für Stadterneuerung und Bodenmanagement]**
[Bitte ergänzen: Straße und Hausnummer]
[Bitte ergänzen: Postleitzahl und Ort]

Die Stadt Essen ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch [Bitte ergänzen: Oberbürgermeisterin oder Oberbürgermeister].

## Kontakt
Telefon: [Bitte ergänzen: Telefonnummer]
E-Mail: [Bitte ergänzen: E-Mail-Adresse]

## Umsatzsteuer-Identifikationsnummer
[Bitte ergänzen: Umsatzsteuer-Identifikationsnummer nach § 27a Umsatzsteuergesetz, falls vorhanden]

## Verantwortlich für den Inhalt
[Bitte ergänzen: Name und Anschrift der verantwortlichen Person]

## Hinweise
Dieses Impressum erfüllt die Angaben nach § 5 Digitale-Dienste-Gesetz (DDG).
Quartier ist freie Software unter der Lizenz EUPL-1.2.
Für die Inhalte verlinkter Seiten sind deren Anbieter verantwortlich.`;

const privacy = `## Verantwortliche Stelle
[Bitte ergänzen: Name und Anschrift der verantwortlichen Stelle]
E-Mail: [Bitte ergänzen: E-Mail-Adresse]

## Datenschutzbeauftragte Person
[Bitte ergänzen: Name oder Funktion und Kontaktdaten der oder des Datenschutzbeauftragten]

## Welche Daten wir verarbeiten und warum
Diese Angaben folgen Artikel 13 der Datenschutz-Grundverordnung (DSGVO).

- **Aufruf der Seiten:** Der Server verarbeitet Ihre IP-Adresse, um die Seite auszuliefern und um Missbrauch abzuwehren. Für die Begrenzung von Formular-Einsendungen speichern wir Ihre IP-Adresse nur als nicht umkehrbaren Schlüsselwert und löschen ihn nach spätestens einer Stunde. Rechtsgrundlage: Art. 6 Abs. 1 Buchst. e DSGVO.
- **Anliegen, Anmeldungen und Rückmeldungen:** Was Sie in ein Formular eintragen, verwenden wir nur, um Ihr Anliegen zu bearbeiten und Ihnen zu antworten. Rechtsgrundlage: Art. 6 Abs. 1 Buchst. e DSGVO, bei freiwilligen Angaben Ihre Einwilligung (Art. 6 Abs. 1 Buchst. a DSGVO).
- **Sprache:** Wenn Sie eine Sprache wählen, speichern wir Ihre Wahl in einem Cookie in Ihrem Browser.
- **Anmeldung von Mitarbeitenden:** Für angemeldete Mitarbeitende setzen wir ein technisch notwendiges Sitzungs-Cookie.

Wir setzen keine Cookies zur Werbung oder Analyse ein und binden keine Inhalte fremder Anbieter ein.

## Empfänger
[Bitte ergänzen: Empfänger, z. B. Fachbereiche der Stadt, an die Anliegen weitergeleitet werden, und der Betreiber des Servers als Auftragsverarbeiter]

## Speicherdauer
[Bitte ergänzen: Fristen, z. B. Löschung personenbezogener Angaben erledigter Anliegen nach einer festgelegten Zahl von Tagen]

## Ihre Rechte
Sie haben das Recht auf Auskunft (Art. 15 DSGVO), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18), Widerspruch (Art. 21) und, soweit die Verarbeitung auf Ihrer Einwilligung beruht, das Recht, die Einwilligung jederzeit zu widerrufen.
Sie können sich bei einer Aufsichtsbehörde beschweren. In Nordrhein-Westfalen ist das die Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (LDI NRW), [Bitte prüfen: Anschrift und Internetseite der LDI NRW].`;

const accessibility = `Diese Erklärung gilt für die Internetseiten von Quartier unter [Bitte ergänzen: Adresse der Seite, z. B. https://quartier.essen.de].
Die Stadt Essen ist bemüht, ihre Internetseiten barrierefrei zugänglich zu machen. Rechtsgrundlage sind das Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW, §§ 10a bis 10e) und die Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITV NRW); sie setzen die Richtlinie (EU) 2016/2102 um. Für Bundesbehörden gelten entsprechend § 12b Behindertengleichstellungsgesetz (BGG) und die BITV 2.0.

## Stand der Vereinbarkeit mit den Anforderungen
Diese Internetseiten sind **teilweise barrierefrei**. Sie sind mit der Norm EN 301 549 und den Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA teilweise vereinbar. Die unten genannten Inhalte sind nicht barrierefrei.

## Nicht barrierefreie Inhalte
- **Karten:** Die Karten zeigen Orte als Grafik. Den gleichen Inhalt finden Sie immer als Liste oder Tabelle unter der Karte.
- **Hochgeladene Dokumente und Fotos:** Fotos, die Bürgerinnen und Bürger mit einem Anliegen hochladen, haben keine Bildbeschreibung. Der Text des Anliegens beschreibt das Problem.
- **Videos in Gebärdensprache:** Es gibt noch nicht für alle Abschnitte ein Video. [Bitte ergänzen: Stand der Videos]
- [Bitte ergänzen: weitere bekannte Barrieren und jeweils den Grund, z. B. unverhältnismäßige Belastung]

## Erstellung dieser Erklärung
Diese Erklärung wurde am [Bitte ergänzen: Datum] erstellt.
Die Einschätzung beruht auf [Bitte ergänzen: einer Selbstbewertung oder einem Prüfbericht, z. B. BITV-Test vom …]. Jede Version von Quartier wird automatisch mit axe-core auf schwere Barrieren geprüft; Formulare, Tastaturbedienung und Darstellung in allen Sprachen (auch von rechts nach links) werden im Browser getestet.
Das Datum der letzten Überprüfung steht unten auf dieser Seite.

## Barrieren melden: Kontakt
Wenn Ihnen Barrieren auffallen oder Sie Informationen in einer barrierefreien Form brauchen, schreiben Sie uns über das [Formular für Rückmeldungen zur Barrierefreiheit](/accessibility/feedback).
Sie erreichen uns auch so:
E-Mail: [Bitte ergänzen: E-Mail-Adresse]
Telefon: [Bitte ergänzen: Telefonnummer]
Wir antworten innerhalb von [Bitte ergänzen: Frist, z. B. sechs Wochen].

## Durchsetzungsverfahren (Ombudsverfahren)
Wenn Sie keine oder keine zufriedenstellende Antwort von uns bekommen, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden (§§ 10d, 10e BGG NRW, §§ 9 ff. BITV NRW). Sie ist der Beauftragten der Landesregierung für die Belange der Menschen mit Behinderung zugeordnet. Das Verfahren ist kostenlos.
Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen
E-Mail: [ombudsstelle-barrierefreie-it@mags.nrw.de](mailto:ombudsstelle-barrierefreie-it@mags.nrw.de)
Internet: [www.lbbp.nrw.de/ombudsstelle](https://www.lbbp.nrw.de/ombudsstelle)
[Bitte prüfen: Postanschrift und Telefonnummer der Ombudsstelle]

Die Überwachungsstelle für Barrierefreiheit des Landes Nordrhein-Westfalen beim Landesbetrieb IT.NRW prüft die Internetseiten öffentlicher Stellen: [ueberwachungsstelle-nrw@it.nrw.de](mailto:ueberwachungsstelle-nrw@it.nrw.de).`;

const easyLanguage = `## Was ist Quartier?
Quartier ist eine Internet-Seite.
Die Internet-Seite ist von der Stadt Essen.
Hier finden Sie Infos über Ihren Stadt-Teil.
Ein Stadt-Teil ist ein Teil von der Stadt.
Zum Beispiel: Kray oder Karnap.

## Wer arbeitet im Quartier?
In einigen Stadt-Teilen gibt es ein Team.
Das Team heißt: Quartiers-Management.
Das Team hilft den Menschen im Stadt-Teil.
Das Team hat ein Büro.
Das Büro heißt: Stadt-Teil-Büro.
Dort können Sie hingehen.
Dort können Sie Fragen stellen.

## Was können Sie hier machen?
- Sie können ein Problem melden.
- Zum Beispiel: Eine Lampe auf der Straße ist kaputt.
- Sie können Angebote finden.
- Ein Angebot ist zum Beispiel ein Sprach-Café.
- Im Sprach-Café üben Menschen zusammen Deutsch.
- Sie können Gruppen finden.
- In einer Gruppe machen Menschen etwas zusammen.

## So melden Sie ein Problem
1. Klicken Sie auf: Anliegen melden.
2. Schreiben Sie: Was ist das Problem?
3. Schreiben Sie: Wo ist das Problem?
4. Klicken Sie auf: Absenden.
Ihr Name ist nicht wichtig.
Sie müssen Ihren Namen nicht schreiben.

## Sprachen
Sie können die Sprache ändern.
Oben auf der Seite stehen die Sprachen.
Klicken Sie auf Ihre Sprache.

## Hilfe
Sie brauchen Hilfe?
Dann gehen Sie in ein Stadt-Teil-Büro.
Oder schreiben Sie uns.
Unten auf jeder Seite steht: Rückmeldung zur Barriere-Freiheit.
Barriere-Freiheit bedeutet:
Alle Menschen können die Seite gut benutzen.
Auch Menschen mit Behinderung.`;

const signLanguage = `Auf dieser Seite erklären wir Quartier in Deutscher Gebärdensprache (DGS).
Zu jedem Abschnitt kann es ein Video geben. Der Text im Abschnitt sagt das Gleiche wie das Video.
[Bitte ergänzen: Videos in Deutscher Gebärdensprache; je Abschnitt eine Zeile !video(https://…) mit der Adresse des Videos]

## Was ist Quartier?
Quartier ist die Internetseite der Stadt Essen für die Arbeit in den Stadtteilen. Hier finden Sie Informationen über Ihren Stadtteil, das Stadtteilbüro und Angebote in Ihrer Nähe.

## Ein Anliegen melden
Sie können ein Problem im Stadtteil melden, zum Beispiel eine kaputte Lampe oder Müll. Dafür brauchen Sie kein Konto. Ihren Namen müssen Sie nicht angeben.

## Angebote und Gruppen
Die Stadtteilbüros haben Angebote, zum Beispiel Beratung oder ein Sprachcafé. Gruppen aus dem Stadtteil suchen neue Mitglieder.

## Kontakt und Hilfe
Sie können in ein Stadtteilbüro gehen. Wenn Sie eine Gebärdensprachdolmetscherin oder einen Gebärdensprachdolmetscher brauchen, schreiben Sie uns vorher: [Bitte ergänzen: E-Mail-Adresse oder Faxnummer].
Barrieren auf dieser Internetseite können Sie über das [Formular für Rückmeldungen](/accessibility/feedback) melden.`;

export const DEFAULT_TEXTS: Record<PageSlug, string> = {
  imprint,
  privacy,
  accessibility,
  'easy-language': easyLanguage,
  'sign-language': signLanguage,
};
