// Contracts of the consent context.
export {};
