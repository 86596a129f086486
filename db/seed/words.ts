// The words the demo generator draws from: names, titles, texts.

export const KAM_NAMES = ["Kalle Kam", "Kaisa Kivelä", "Mikko Rantanen", "Laura Nieminen", "Jussi Heikkinen"];
export const FIRST_NAMES = [
  "Aino",
  "Eero",
  "Helmi",
  "Ilkka",
  "Johanna",
  "Kari",
  "Leena",
  "Markku",
  "Niina",
  "Olli",
  "Pirjo",
  "Riikka",
  "Sami",
  "Tiina",
  "Ulla",
  "Ville",
  "Anna",
  "Juha",
  "Minna",
  "Pekka",
  "Satu",
  "Timo",
  "Hanna",
  "Antti",
];
export const LAST_NAMES = [
  "Korhonen",
  "Virtanen",
  "Mäkinen",
  "Nieminen",
  "Mäkelä",
  "Hämäläinen",
  "Laine",
  "Koskinen",
  "Heikkinen",
  "Järvinen",
  "Lehtonen",
  "Lehtinen",
  "Saarinen",
  "Salminen",
  "Heinonen",
  "Niemi",
  "Kinnunen",
  "Salonen",
  "Turunen",
  "Salo",
  "Laitinen",
  "Tuominen",
  "Rantanen",
  "Karjalainen",
];
export const COMPANY_STEMS = [
  "Aalto",
  "Borealis",
  "Carelia",
  "Dyyni",
  "Ekovirta",
  "Fenno",
  "Halla",
  "Ilves",
  "Jokiranta",
  "Kaamos",
  "Lumo",
  "Meriaura",
  "Nordkapp",
  "Otava",
  "Pohjoisvirta",
  "Revontuli",
  "Saimaa",
  "Tunturi",
  "Ukko",
  "Vakka",
  "Wärtsi",
  "Ylä-Savo",
  "Kuusamo",
  "Louhi",
  "Mänty",
  "Nokka",
  "Oulujoki",
  "Pihlaja",
  "Routa",
  "Sisu",
];
export const COMPANY_KINDS = [
  ["Logistics", "logistics"],
  ["Foods", "food"],
  ["Energy", "energy"],
  ["Forest", "forestry"],
  ["Health", "healthcare"],
  ["Retail", "retail"],
  ["Marine", "shipping"],
  ["Systems", "software"],
  ["Build", "construction"],
  ["Metals", "manufacturing"],
] as const;
export const TITLES_BY_ROLE: Record<string, string[]> = {
  decision_maker: ["Toimitusjohtaja", "Operatiivinen johtaja", "Liiketoimintajohtaja"],
  economic_buyer: ["Talousjohtaja", "Talouspäällikkö"],
  champion: ["Logistiikkapäällikkö", "Tuotantopäällikkö", "Toimitusketjun johtaja"],
  influencer: ["Kehityspäällikkö", "Laatupäällikkö"],
  technical_evaluator: ["IT-päällikkö", "Ratkaisuarkkitehti"],
  user: ["Varastoesimies", "Suunnittelija", "Koordinaattori", "Tiiminvetäjä"],
  procurement: ["Hankintapäällikkö", "Ostaja"],
  blocker: ["Lakimies", "Tietoturvapäällikkö"],
};

