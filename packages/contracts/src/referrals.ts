// Contracts of the referrals context.
export {};
