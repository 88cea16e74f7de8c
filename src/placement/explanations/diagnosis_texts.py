"""The texts of a diagnosis in Finnish, Swedish and English, by member code.

Written as a placement team's worker would read them: which of the team's decisions and which
rule on living together cannot all hold. The same parameters in every language (a test checks
it); units are named by :func:`~placement.explanations.language.unit_label`.
"""

from __future__ import annotations

from placement.explanations.language import Language, Templates

__all__ = ["TEMPLATES"]

_UNIT_RULES: dict[str, dict[Language, str]] = {
    "vacancy": {
        "fi": "yksikössä ei vapaudu paikkaa suunnittelujakson aikana",
        "sv": "ingen plats i enheten blir ledig under planeringsperioden",
        "en": "no place in the unit becomes free within the planning horizon",
    },
    "vacancy_unknown": {  # the problem has no horizon
        "fi": "yksikössä ei ole vapaata paikkaa eikä tietoa asukkaan poismuutosta",
        "sv": "enheten har ingen ledig plats och ingen boendes utflyttning är känd",
        "en": "the unit has no free place and no resident's move-out is known",
    },
    "features": {
        "fi": "yksikössä ei ole kaikkea, mitä asiakkaan arvioitu palveluntarve edellyttää",
        "sv": "enheten har inte allt som klientens bedömda servicebehov förutsätter",
        "en": "the unit lacks something the client's assessed needs require",
    },
    "service_class": {
        "fi": "yksikkö ei tarjoa asiakkaan palveluntarvetta vastaavaa palveluluokkaa",
        "sv": "enheten erbjuder ingen serviceklass som motsvarar klientens servicebehov",
        "en": "the unit offers no service class at the client's level",
    },
    "age": {
        "fi": "yksikkö on tarkoitettu toiselle ikäryhmälle",
        "sv": "enheten är avsedd för en annan åldersgrupp",
        "en": "the unit is for another age group",
    },
    "excluded": {
        "fi": "asiakas on ilmoittanut, ettei halua asua yksikössä",
        "sv": "klienten har meddelat att hen inte vill bo i enheten",
        "en": "the client has said they do not want to live there",
    },
    "resident": {
        "fi": "yksikössä asuu henkilö, jonka kanssa asiakkaan yhteinen asuminen ei ole mahdollista",
        "sv": "i enheten bor en person som klienten inte kan bo tillsammans med",
        "en": "someone the client cannot live with already lives there",
    },
    "composition": {
        "fi": "yksikön asukasryhmän rakenteelle asetettu enimmäismäärä on jo täynnä",
        "sv": "gränsen för boendegruppens sammansättning är redan nådd i enheten",
        "en": "the unit's composition limit that applies to the client is already reached",
    },
    "area": {
        "fi": "asiakas ei ole hakenut yksikköön, eikä se ole asiakkaan hyväksymissä kunnissa ja "
        "etäisyydellä",
        "sv": "klienten har inte sökt till enheten, och den ligger utanför de kommuner eller det "
        "avstånd klienten godtar",
        "en": "the client did not rank the unit, and it is outside the municipalities or distance "
        "they accept",
    },
}
"""What one pinned unit lacks for its client, as the end of a sentence."""