export const KIND_WEIGHTS = [
  ["meeting", 14],
  ["call", 16],
  ["email", 22],
  ["chat", 6],
  ["business_review", 3],
  ["delivery", 12],
  ["invoice", 9],
  ["support_case", 8],
  ["training", 3],
  ["event", 2],
  ["word_of_mouth", 2],
  ["other", 3],
] as const;
export const TWO_WAY = new Set([
  "meeting",
  "call",
  "email",
  "chat",
  "business_review",
  "training",
  "event",
  "support_case",
]);
// The customer's touchpoints are written in Finnish, as a Finnish vendor's staff
// write them (the data is the customer's; the interface language does not change it).
export const TITLES: Record<string, string[]> = {
  meeting: [
    "Kuukausipalaveri",
    "Ohjausryhmän kokous",
    "Tiekarttatyöpaja",
    "Asiakaskäynti",
    "Uuden reitin aloituspalaveri",
  ],
  call: ["Kuulumispuhelu", "Eskalaatiopuhelu", "Puhelu kapasiteetista", "Hinnoittelukeskustelu", "Jatkopuhelu"],
  email: [
    "Vastaus toimitusaikatauluun",
    "Kysymys raportoinnista",
    "Tarjous lähetetty",
    "Tilannepäivitys avoimista asioista",
    "Sopimusehtojen tarkennus",
  ],
  chat: ["Pikakysymys Teamsissa", "Viesti myöhästyneestä kuormasta", "Keskustelu ennusteista"],
  business_review: ["Neljännesvuosikatsaus", "Vuosikatsaus", "Puolivuotiskatsaus"],
  delivery: ["Viikkotoimitus", "Sesonkitoimitus", "Pilotti toimitettu", "Erätoimitus", "Integraatio tuotantoon"],
  invoice: ["Kuukausilasku", "Palvelulasku", "Projektin välilasku"],
  support_case: [
    "Seurantatiedot puuttuvat",
    "Väärä lavamäärä",
    "Portaaliin ei pääse kirjautumaan",
    "Kuljetusvauriosta reklamaatio",
    "EDI-sanoma hylätty",
  ],
  training: ["Käyttäjäkoulutus", "Uuden suunnittelijan perehdytys", "Raportointikoulutus"],
  event: ["Asiakaspäivä", "Tapaaminen alan messuilla", "Kumppaniseminaari"],
  word_of_mouth: ["Kuultu messuilla", "Palaute kumppanin kautta", "Yhteisen tuttavan kommentti"],
  reference_given: [
    "Referenssipuhelu prospektille",
    "Referenssikäynti asiakkaan luona",
    "Referenssinä tarjouskilpailussa",
  ],
  referral_given: ["Suositteli meitä kumppanilleen", "Esitteli meidät sisaryhtiölle", "Suositus alan tapahtumassa"],
  other: ["Muistiinpano", "Sisäinen siirtomuistio", "Kulkuoikeudet järjestetty"],
};
/** Summaries by how the touchpoint went, so the words agree with the sentiment recorded. */
export const SUMMARIES_BY_TONE: Record<"negative" | "neutral" | "positive", string[]> = {
  negative: [
    "Asiakas oli huolissaan toimitusajoista; lupasimme päivityksen perjantaihin mennessä.",
    "Kävimme läpi viime kuun poikkeamat yksi kerrallaan. Sävy oli kireä.",
    "Asiakas kysyi, miksi sama virhe toistuu; sovimme juurisyyselvityksestä.",
    "Eskaloitu asiakkaan pyynnöstä: vastausta odotetaan tällä viikolla.",
  ],
  neutral: [
    "Kävimme läpi avoimet asiat ja sovimme seuraavista askelista.",
    "Keskusteltiin ensi neljänneksen volyymeista ja resursoinnista.",
    "Sovittiin, että lähetämme kirjallisen tarjouksen.",
    "",
  ],
  positive: [
    "Myönteinen sävy; asiakas kiitti nopeasta reagoinnista.",
    "Asiakas kehui uutta raportointia ja haluaa laajentaa sen muihin yksiköihin.",
    "Toimitus sujui ennakoidusti; asiakas vahvisti aikataulun seuraavalle erälle.",
    "",
  ],
};
export const INTERNAL_NOTE = "Seurataan tätä; sävy ei ollut paras mahdollinen.";
export const DISPUTE_REASONS = [
  "Määrä ei vastaa lähetysluetteloita",
  "Hinta ei ole sovitun mukainen",
  "Veloitettu kahdesti",
];
export const REPLAN_REASONS = [
  "Toimittajan viive",
  "Asiakas pyysi siirtoa",
  "Kapasiteettivaje",
  "Odotamme asiakkaalta tietoja",
];
export const LATE_DELIVERY_NOTE = "Toimitettu luvatun päivän jälkeen.";
export const DISPUTE_COMMENT = "Tämä ei vastaa sitä, mitä sovimme.";
export const NPS_COMMENTS_BY_TONE: Record<"negative" | "neutral" | "positive", string[]> = {
  negative: ["Toimitukset ovat myöhästyneet liian usein.", "Viestintä voisi olla nopeampaa.", ""],
  neutral: ["", "Perusasiat toimivat, mutta ennakointia kaivataan lisää.", ""],
  positive: ["Luotettava kumppani.", "Hieno tiimi.", ""],
};
export const EXPECTATION_TITLES: [string, string][] = [
  ["Q{n}-kapasiteettisuunnitelma toimitettu", "delivery"],
  ["Tukipyyntöihin vastaus 4 tunnissa", "response_time"],
  ["Kuljetusvauriot alle 0,5 %:iin", "outcome"],
  ["Yhdistetty kuukausilasku", "invoicing"],
  ["Viikkoraportti perjantaihin mennessä", "communication"],
  ["EDI-integraatio tuotantoon", "delivery"],
  ["Uusi varastolinja käyttöön", "delivery"],
  ["Hyvityslasku riidanalaisesta erästä", "invoicing"],
  ["Sesongin lisäkapasiteetti", "delivery"],
  ["Nimetty yhteyshenkilö eskalaatioille", "communication"],
  ["Juurisyyselvitys myöhästyneistä kuormista", "outcome"],
  ["Hinnantarkistusehdotus", "other"],
];
export const EMOTIONS_POSITIVE = ["relieved", "delighted", "reassured", "valued"];
export const EMOTIONS_NEGATIVE = ["frustrated", "anxious", "ignored", "confused", "angry"];

