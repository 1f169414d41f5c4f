/** The 13 activity fields seeded for every new organisation (renamable and orderable later). */
export const DEFAULT_ACTIVITIES = [
  { key: "driving", nameDe: "Fahrdienst", nameEn: "Driving service", descriptionDe: "Menschen zu Terminen, Ämtern oder Unterkünften fahren.", descriptionEn: "Drive people to appointments, offices or accommodation." },
  { key: "donations", nameDe: "Kleiderkammer & Spendenlager", nameEn: "Donation warehouse", descriptionDe: "Spenden annehmen, sortieren und ausgeben.", descriptionEn: "Receive, sort and hand out donations." },
  { key: "doctor", nameDe: "Begleitung zu Arztterminen", nameEn: "Accompanying to doctor appointments", descriptionDe: "Zu Ärztinnen, Ärzten und Kliniken begleiten.", descriptionEn: "Go along to doctors and clinics." },
  { key: "offices", nameDe: "Begleitung zu Behörden", nameEn: "Accompanying to public offices", descriptionDe: "Zu Ausländerbehörde, Jobcenter oder Bürgeramt begleiten.", descriptionEn: "Go along to immigration office, job centre or citizens' office." },
  { key: "interpreting", nameDe: "Dolmetschen & Übersetzen", nameEn: "Interpreting & translating", descriptionDe: "Gespräche dolmetschen oder Schreiben übersetzen.", descriptionEn: "Interpret conversations or translate letters." },
  { key: "german", nameDe: "Deutschunterricht", nameEn: "German lessons", descriptionDe: "Deutsch lehren oder Sprachcafés begleiten.", descriptionEn: "Teach German or host language cafés." },
  { key: "homework", nameDe: "Hausaufgabenhilfe", nameEn: "Homework help", descriptionDe: "Kinder und Jugendliche beim Lernen unterstützen.", descriptionEn: "Help children and young people with school work." },
  { key: "childcare", nameDe: "Kinderbetreuung", nameEn: "Childcare", descriptionDe: "Kinder betreuen, während Eltern Termine haben.", descriptionEn: "Look after children while parents have appointments." },
  { key: "clothing", nameDe: "Kleiderladen", nameEn: "Clothing store", descriptionDe: "Im Kleiderladen beraten und verkaufen.", descriptionEn: "Advise and serve in the clothing store." },
  { key: "leisure", nameDe: "Sport & Freizeit", nameEn: "Sports and leisure", descriptionDe: "Sport, Ausflüge und Freizeitangebote begleiten.", descriptionEn: "Accompany sports, trips and leisure activities." },
  { key: "repairs", nameDe: "Reparaturen & Umzugshilfe", nameEn: "Repairs and moving help", descriptionDe: "Möbel aufbauen, reparieren, beim Umzug helfen.", descriptionEn: "Assemble furniture, repair things, help with moving." },
  { key: "housing", nameDe: "Wohnungssuche", nameEn: "Housing search", descriptionDe: "Bei der Suche nach einer Wohnung unterstützen.", descriptionEn: "Support the search for a flat." },
  { key: "mentoring", nameDe: "Patenschaften", nameEn: "Mentoring", descriptionDe: "Eine Familie oder Person längerfristig begleiten.", descriptionEn: "Accompany a family or person over a longer time." },
] as const;
