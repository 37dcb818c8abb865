/** Law articles cited by the items (sources in the package README). */
export const CITATIONS = {
  iva: 'art. 16 DPR 633/72',
  reverseCharge: 'art. 17 c.6 lett. a-ter DPR 633/72',
  splitPayment: 'art. 17-ter DPR 633/72',
  forfettario: 'art. 1 c.54-89 L. 190/2014',
  outOfScope: 'art. 5 DPR 633/72',
  bollo: 'art. 13 Tariffa DPR 642/72; DM 17.6.2014',
  art25bis: 'art. 25-bis DPR 600/73',
  art25: 'art. 25 DPR 600/73',
  enasarco: 'art. 1742 c.c.; L. 12/1973; Regolamento Enasarco',
  enasarcoMinimum: 'Regolamento Enasarco (minimale contributivo)',
  firr: 'Accordi Economici Collettivi agenti; Regolamento FIRR Enasarco',
  inpsRivalsa: 'art. 1 c.212 L. 662/1996',
  cassa: 'contributo integrativo cassa professionale (art. 16 DL 41/1995: escluso da ritenuta)',
} as const;