// How the customer felt treated apart from the outcome (issue 14): the texts'
// Virgin Media finding needs both corners, solved-but-treated-badly and
// treated-well-but-unsolved, in the staff's own words.
export const SOLVED_BADLY_SUMMARIES: Record<"support_case" | "delivery", string[]> = {
  support_case: [
    "Vika korjattiin ajallaan, mutta asiakas joutui selittämään asian kolmelle eri henkilölle.",
    "Ratkaistu, mutta kukaan ei soittanut takaisin luvatusti; asiakas sai tiedon korjauksesta vasta kysyttyään.",
    "Korjaus tehtiin, mutta vastaukset olivat tylyjä ja asiakas koki, ettei häntä kuunneltu.",
  ],
  delivery: [
    "Kuorma tuli perille ajallaan, mutta saapumisajasta ei ilmoitettu ja vastaanotto jouduttiin järjestämään hätäisesti.",
    "Toimitus oli täydellinen, mutta kuljettaja oli tyly eikä asiakaspalvelu vastannut puhelimeen.",
  ],
};
export const WELL_UNSOLVED_SUMMARIES: Record<"support_case" | "delivery", string[]> = {
  support_case: [
    "Vikaa ei saatu vielä korjattua, mutta tukihenkilö soitti joka päivä tilanteesta ja tarjosi kiertotien.",
    "Juurisyy on yhä auki; asiakas kiitti suoraa viestintää ja nimettyä yhteyshenkilöä.",
    "Ei ratkennut ensimmäisellä yrityksellä, mutta asiakas kertoi tulleensa kuulluksi ja tietävänsä, mitä seuraavaksi tapahtuu.",
  ],
  delivery: [
    "Osa erästä jäi puuttumaan, mutta ilmoitimme siitä etukäteen ja sovimme korvaavan toimituksen heti.",
    "Toimitus jäi vajaaksi, mutta asiakas kiitti siitä, että kerroimme tilanteen suoraan ja ajoissa.",
  ],
};
/** Where the customer's CSAT answers came from before the portal: the vendor's survey tool. */
export const SURVEY_TOOL_NAME = "Palautekysely";
/** Small deliberate positive surprises a KAM plans for a named person (planned via the plans). */
export const SURPRISE_PLANS = [
  {
    title: "Reittioptimoinnin pikaraportti veloituksetta",
    notes: "Ajetaan heidän kevään kuormat optimoinnin läpi ja esitellään säästöt lyhyesti.",
  },
  { title: "Kiitoskahvit terminaalin vuorotiimille", notes: "Viedään kahvit ja pullat aamuvuoroon sesongin jälkeen." },
  {
    title: "Oma raporttinäkymä ohjausryhmälle",
    notes: "Kootaan valmiiksi ohjausryhmän kuukausiluvut yhteen näkymään.",
  },
  {
    title: "Tervetulopaketti ja perehdytys uudelle yhteyshenkilölle",
    notes: "Lyhyt perehdytys palveluun, yhteystiedot ja ensimmäisen kuukauden tilannekuva.",
  },
];
/** The customer's own words with a rating against what they expected (from the portal). */
export const RATING_WORDS: Record<"below" | "as" | "above", string[]> = {
  below: ["Odotimme ilmoitusta etukäteen.", "Tämä jäi vajaaksi.", "Aikataulu petti taas.", ""],
  as: ["Kuten sovittiin.", "", ""],
  above: ["Nopeammin kuin odotimme!", "Tästä kiitos koko tiimille.", ""],
};
/** Who said it, or to whom: the source of a reference, a referral or word of mouth. */
export const ADVOCACY_SOURCES: Record<"reference_given" | "referral_given" | "word_of_mouth", string[]> = {
  reference_given: [
    "Pohjoisen Kuljetus Oy:n hankintajohtaja",
    "Lakeuden Tukku Oy:n logistiikkapäällikkö",
    "Saaristo Foods Oy:n toimitusjohtaja",
  ],
  referral_given: ["Itä-Suomen Varasto Oy", "Kaamos Retail Oy", "Vaara Metals Oy"],
  word_of_mouth: [
    "Kilpailijan asiakas messuilla",
    "Yhteistyökumppanin myyjä",
    "Alan yhdistyksen tilaisuus",
    "Yhteinen tuttava",
  ],
};
