// Request validation, by the sandbox's own reading of the docs (independent of the SDK's Rust core):
// it is the other side of the wire and must catch the SDK's mistakes.
import { GatewayError } from './errors.js';

/** Values of `payType` seen in the docs and public integrations. */
export const PAY_TYPES = Object.freeze(['card', 'sbp', 'gPay', 'applePay', 'fiscalCash']);
/** Values of `clientType`. */
export const CLIENT_TYPES = Object.freeze(['web', 'mobile', 'iframe']);
/** Russian fiscal tax codes accepted in `orderItems[].tax` (the docs show vat0 and vat110). */
export const TAX_CODES = Object.freeze([
  'none', 'vat0', 'vat5', 'vat7', 'vat10', 'vat18', 'vat20', 'vat22', 'vat105', 'vat107', 'vat110', 'vat118', 'vat120', 'vat122',
]);
// Seconds since 1970 stay below this until the year 5138; a larger orderBestBefore is milliseconds sent by mistake.
const MAX_EPOCH_SECONDS = 1e11;

class FieldError extends Error {
  /** @param {string} path @param {string} problem */
  constructor(path, problem) {
    super(`${path} ${problem}`);
  }
}

const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An integer from a JSON number or a numeric string; `min` is the smallest allowed value. */
const integer = (min, what) => (value, path) => {
  let number = Number.NaN;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && /^-?\d{1,16}$/.test(value)) number = Number(value);
  if (!Number.isSafeInteger(number)) throw new FieldError(path, `must be an integer ${what} (a JSON number or a numeric string)`);
  if (number < min) throw new FieldError(path, min === 1 ? 'must be greater than 0' : `must be at least ${min}`);
  return number;
};

/** Kopecks: amounts are integers, no fractions. */
const kopecks = (min) => integer(min, 'number of kopecks');

const text = (maxLength = 1000) => (value, path) => {
  if (typeof value !== 'string') throw new FieldError(path, 'must be a string');
  if (value.length > maxLength) throw new FieldError(path, `must be at most ${maxLength} characters`);
  return value;
};

const nonEmptyText = (maxLength) => (value, path) => {
  const result = text(maxLength)(value, path);
  if (result.trim() === '') throw new FieldError(path, 'must not be empty');
  return result;
};

const pattern = (regex, description, maxLength = 100) => (value, path) => {
  const result = text(maxLength)(value, path);
  if (!regex.test(result)) throw new FieldError(path, `must be ${description}`);
  return result;
};

const oneOf = (values) => (value, path) => {
  if (typeof value !== 'string' || !values.includes(value)) throw new FieldError(path, `must be one of ${values.join(', ')}`);
  return value;
};

/** `true`/`false` as a JSON boolean or the strings "true"/"false" (S1 sends a string). */
const boolish = (value, path) => {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new FieldError(path, 'must be true or false');
};

const httpUrl = (value, path) => {
  const result = text(2000)(value, path);
  let url;
  try {
    url = new URL(result);
  } catch {
    throw new FieldError(path, 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FieldError(path, 'must be an absolute http(s) URL');
  return url.href;
};

/** A payment number: digits, as a string (or a JSON number, as one integration sends). */
const regPayNum = (value, path) => {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return pattern(/^\d{1,20}$/, 'a payment number (digits)', 20)(value, path);
};

/** orderId of confirm/refund: a string or an integer, kept as a string. */
const orderId = (value, path) => {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return nonEmptyText(100)(value, path);
};

const epochSeconds = (value, path) => {
  const seconds = integer(1, 'number of seconds (absolute UTC time)')(value, path);
  if (seconds >= MAX_EPOCH_SECONDS) throw new FieldError(path, 'must be absolute UTC time in seconds, not milliseconds');
  return seconds;
};

const arrayOf = (item, { maxItems }) => (value, path) => {
  if (!Array.isArray(value)) throw new FieldError(path, 'must be an array');
  if (value.length === 0) throw new FieldError(path, 'must not be empty');
  if (value.length > maxItems) throw new FieldError(path, `must have at most ${maxItems} items`);
  return value.map((element, index) => item(element, `${path}[${index}]`));
};

/** An object with the given fields, each `[required, parse]`; absent optional fields are left out. */
const objectOf = (fields) => (value, path) => {
  if (!isPlainObject(value)) throw new FieldError(path, 'must be an object');
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [name, [required, parse]] of Object.entries(fields)) {
    const field = value[name];
    if (field === undefined || field === null || (field === '' && !required)) {
      if (required) throw new FieldError(`${path}.${name}`, 'is required');
      continue;
    }
    out[name] = parse(field, `${path}.${name}`);
  }
  return out;
};

const property = objectOf({ name: [true, nonEmptyText(200)], value: [true, text(1000)] });

const orderItem = objectOf({
  num: [true, integer(1, 'item number')],
  name: [true, nonEmptyText(256)],
  quantity: [true, (value, path) => {
    const quantity = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0) throw new FieldError(path, 'must be a number greater than 0');
    return quantity;
  }],
  price: [true, kopecks(0)],
  tax: [true, oneOf(TAX_CODES)],
});

