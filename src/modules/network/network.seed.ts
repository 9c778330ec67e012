/** The organisation type catalogue every tenant starts with (staff can rename, add and deactivate types). */
import type { NewType } from './network.queries';

export const DEFAULT_TYPES: Omit<NewType, 'id'>[] = [
  { key: 'association', labels: { de: 'Verein', en: 'Association', ar: 'جمعية' }, defaultLogic: 'district', sortOrder: 10 },
  { key: 'school', labels: { de: 'Schule', en: 'School', ar: 'مدرسة' }, defaultLogic: 'institution', sortOrder: 20 },
  { key: 'daycare', labels: { de: 'Kindertagesstätte', en: 'Day-care centre', ar: 'دار حضانة' }, defaultLogic: 'institution', sortOrder: 30 },
  { key: 'police', labels: { de: 'Polizei', en: 'Police', ar: 'الشرطة' }, defaultLogic: 'administration', sortOrder: 40 },
  { key: 'housing', labels: { de: 'Wohnungsunternehmen', en: 'Housing company', ar: 'شركة إسكان' }, defaultLogic: 'business', sortOrder: 50 },
  { key: 'social_provider', labels: { de: 'Soziale Einrichtung / Träger', en: 'Social facility / provider', ar: 'مؤسسة اجتماعية / جهة مشغّلة' }, defaultLogic: 'institution', sortOrder: 60 },
  { key: 'city_department', labels: { de: 'Fachbereich der Stadt', en: 'City department', ar: 'إدارة في البلدية' }, defaultLogic: 'administration', sortOrder: 70 },
  { key: 'political_body', labels: { de: 'Politisches Gremium', en: 'Political body', ar: 'هيئة سياسية' }, defaultLogic: 'politics', sortOrder: 80 },
  { key: 'faith_community', labels: { de: 'Religionsgemeinschaft', en: 'Faith community', ar: 'جماعة دينية' }, defaultLogic: 'institution', sortOrder: 90 },
  { key: 'business', labels: { de: 'Gewerbe / Unternehmen', en: 'Business', ar: 'نشاط تجاري / شركة' }, defaultLogic: 'business', sortOrder: 100 },
  { key: 'residents_initiative', labels: { de: 'Bewohnerinitiative', en: "Residents' initiative", ar: 'مبادرة سكان' }, defaultLogic: 'district', sortOrder: 110 },
  { key: 'foundation', labels: { de: 'Stiftung', en: 'Foundation', ar: 'مؤسسة خيرية' }, defaultLogic: 'institution', sortOrder: 120 },
];
