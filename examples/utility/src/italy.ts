/**
 * Italian reference data and identifiers that look real and pass their check digits: codice fiscale, partita IVA,
 * IBAN (CIN and ISO 13616 check digits). Invented people and companies: any match with a real one is chance.
 */
import type { Rng } from './prng.js';

export interface City {
  city: string;
  province: string;
  zip: string;
  /** Cadastral (Belfiore) code, used in the codice fiscale. */
  belfiore: string;
}

export interface Region {
  name: string;
  /** Relative share of the utility's sales in the region. */
  weight: number;
  cities: City[];
}

export const REGIONS: readonly Region[] = [
  { name: 'Lombardia', weight: 17, cities: [
    { city: 'Milano', province: 'MI', zip: '20121', belfiore: 'F205' },
    { city: 'Brescia', province: 'BS', zip: '25121', belfiore: 'B157' },
    { city: 'Bergamo', province: 'BG', zip: '24121', belfiore: 'A794' },
  ] },
  { name: 'Lazio', weight: 10, cities: [{ city: 'Roma', province: 'RM', zip: '00184', belfiore: 'H501' }] },
  { name: 'Campania', weight: 10, cities: [
    { city: 'Napoli', province: 'NA', zip: '80133', belfiore: 'F839' },
    { city: 'Salerno', province: 'SA', zip: '84121', belfiore: 'H703' },
  ] },
  { name: 'Sicilia', weight: 8, cities: [
    { city: 'Palermo', province: 'PA', zip: '90133', belfiore: 'G273' },
    { city: 'Catania', province: 'CT', zip: '95124', belfiore: 'C351' },
    { city: 'Messina', province: 'ME', zip: '98122', belfiore: 'F158' },
  ] },
  { name: 'Veneto', weight: 8, cities: [
    { city: 'Venezia', province: 'VE', zip: '30124', belfiore: 'L736' },
    { city: 'Verona', province: 'VR', zip: '37121', belfiore: 'L781' },
    { city: 'Padova', province: 'PD', zip: '35122', belfiore: 'G224' },
  ] },
  { name: 'Emilia-Romagna', weight: 7.5, cities: [
    { city: 'Bologna', province: 'BO', zip: '40121', belfiore: 'A944' },
    { city: 'Modena', province: 'MO', zip: '41121', belfiore: 'F257' },
  ] },
  { name: 'Piemonte', weight: 7, cities: [
    { city: 'Torino', province: 'TO', zip: '10121', belfiore: 'L219' },
    { city: 'Cuneo', province: 'CN', zip: '12100', belfiore: 'D205' },
  ] },
  { name: 'Puglia', weight: 6.5, cities: [
    { city: 'Bari', province: 'BA', zip: '70121', belfiore: 'A662' },
    { city: 'Lecce', province: 'LE', zip: '73100', belfiore: 'E506' },
    { city: 'Taranto', province: 'TA', zip: '74123', belfiore: 'L049' },
  ] },
  { name: 'Toscana', weight: 6, cities: [
    { city: 'Firenze', province: 'FI', zip: '50122', belfiore: 'D612' },
    { city: 'Pisa', province: 'PI', zip: '56125', belfiore: 'G702' },
  ] },
  { name: 'Calabria', weight: 3, cities: [
    { city: 'Catanzaro', province: 'CZ', zip: '88100', belfiore: 'C352' },
    { city: 'Cosenza', province: 'CS', zip: '87100', belfiore: 'D086' },
    { city: 'Reggio Calabria', province: 'RC', zip: '89125', belfiore: 'H224' },
  ] },
  { name: 'Sardegna', weight: 2.7, cities: [
    { city: 'Cagliari', province: 'CA', zip: '09124', belfiore: 'B354' },
    { city: 'Sassari', province: 'SS', zip: '07100', belfiore: 'I452' },
  ] },
  { name: 'Liguria', weight: 2.5, cities: [{ city: 'Genova', province: 'GE', zip: '16121', belfiore: 'D969' }] },
  { name: 'Marche', weight: 2.5, cities: [{ city: 'Ancona', province: 'AN', zip: '60121', belfiore: 'A271' }] },
  { name: 'Abruzzo', weight: 2.2, cities: [
    { city: 'Pescara', province: 'PE', zip: '65121', belfiore: 'G482' },
    { city: "L'Aquila", province: 'AQ', zip: '67100', belfiore: 'A345' },
  ] },
  { name: 'Friuli-Venezia Giulia', weight: 2, cities: [
    { city: 'Trieste', province: 'TS', zip: '34121', belfiore: 'L424' },
    { city: 'Udine', province: 'UD', zip: '33100', belfiore: 'L483' },
  ] },
  { name: 'Trentino-Alto Adige', weight: 1.8, cities: [
    { city: 'Trento', province: 'TN', zip: '38122', belfiore: 'L378' },
    { city: 'Bolzano', province: 'BZ', zip: '39100', belfiore: 'A952' },
  ] },
  { name: 'Umbria', weight: 1.5, cities: [
    { city: 'Perugia', province: 'PG', zip: '06121', belfiore: 'G478' },
    { city: 'Terni', province: 'TR', zip: '05100', belfiore: 'L117' },
  ] },
  { name: 'Basilicata', weight: 0.9, cities: [
    { city: 'Potenza', province: 'PZ', zip: '85100', belfiore: 'G942' },
    { city: 'Matera', province: 'MT', zip: '75100', belfiore: 'F052' },
  ] },
  { name: 'Molise', weight: 0.5, cities: [{ city: 'Campobasso', province: 'CB', zip: '86100', belfiore: 'B519' }] },
  { name: "Valle d'Aosta", weight: 0.2, cities: [{ city: 'Aosta', province: 'AO', zip: '11100', belfiore: 'A326' }] },
];

