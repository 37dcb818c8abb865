/**
 * The parties of the CLI's invoice and pipeline tests: the principal (the utility that pays) and an Italian
 * single-firm agent (monomandatario) with complete billing data, under any id.
 */
export const principal = {
  legalName: 'Energia Futura S.p.A.',
  vatId: 'IT01234567897',
  taxCode: '01234567897',
  address: { street: 'Corso Buenos Aires', number: '12', zip: '20124', city: 'Milano', province: 'MI', country: 'IT' },
  sdiCode: 'ABC1234',
  email: 'provvigioni@energiafutura.example',
};

/** One Italian single-firm agent (monomandatario) with complete billing data, under the given id. */
export const monomandatario = (id: string) => ({
  id,
  name: 'Mario Rossi',
  kind: 'agent',
  territory: 'Lazio',
  fiscalProfile: 'it:agent-individual-mono',
  language: 'it',
  billing: { firstName: 'Mario', lastName: 'Rossi', vatId: 'IT09876543217', taxCode: 'RSSMRA80A01H501U', address: { street: 'Via Roma', number: '1', zip: '00100', city: 'Roma', province: 'RM', country: 'IT' }, iban: 'IT60X0542811101000000123456', email: 'mario@partners.example' },
});
