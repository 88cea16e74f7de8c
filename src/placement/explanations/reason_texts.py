"""The texts of the explanations' reason codes, in Finnish, Swedish and English.

``{unit}`` is always a unit's label (:func:`~placement.explanations.language.unit_label`); Finnish
and Swedish inflect the word "yksikkö"/"enheten", never the unit's own name. No template names
another client or anyone's needs: other clients are only ever counted. ``[count:one|other]``
chooses the plural form (:func:`~placement.explanations.language.render`).
"""

from __future__ import annotations

from placement.explanations.language import Language, Templates

__all__ = ["TEMPLATES"]

_TRADE = {
    "fi": "Sijoittaminen yksikköön {unit} olisi ",
    "sv": "En placering i enheten {unit} skulle ha ",
    "en": "Placing you in {unit} would have ",
}

_RESIDENTS: dict[Language, str] = {
    "fi": "Yksikön {unit} nykyiset asukkaat ja asukasryhmän rakenne eivät mahdollista "
    "sijoitustasi sinne.",
    "sv": "De nuvarande invånarna och gruppens sammansättning i enheten {unit} gör det inte "
    "möjligt att placera dig där.",
    "en": "The current residents and the group structure of {unit} do not allow placing you there.",
}
"""One text for both: naming a resident tells where they live, naming a limit their needs."""

_ALL_RESIDENTS: dict[Language, str] = {
    "fi": "Jäljelle jäävien yksiköiden nykyiset asukkaat ja asukasryhmien rakenne eivät "
    "mahdollista sijoitustasi.",
    "sv": "De nuvarande invånarna och gruppernas sammansättning i de återstående enheterna gör "
    "det inte möjligt att placera dig.",
    "en": "The current residents and the group structure of the remaining units do not allow "
    "placing you.",
}


def _trade(fi: str, sv: str, en: str) -> dict[Language, str]:
    return {"fi": _TRADE["fi"] + fi, "sv": _TRADE["sv"] + sv, "en": _TRADE["en"] + en}