export const REGION_NAMES: readonly string[] = REGIONS.map((r) => r.name);

export const MALE_NAMES = ['Marco', 'Giuseppe', 'Luca', 'Andrea', 'Francesco', 'Alessandro', 'Matteo', 'Davide', 'Stefano', 'Paolo', 'Giovanni', 'Roberto', 'Antonio', 'Salvatore', 'Fabio', 'Simone', 'Massimo', 'Vincenzo', 'Nicola', 'Gianluca'] as const;
export const FEMALE_NAMES = ['Giulia', 'Francesca', 'Chiara', 'Sara', 'Valentina', 'Elena', 'Federica', 'Laura', 'Alessia', 'Martina', 'Silvia', 'Anna', 'Paola', 'Roberta', 'Ilaria', 'Serena', 'Maria', 'Claudia', 'Monica', 'Daniela'] as const;
export const SURNAMES = ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Mariani', 'Rinaldi', 'Caruso', 'Ferrara', 'Galli', 'Martini', 'Leone', 'Longo', 'Gentile', 'Martinelli', 'Vitale', 'Lombardo', 'Serra', 'Coppola', 'De Santis', "D'Angelo", 'Marchetti'] as const;
export const STREETS = ['Via Roma', 'Via Garibaldi', 'Corso Italia', 'Via Mazzini', 'Via Cavour', 'Viale della Repubblica', 'Via Dante Alighieri', 'Via Vittorio Emanuele II', 'Piazza della Libertà', 'Via dei Mille', 'Via Marconi', 'Via XX Settembre'] as const;
/** ABI codes of large Italian banks. */
export const ABI_CODES = ['03069', '02008', '05034', '01030', '05387', '06230', '03032', '05696'] as const;

const ODD: Record<string, number> = {};
const EVEN: Record<string, number> = {};
{
  const oddDigits = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
  const oddLetters = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  for (let d = 0; d < 10; d++) {
    ODD[String(d)] = oddDigits[d] as number;
    EVEN[String(d)] = d;
  }
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(65 + i);
    ODD[c] = oddLetters[i] as number;
    EVEN[c] = i;
  }
}

