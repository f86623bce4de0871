import { defineVocabulary } from './vocabulary.ts';

/**
 * HTCDS 2.0 `vic_ForcedLabourIndustry`: the ISIC Rev. 4 sections A to U, spelled as HTCDS spells them (section
 * letter, underscore, name), so the first character is the ISIC section.
 */
export const forcedLabourIndustry = defineVocabulary({
  id: 'htcds.forced_labour_industry',
  title: 'Forced labour industry (ISIC Rev. 4 section)',
  source: 'IOM Human Trafficking Case Data Standard 2.0, vic_ForcedLabourIndustry; UN ISIC Rev. 4',
  labels: {
    A_AgricultureForestryAndFishing: 'Agriculture, forestry and fishing',
    B_MiningAndQuarrying: 'Mining and quarrying',
    C_Manufacturing: 'Manufacturing',
    D_ElectricityGasSteamAndAirConditioningSupply: 'Electricity, gas, steam and air conditioning supply',
    E_WaterSupplySewerageWasteManagement: 'Water supply; sewerage, waste management and remediation',
    F_Construction: 'Construction',
    G_WholesaleAndRetailTradeRepairOfMotorVehicles: 'Wholesale and retail trade; repair of motor vehicles',
    H_TransportationAndStorage: 'Transportation and storage',
    I_AccommodationAndFoodServiceActivities: 'Accommodation and food service activities',
    J_InformationAndCommunication: 'Information and communication',
    K_FinancialAndInsuranceActivities: 'Financial and insurance activities',
    L_RealEstateActivities: 'Real estate activities',
    M_ProfessionalScientificAndTechnicalActivities: 'Professional, scientific and technical activities',
    N_AdministrativeAndSupportServiceActivities: 'Administrative and support service activities',
    O_PublicAdministrationAndDefence: 'Public administration and defence; compulsory social security',
    P_Education: 'Education',
    Q_HumanHealthAndSocialWorkActivities: 'Human health and social work activities',
    R_ArtsEntertainmentAndRecreation: 'Arts, entertainment and recreation',
    S_OtherServiceActivities: 'Other service activities',
    T_ActivitiesOfHouseholdsAsEmployers: 'Activities of households as employers',
    U_ActivitiesOfExtraterritorialOrganizations: 'Activities of extraterritorial organisations and bodies',
  },
});
