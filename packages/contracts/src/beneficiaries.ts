// Contracts of the beneficiaries context.
export {};
