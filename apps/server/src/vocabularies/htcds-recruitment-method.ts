import { defineVocabulary } from './vocabulary.ts';

/** HTCDS 2.0 `vic_MethodOfRecruitment` (a multi-select picklist in the standard). */
export const recruitmentMethod = defineVocabulary({
  id: 'htcds.recruitment_method',
  title: 'Method of recruitment',
  source: 'IOM Human Trafficking Case Data Standard 2.0, vic_MethodOfRecruitment',
  labels: {
    AtAPlaceOfBusiness: 'At a place of business',
    AtAnEducationalInstitution: 'At an educational institution',
    AtWork: 'At work',
    ThroughOnlineSocialNetworks: 'Through online social networks',
    ThroughAnOnlineAdvertisement: 'Through an online advertisement',
    ThroughATelevisionAdvert: 'Through a television advert',
    ThroughANewspaperAdvert: 'Through a newspaper advert',
    ThroughFamilyOrFamilyEvents: 'Through family or family events',
    ThroughFriendsOrSocialEvents: 'Through friends or social events',
    Other: 'Other',
  },
});