/** Decodes `authenticationInfo` (base64 of UTF-8 JSON, the docs' getFingerprint()) to check it really is that. */
const authenticationInfo = (value, path) => {
  const encoded = pattern(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 (of the browser data JSON)', 20000)(value, path);
  if (encoded.length % 4 !== 0) throw new FieldError(path, 'must be base64 with padding');
  let decoded;
  try {
    decoded = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64')));
  } catch {
    throw new FieldError(path, 'must be base64 of UTF-8 JSON');
  }
  if (!isPlainObject(decoded)) throw new FieldError(path, 'must be base64 of a JSON object');
  return { encoded, decoded };
};

const clientAuInfo = objectOf({
  ipAddress: [false, text(45)],
  agentName: [false, text(2048)],
  authenticationInfo: [false, authenticationInfo],
});

/** Parsers of the request fields, by name. */
export const FIELDS = Object.freeze({
  login: text(100),
  email: text(254),
  name: text(100),
  surName: text(100),
  middleName: text(100),
  userToken: nonEmptyText(100),
  cardToken: nonEmptyText(100),
  clientType: oneOf(CLIENT_TYPES),
  // Sent by one legacy integration (S1) with no documented shape: kept as it comes.
  clientInfo: (value) => value,
  serviceCode: pattern(/^\d{1,10}-\d{1,10}-\d{1,10}$/, 'a service code like 1000-13864-2 (digits-digits-digits)', 32),
  amount: kopecks(1),
  comission: kopecks(0),
  properties: arrayOf(property, { maxItems: 100 }),
  orderItems: arrayOf(orderItem, { maxItems: 500 }),
  payType: oneOf(PAY_TYPES),
  userPhone: pattern(/^\d{11,15}$/, 'a phone number of 11 to 15 digits without "+"', 15),
  userEmail: pattern(/^[^\s@]+@[^\s@]+$/, 'an e-mail address', 254),
  orderBestBefore: epochSeconds,
  orderNote: text(1000),
  holdTtl: integer(1, 'number of seconds'),
  fiscalType: text(50),
  enableSMSConfirm: boolish,
  needRegCard: boolish,
  clientAuInfo,
  gPayToken: nonEmptyText(20000),
  gpayToken: nonEmptyText(20000),
  applePayToken: nonEmptyText(20000),
  successUrl: httpUrl,
  failUrl: httpUrl,
  cbUrl: httpUrl,
  regPayNum,
  orderId,
  note: text(1000),
  refundAmount: kopecks(1),
  remainingAmount: kopecks(0),
});

const PAYMENT_REQUIRED = ['serviceCode', 'amount', 'comission', 'properties'];
const PAYMENT_OPTIONAL = [
  'payType', 'clientType', 'userPhone', 'userEmail', 'orderBestBefore', 'orderNote', 'orderItems', 'holdTtl', 'fiscalType',
  'clientAuInfo', 'gPayToken', 'gpayToken', 'applePayToken', 'successUrl', 'failUrl', 'cbUrl',
];

/** Required and optional fields of every request shape. */
export const SCHEMAS = Object.freeze({
  'user/registration': { required: ['login'], optional: ['email', 'name', 'surName', 'middleName'] },
  'user/status': { required: ['login'], optional: [] },
  'card/registration': { required: ['userToken'], optional: ['clientType', 'clientInfo', 'successUrl', 'failUrl'] },
  'get/cards': { required: ['userToken'], optional: [] },
  'card/deactivation': { required: ['userToken', 'cardToken'], optional: [] },
  'do/payment': { required: [...PAYMENT_REQUIRED, 'userToken'], optional: [...PAYMENT_OPTIONAL, 'cardToken', 'enableSMSConfirm', 'needRegCard'] },
  'do/payment/anonymous': { required: PAYMENT_REQUIRED, optional: PAYMENT_OPTIONAL },
  'check/payment/state': { required: ['regPayNum'], optional: [] },
  'provision-services/confirm': { required: ['regPayNum', 'orderId'], optional: ['amount'] },
  refund: { required: ['regPayNum', 'note', 'refundAmount', 'remainingAmount'], optional: [] },
  'refund-legacy': { required: ['regPayNum', 'orderId'], optional: [] },
});

/** Throws BadRequest (1901) unless `body` is a JSON object. */
export function requireObject(body) {
  if (!isPlainObject(body)) throw new GatewayError('BadRequest', 'Invalid request: the body must be a JSON object');
  return body;
}

/**
 * Validates a request body against one of SCHEMAS and returns the normalised fields
 * (amounts as numbers, booleans as booleans). Every problem is named with its field path, and all of them
 * are reported at once as BadRequest (1901). Unknown fields are ignored, as the gateway does.
 * An optional field that is null or an empty string counts as absent.
 * @param {keyof typeof SCHEMAS} shape
 * @param {unknown} body
 * @returns {Record<string, any>}
 */
export function validateRequest(shape, body) {
  const object = requireObject(body);
  const { required, optional } = SCHEMAS[shape];
  /** @type {Record<string, unknown>} */
  const out = {};
  const problems = [];
  for (const name of [...required, ...optional]) {
    const value = object[name];
    const isRequired = required.includes(name);
    if (value === undefined || value === null || (value === '' && !isRequired)) {
      if (isRequired) problems.push(`${name} is required`);
      continue;
    }
    try {
      out[name] = FIELDS[name](value, name);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new GatewayError('BadRequest', `Invalid request: ${problems.join('; ')}`);
  return out;
}
