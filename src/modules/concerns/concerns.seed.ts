/**
 * The default service catalogue, from the shared topics of the concerns issue. Seeded per tenant on first use
 * (idempotent: only missing keys are added; staff edits are never overwritten).
 */
import type { Question } from './concerns.types';
import type { NewCategory } from './concerns.queries';

export const DEFAULT_CATEGORIES: Omit<NewCategory, 'id'>[] = [
  {
    key: 'littering',
    labels: { de: 'Vermüllung und wilde Müllkippen', en: 'Littering and illegal dumping', ar: 'رمي النفايات والمكبات العشوائية' },
    department: 'Entsorgungsbetriebe Essen',
    handlingDays: 7,
    sortOrder: 10,
    questions: [
      {
        key: 'amount',
        label: { de: 'Wie viel liegt dort ungefähr?', en: 'Roughly how much is there?', ar: 'ما الكمية تقريبًا؟' },
        type: 'choice',
        required: false,
        choices: [
          { value: 'bag', label: { de: 'Einzelne Säcke', en: 'A few bags', ar: 'بعض الأكياس' } },
          { value: 'bulky', label: { de: 'Sperrmüll (Möbel, Matratzen)', en: 'Bulky waste (furniture, mattresses)', ar: 'نفايات كبيرة (أثاث، مراتب)' } },
          { value: 'hazardous', label: { de: 'Möglicherweise gefährliche Stoffe', en: 'Possibly hazardous material', ar: 'مواد قد تكون خطرة' } },
        ],
      },
    ] satisfies Question[],
  },
  {
    key: 'green_spaces',
    labels: { de: 'Spielplätze und Grünflächen', en: 'Playgrounds and green spaces', ar: 'الملاعب والمساحات الخضراء' },
    department: 'Grün und Gruga',
    handlingDays: 21,
    sortOrder: 20,
    questions: [{ key: 'danger', label: { de: 'Besteht eine Gefahr für Kinder?', en: 'Is there a danger to children?', ar: 'هل هناك خطر على الأطفال؟' }, type: 'boolean', required: false }],
  },
  { key: 'traffic', labels: { de: 'Verkehr und Wege', en: 'Traffic and paths', ar: 'المرور والطرق' }, department: 'Amt für Straßen und Verkehr', handlingDays: 21, sortOrder: 30, questions: [] },
  { key: 'housing', labels: { de: 'Wohnen', en: 'Housing', ar: 'السكن' }, department: 'Amt für Soziales und Wohnen', handlingDays: 30, sortOrder: 40, questions: [] },
  { key: 'safety', labels: { de: 'Sicherheit', en: 'Safety', ar: 'الأمان' }, department: 'Ordnungsamt', handlingDays: 7, sortOrder: 50, questions: [] },
  {
    key: 'living_together',
    labels: { de: 'Integration und Zusammenleben', en: 'Integration and living together', ar: 'الاندماج والعيش المشترك' },
    department: 'Kommunales Integrationszentrum',
    handlingDays: 30,
    sortOrder: 60,
    questions: [],
  },
  { key: 'participation', labels: { de: 'Beteiligung', en: 'Participation', ar: 'المشاركة' }, department: null, handlingDays: 30, sortOrder: 70, questions: [] },
  { key: 'other', labels: { de: 'Sonstiges', en: 'Other', ar: 'أخرى' }, department: null, handlingDays: 14, sortOrder: 80, questions: [] },
];
