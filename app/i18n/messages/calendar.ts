// Messages for the calendar: a member of staff's private .ics feed
// (/settings/calendar) and importing an .ics file on an account's Planned page.

export const en = {
  "calendar.title": "Calendar feed",
  "calendar.intro":
    "Subscribe to your planned touchpoints and the due dates of the expectations you own in Outlook, Google Calendar or Apple Calendar. The feed is private: anyone who has its address can read it, so keep it to yourself, and make a new one if it leaks.",
  "calendar.none": "You have no calendar feed.",
  "calendar.since": "Your feed has been on since {date}.",
  "calendar.lastRead": "Your calendar last read it {when}.",
  "calendar.neverRead": "No calendar has read it yet.",
  "calendar.create": "Create my feed",
  "calendar.regenerate": "Make a new address",
  "calendar.regenerateHint": "The old address stops working at once: subscribe again with the new one.",
  "calendar.revoke": "Turn my feed off",
  "calendar.created": "Your feed's address. Copy it now: it is shown only this once (Kohtaamo keeps only a fingerprint of it).",
  "calendar.addressLabel": "Feed address",
  "calendar.howTo":
    "Outlook: Add calendar → Subscribe from web. Google Calendar: Other calendars → From URL. Calendar programs read the feed again every few hours.",
  "calendar.revoked": "Your calendar feed is off; its address no longer works.",
  "calendar.alreadyOff": "You had no calendar feed.",
  "calendar.feedName": "Kohtaamo – {name}",
  "calendar.planSummary": "{title} – {account}",
  "calendar.dueSummary": "Due: {title} – {account}",
  "calendar.link": "Your calendar feed",
  "calendar.import.title": "Import from a calendar file",
  "calendar.import.intro":
    "An .ics file (an invitation saved from Outlook or Google Calendar, or a calendar export): each event with a time, today or later, is planned on this account and owned by you. Attendees whose address belongs to this account's stakeholders become its participants. An event imported before is not added again.",
  "calendar.import.file": ".ics file",
  "calendar.import.submit": "Import",
  "calendar.import.done":
    "{planned, plural, =0 {Nothing was planned} one {# touchpoint planned} other {# touchpoints planned}}, {participants, plural, one {# participant} other {# participants}} matched.",
  "calendar.import.skipped": "Skipped: {list}.",
  "calendar.import.skip.allDay": "{count} all-day",
  "calendar.import.skip.inPast": "{count} in the past",
  "calendar.import.skip.tooFar": "{count} over two years ahead",
  "calendar.import.skip.noTitle": "{count} without a subject",
  "calendar.import.skip.already": "{count} already planned",
  "calendar.import.notIcs": "This is not an iCalendar (.ics) file.",
  "calendar.import.tooMany": "The file has more than {max} events. Import a smaller one.",
  "calendar.import.tooLarge": "The file is larger than 1 MB.",
  "calendar.import.noFile": "Choose an .ics file.",
} as const;

export const fi: Record<keyof typeof en, string> = {
  "calendar.title": "Kalenterisyöte",
  "calendar.intro":
    "Tilaa suunnitellut kohtaamisesi ja vastuullasi olevien odotusten eräpäivät Outlookiin, Google-kalenteriin tai Applen kalenteriin. Syöte on yksityinen: kuka tahansa, jolla on sen osoite, voi lukea sen, joten pidä osoite omana tietonasi ja tee uusi, jos se pääsee leviämään.",
  "calendar.none": "Sinulla ei ole kalenterisyötettä.",
  "calendar.since": "Syötteesi on ollut käytössä {date} alkaen.",
  "calendar.lastRead": "Kalenterisi luki sen viimeksi {when}.",
  "calendar.neverRead": "Mikään kalenteri ei ole vielä lukenut sitä.",
  "calendar.create": "Luo syötteeni",
  "calendar.regenerate": "Tee uusi osoite",
  "calendar.regenerateHint": "Vanha osoite lakkaa toimimasta heti: tilaa syöte uudelleen uudella osoitteella.",
  "calendar.revoke": "Poista syötteeni käytöstä",
  "calendar.created": "Syötteesi osoite. Kopioi se nyt: se näytetään vain tämän kerran (Kohtaamo säilyttää siitä vain tunnisteen).",
  "calendar.addressLabel": "Syötteen osoite",
  "calendar.howTo":
    "Outlook: Lisää kalenteri → Tilaa verkosta. Google-kalenteri: Muut kalenterit → URL-osoitteesta. Kalenteriohjelmat lukevat syötteen uudelleen muutaman tunnin välein.",
  "calendar.revoked": "Kalenterisyötteesi on poistettu käytöstä; sen osoite ei enää toimi.",
  "calendar.alreadyOff": "Sinulla ei ollut kalenterisyötettä.",
  "calendar.feedName": "Kohtaamo – {name}",
  "calendar.planSummary": "{title} – {account}",
  "calendar.dueSummary": "Erääntyy: {title} – {account}",
  "calendar.link": "Kalenterisyötteesi",
  "calendar.import.title": "Tuo kalenteritiedostosta",
  "calendar.import.intro":
    "ICS-tiedosto (Outlookista tai Google-kalenterista tallennettu kutsu tai kalenterin vienti): jokainen kellonajallinen tapahtuma tänään tai myöhemmin suunnitellaan tälle asiakkuudelle sinun vastuullesi. Osallistujat, joiden osoite kuuluu asiakkuuden sidosryhmille, tulevat sen osallistujiksi. Aiemmin tuotua tapahtumaa ei lisätä uudelleen.",
  "calendar.import.file": "ICS-tiedosto",
  "calendar.import.submit": "Tuo",
  "calendar.import.done":
    "{planned, plural, =0 {Mitään ei suunniteltu} one {# kohtaaminen suunniteltiin} other {# kohtaamista suunniteltiin}}, {participants, plural, one {# osallistuja} other {# osallistujaa}} tunnistettiin.",
  "calendar.import.skipped": "Ohitettiin: {list}.",
  "calendar.import.skip.allDay": "{count} koko päivän",
  "calendar.import.skip.inPast": "{count} mennyttä",
  "calendar.import.skip.tooFar": "{count} yli kahden vuoden päässä",
  "calendar.import.skip.noTitle": "{count} ilman aihetta",
  "calendar.import.skip.already": "{count} jo suunniteltua",
  "calendar.import.notIcs": "Tämä ei ole iCalendar-tiedosto (.ics).",
  "calendar.import.tooMany": "Tiedostossa on yli {max} tapahtumaa. Tuo pienempi tiedosto.",
  "calendar.import.tooLarge": "Tiedosto on suurempi kuin 1 Mt.",
  "calendar.import.noFile": "Valitse ICS-tiedosto.",
};
