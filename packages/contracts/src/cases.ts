// Contracts of the cases context.
export {};