_NO_UNIT_RULES: dict[str, dict[Language, str]] = {
    "vacancy": {
        "fi": "missään yksikössä ei vapaudu paikkaa suunnittelujakson aikana",
        "sv": "ingen plats blir ledig i någon enhet under planeringsperioden",
        "en": "no unit has a place free within the planning horizon",
    },
    "vacancy_unknown": {
        "fi": "missään yksikössä ei ole vapaata paikkaa eikä tietoa asukkaan poismuutosta",
        "sv": "ingen enhet har en ledig plats eller en känd utflyttning",
        "en": "no unit has a free place or a known move-out",
    },
    "features": {
        "fi": "yhdessäkään yksikössä, jossa vapautuu paikka, ei ole kaikkea, mitä asiakkaan "
        "arvioitu palveluntarve edellyttää",
        "sv": "ingen enhet med en ledig plats har allt som klientens bedömda servicebehov "
        "förutsätter",
        "en": "no unit with a free place has everything the client's assessed needs require",
    },
    "service_class": {
        "fi": "mikään jäljelle jäävistä yksiköistä ei tarjoa asiakkaan palveluntarvetta "
        "vastaavaa palveluluokkaa",
        "sv": "ingen av de återstående enheterna erbjuder en serviceklass som motsvarar "
        "klientens servicebehov",
        "en": "no remaining unit offers a service class at the client's level",
    },
    "age": {
        "fi": "kaikki jäljelle jäävät yksiköt on tarkoitettu toiselle ikäryhmälle",
        "sv": "alla återstående enheter är avsedda för en annan åldersgrupp",
        "en": "every remaining unit is for another age group",
    },
    "excluded": {
        "fi": "asiakas on ilmoittanut, ettei halua asua missään jäljelle jäävistä yksiköistä",
        "sv": "klienten har meddelat att hen inte vill bo i någon av de återstående enheterna",
        "en": "the client has said they do not want to live in any remaining unit",
    },
    "resident": {
        "fi": "jokaisessa jäljelle jäävässä yksikössä asuu henkilö, jonka kanssa asiakkaan "
        "yhteinen asuminen ei ole mahdollista",
        "sv": "i varje återstående enhet bor en person som klienten inte kan bo tillsammans med",
        "en": "every remaining unit has a resident the client cannot live with",
    },
    "composition": {
        "fi": "jokaisessa jäljelle jäävässä yksikössä asukasryhmän rakenteelle asetettu "
        "enimmäismäärä on jo täynnä",
        "sv": "gränsen för boendegruppens sammansättning är redan nådd i varje återstående enhet",
        "en": "every remaining unit's composition limit that applies to the client is reached",
    },
    "area": {
        "fi": "asiakas ei ole hakenut mihinkään jäljelle jäävistä yksiköistä, eikä yksikään "
        "niistä ole asiakkaan hyväksymissä kunnissa ja etäisyydellä",
        "sv": "klienten har inte sökt till någon av de återstående enheterna, och ingen av dem "
        "ligger inom de kommuner och det avstånd klienten godtar",
        "en": "the client ranked none of the remaining units, and none is within the "
        "municipalities and distance they accept",
    },
    "override": {
        "fi": "sijoitustiimin päätökset rajaavat pois kaikki jäljelle jäävät yksiköt",
        "sv": "placeringsteamets beslut utesluter alla återstående enheter",
        "en": "the placement team's decisions rule out every remaining unit",
    },
}
"""Why no unit is left for a required client (:func:`~placement.candidates.filter_counts`'s
first rule at zero), as the end of a sentence. "Remaining": after the rules before it."""