/** The control letter shared by the codice fiscale and the Italian IBAN CIN: odd positions and even positions weighted. */
export function italianControlLetter(chars: string): string {
  let sum = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    const v = i % 2 === 0 ? ODD[c] : EVEN[c];
    if (v === undefined) throw new Error(`invalid character "${c}"`);
    sum += v;
  }
  return String.fromCharCode(65 + (sum % 26));
}

const letters = (s: string): string => s.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '');
const consonants = (s: string): string => letters(s).replace(/[AEIOU]/g, '');
const vowels = (s: string): string => letters(s).replace(/[^AEIOU]/g, '');

function surnameCode(surname: string): string {
  return (consonants(surname) + vowels(surname) + 'XXX').slice(0, 3);
}

function firstNameCode(name: string): string {
  const c = consonants(name);
  if (c.length >= 4) return c[0]! + c[2]! + c[3]!;
  return (c + vowels(name) + 'XXX').slice(0, 3);
}

const MONTH_LETTERS = 'ABCDEHLMPRST';

/** A codice fiscale for a person, with a valid control letter. */
export function codiceFiscale(p: { firstName: string; lastName: string; birth: string; female: boolean; belfiore: string }): string {
  const [y, m, d] = p.birth.split('-').map(Number) as [number, number, number];
  const day = String(d + (p.female ? 40 : 0)).padStart(2, '0');
  const body = surnameCode(p.lastName) + firstNameCode(p.firstName) + String(y % 100).padStart(2, '0') + MONTH_LETTERS[m - 1] + day + p.belfiore;
  return body + italianControlLetter(body);
}

/** The control digit of a partita IVA's first ten digits (Luhn-like). */
export function partitaIvaCheckDigit(first10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(first10[i]);
    if (i % 2 === 0) sum += d;
    else {
      const dd = d * 2;
      sum += dd > 9 ? dd - 9 : dd;
    }
  }
  return String((10 - (sum % 10)) % 10);
}

export function isValidPartitaIva(piva: string): boolean {
  return /^\d{11}$/.test(piva) && partitaIvaCheckDigit(piva.slice(0, 10)) === piva[10];
}

export function partitaIva(rng: Rng): string {
  const first10 = String(rng.int(0, 9_999_999)).padStart(7, '0') + String(rng.int(1, 100)).padStart(3, '0');
  return first10 + partitaIvaCheckDigit(first10);
}

function mod97(digits: string): number {
  let r = 0;
  for (const ch of digits) r = (r * 10 + Number(ch)) % 97;
  return r;
}

const toIbanDigits = (s: string): string =>
  s.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));

/** True when the IBAN's ISO 13616 check digits are right (and, for Italy, the CIN too). */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  if (mod97(toIbanDigits(iban.slice(4) + iban.slice(0, 4))) !== 1) return false;
  if (iban.startsWith('IT')) return iban.length === 27 && iban[4] === italianControlLetter(iban.slice(5));
  return true;
}

/** An Italian IBAN: IT + check digits + CIN + ABI + CAB + 12-digit account. */
export function italianIban(rng: Rng): string {
  const bban = rng.pick(ABI_CODES) + String(rng.int(1000, 99999)).padStart(5, '0') + String(rng.int(1, 999_999_999)).padStart(12, '0');
  const cin = italianControlLetter(bban);
  const check = 98 - mod97(toIbanDigits(cin + bban + 'IT00'));
  return `IT${String(check).padStart(2, '0')}${cin}${bban}`;
}

/** An SdI recipient code: seven characters, as assigned by intermediaries. */
export function sdiCode(rng: Rng): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let s = '';
  for (let i = 0; i < 7; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

export function slug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '');
}
