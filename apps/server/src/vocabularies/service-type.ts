import { defineVocabulary } from './vocabulary.ts';

/** Services and assistance delivered to a person, referred between organisations and counted in 5W reports. */
export const serviceType = defineVocabulary({
  id: 'corridor.service_type',
  title: 'Service type',
  source: 'Corridor',
  labels: {
    accommodation: 'Shelter and accommodation',
    food_and_items: 'Food and non-food items',
    health_care: 'Health care',
    mental_health_psychosocial: 'Mental health and psychosocial support',
    legal_assistance: 'Legal assistance',
    documentation: 'Identity and travel documents',
    family_tracing: 'Family tracing and reunification',
    alternative_care: 'Alternative care (children)',
    education: 'Education',
    livelihood: 'Livelihood and vocational training',
    cash_assistance: 'Cash assistance',
    transport: 'Transport',
    interpretation: 'Interpretation',
    safety_and_security: 'Safety and security',
    return_travel: 'Return travel assistance',
    reintegration: 'Reintegration assistance',
    case_management: 'Case management',
  },
});