TEMPLATES: Templates = {
    "lead_feasible": {
        "fi": "Sijoitustiimin päätökset ja yhteisasumista koskevat säännöt voidaan toteuttaa "
        "kaikki samanaikaisesti.",
        "sv": "Placeringsteamets beslut och reglerna för boendet kan alla följas samtidigt.",
        "en": "The placement team's decisions and the rules on living together can all hold "
        "at once.",
    },
    "lead_conflict": {
        "fi": "Seuraavat {count} päätöstä tai sääntöä ovat keskenään ristiriidassa, eikä niitä "
        "voida noudattaa kaikkia samanaikaisesti. Kun mikä tahansa niistä jätetään pois, muut "
        "voidaan toteuttaa:",
        "sv": "Följande {count} beslut eller regler står i strid med varandra och kan inte alla "
        "följas samtidigt. Om vilket som helst av dem lämnas bort kan de övriga följas:",
        "en": "These {count} decisions or rules conflict and cannot all hold at once; without "
        "any one of them, the rest can:",
    },
    "lead_conflict_one": {
        "fi": "Seuraavaa päätöstä tai sääntöä ei voida noudattaa sellaisenaan:",
        "sv": "Följande beslut eller regel kan inte följas som sådan:",
        "en": "This decision or rule cannot hold as it stands:",
    },
    "lead_conflict_unproven": {
        "fi": "Seuraavat {count} päätöstä tai sääntöä ovat keskenään ristiriidassa, eikä niitä "
        "voida noudattaa kaikkia samanaikaisesti. Aikaraja ei riittänyt sen varmistamiseen, "
        "ettei joukosta voi jättää mitään pois:",
        "sv": "Följande {count} beslut eller regler står i strid med varandra och kan inte alla "
        "följas samtidigt. Tidsgränsen räckte inte till för att bekräfta att inget av dem kan "
        "lämnas bort:",
        "en": "These {count} decisions or rules conflict and cannot all hold at once; the time "
        "limit ran out before it was confirmed that none of them can be left out:",
    },
    "pin": {
        "fi": "Asiakkaan {client} sijoittamisesta yksikköön {unit} on jo päätetty; yksikössä "
        "vapautuu suunnittelujakson aikana paikkoja: {places}.",
        "sv": "Det är redan beslutat att klienten {client} placeras i enheten {unit}; lediga "
        "platser i enheten under planeringsperioden: {places}.",
        "en": "{client} is pinned to {unit}, which has [places:one free place|{places} free "
        "places] within the planning horizon.",
    },
    "pin_open": {  # the problem has no horizon
        "fi": "Asiakkaan {client} sijoittamisesta yksikköön {unit} on jo päätetty; yksikössä on "
        "vapaita tai tiedossa olevan poismuuton jälkeen vapautuvia paikkoja: {places}.",
        "sv": "Det är redan beslutat att klienten {client} placeras i enheten {unit}; platser i "
        "enheten som är lediga eller blir lediga efter en känd utflyttning: {places}.",
        "en": "{client} is pinned to {unit}, which has [places:one place|{places} places] free "
        "now or after a known move-out.",
    },
    "pin_unfit": {
        "fi": "Asiakkaan {client} sijoittamisesta yksikköön {unit} on jo päätetty, mutta {rule}.",
        "sv": "Det är redan beslutat att klienten {client} placeras i enheten {unit}, men {rule}.",
        "en": "{client} is pinned to {unit}, but {rule}.",
    },
    "must_place": {
        "fi": "Asiakkaalle {client} on päätetty järjestää asumispaikka tällä sijoituskierroksella.",
        "sv": "Det är beslutat att klienten {client} ska få en boendeplats i denna "
        "placeringsomgång.",
        "en": "{client} must be placed in this round.",
    },
    "must_place_unfit": {
        "fi": "Asiakkaalle {client} on päätetty järjestää asumispaikka tällä "
        "sijoituskierroksella, mutta {rule}.",
        "sv": "Det är beslutat att klienten {client} ska få en boendeplats i denna "
        "placeringsomgång, men {rule}.",
        "en": "{client} must be placed in this round, but {rule}.",
    },
    "forbidden": {
        "fi": "On päätetty, ettei asiakasta {client} sijoiteta yksikköön {unit}.",
        "sv": "Det är beslutat att klienten {client} inte placeras i enheten {unit}.",
        "en": "{client} must not be placed in {unit}.",
    },
    "linked": {
        "fi": "Asiakkaat {clients} sijoitetaan samaan yksikköön, koska he muuttavat yhdessä.",
        "sv": "Klienterna {clients} placeras i samma enhet, eftersom de flyttar tillsammans.",
        "en": "{clients} move together and must live in the same unit.",
    },
    "incompatible": {
        "fi": "Asiakkaita {client} ja {other} ei voida sijoittaa samaan yksikköön.",
        "sv": "Klienterna {client} och {other} kan inte placeras i samma enhet.",
        "en": "{client} and {other} must not live in the same unit.",
    },
    "composition": {
        "fi": "Yksikössä {unit} voi asua samanaikaisesti enintään {at_most} asukasta, joihin "
        "sovelletaan ryhmärajaa '{tag}'; heitä asuu yksikössä vielä {residents}, kun sen "
        "viimeinen paikka vapautuu.",
        "sv": "I enheten {unit} får högst {at_most} boende som omfattas av gruppgränsen '{tag}' "
        "bo samtidigt; {residents} av dem bor ännu kvar när enhetens sista plats blir ledig.",
        "en": "{unit} may house at most {at_most} residents under its group limit '{tag}' at "
        "once; {residents} of them still live there when its last place becomes free.",
    },
    **{f"unit_{rule}": texts for rule, texts in _UNIT_RULES.items()},
    **{f"none_{rule}": texts for rule, texts in _NO_UNIT_RULES.items()},
}
"""Member codes and the lead sentences in Finnish, Swedish and English. ``unit_*`` end a
``pin_unfit`` sentence, ``none_*`` a ``must_place_unfit`` one (the ``{rule}``)."""
