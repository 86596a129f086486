// The words the demo generator draws from: names, titles, texts.

export const KAM_NAMES = ["Kalle Kam", "Kaisa Kivelä", "Mikko Rantanen", "Laura Nieminen", "Jussi Heikkinen"];
export const FIRST_NAMES = [
  "Aino", "Eero", "Helmi", "Ilkka", "Johanna", "Kari", "Leena", "Markku", "Niina", "Olli", "Pirjo", "Riikka",
  "Sami", "Tiina", "Ulla", "Ville", "Anna", "Juha", "Minna", "Pekka", "Satu", "Timo", "Hanna", "Antti",
];
export const LAST_NAMES = [
  "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Koskinen", "Heikkinen",
  "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Kinnunen", "Salonen",
  "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen",
];
export const COMPANY_STEMS = [
  "Aalto", "Borealis", "Carelia", "Dyyni", "Ekovirta", "Fenno", "Halla", "Ilves", "Jokiranta", "Kaamos",
  "Lumo", "Meriaura", "Nordkapp", "Otava", "Pohjoisvirta", "Revontuli", "Saimaa", "Tunturi", "Ukko", "Vakka",
  "Wärtsi", "Ylä-Savo", "Kuusamo", "Louhi", "Mänty", "Nokka", "Oulujoki", "Pihlaja", "Routa", "Sisu",
];
export const COMPANY_KINDS = [
  ["Logistics", "logistics"], ["Foods", "food"], ["Energy", "energy"], ["Forest", "forestry"], ["Health", "healthcare"],
  ["Retail", "retail"], ["Marine", "shipping"], ["Systems", "software"], ["Build", "construction"], ["Metals", "manufacturing"],
] as const;
export const TITLES_BY_ROLE: Record<string, string[]> = {
  decision_maker: ["CEO", "COO", "Managing Director"],
  economic_buyer: ["CFO", "Head of Finance"],
  champion: ["Head of Logistics", "Operations Manager", "Supply Chain Director"],
  influencer: ["Development Manager", "Quality Manager"],
  technical_evaluator: ["IT Manager", "Solution Architect"],
  user: ["Warehouse Supervisor", "Planner", "Coordinator", "Team Lead"],
  procurement: ["Procurement Manager", "Buyer"],
  blocker: ["Legal Counsel", "Security Officer"],
};

export const KIND_WEIGHTS = [
  ["meeting", 14], ["call", 16], ["email", 22], ["chat", 6], ["business_review", 3], ["delivery", 12],
  ["invoice", 9], ["support_case", 8], ["training", 3], ["event", 2], ["word_of_mouth", 2], ["other", 3],
] as const;
export const TWO_WAY = new Set(["meeting", "call", "email", "chat", "business_review", "training", "event", "support_case"]);
export const TITLES: Record<string, string[]> = {
  meeting: ["Monthly operations meeting", "Steering group", "Roadmap workshop", "Site visit", "Kick-off for new lane"],
  call: ["Check-in call", "Escalation call", "Call about capacity", "Pricing discussion", "Follow-up call"],
  email: ["Reply on delivery schedule", "Question about reporting", "Proposal sent", "Update on open items", "Contract clarification"],
  chat: ["Quick question in Teams", "Chat about a late truck", "Slack thread on forecasts"],
  business_review: ["Quarterly business review", "Annual account review", "Half-year review"],
  delivery: ["Weekly delivery", "Peak season delivery", "Pilot delivered", "Batch delivered", "Integration go-live"],
  invoice: ["Monthly invoice", "Service invoice", "Project milestone invoice"],
  support_case: ["Tracking data missing", "Wrong pallet count", "Portal login trouble", "Damaged goods claim", "EDI message rejected"],
  training: ["User training", "New planner onboarding", "Reporting training"],
  event: ["Customer day", "Industry fair meeting", "Partner seminar"],
  word_of_mouth: ["Heard at a trade fair", "Feedback through a partner", "Comment from a mutual contact"],
  other: ["Note", "Internal handover note", "Site access arranged"],
};
export const SUMMARIES = [
  "Went through open items and agreed next steps.",
  "Customer raised concerns about lead times; we promised an update.",
  "Positive tone; they appreciated the quick response.",
  "Discussed volumes for next quarter and staffing.",
  "Agreed to follow up with a written proposal.",
  "Reviewed the last month's deviations one by one.",
  "",
];
export const EXPECTATION_TITLES: [string, string][] = [
  ["Deliver the Q{n} capacity plan", "delivery"],
  ["Reply to support cases within 4 hours", "response_time"],
  ["Cut damaged-goods claims below 0.5 %", "outcome"],
  ["Consolidated monthly invoice", "invoicing"],
  ["Weekly status report by Friday", "communication"],
  ["Go live with EDI integration", "delivery"],
  ["New warehouse lane in service", "delivery"],
  ["Credit note for the disputed batch", "invoicing"],
  ["Peak season extra capacity", "delivery"],
  ["Named contact for escalations", "communication"],
  ["Root-cause report on late trucks", "outcome"],
  ["Price review proposal", "other"],
];
export const EMOTIONS_POSITIVE = ["relieved", "delighted", "reassured", "valued"];
export const EMOTIONS_NEGATIVE = ["frustrated", "anxious", "ignored", "confused", "angry"];