TEMPLATES: Templates = {
    # -- the outcome ---------------------------------------------------------------------------
    "placed_ranked": {
        "fi": "Sinulle esitetään asumispaikkaa yksiköstä {unit} {move_in} alkaen, palveluluokka "
        "{service_class}. Yksikkö oli [of:ainoa toiveesi|{rank}. toiveesi {of} toiveesta].",
        "sv": "Du föreslås en bostad i enheten {unit} från och med {move_in}, serviceklass "
        "{service_class}. Enheten var [of:ditt enda önskemål|ditt önskemål nummer {rank} av {of}].",
        "en": "You are offered a place in {unit} from {move_in}, service class {service_class}. "
        "It was [of:your only choice|your choice {rank} of {of}].",
    },
    "placed_unranked": {
        "fi": "Sinulle esitetään asumispaikkaa yksiköstä {unit} {move_in} alkaen, palveluluokka "
        "{service_class}. Yksikkö sijaitsee hyväksymälläsi alueella, {km} km päässä.",
        "sv": "Du föreslås en bostad i enheten {unit} från och med {move_in}, serviceklass "
        "{service_class}. Enheten ligger inom det område du godtar, {km} km bort.",
        "en": "You are offered a place in {unit} from {move_in}, service class {service_class}. "
        "You did not rank it; it is within the area you accept, {km} km away.",
    },
    "waiting": {
        "fi": "Tällä sijoituskierroksella sinulle ei voitu osoittaa asumispaikkaa.",
        "sv": "I denna placeringsomgång kunde ingen bostad anvisas dig.",
        "en": "No place could be offered to you in this placement round.",
    },
    # -- hard rules, per unit ------------------------------------------------------------------
    "rule_vacancy": {
        "fi": "Yksikössä {unit} ei vapaudu paikkaa suunnittelujakson aikana.",
        "sv": "I enheten {unit} blir ingen plats ledig under planeringsperioden.",
        "en": "No place in {unit} becomes free within the planning horizon.",
    },
    "rule_vacancy_unknown": {
        "fi": "Yksikössä {unit} ei ole vapaata paikkaa eikä tietoa asukkaan poismuutosta.",
        "sv": "Enheten {unit} har ingen ledig plats, och ingen boendes utflyttning är känd ännu.",
        "en": "{unit} has no free place, and no resident's move-out is known yet.",
    },
    "rule_features": {
        "fi": "Yksikössä {unit} ei ole kaikkea sitä, mitä arvioitu palveluntarpeesi edellyttää.",
        "sv": "Enheten {unit} har inte allt som ditt bedömda servicebehov förutsätter.",
        "en": "{unit} lacks something your assessed needs require.",
    },
    "rule_service_class": {
        "fi": "Yksikkö {unit} ei tarjoa palveluluokkaa, joka vastaa arvioitua palveluntarvettasi.",
        "sv": "Enheten {unit} erbjuder ingen serviceklass som motsvarar ditt bedömda behov.",
        "en": "{unit} offers no service class at the level your assessed needs require.",
    },
    "rule_age": {
        "fi": "Yksikkö {unit} on tarkoitettu toiselle ikäryhmälle.",
        "sv": "Enheten {unit} är avsedd för en annan åldersgrupp.",
        "en": "{unit} is for residents of another age group.",
    },
    "rule_excluded": {
        "fi": "Olet ilmoittanut, ettet halua asua yksikössä {unit}.",
        "sv": "Du har meddelat att du inte vill bo i enheten {unit}.",
        "en": "You said you do not want to live in {unit}.",
    },
    "rule_resident": _RESIDENTS,  # neutral: it names no one's presence or needs
    "rule_composition": _RESIDENTS,
    "rule_area": {
        "fi": "Yksikkö {unit} on hyväksymiesi kuntien tai etäisyyden ulkopuolella.",
        "sv": "Enheten {unit} ligger utanför de kommuner eller det avstånd du godtar.",
        "en": "{unit} is outside the municipalities or distance you accept.",
    },
    "rule_pinned": {
        "fi": "Sijoitustiimi on jo päättänyt asumispaikastasi toisessa yksikössä.",
        "sv": "Placeringsteamet har redan beslutat om din bostad i en annan enhet.",
        "en": "The placement team has already decided on your place in another unit.",
    },
    "rule_override": {
        "fi": "Sijoitustiimi on rajannut yksikön {unit} pois sinun kohdallasi.",
        "sv": "Placeringsteamet har uteslutit enheten {unit} för din del.",
        "en": "The placement team has ruled out {unit} for you.",
    },
    # -- places that went to others ------------------------------------------------------------
    "taken_by_priority": {
        "fi": "[count:Yksikön {unit} vapaa paikka osoitettiin asiakkaalle, joka oli|Yksikön "
        "{unit} vapaat paikat osoitettiin {count} asiakkaalle, jotka olivat] "
        "etusijajärjestyksessä edelläsi.",
        "sv": "[count:Den lediga platsen i enheten {unit} gick till en klient som låg|De lediga "
        "platserna i enheten {unit} gick till {count} klienter som låg] före dig i turordningen.",
        "en": "[count:The free place in {unit} went to a client|The free places in {unit} went "
        "to {count} clients] ahead of you in priority.",
    },
    "linked_no_room": {
        "fi": "Yksikössä {unit} ei ollut vapaita paikkoja sekä sinulle että henkilölle, jonka "
        "kanssa sinun on tarkoitus asua.",
        "sv": "I enheten {unit} fanns det inte lediga platser för både dig och den person som du "
        "ska bo tillsammans med.",
        "en": "{unit} did not have free places for both you and the person you are to live with.",
    },
    "linked_partner_cannot": {
        "fi": "Henkilö, jonka kanssa sinun on tarkoitus asua, ei voi asua yksikössä {unit}.",
        "sv": "Den person som du ska bo tillsammans med kan inte bo i enheten {unit}.",
        "en": "The person you are to live with cannot live in {unit}.",
    },
    "taken_by_decision": {
        "fi": "Yksikön {unit} paikoista on jo päätetty muiden asiakkaiden osalta.",
        "sv": "Platserna i enheten {unit} är redan beslutade för andra klienter.",
        "en": "The places in {unit} are already decided for other clients.",
    },
    "not_proven_best": {
        "fi": "Laskenta päättyi ennen kuin paras kokonaisratkaisu oli varmistettu; myös "
        "sijoitus yksikköön {unit} olisi ollut mahdollinen.",
        "sv": "Beräkningen avslutades innan den bästa helhetslösningen var bekräftad; även en "
        "placering i enheten {unit} hade varit möjlig.",
        "en": "The search stopped before the best overall placement was proven; {unit} was "
        "also possible.",
    },
    "side_rule": {
        "fi": "Yksikköön {unit} ei voitu sijoittaa sinua yhteisasumista koskevien sääntöjen "
        "vuoksi (yhdessä muuttavat, yhteensopimattomat asukkaat tai ryhmän rakenne).",
        "sv": "Du kunde inte placeras i enheten {unit} på grund av reglerna för boende "
        "tillsammans (de som flyttar tillsammans, oförenliga invånare eller gruppens "
        "sammansättning).",
        "en": "You could not be placed in {unit} because of the rules on living together "
        "(people moving together, incompatible residents or the group's composition).",
    },
    "tradeoff_placed": _trade(
        "jättänyt kokonaisuutena [count:yhden asiakkaan|{count} asiakasta] enemmän ilman "
        "asumispaikkaa.",
        "lett till att [count:en klient|{count} klienter] färre sammanlagt hade fått en bostad.",
        "left [count:one client|{count} clients] fewer placed overall.",
    ),
    "tradeoff_urgency": _trade(
        "jättänyt kiireellisemmässä tilanteessa olevia asiakkaita ilman paikkaa.",
        "lämnat klienter i mer brådskande behov utan plats.",
        "left clients with more urgent needs without a place.",
    ),
    "tradeoff_days_waited": _trade(
        "ohittanut pidempään jonottaneita asiakkaita.",
        "gått förbi klienter som köat längre.",
        "passed over clients who have queued longer.",
    ),
    "tradeoff_move_in": _trade(
        "siirtänyt sijoitettujen asiakkaiden muuttoa yhteensä [days:yhden päivän|{days} päivää] "
        "myöhemmäksi.",
        "skjutit upp de placerade klienternas inflyttning med sammanlagt [days:en dag|{days} "
        "dagar].",
        "meant [days:one more day|{days} more days] until move-in for those placed, in all.",
    ),
    "tradeoff_rank": _trade(
        "antanut sijoitetuille asiakkaille paikkoja alempaa heidän toivelistoiltaan "
        "(yhteensä [steps:yksi sija|{steps} sijaa]).",
        "gett de placerade klienterna platser längre ner på deras önskelistor (sammanlagt "
        "[steps:ett steg|{steps} steg]).",
        "given those placed places lower on their own lists ([steps:one step|{steps} steps] in "
        "all).",
    ),
    "tradeoff_distance": _trade(
        "sijoittanut asiakkaita yhteensä {km} km kauemmas kotoaan.",
        "placerat klienterna sammanlagt {km} km längre från hemmet.",
        "placed clients {km} km farther from home in all.",
    ),
    "tradeoff_cost": _trade(
        "lisännyt asumispalvelun kustannuksia {eur} euroa vuorokaudessa.",
        "ökat boendeservicens kostnader med {eur} euro per dygn.",
        "cost {eur} EUR/day more.",
    ),
    "tie": {
        "fi": "Yksikkö {unit} olisi ollut kokonaisuuden kannalta yhtä hyvä vaihtoehto; valinta "
        "ratkaistiin ennalta määritellyllä säännöllä.",
        "sv": "Enheten {unit} hade varit ett lika bra alternativ totalt sett; valet avgjordes "
        "enligt en på förhand fastställd regel.",
        "en": "{unit} would have been equally good overall; the tie was settled by the "
        "documented rule.",
    },
    # -- a waiting client ----------------------------------------------------------------------
    "no_unit_fits": {
        "fi": "Mikään yksikkö ei täytä samanaikaisesti palveluntarpeesi, toiveidesi ja "
        "hyväksymäsi alueen edellytyksiä.",
        "sv": "Ingen enhet uppfyller samtidigt ditt servicebehov, dina önskemål och det område "
        "du godtar.",
        "en": "No unit meets your needs, your wishes and the area you accept at once.",
    },
    "blocked_vacancy": {
        "fi": "Missään yksikössä ei vapaudu paikkaa suunnittelujakson aikana.",
        "sv": "I ingen enhet blir en plats ledig under planeringsperioden.",
        "en": "No unit has a place becoming free within the planning horizon.",
    },
    "blocked_features": {
        "fi": "Missään yksikössä, jossa on vapaa paikka, ei ole kaikkea sitä, mitä arvioitu "
        "palveluntarpeesi edellyttää.",
        "sv": "Ingen enhet med en ledig plats har allt som ditt bedömda servicebehov förutsätter.",
        "en": "No unit with a free place has everything your assessed needs require.",
    },
    "blocked_service_class": {
        "fi": "Mikään jäljelle jäävistä yksiköistä ei tarjoa palveluluokkaa, joka vastaa "
        "arvioitua palveluntarvettasi.",
        "sv": "Ingen av de återstående enheterna erbjuder en serviceklass som motsvarar ditt "
        "bedömda behov.",
        "en": "None of the remaining units offers a service class at the level your needs require.",
    },
    "blocked_age": {
        "fi": "Jäljelle jäävät yksiköt on tarkoitettu toisille ikäryhmille.",
        "sv": "De återstående enheterna är avsedda för andra åldersgrupper.",
        "en": "The remaining units are for residents of other age groups.",
    },
    "blocked_excluded": {
        "fi": "Olet ilmoittanut, ettet halua asua missään jäljelle jäävistä yksiköistä.",
        "sv": "Du har meddelat att du inte vill bo i någon av de återstående enheterna.",
        "en": "You said you do not want to live in any of the remaining units.",
    },
    "blocked_resident": _ALL_RESIDENTS,
    "blocked_composition": _ALL_RESIDENTS,
    "blocked_area": {
        "fi": "Mikään jäljelle jäävistä yksiköistä ei ole toiveissasi eikä hyväksymiesi "
        "kuntien ja etäisyyden sisällä.",
        "sv": "Ingen av de återstående enheterna finns bland dina önskemål eller inom de "
        "kommuner och det avstånd du godtar.",
        "en": "None of the remaining units is among your choices or within the municipalities "
        "and distance you accept.",
    },
    "blocked_override": {
        "fi": "Sijoitustiimin päätökset rajaavat pois kaikki jäljelle jäävät yksiköt.",
        "sv": "Placeringsteamets beslut utesluter alla återstående enheter.",
        "en": "The placement team's decisions rule out every remaining unit.",
    },
    "units_full": {
        "fi": "[count:Sinulle sopii yksi yksikkö, mutta sen vapaat paikat|Sinulle sopivia "
        "yksiköitä on {count}, mutta niiden vapaat paikat] osoitettiin [others:toiselle "
        "asiakkaalle|{others} muulle asiakkaalle].",
        "sv": "[count:Det finns en enhet som passar dig, men dess lediga platser|Det finns "
        "{count} enheter som passar dig, men deras lediga platser] gick till [others:en annan "
        "klient|{others} andra klienter].",
        "en": "[count:One unit suits you, but its|{count} units suit you, but their] free places "
        "went to [others:another client|{others} other clients].",
    },
    "envy_objective": {
        "fi": "[count:Yksikössä, johon olisit sopinut,|{count} yksikössä, joihin olisit sopinut,] "
        "paikan sai asiakas, jolla oli "
        "yksikön etusijajärjestyksessä sinua alempi sija. Käytetty periaate sallii tämän: se "
        "sijoittaa mahdollisimman monta asiakasta ja punnitsee jonotusajat, toiveet ja "
        "etäisyydet kaikkien osalta, ei pelkkää jonojärjestystä.",
        "sv": "I [count:en enhet|{count} enheter] som skulle ha passat dig fick en klient med "
        "lägre turordning "
        "platsen. Principen som används tillåter detta: den placerar så många klienter som "
        "möjligt och väger köer, önskemål och avstånd för alla, inte enbart ordningen i kön.",
        "en": "In [count:a unit that suits|{count} units that suit] you, a place went to a client "
        "with lower priority "
        "there than yours. The policy allows this: it places as many clients as it can and "
        "weighs waits, wishes and distances over all of them, not strict queue order.",
    },
    "envy_order": {
        "fi": "[count:Yksikössä, johon olisit sopinut,|{count} yksikössä, joihin olisit sopinut,] "
        "paikan sai asiakas, jolla oli "
        "yksikön etusijajärjestyksessä sinua alempi sija. Käytetty periaate sallii tämän: se "
        "käsittelee asiakkaat omassa järjestyksessään (jonoon tulo, kiireellisyys tai arvonta).",
        "sv": "I [count:en enhet|{count} enheter] som skulle ha passat dig fick en klient med "
        "lägre turordning "
        "platsen. Principen som används tillåter detta: den behandlar klienterna i sin egen "
        "ordning (kötid, brådska eller lottning).",
        "en": "In [count:a unit that suits|{count} units that suit] you, a place went to a client "
        "with lower priority "
        "there than yours. The policy allows this: it serves clients in its own order (queue "
        "date, urgency or lottery).",
    },
    "envy_side": {
        "fi": "[count:Yksikössä, johon olisit sopinut,|{count} yksikössä, joihin olisit sopinut,] "
        "paikan sai asiakas, jolla oli "
        "yksikön etusijajärjestyksessä sinua alempi sija. Tämä johtuu yhteisasumista koskevista "
        "säännöistä (yhdessä muuttavat, yhteensopimattomat asukkaat tai ryhmän rakenne).",
        "sv": "I [count:en enhet|{count} enheter] som skulle ha passat dig fick en klient med "
        "lägre turordning "
        "platsen. Det beror på reglerna för boende tillsammans (de som flyttar tillsammans, "
        "oförenliga invånare eller gruppens sammansättning).",
        "en": "In [count:a unit that suits|{count} units that suit] you, a place went to a client "
        "with lower priority "
        "there than yours. A rule on living together allows this (people moving together, "
        "incompatible residents or the group's composition).",
    },
    # -- smallest changes that would place a waiting client ------------------------------------
    "cf_add_place": {
        "fi": "Yksi lisäpaikka palveluluokassa {service_class} yksikössä {unit} mahdollistaisi "
        "sijoituksesi.",
        "sv": "En plats till i serviceklass {service_class} i enheten {unit} skulle ge dig en "
        "bostad.",
        "en": "One more place of class {service_class} in {unit} would place you.",
    },
    "cf_distance": {
        "fi": "Jos hyväksyisit myös toivomattomia yksiköitä enintään {km} km päästä, sinut "
        "voitaisiin sijoittaa.",
        "sv": "Om du godtog även enheter du inte valt, upp till {km} km bort, kunde du placeras.",
        "en": "Accepting units you did not rank up to {km} km away would place you.",
    },
    "cf_add_place_moves": {
        "fi": "Yksi lisäpaikka palveluluokassa {service_class} yksikössä {unit} vapauttaisi "
        "sinulle paikan yksiköstä {other_unit}.",
        "sv": "En plats till i serviceklass {service_class} i enheten {unit} skulle frigöra en "
        "plats för dig i enheten {other_unit}.",
        "en": "One more place of class {service_class} in {unit} would free a place for you in "
        "{other_unit}.",
    },
    "cf_municipality": {
        "fi": "Jos hyväksyisit myös yksiköt, joiden sijaintikunta on {municipality}, sinut "
        "voitaisiin sijoittaa.",
        "sv": "Om du godtog även enheter i kommunen {municipality} kunde du placeras.",
        "en": "Accepting units in {municipality} would place you.",
    },
    "cf_municipality_unranked": {
        "fi": "Jos hyväksyisit myös muita kuin toivomiasi yksiköitä, myös sellaisia, joiden "
        "sijaintikunta on {municipality}, sinut voitaisiin sijoittaa.",
        "sv": "Om du godtog även enheter som du inte valt, också i kommunen {municipality}, "
        "kunde du placeras.",
        "en": "Accepting units you did not rank, in {municipality} too, would place you.",
    },
    "cf_unranked": {
        "fi": "Jos hyväksyisit myös muita kuin toivomiasi yksiköitä, sinut voitaisiin sijoittaa.",
        "sv": "Om du godtog även andra enheter än dem du valt kunde du placeras.",
        "en": "Accepting units you did not rank would place you.",
    },
    # -- the placement team's decisions --------------------------------------------------------
    "ov_pinned": {
        "fi": "Sijoitustiimi on jo päättänyt asumispaikastasi yksikössä {unit}.",
        "sv": "Placeringsteamet har redan beslutat om din bostad i enheten {unit}.",
        "en": "The placement team has already decided on your place in {unit}.",
    },
    "ov_must_place": {
        "fi": "Sijoitustiimi on edellyttänyt, että sinut sijoitetaan tällä kierroksella.",
        "sv": "Placeringsteamet har krävt att du placeras i denna omgång.",
        "en": "The placement team has required that you be placed in this round.",
    },
    "ov_forbidden": {
        "fi": "Sijoitustiimi on rajannut yksikön {unit} pois sinun kohdallasi.",
        "sv": "Placeringsteamet har uteslutit enheten {unit} för din del.",
        "en": "The placement team has ruled out {unit} for you.",
    },
    "ov_others_pinned": {
        "fi": "Yksikön {unit} paikoista [count:yksi|{count}] oli jo päätetty muille asiakkaille.",
        "sv": "[count:En av platserna i enheten {unit} var redan beslutad|{count} av platserna i "
        "enheten {unit} var redan beslutade] för andra klienter.",
        "en": "[count:One place|{count} places] in {unit} had already been decided for other "
        "clients.",
    },
    # -- the estimate --------------------------------------------------------------------------
    "estimated_unplaceable": {
        "fi": "Muuttoaikaa ei arvioida: nykyisistä yksiköistä mikään ei voi ottaa sinua vastaan.",
        "sv": "Ingen inflyttningstid beräknas: ingen av de nuvarande enheterna kan ta emot dig.",
        "en": "No move-in is estimated: none of the present units can take you.",
    },
    "estimated_beyond": {
        "fi": "Arvion mukaan muutto ei todennäköisesti toteudu simuloidun ajanjakson aikana.",
        "sv": "Enligt beräkningen sker inflyttningen sannolikt inte under den simulerade perioden.",
        "en": "You are not expected to move in within the simulated period.",
    },
    "estimated_wait_from": {
        "fi": "Arvion mukaan muutto toteutuu todennäköisesti vasta [low:kuukauden|{low} "
        "kuukauden] kuluttua tai myöhemmin, mahdollisesti vasta simuloidun ajanjakson jälkeen.",
        "sv": "Enligt beräkningen sker inflyttningen sannolikt inte förrän om [low:en månad|{low} "
        "månader] eller senare, möjligen först efter den simulerade perioden.",
        "en": "You will probably not move in before [low:a month|{low} months] from now; it may "
        "take longer than the simulated period.",
    },
    "estimated_wait": {
        "fi": "Arvioitu muuttoaika: todennäköisimmin {low}–{high} kuukauden kuluttua "
        "(mediaani {median}).",
        "sv": "Beräknad inflyttning: sannolikast om {low}–{high} månader (median {median}).",
        "en": "Estimated move-in: most likely in {low} to {high} months (median {median}).",
    },
}
