// What linkage projects use unless configured otherwise: balanced encodings (hardening against frequency and
// pattern-mining attacks) and the Dice threshold measured on FEBRL 4 for them (bench/linkage-pprl).

/** Hardening and threshold of linkage projects. */
export const PROJECT_HARDENING = { balanced: true, threshold: 0.7 } as const;
