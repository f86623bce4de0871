export * from './audit.ts';
export * from './beneficiaries.ts';
export * from './cases.ts';
export * from './common.ts';
export * from './consent.ts';
export * from './identity.ts';
export * from './referrals.ts';
export * from './system.ts';
